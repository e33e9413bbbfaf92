"""Reports as printed: real public-domain CRS PDFs (tests/data/pdf/README.md) read as a reader would quote them.

Footnote markers leave the sentences and footnotes become notes after their page's body; a compound's
hyphen stays at a line's end; legal abbreviations do not end sentences; the title and date are the ones
page 1 prints.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from qa import Library
from qa.answering.answer import Citation
from qa.errors import ArticleError, PageUnavailable
from qa.ingest.articles import read_file
from qa.ingest.chunking import split_sentences
from qa.ingest.highlight import find_quote, light, quoted_on_page
from qa.ingest.ocr import Box
from qa.ingest.pdf import Line, _join_lines, drop_furniture
from qa.present.data import answer_data
from tests.conftest import ROOT

PDFS = ROOT / "tests" / "data" / "pdf"
REPORT = PDFS / "R48447-pages-1-3-5.pdf"  # its cover, then three pages with footnotes 6-20


def _text(path: Path) -> str:
    [article], _ = read_file(path)
    return article.text


def test_footnote_markers_leave_the_sentences_and_footnotes_are_notes() -> None:
    text = _text(REPORT)
    assert "$1,051 (Massachusetts). As of February 2026" in text and "(Massachusetts).8" not in text
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert not [s for s in sentences if re.search(r"[^\W\d_][.,;:)”’]?\d{1,2}$", s)]  # none ends in a marker
    notes = [p for p in text.split("\n\n") if p.startswith("Note: ")]
    assert len(notes) >= 10
    assert "Note: The base period is the period during which wages earned or hours/weeks worked are examined to " \
           "determine a worker’s monetary entitlement to UC." in text
    # The page's notes come after its last sentence, each a paragraph of its own, none inside body text.
    assert text.index("state Employment Services (ES).\n\nNote: Covered work refers to") > 0
    assert not [p for p in text.split("\n\n") if "Note: " in p and not p.startswith("Note: ")]
    # A line PDFium broke at a raised number is one line; "Self-" at a line's end keeps its hyphen.
    assert "UC-covered work over a 12-month base period, prior to unemployment;" in text
    assert "Self-employed workers—potentially including independent contractors" in text


def test_a_short_answer_is_never_a_footnote_number(tmp_path: Path) -> None:
    library = Library(tmp_path / "index", store="")
    library.add_path(REPORT).check()
    answer = library.ask("What was the maximum weekly benefit amount in Massachusetts in July 2025?")
    assert not answer.refused and answer.short is not None and "1,051" in answer.short.text
    assert all(not re.fullmatch(r"\d{1,2}", c.text.strip()) for c in answer.citations)


def test_a_hyphen_at_a_line_end_stays_in_a_compound_and_goes_in_a_broken_word() -> None:
    assert _join_lines("a chain-", "of-custody form") == ("a chain-", "of-custody form")
    assert _join_lines("an exten-", "sive review") == ("an exten", "sive review")
    assert _join_lines("the first 12-", "month period") == ("the first 12-", "month period")
    # The document's own usage decides first: it writes "reemployment" as one word elsewhere.
    assert _join_lines("re-", "employment services", frozenset({"reemployment"})) == ("re", "employment services")


def test_title_and_date_are_the_printed_ones_and_a_statute_cite_does_not_end_a_sentence() -> None:
    [brief], _ = read_file(PDFS / "IF13200.pdf")
    assert brief.title == "Treasury’s Exchange Stabilization Fund" and brief.published == "2026-04-09"
    [cover], _ = read_file(PDFS / "R44243-pages-1-2.pdf")  # a title over two lines, an "Updated" date
    assert cover.title == "Electing the Speaker of the House of Representatives: Frequently Asked Questions"
    assert cover.published == "2026-04-21"
    [report], _ = read_file(REPORT)  # a cover page: the title over two lines, then "Updated April 14, 2026"
    assert report.title == "Unemployment Insurance: Legislative Issues in the 119th Congress"
    assert report.published == "2026-04-14"
    # A heading over two lines is one paragraph, apart from the text under it.
    assert "\n\nElecting the Speaker of the House of Representatives: Frequently Asked Questions\n\nCurrent practice" \
        in cover.text
    assert "\n\nBackground\n\nThe ESF was established by Section 10(a)" in brief.text
    sentences = [brief.text[s:e] for s, e in split_sentences(brief.text)]
    cite = next(s for s in sentences if "31 U.S.C." in s)
    assert cite.endswith("to stabilize the exchange value of the dollar at a time when the international monetary "
                         "system was being destabilized by competitive currency devaluations.")
    assert not [s for s in sentences if re.search(r"\b(?:U\.S\.C|P\.L|C\.F\.R)\.$", s)]


def test_a_footer_that_varies_and_one_read_mid_page_are_dropped() -> None:
    def page(n: int, footer: str) -> list[Line]:
        words = ("harbour", "council", "ferry", "storm", "budget", "school", "bridge", "clinic", "market")
        body = [Line(f"The {words[(n * 3 + i) % 9]} line {'x' * i} of page {'y' * n}.", 72, 700 - 40 * i)
                for i in range(6)]
        return [*body[:3], Line(footer, 244, 25), *body[3:]]  # read mid-page, set at its bottom

    pages = [page(1, "https://crsreports.congress.gov"), page(2, "https://crsreports.congress.gov"),
             page(3, "IF13200 https://crsreports.congress.gov | IF13200 · VERSION 1 · NEW")]
    kept = drop_furniture(pages)
    assert [[line.text for line in p] for p in kept] == [[line.text for line in p if line.bottom != 25] for p in pages]
    assert "crsreports" not in _text(PDFS / "IF13200.pdf")


def test_the_quoted_page_lights_exactly_the_quote_and_the_short_answer_more(tmp_path: Path) -> None:
    library = Library(tmp_path / "index", store="")
    library.add_path(REPORT).check()
    answer = library.ask("What was the maximum weekly benefit amount in Massachusetts in July 2025?")
    [cited] = [c for c in answer.citations if "(Massachusetts)." in c.text]
    assert answer.short is not None and cited.page == 2
    png = library.page_image(cited, answer.short)
    assert png.read_bytes().startswith(b"\x89PNG") and library.page_image(cited, answer.short) == png  # cached

    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(REPORT))[1]
    textpage = page.get_textpage()
    short = (answer.short.start - cited.start, answer.short.end - cited.start)
    lit = light(textpage, 2, cited.text, short)
    assert lit is not None and not lit.continues
    printed = textpage.get_text_range()
    # The characters lit spell the quote (spaces aside); the note's "8" after it, on the same line, is not lit.
    assert "".join(printed[i] for i in lit.chars) == cited.text.replace(" ", "")
    assert "".join(printed[i] for i in lit.strong) == answer.short.text.replace(" ", "")

    def inside(i: int, boxes: tuple[Box, ...]) -> bool:
        left, bottom, right, top = textpage.get_charbox(i)
        x, y = (left + right) / 2, (bottom + top) / 2
        return any(a <= x <= c and b <= y <= d for a, b, c, d in boxes)

    others = [i for i in range(textpage.count_chars()) if i not in set(lit.chars) and not printed[i].isspace()]
    assert all(inside(i, lit.boxes) for i in lit.chars) and not [i for i in others if inside(i, lit.boxes)]
    assert all(inside(i, lit.strong_boxes) for i in lit.strong)
    assert not [i for i in lit.chars if i not in set(lit.strong) and inside(i, lit.strong_boxes)]
    assert any(printed[i:i + 2] == "8 " or printed[i] == "8" for i in others)  # the marker is there, unlit

    # A footnote quoted as "Note: ..." is found without its label; a text file's quote has no page to draw.
    note = Citation(1, cited.article_id, "", 0, 0, "Note: Covered work refers to any job that is subject to "
                    "unemployment payroll taxes", 1.0)
    lit_note = light(textpage, 2, note.text)
    assert lit_note is not None and "".join(printed[i] for i in lit_note.chars).startswith("Coveredwork")
    (tmp_path / "plain.txt").write_text("Harbour news\n\nThe harbour reopened on Tuesday after the storm.\n")
    library.add_path(tmp_path / "plain.txt").check()
    plain = library.ask("When did the harbour reopen?").citations[0]
    with pytest.raises(PageUnavailable, match="only the pages of a PDF file"):
        library.page_image(plain)


def test_a_quoted_page_whose_file_is_gone_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "report.pdf"
    shutil.copyfile(REPORT, copy)
    library = Library(tmp_path / "index", store="")
    library.add_path(copy).check()
    cited = library.ask("What was the maximum weekly benefit amount in Massachusetts in July 2025?").citations[0]
    copy.unlink()
    with pytest.raises(PageUnavailable, match="no longer there; put it back or ingest it again"):
        library.page_image(cited)
    # The app's page route draws the reason instead, naming the file but not where it lay on the server.
    from qa.web import api
    from qa.web.access import Access

    said: list[str] = []

    def notice(message: str) -> bytes:
        said.append(message)
        return b"png"

    monkeypatch.setattr(api, "notice_png", notice)
    route = api.JsonApi(None, library, Access())  # type: ignore[arg-type]
    assert route._page(f"article={cited.article_id}&start={cited.start}&end={cited.end}") == (404, b"png")
    assert said[0].startswith("report.pdf: the PDF is no longer there") and str(tmp_path) not in said[0]
    assert route._page("article=nowhere&start=0&end=5")[0] == 404 and route._page("start=1")[0] == 400
    assert find_quote("The harbour reopened.", "harbour opened") is None


def test_qa_ask_markdown_links_each_quoted_page_drawn(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from qa.cli import cli

    Library(tmp_path / "index", store="").add_path(REPORT).check()
    result = CliRunner().invoke(cli, ["ask", "What was the maximum weekly benefit amount in Massachusetts in July "
                                      "2025?", "--index", str(tmp_path / "index"), "--store", "", "--format",
                                      "markdown", "--pages", str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output
    assert f"![p. 2, the quote lit]({tmp_path / 'pages' / 'page-1.png'})" in result.output
    assert (tmp_path / "pages" / "page-1.png").read_bytes().startswith(b"\x89PNG")
    plain = CliRunner().invoke(cli, ["ask", "Anything?", "--index", str(tmp_path / "index"), "--pages",
                                     str(tmp_path / "x")])
    assert plain.exit_code == 2 and "add --format markdown" in plain.output and not (tmp_path / "x").exists()


def _scan(page: Any, path: Path, dpi: int = 200) -> Path:
    """An image-only PDF of ``page`` (a PDFium page): what a scanner gives, no text layer."""
    from fpdf import FPDF

    width, height = page.get_size()
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    scan = FPDF(unit="pt", format=(width, height))
    scan.add_page()
    scan.image(image, x=0, y=0, w=width, h=height)
    scan.output(str(path))
    return path


def test_a_scanned_page_is_read_by_ocr_answered_and_cited_as_ocr(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    scan = _scan(pdfium.PdfDocument(str(PDFS / "IF13200.pdf"))[0], tmp_path / "scanned-brief.pdf")
    assert pdfium.PdfDocument(str(scan))[0].get_textpage().count_chars() == 0
    library = Library(tmp_path / "index", store="")
    library.add_path(scan).check()
    article = library.article("scanned-brief")
    assert article.scanned == (1,) and article.published == "2026-04-09"
    assert article.title.replace("’", "'") == "Treasury's Exchange Stabilization Fund"
    # Read in the columns' order, its spaces where the print has them.
    assert article.text.index("created by Congress in 1934") < article.text.index("Such notifications were")
    answer = library.ask("How long could ESF loans last without a notice to Congress?")
    assert answer.short is not None and answer.short.text == "six months"
    [cited] = [c for c in answer.citations if c.n == answer.short.n]
    assert cited.ocr and cited.page_label == "p. 1, read by OCR"
    assert answer_data(answer)["citations"][0]["ocr"] is True
    assert library.page_image(cited, answer.short).read_bytes().startswith(b"\x89PNG")
    # Lit where the recogniser placed each character: "six months" is a short run of its line, not the line.
    short = (answer.short.start - cited.start, answer.short.end - cited.start)
    lit = quoted_on_page(scan, article, cited.start, cited.end, short)
    [(left, _, right, _)] = lit.strong_boxes
    assert 35 < right - left < 70  # about 50 points of a 10-point type, in a column 260 points wide

    blank = _scan(pdfium.PdfDocument(str(PDFS / "IF13200.pdf"))[1], tmp_path / "blank.pdf", dpi=10)
    with pytest.raises(ArticleError, match="OCR read none in its images"):
        read_file(blank)


def test_a_three_column_federal_register_notice_reads_in_order_without_its_furniture() -> None:
    [notice], _ = read_file(PDFS / "FR-2020-17221-pages-1-3.pdf")
    text = notice.text
    # The subject line (not the masthead's "Proposed Rules", set larger), and the date the masthead prints.
    assert notice.title == "Airworthiness Directives; The Boeing Company Airplanes"
    assert notice.published == "2020-08-06"
    # Column 1, then 2, then 3; a sentence that runs from one column into the next stays one.
    order = ["SUMMARY: The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51",
             "Federal eRulemaking Portal: Go to https://www.regulations.gov.",
             "The most helpful comments reference a specific portion of the proposal, explain the reason",
             "Confidential Business Information (CBI)"]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    # The footer that differs on every page (its "Frm 0000n"), the running header, the stamp set sideways in
    # the margin: none is left, and the sentence the footer broke runs on over the page.
    assert not re.search(r"VerDate|Jkt 250001|Federal Register /|jbell|PROPOSALS", text)
    assert "after takeoff from Soekarno-Hatta International Airport in Jakarta, Indonesia," in text
    # Notes read before the column above them are notes; list items have no bullet; "M–" "30" is one code.
    assert "\n\nNote: Preliminary KNKT.18.10.35.04 Aircraft Accident Investigation Report, dated November 2018" \
        in text
    assert "•" not in text and "\n\nFax: 202–493–2251.\n\n" in text and "Docket Operations, M–30," in text
    # Every hyphen PDFium marks at a line's end here is a compound's, and stays (no word is broken in two).
    assert "FAA-approved" in text and "non-normal" in text and "FAAapproved" not in text


def test_a_quote_that_runs_on_to_the_next_page_is_lit_where_it_starts() -> None:
    page = "SBA approved a total of 78,078 loans, with an average amount of\nabout\n50 Reinvestment Fund, 2024-2025"
    quote = "SBA approved a total of 78,078 loans, with an average amount of about $477,600."
    assert find_quote(page, quote) is None  # the page goes on with a note: not the quote, unless it runs on
    found = find_quote(page, quote, runs_on=True)
    assert found is not None and found[1]
    lit = "".join(page[i] for i in found[0] if i is not None)
    assert lit == "SBAapprovedatotalof78,078loans,withanaverageamountofabout"


def test_a_pdf_with_a_text_layer_loads_no_ocr() -> None:
    """OCR takes half a second to import: only a scanned page pays it."""
    import subprocess
    import sys

    code = ("import sys\nfrom pathlib import Path\nfrom qa.ingest.articles import read_file\n"
            f"read_file(Path({str(PDFS / 'IF13200.pdf')!r}))\n"
            "print([m for m in ('cv2', 'onnxruntime', 'rapidocr_onnxruntime') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
