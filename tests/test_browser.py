"""The app in a real browser: Debian's Chromium driven by Playwright, against a real server.

Every wait is on a condition in the page (an answer is complete when its export
button is enabled), never a fixed delay.  Screenshots go to the test's
temporary folder; ``make screenshot`` sets README_SCREENSHOT to refresh the
README's picture.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, AppProcess

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MISSING = not Path(CHROMIUM).exists()
# Skipped on a machine without Chromium, but never in CI: there a missing browser fails every test.
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(MISSING and not os.environ.get("CI"),
                                 reason="Chromium is not installed (apt-get install chromium; make test does it)")]


@pytest.fixture(autouse=True)
def _chromium_in_ci() -> None:
    if MISSING:
        pytest.fail("Chromium is not installed and CI must run the browser tests: apt-get install chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BOTS = "#chat [data-testid='bot']"
# Characters an emoji font would be needed for (dingbats, pictographs, symbols, variation selectors).
EMOJI = re.compile("[\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")

# True when the element's centre is inside the window and nothing (a scroll box's edge, another element) covers it.
IN_VIEW = """(el) => {
  const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  return x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight && el.contains(document.elementFromPoint(x, y));
}"""


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


def open_page(browser: Any, url: str, viewport: dict[str, int]) -> Any:
    page = browser.new_context(viewport=viewport).new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.get_by_placeholder("Ask a question").wait_for()
    return page


@pytest.fixture
def page(browser: Any, app: AppProcess) -> Iterator[Any]:
    page = open_page(browser, app.url, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser: Any, app: AppProcess) -> Iterator[Any]:
    page = open_page(browser, app.url, PHONE)
    yield page
    page.context.close()


def ask(page: Any, question: str, expect: str = "", *, exported: bool = True) -> Any:
    """Ask in the chat; returns the new answer once it contains ``expect`` and, with ``exported``, is complete.

    The export button is disabled while an answer is written and enabled once its export file is ready.
    """
    before = page.locator(BOTS).count()
    page.get_by_placeholder("Ask a question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    page.wait_for_function(
        "([n, text, exported]) => { const m = document.querySelectorAll(\"#chat [data-testid='bot']\")[n];"
        " return m && m.innerText.includes(text) && (!exported || !document.querySelector('#export').disabled); }",
        arg=[before, expect, exported], timeout=30_000)
    return page.locator(BOTS).nth(before)


def in_view(locator: Any) -> bool:
    return bool(locator.evaluate(IN_VIEW))


def library_tab(page: Any, expect: str) -> Any:
    """Open the Library tab and wait until its table shows ``expect``."""
    page.get_by_role("tab", name="Library").click()
    table = page.locator("#articles")
    table.get_by_text(expect).first.wait_for()
    return table


def upload(page: Any, path: Path) -> None:
    page.get_by_role("tab", name="Library").click()
    picker = page.locator("#upload")
    picker.locator("input[type=file]").set_input_files(str(path))
    picker.get_by_text(path.name.split(".")[0]).first.wait_for()  # the picker lists the chosen file
    page.locator("#add").click()
    page.locator("#status li.ok").get_by_text(f"{path.stem} added").wait_for(timeout=60_000)
    picker.get_by_text("Drop File Here").wait_for()  # emptied once its files were added
    page.get_by_role("tab", name="Ask").click()


def test_ask_check_a_citation_upload_remove_and_follow_up(page: Any, tmp_path: Path) -> None:
    answer = ask(page, "Who warned about a resurgence?", "Melissa Dalton")
    # The short answer leads, set apart, with the reader's confidence beside it.
    short = answer.locator(".qa-short")
    assert "Institute for the Study of War" in short.inner_text() or "Dalton" in short.inner_text()
    assert short.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)") > \
        answer.locator("p").last.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    assert re.fullmatch(r"confidence \d+%", answer.locator(".qa-confidence").inner_text())
    answer.locator("strong", has_text="[1]").first.click()
    card = page.locator(".evidence .card.active")
    card.wait_for()
    assert card.get_attribute("id") == "cite-0-1"
    highlighted = card.locator("mark").inner_text()
    assert highlighted.strip() and highlighted in answer.inner_text()
    # Inside the cited sentence, the evidence marks the short answer's own words.
    assert card.locator("mark .qa-span").inner_text() == short.inner_text()
    card.evaluate("(c) => Promise.all(c.getAnimations().map((a) => a.finished))")  # the highlight has settled
    page.screenshot(path=os.environ.get("README_SCREENSHOT") or str(tmp_path / "screenshot.png"))

    follow = ask(page, "Where does she work?", "Center for Strategic and International Studies")
    assert "Center for Strategic" in follow.inner_text()
    assert "Asked as: Where does Melissa Dalton work?" in follow.inner_text()  # the follow-up, as it was read

    article = tmp_path / "harbour-reopens.txt"
    article.write_text("Harbour reopens after storm\n\nThe harbour at Port Ellen reopened on Tuesday after a storm "
                       "closed it for six days, the harbour master said.\n\nRepairs to the north pier will cost "
                       "about 2 million pounds, according to the island council.\n")
    upload(page, article)
    row = library_tab(page, "Harbour reopens after storm").locator("tr[data-id='harbour-reopens']")
    # No outlet is known for a plain text file: the table says so rather than showing the file name.
    assert row.locator("td.outlet").inner_text() == "—"
    assert "harbour-reopens.txt" not in row.inner_text()
    page.get_by_role("tab", name="Ask").click()
    cited = ask(page, "How much will the repairs to the north pier cost?", "2 million pounds")
    cited.locator("strong", has_text="[1]").first.click()
    assert "Harbour reopens after storm" in page.locator(".evidence .card.active h4").inner_text()

    library_tab(page, "Harbour reopens after storm").locator("tr[data-id='harbour-reopens']").click()
    chosen = page.locator("#remove-id textarea, #remove-id input").first
    page.wait_for_function("() => [...document.querySelectorAll('#remove-id textarea, #remove-id input')]"
                           ".some((e) => e.value === 'harbour-reopens')")
    page.locator("#remove").click()
    page.locator("#status li.ok").get_by_text("Removed harbour-reopens").wait_for()
    page.wait_for_function("() => !document.querySelector('#articles').innerText.includes('Harbour reopens')")
    assert chosen.input_value() == ""
    page.get_by_role("tab", name="Ask").click()
    after = ask(page, "How much will the repairs to the north pier cost?")
    assert "2 million pounds" not in after.inner_text()
    shown = page.locator("#chat, #evidence, #status, #articles").all_inner_texts()
    assert not [EMOJI.findall(text) for text in shown if EMOJI.search(text)]
    assert page.dialogs == []


def test_a_tracked_question_shows_how_its_answer_moved(page: Any, tmp_path: Path) -> None:
    page.get_by_role("tab", name="Tracked").click()
    listing = page.locator("#tracked")
    listing.get_by_text("No tracked questions yet").wait_for()
    page.get_by_label("Track a question").fill("How much will the new breakwater at Port Ellen cost?")
    page.locator("#track").click()
    page.locator("#track-status li.ok").get_by_text("Tracking").wait_for(timeout=60_000)
    card = listing.locator(".qa-tracked")
    assert "not answered yet" in card.locator(".now").inner_text()  # the seed articles don't say

    article = tmp_path / "breakwater.txt"
    article.write_text("Breakwater approved\n\nThe new breakwater at Port Ellen will cost 3.5 million pounds, "
                       "the island council said on Thursday.\n")
    upload(page, article)  # the upload asks the tracked question again over the new article
    page.get_by_role("tab", name="Tracked").click()
    change = card.locator(".history li")
    change.wait_for()
    assert "answered at last: was refused, now 3.5 million pounds" in change.inner_text()
    assert "Breakwater approved" in change.locator("cite").inner_text()
    assert "3.5 million pounds" in card.locator(".now b").inner_text()

    page.locator("#untrack-id input").click()
    page.get_by_role("option", name="How much will the new breakwater at Port Ellen cost?").click()
    page.locator("#untrack").click()
    page.locator("#track-status li.ok").get_by_text("Stopped tracking").wait_for()
    listing.get_by_text("No tracked questions yet").wait_for()
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
    library_tab(page, "<script>window.__xss = 1</script>")
    # No element was made from the article's markup, so no handler can ever run: nothing to wait for.
    assert page.locator("img[src='x'], #chat script, .evidence script, #articles script").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_one_font_in_headings_and_buttons(page: Any) -> None:
    """Gradio's semibold face lacks most letters; the app must not draw a word in two fonts."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    for selector in ("h2", "button.primary"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
        assert len(fonts) == 1, (selector, fonts)


def test_phone_keeps_the_start_of_a_new_answer_in_view(phone: Any) -> None:
    answer = ask(phone, "Who warned about a resurgence?", "Melissa Dalton")
    log = phone.locator("#chat [role='log']")
    assert answer.bounding_box()["height"] > log.bounding_box()["height"]  # its end cannot be in view with its start
    assert in_view(answer.locator("strong", has_text="[1]").first)
    assert not in_view(answer.locator("strong").last)

    follow = ask(phone, "Where does she work?", "Center for Strategic")
    assert in_view(follow.locator("strong", has_text="[1]").first)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_phone_marker_scrolls_to_its_card_and_highlights_it(phone: Any) -> None:
    answer = ask(phone, "Who warned about a resurgence?", "Melissa Dalton")
    card = phone.locator("#cite-0-2")
    plain = card.evaluate("(c) => getComputedStyle(c).backgroundColor")
    assert not in_view(card.locator("h4"))  # below the chat on a phone
    answer.locator("strong", has_text="[2]").first.click()
    phone.wait_for_function(IN_VIEW, arg=card.locator("h4").element_handle())
    assert phone.locator(".evidence .card.active").evaluate_all("(cards) => cards.map((c) => c.id)") == ["cite-0-2"]
    style = card.evaluate("(c) => { const s = getComputedStyle(c); return [s.boxShadow, s.backgroundColor]; }")
    assert style[0] != "none" and style[1] != plain
    assert card.locator("mark").inner_text().strip() in answer.inner_text()


def test_phone_library_fits_without_sideways_scroll(phone: Any) -> None:
    table = library_tab(phone, "Fears Rise of an ISIS Comeback")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert table.evaluate("(t) => t.scrollWidth <= t.clientWidth")
    assert not phone.locator("#articles td.chunks").first.is_visible()  # the least useful column is left out


def test_the_export_downloads_and_is_deleted_when_the_app_stops(browser: Any, seed_index_copy: Any,
                                                                   tmp_path: Path) -> None:
    cache = tmp_path / "gradio"
    server = AppProcess("--index", str(seed_index_copy()), env={"GRADIO_TEMP_DIR": str(cache)})
    try:
        server.wait_for("Serving on")
        page = open_page(browser, server.url, DESKTOP)
        ask(page, "Who warned about a resurgence?", "Melissa Dalton")
        with page.expect_download() as download:
            page.locator("#export").click()
        assert download.value.suggested_filename == "answer.md"
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert "Who warned about a resurgence?" in text and "Melissa Dalton" in text
        assert [p.name for p in cache.rglob("*.md")] == ["answer.md"]  # served from the cache, not copied
        page.context.close()
    finally:
        printed = server.stop()  # SIGTERM, as a service manager stops it
    assert "Traceback" not in printed
    assert [p for p in cache.rglob("*") if p.is_file()] == []


def test_a_failed_export_is_one_line_in_the_app(browser: Any, seed_index_copy: Any, tmp_path: Path) -> None:
    cache = tmp_path / "gradio"
    server = AppProcess("--index", str(seed_index_copy()), env={"GRADIO_TEMP_DIR": str(cache)})
    try:
        server.wait_for("Serving on")
        shutil.rmtree(cache, ignore_errors=True)  # while the app runs, its cache folder can't be made
        cache.write_text("", encoding="utf-8")
        page = open_page(browser, server.url, DESKTOP)
        ask(page, "Who warned about a resurgence?", "Melissa Dalton", exported=False)
        note = page.locator("#export-note")
        note.get_by_text("Could not write the export file").wait_for()
        assert len(note.inner_text().strip().splitlines()) == 1
        assert page.locator("#export").is_disabled()
        assert page.locator(".toast-body").count() == 0
        assert page.dialogs == []
        page.context.close()
    finally:
        printed = server.stop()
    assert "Traceback" not in printed


def test_an_empty_or_overlong_question_is_a_note_not_a_bubble(page: Any) -> None:
    bubbles = "#chat [data-testid='user'], #chat [data-testid='bot']"
    note = page.locator("#question-note")
    page.get_by_role("button", name="Ask", exact=True).click()
    note.get_by_text("Type a question first, for example: Who warned about a resurgence?").wait_for()
    assert page.locator(bubbles).count() == 0 and "qa ask" not in note.inner_text()

    pasted = "How many fighters did the Islamic State have? " * 220  # 10,120 characters
    box = page.get_by_placeholder("Ask a question")
    box.fill(pasted)
    assert len(box.input_value()) == len(pasted)  # the box does not cut it without a word
    page.get_by_role("button", name="Ask", exact=True).click()
    note.get_by_text("10,119 characters long").wait_for()
    assert "up to 1,000" in note.inner_text() and page.locator(bubbles).count() == 0
    assert box.input_value() == pasted  # left in the box to be shortened

    ask(page, "How many fighters did the Islamic State have?", "30,000")
    assert note.inner_text().strip() == ""  # the note goes once a question is asked


# An article with what breaks layouts: an unbroken reference string and a long URL.
NOTICE = {"id": "haining_environmental_protection_bureau_notice_to_jinko_solar_plant_2011_09_19",
          "title": "Bureau orders Jinko Solar plant to halt (HNEPB-2011-0915-JINKOSOLAR-WASTEWATER-DISCHARGE)",
          "source": "Haining Daily",
          "published": "2011-09-19",
          "url": "https://news.example/china/2011/09/19/haining-environmental-protection-bureau-orders-jinko-solar-"
                 "plant-to-halt-production-after-hongxiao-village-protest?utm_source=feed&utm_medium=rss",
          "text": "Haining's environmental protection bureau sent its notice to the Jinko Solar plant under the "
                  "reference HNEPB-2011-0915-JINKOSOLAR-WASTEWATER-DISCHARGE-"
                  "FAILURE-NOTICE-000123456789ABCDEF on Monday.\n\n"
                  "The notice orders the plant to stop production until its waste water passes the bureau's tests."}


@pytest.fixture(scope="module")
def events_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    """The app over two real articles (tests/data/events) and the notice above: no sample article."""
    from qa import Library
    from tests.conftest import write_jsonl

    folder = tmp_path_factory.mktemp("events-app")
    library = Library(folder / "index")
    library.add_path(Path(__file__).resolve().parent / "data" / "events" / "articles.jsonl")
    library.add_path(write_jsonl(folder / "notice.jsonl", [NOTICE]))
    server = AppProcess("--index", str(folder / "index"))
    server.wait_for("Serving on")
    yield server
    server.stop()


# Text that reaches past the right edge of the evidence panel or of a chat bubble, and links that wrap.
OVERFLOW = """() => {
  const over = (box) => {
    const edge = box.getBoundingClientRect().right + 1, found = [], range = document.createRange();
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {  // text, not only boxes: an unbroken string runs out of a box that stays inside
      if (getComputedStyle(walk.currentNode.parentElement).textOverflow === 'ellipsis') continue;  // cut, not out
      range.selectNodeContents(walk.currentNode);
      if ([...range.getClientRects()].some((r) => r.right > edge)) found.push(range.toString().slice(0, 40));
    }
    return found;
  };
  const panel = document.querySelector('#evidence .evidence');
  const bubbles = [...document.querySelectorAll("#chat [data-testid='bot'], #chat [data-testid='user']")];
  const wrapped = [...panel.querySelectorAll('a')].filter((a) => a.getClientRects().length > 1).map((a) => a.href);
  return {evidence: over(panel), chat: bubbles.flatMap(over), wrapped, page: document.documentElement.scrollWidth};
}"""
# Whether the question box's placeholder fits the box (in the box's own font).
PLACEHOLDER_FITS = """(el) => {
  const s = getComputedStyle(el), ctx = document.createElement('canvas').getContext('2d');
  ctx.font = s.font;
  const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  return ctx.measureText(el.placeholder).width <= room;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_examples_fit_the_index_and_long_strings_stay_inside_the_evidence(browser: Any, events_app: AppProcess,
                                                                         viewport: dict[str, int]) -> None:
    page = open_page(browser, events_app.url, viewport)
    try:
        page.get_by_text("What is “Zhejiang” about?").first.wait_for()  # an example made from a title
        assert "Who warned about a resurgence?" not in page.locator("body").inner_text()
        answer = ask(page, "What does notice HNEPB-2011-0915-JINKOSOLAR-WASTEWATER-DISCHARGE-FAILURE-NOTICE-"
                           "000123456789ABCDEF order the plant to do?", "stop production")
        answer.locator("strong", has_text="[1]").first.click()
        page.locator(".evidence .card.active").wait_for()
        assert "HNEPB-2011-0915" in page.locator(".evidence .card.active").inner_text()
        layout = page.evaluate(OVERFLOW)
        layout["placeholder fits"] = page.locator("#question textarea, #question input").first.evaluate(
            PLACEHOLDER_FITS)
        assert layout == {"evidence": [], "chat": [], "wrapped": [], "page": layout["page"],
                          "placeholder fits": True}, layout
        assert layout["page"] <= viewport["width"], layout
    finally:
        page.context.close()


def test_a_reader_sees_no_editing_controls_and_an_editor_does(browser: Any, seed_index_copy: Any) -> None:
    from playwright.sync_api import expect

    server = AppProcess("--index", str(seed_index_copy()), "--auth", "edna:ed-secret",
                        "--reader-auth", "rudy:rd-secret")
    server.wait_for("Serving on")
    try:
        for (user, password), editor in ((("rudy", "rd-secret"), False), (("edna", "ed-secret"), True)):
            page = browser.new_context(viewport=DESKTOP).new_page()
            page.goto(server.url)
            page.get_by_label("username").fill(user)
            page.get_by_label("password").fill(password)
            page.get_by_role("button", name="Login").click()
            page.get_by_placeholder("Ask a question").wait_for()
            page.get_by_role("tab", name="Library").click()
            page.locator("#articles").wait_for()
            page.wait_for_timeout(1000)  # the page's load event sets what this login may see
            for tab, controls in (("Library", ("#upload", "#add", "#address", "#fetch", "#remove-id", "#remove")),
                                  ("Tracked", ("#track-question", "#track", "#untrack-id", "#untrack"))):
                page.get_by_role("tab", name=tab).click()
                for control in controls:
                    (expect(page.locator(control)).to_be_visible if editor else
                     expect(page.locator(control)).to_be_hidden)()
            page.context.close()
    finally:
        server.stop()


def test_a_pdf_quote_is_shown_lit_on_its_page(page: Any, app: AppProcess) -> None:
    report = ROOT / "tests" / "data" / "pdf" / "R48447-pages-1-3-5.pdf"
    upload(page, report)
    # Kept beside the index, so its pages can be drawn after Gradio sweeps its upload cache.
    index = Path(app.args[app.args.index("--index") + 1])
    [kept] = (index / "uploads").rglob("*.pdf")
    assert kept.name == report.name and kept.read_bytes() == report.read_bytes()
    ask(page, "What was the maximum weekly benefit amount in Massachusetts in July 2025?", "1,051")
    card = page.locator(".evidence .turn.shown .card").filter(has_text="(Massachusetts)").first
    shown = card.locator("details.qa-page")
    assert shown.locator("summary").inner_text() == "See it on p. 2 as printed"
    shown.locator("summary").click()
    image = shown.locator("img")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                           timeout=30_000)
    assert image.evaluate("(img) => img.naturalWidth") == 1224  # the page (612 points) drawn at 2 pixels a point
    # Served behind the app's login, drawn from the uploaded file, and cached: the same bytes again.
    src = image.get_attribute("src")
    first, again = (page.request.get(page.url.rstrip("/") + "/" + src) for _ in range(2))
    assert first.headers["content-type"] == "image/png" and first.body() == again.body()
    library_tab(page, "R48447-pages-1-3-5").locator("tr[data-id='R48447-pages-1-3-5']").click()
    page.wait_for_function("() => [...document.querySelectorAll('#remove-id textarea, #remove-id input')]"
                           ".some((e) => e.value === 'R48447-pages-1-3-5')")
    page.locator("#remove").click()
    page.locator("#status li.ok").get_by_text("Removed R48447-pages-1-3-5").wait_for()
    assert not kept.exists()  # its kept copy goes with it
    page.get_by_role("tab", name="Ask").click()
