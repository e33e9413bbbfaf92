"""The app in a real browser: Debian's Chromium driven by Playwright, against a real server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, AppProcess

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium is not installed (apt-get install chromium; .ci/run does it)")
SCREENSHOT = ROOT / "docs" / "screenshot.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # The flags keep Chromium from reaching for the network, which is closed here.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
            "--disable-background-networking", "--disable-component-update"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, app: AppProcess) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(app.url)
    page.get_by_placeholder("Ask a question").wait_for()
    yield page
    context.close()


def ask(page: Any, question: str, expect: str) -> Any:
    """Ask in the chat and wait until the newest answer contains ``expect``."""
    before = page.locator("#chat [data-testid='bot']").count()
    page.get_by_placeholder("Ask a question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    answer = page.locator("#chat [data-testid='bot']").nth(before)
    answer.wait_for()
    page.wait_for_function(
        "([n, text]) => { const m = document.querySelectorAll(\"#chat [data-testid='bot']\")[n];"
        " return m && m.innerText.includes(text); }", arg=[before, expect], timeout=30_000)
    return answer


def upload(page: Any, path: Path) -> None:
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.locator("#add").click()
    page.locator("#status").get_by_text(f"{path.stem} added").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Ask").click()


def test_ask_check_a_citation_upload_remove_and_follow_up(page: Any, tmp_path: Path) -> None:
    answer = ask(page, "Who warned about a resurgence?", "Melissa Dalton")
    answer.locator("strong", has_text="[1]").first.click()
    card = page.locator(".evidence .card.active")
    card.wait_for()
    assert card.get_attribute("id") == "cite-0-1"
    highlighted = card.locator("mark").inner_text()
    assert highlighted.strip() and highlighted in answer.inner_text()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    follow = ask(page, "Which think tank is she with?", "Center for Strategic and International Studies")
    assert "Center for Strategic" in follow.inner_text()

    article = tmp_path / "harbour-reopens.txt"
    article.write_text("Harbour reopens after storm\n\nThe harbour at Port Ellen reopened on Tuesday after a storm "
                       "closed it for six days, the harbour master said.\n\nRepairs to the north pier will cost "
                       "about 2 million pounds, according to the island council.\n")
    upload(page, article)
    page.get_by_role("tab", name="Library").click()
    page.wait_for_function(  # the table renders a moment after its tab opens
        "() => document.querySelector('#articles').innerText.includes('harbour-reopens')")
    page.get_by_role("tab", name="Ask").click()
    cited = ask(page, "How much will the repairs to the north pier cost?", "2 million pounds")
    cited.locator("strong", has_text="[1]").first.click()
    assert "Harbour reopens after storm" in page.locator(".evidence .card.active h4").inner_text()

    page.get_by_role("tab", name="Library").click()
    page.locator("#remove-id textarea, #remove-id input").first.fill("harbour-reopens")
    page.locator("#remove").click()
    page.locator("#status").get_by_text("Removed harbour-reopens").wait_for()
    page.wait_for_function("() => !document.querySelector('#articles').innerText.includes('harbour-reopens')")
    page.get_by_role("tab", name="Ask").click()
    after = ask(page, "How much will the repairs to the north pier cost?", "")
    page.wait_for_timeout(500)
    assert "2 million pounds" not in after.inner_text()
    assert page.dialogs == []


def test_hostile_article_is_shown_as_text_and_runs_nothing(page: Any, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text('<script>window.__xss = 1</script> Zorblax <img src=x onerror="window.__xss = 2">\n\n'
                    'The Zorblax festival took place in Quelmont on Saturday <img src=x onerror="window.__xss = 3">, '
                    "<b>organisers</b> said.\n")
    upload(page, evil)
    answer = ask(page, "Where did the Zorblax festival take place?", "Quelmont")
    assert "onerror" in answer.inner_text()  # shown literally
    answer.locator("strong", has_text="[1]").first.click()
    card = page.locator(".evidence .card.active")
    card.wait_for()
    assert "<script>window.__xss = 1</script>" in card.locator("h4").inner_text()
    assert "<b>organisers</b>" in card.inner_text()
    page.get_by_role("tab", name="Library").click()
    assert "<script>" in page.locator("#articles").inner_text()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#chat img[src='x'], .evidence img, #articles img").count() == 0
    assert page.dialogs == []


def test_phone_width_has_no_sideways_scroll(browser: Any, app: AppProcess) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(app.url)
    page.get_by_placeholder("Ask a question").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
