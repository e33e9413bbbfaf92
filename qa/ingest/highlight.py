"""A PDF citation's page drawn with the quoted characters lit, so a reader checks a quote where it was printed.

An article's text is its PDF's text rejoined (``qa.ingest.pdf``): lines joined, hyphens at line ends
undone, footnote markers taken out of sentences.  So the quote's characters are found again among the
page's own characters, in order, passing over only what the article left out (spaces, a line-end
hyphen, a raised note number, a bullet), and each one's box comes from PDFium: the light covers the
quoted characters and nothing else (on a page read by OCR, each character where the recogniser placed
it).  The short answer's characters are lit more strongly.  Drawing
costs an answer nothing: it happens when a reader asks for the page (``Library.page_image``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.documents import Article
from qa.errors import PageUnavailable
from qa.ingest import ocr
from qa.ingest.ocr import Box
from qa.ingest.pdf import LIGATURES, LINE_HYPHENS

SCALE = 2.0  # pixels per PDF point: 144 dpi, small type stays legible
_HYPHENS = LINE_HYPHENS + "-‐‑"  # PDFium's line-end marks, a soft hyphen, hyphens: all read as "-"
MAX_SKIPPED = 4  # page characters in a row the article may have left out (a note's number, a bullet and space)
LIGHT = (255, 213, 0, 110)  # the quote: a highlighter's yellow over the print
STRONG = (255, 120, 0, 150)  # the short answer's words


@dataclass(frozen=True)
class LitPage:
    """A page with a quote found on it.

    Attributes:
        page: the page, from 1.
        chars: PDFium's index of each page character the quote is made of, in the quote's order.
        strong: PDFium's index of each of the short answer's characters (some of ``chars``).
        boxes: the rectangles lit (PDF points): one per run of quoted characters on a line.
        strong_boxes: the short answer's rectangles.
        continues: the quote runs on to the next page (what is lit is its part on this page).
    """

    page: int
    chars: tuple[int, ...]
    strong: tuple[int, ...]
    boxes: tuple[Box, ...]
    strong_boxes: tuple[Box, ...]
    continues: bool = False


def find_quote(page_text: str, quote: str, near: float = 0.0,
               runs_on: bool = False) -> tuple[list[int | None], bool] | None:
    """Where each character of ``quote`` is in ``page_text`` (PDFium's text of a page, character i at i).

    Spaces in either are passed over; so are up to ``MAX_SKIPPED`` page characters in a row that are not
    letters (what the article left out), and a quote's character the page does not print, when it is not
    a letter or digit (the "-" the article keeps for PDFium's line-end mark it read as a compound's).
    Of several places the quote is found, the one nearest ``near`` (its expected share of the way down
    the page's text) is taken.  When the quote ``runs_on`` to the next page, its part on this page is
    enough, however the page goes on after it (its footnotes, a figure's caption).

    Returns:
        for each quote character its page index (None for a space or a character passed over), and
        whether the page ended before the quote did (it runs on to the next page); None when not found.
    """
    units = [(ch, i) for i, raw in enumerate(page_text) if not raw.isspace()
             for ch in _read(raw)]
    wanted = [(ch, k) for k, raw in enumerate(quote) if not raw.isspace() for ch in _read(raw)]
    if not wanted or not units:
        return None
    probe = "".join(ch for ch, _ in wanted[:6])
    flat = "".join(ch for ch, _ in units)
    starts = [j for j in range(len(flat)) if flat.startswith(probe, j)]
    found = []
    for start in starts:
        walked = _walk(units, wanted, start, runs_on)
        if walked:
            found.append((abs(start / len(flat) - near), walked))
    if not found:
        return None
    taken, ran_out = min(found, key=lambda f: f[0])[1]
    where: list[int | None] = [None] * len(quote)
    for k, i in taken:
        where[k] = i
    return where, ran_out


def _read(ch: str) -> str:
    """A character as compared: a ligature spelled out, any hyphen (or PDFium's line-end mark) a "-"."""
    if ch in _HYPHENS:
        return "-"
    return LIGATURES.get(ch, "" if ch < " " or ch == "\uffff" else ch)


def _walk(units: list[tuple[str, int]], wanted: list[tuple[str, int]], j: int,
          runs_on: bool = False) -> tuple[list[tuple[int, int]], bool] | None:
    """The quote matched from page unit ``j`` on: (quote index, page index) pairs and whether it stopped
    before the quote's end (the page ran out, or the quote ``runs_on`` and the page went on otherwise)."""
    taken: list[tuple[int, int]] = []
    k = 0
    skipped = 0
    while k < len(wanted):
        ch, at = wanted[k]
        if j >= len(units):
            return (taken, True) if len(taken) >= 20 else None  # the rest is on the next page
        if units[j][0] == ch:
            taken.append((at, units[j][1]))
            j, k, skipped = j + 1, k + 1, 0
        elif not units[j][0].isalpha() and skipped < MAX_SKIPPED:
            j, skipped = j + 1, skipped + 1  # "imports.86 The": the 86 was left out of the article
        elif not ch.isalnum():
            k += 1  # a hyphen the article keeps where the page ends a line with PDFium's mark alone
        elif runs_on and len(taken) >= 20:
            return taken, True  # the rest is on the next page; this page goes on with its notes
        else:
            return None
    return taken, False


def light(textpage: Any, page: int, quote: str, short: tuple[int, int] | None = None,
          near: float = 0.0, runs_on: bool = False) -> LitPage | None:
    """``quote`` found on a PDFium text page, with the boxes to light; None when it is not there.

    Args:
        short: the short answer's characters within ``quote`` (start, end), to light more strongly.
        near: where on the page the quote is expected, as a share of its text (see ``find_quote``).
        runs_on: the quote may run on to the next page (see ``quoted_on_page``).
    """
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():  # no character-for-character text: nothing can be placed
        return None
    found = find_quote(text, quote, near, runs_on) or \
        (find_quote(text, quote[6:], near, runs_on) if quote.startswith("Note: ") else None)
    if found is None:
        return None
    where, continues = found
    offset = len(quote) - len(where)  # a footnote's "Note: " is the article's, not the page's
    chars = [i for i in where if i is not None]
    strong = [i for k, i in enumerate(where) if i is not None and short and short[0] <= k + offset < short[1]]
    return LitPage(page, tuple(chars), tuple(strong), _runs(textpage, text, chars), _runs(textpage, text, strong),
                   continues)


def _runs(textpage: Any, text: str, chars: list[int]) -> tuple[Box, ...]:
    """One rectangle per run of ``chars`` on one line (only spaces between them), so a character the
    quote passed over (a note's number) is never inside a rectangle."""
    boxes: list[Box] = []
    previous = None
    for i in sorted(chars):
        left, bottom, right, top = (float(v) for v in textpage.get_charbox(i))
        joined = previous is not None and all(text[m].isspace() and text[m] not in "\r\n"
                                              for m in range(previous + 1, i))
        if joined and boxes and abs(boxes[-1][1] - bottom) < 0.5 * (top - bottom) and left >= boxes[-1][0]:
            a = boxes[-1]
            boxes[-1] = (a[0], min(a[1], bottom), max(a[2], right), max(a[3], top))
        else:
            boxes.append((left, bottom, right, top))
        previous = i
    return tuple(boxes)


def draw(pdf: Path, lit: LitPage, scale: float = SCALE) -> bytes:
    """The page as a PNG, the quote's rectangles lit and the short answer's more strongly."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    document = _open(pdf)
    try:
        page = document[lit.page - 1]
        image = page.render(scale=scale).to_pil().convert("RGBA")
        left, _, _, top = page.get_cropbox()
        page.close()
    except pdfium.PdfiumError:
        raise PageUnavailable(f"{pdf}: page {lit.page} could not be drawn; open the PDF and save it again") from None
    finally:
        document.close()
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    for boxes, colour in ((lit.boxes, LIGHT), (lit.strong_boxes, STRONG)):
        for a, b, c, d in boxes:
            pen.rectangle(((a - left) * scale - 1, (top - d) * scale - 1, (c - left) * scale + 1,
                           (top - b) * scale + 1), fill=colour)
    out = io.BytesIO()
    Image.alpha_composite(image, layer).convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def find_on_page(pdf: Path, page: int, quote: str, short: tuple[int, int] | None = None,
                 near: float = 0.0, scanned: bool = False, runs_on: bool = False) -> LitPage:
    """``quote`` found on page ``page`` of the PDF at ``pdf``; on a ``scanned`` page, among the lines OCR
    reads there again (as at ingest), each character where the recogniser placed it (``ocr.OcrText``).

    Raises:
        PageUnavailable: the file cannot be read, has no such page, or does not print the quote there.
    """
    document = _open(pdf)
    try:
        if not 1 <= page <= len(document):
            raise PageUnavailable(f"{pdf}: has no page {page} (the file changed since it was ingested); "
                                  "ingest it again")
        pdf_page = document[page - 1]
        if scanned:
            lit = light(ocr.OcrText(ocr.read_page(pdf_page)), page, quote, short, near, runs_on)
        else:
            textpage = pdf_page.get_textpage()
            lit = light(textpage, page, quote, short, near, runs_on)
            textpage.close()
    finally:
        document.close()
    if lit is None:
        raise PageUnavailable(f"{pdf}: the quote is not on page {page} as printed (the file changed since it was "
                              "ingested?); ingest it again")
    return lit


def quoted_on_page(pdf: Path, article: Article, start: int, end: int,
                   short: tuple[int, int] | None = None) -> LitPage:
    """``article.text[start:end]`` found on the page of ``pdf`` it starts on (``article`` read from ``pdf``).

    Where the article says the quote stands on its page tells which of several places is meant; the quote
    may run on to the next page past that page's start in the article, or where only the page's notes follow
    it (a sentence is finished before the notes of the page it began on).

    Raises:
        PageUnavailable: as ``find_on_page``; or the article has no pages.
    """
    page = article.page_at(start)
    if page is None:
        raise PageUnavailable(f"{article.id}: has no pages to show")
    begins = article.pages[page - 1]
    ends = article.pages[page] if page < len(article.pages) else len(article.text)
    after = article.text[end:ends].split("\n\n")
    runs_on = end > ends or all(not part.strip() or part.startswith("Note: ") for part in after)
    return find_on_page(pdf, page, article.text[start:end], short, (start - begins) / max(1, ends - begins),
                        scanned=page in article.scanned, runs_on=runs_on)


def _open(pdf: Path) -> Any:
    import pypdfium2 as pdfium

    if not pdf.is_file():
        raise PageUnavailable(f"{pdf}: the PDF is no longer there; put it back or ingest it again from where it is")
    try:
        return pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError:
        raise PageUnavailable(f"{pdf}: the PDF cannot be opened any more; ingest it again") from None


def notice_png(message: str) -> bytes:
    """A small PNG that says ``message``: shown where a page was asked for and cannot be drawn."""
    import textwrap

    from PIL import Image, ImageDraw

    lines = textwrap.wrap(message, 70)
    image = Image.new("RGB", (440, 16 * len(lines) + 20), (250, 247, 240))
    ImageDraw.Draw(image).multiline_text((10, 10), "\n".join(lines), fill=(90, 60, 0), spacing=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
