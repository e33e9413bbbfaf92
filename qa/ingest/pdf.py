"""PDF files -> the text an Article holds, with where each page begins.

A PDF lays text out in lines on pages; an article is paragraphs.  This module
rejoins each paragraph's lines, undoes hyphenation at line ends, drops the
running headers and footers that repeat on every page (titles, page numbers),
and records the offset at which each page starts in the text it returns, so a
citation can say "p. 3" while its offsets still index the article text exactly.

The text comes from PDFium through pypdfium2 (Apache-2.0 / BSD-3-Clause),
chosen by measurement on eight real PDFs (benchmarks/pdf.py): as many words as
pypdf and pdfminer.six, at 10-20 times their speed.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from qa.errors import ArticleError
from qa.ingest.cleaning import clean_text
from qa.ingest.metadata import page_date, read_date

# PDFium marks a hyphen it saw at a line's end with U+FFFE (older builds: U+0002); a soft hyphen is U+00AD.
_LINE_HYPHENS = "\ufffe\x02\xad"
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\xad\ufffe\uffff]")  # a soft hyphen inside a line is invisible
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_BULLET = re.compile(r"^(?:[•▪◦·*–-]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_FILE_TITLE = re.compile(r"(?i)^(?:untitled|microsoft \w+ - .*|.*\.(?:pdf|docx?|tex|dvi|odt|rtf|indd))$")
FURNITURE_SHARE = 0.3  # a line at a page's top or bottom on this share of pages (even or odd ones) is furniture
EDGE_LINES = 2  # how many lines at a page's top and at its bottom may be a header or footer


@dataclass(frozen=True)
class PdfText:
    """What a PDF gives an article.

    Attributes:
        text: paragraphs separated by blank lines, already clean (``clean_text`` leaves it as it is).
        pages: where each page begins in ``text`` (page ``n`` at ``pages[n - 1]``).
        title: the title its metadata gives, else the first line of its first page.
        published: the date printed at the top of its first page, else its metadata's creation date.
    """

    text: str
    pages: tuple[int, ...]
    title: str
    published: str | None


def read_pdf(path: Path | bytes, name: str) -> PdfText:
    """The text of the PDF at ``path`` (or of these bytes), page by page.

    Args:
        path: the file, or its bytes (a fetched PDF).
        name: how messages name it.

    Raises:
        ArticleError: the file is encrypted, damaged, or has no text layer (a scan).
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ArticleError(name, "the PDF is encrypted; save an unprotected copy and ingest that") from None
        raise ArticleError(name, "the PDF is damaged or not a PDF; open it and save it again, or export it "
                                 "anew from its source") from None
    try:
        metadata = document.get_metadata_dict()
        raw_pages = []
        for page in document:
            textpage = page.get_textpage()
            raw_pages.append(_page_lines(textpage))
            textpage.close()
            page.close()
    except pdfium.PdfiumError:
        raise ArticleError(name, "the PDF is damaged; open it and save it again") from None
    finally:
        document.close()
    if not any(raw_pages):
        raise ArticleError(name, "the PDF has no text layer (a scan?); run OCR on it first (e.g. ocrmypdf) "
                                 "and ingest the result")
    kept = drop_furniture(raw_pages)
    text, pages = join_pages(kept)
    first = next(([line.text for line in page] for page in kept if page), [])
    title = (metadata.get("Title") or "").strip()
    # No usable title in the metadata: the first line of the first page (not its first paragraph, which
    # may have run a title, its authors and a date together).
    title = (first[0] if first else "") if not title or _FILE_TITLE.match(title) else title
    created = _pdf_date(metadata.get("CreationDate") or "")
    published = page_date(title, first[0] if first else "", ["", *first[:40]], created)
    return PdfText(text, pages, title, published)


@dataclass(frozen=True)
class Line:
    """A line of a page: its text, and where it starts (left edge and bottom, in points; None when unknown)."""

    text: str
    left: float | None = None
    bottom: float | None = None


def _page_lines(textpage: Any) -> list[Line]:
    """A page's text lines, ligatures spelled out and control characters gone (line-end hyphens kept as "-")."""
    raw = textpage.get_text_range()
    placed = len(raw) == textpage.count_chars()  # then text index i is character i, whose box PDFium knows
    lines: list[Line] = []
    at = 0
    for piece in raw.split("\n"):
        start, at = at, at + len(piece) + 1
        text = piece.rstrip("\r").translate(_LIGATURES)
        hyphenated = bool(text) and text[-1] in _LINE_HYPHENS
        text = " ".join(_CONTROL.sub("", text).replace("\t", " ").split()) + ("-" if hyphenated else "")
        if not text.strip("-"):
            continue
        left = bottom = None
        if placed:
            first = start + len(piece) - len(piece.lstrip())
            box = textpage.get_charbox(first, loose=True)
            left, bottom = float(box[0]), float(box[1])
        lines.append(Line(text, left, bottom))
    return lines


def _shape(line: str) -> str:
    """A line as headers and footers repeat it: numbers differ from page to page ("Page 3 of 9")."""
    return re.sub(r"\d+", "#", line.casefold())


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """``pages`` without the running headers and footers: lines at a page's edge repeated on most pages.

    A lone page number counts as repeated ("3", "- 3 -", "Page 3"); a document of one page keeps
    everything.
    """
    if len(pages) < 2:
        return pages
    edges = Counter(shape for page in pages for shape in {_shape(line.text) for line in _edge(page)})
    repeated = {shape for shape, n in edges.items() if n >= max(2, FURNITURE_SHARE * len(pages))}
    kept = []
    for page in pages:
        top, bottom = min(EDGE_LINES, len(page)), max(len(page) - EDGE_LINES, min(EDGE_LINES, len(page)))
        kept.append([line for i, line in enumerate(page)
                     if not ((i < top or i >= bottom) and _shape(line.text) in repeated)])
    return kept


def _edge(page: list[Line]) -> list[Line]:
    return page[:EDGE_LINES] + page[max(EDGE_LINES, len(page) - EDGE_LINES):]


def join_pages(pages: list[list[Line]]) -> tuple[str, tuple[int, ...]]:
    """The pages' lines as paragraphs, and the offset at which each page begins.

    A paragraph that runs on to the next page (its last line ends mid-sentence and the next
    page starts in lower case) stays one paragraph; its page then begins mid-paragraph.
    """
    every = [line for page in pages for line in page]
    width = median(len(line.text) for line in every) if every else 0
    steps = [a.bottom - b.bottom for page in pages for a, b in itertools.pairwise(page)
             if a.bottom is not None and b.bottom is not None and a.bottom > b.bottom]
    # The usual step between lines: a low quantile, as the gaps between short paragraphs can outnumber it.
    spacing = sorted(steps)[len(steps) // 5] if steps else None
    text = ""
    starts: list[int] = []
    for lines in pages:
        body = clean_text("\n\n".join(paragraphs(lines, width, spacing)))
        if text and body and body[:1].islower() and not _SENTENCE_END.search(text):
            text, rest = _join_lines(text, body)  # the paragraph runs on from the page before
            starts.append(len(text) + len(rest) - len(body))
            text += rest
        else:
            sep = "\n\n" if text and body else ""
            starts.append(len(text) + len(sep) if body else len(text))
            text += sep + body
    return text, tuple(starts)


def paragraphs(lines: list[Line], width: float, spacing: float | None = None) -> list[str]:
    """``lines`` rejoined into paragraphs.

    A paragraph begins after a wider gap than the usual line ``spacing``, at an indented
    first line, and at a list item; it ends after a line that ends a sentence well short
    of the usual width, and after a short line that does not (a heading).
    """
    found: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if current and _starts_paragraph(lines, i, spacing):
            found.append(current)
            current = ""
        if current:
            current, rest = _join_lines(current, line.text)
            current += rest
        else:
            current = line.text
        short = len(line.text) < 0.85 * width and not re.search(r"[^\W\d_]-$", line.text)  # "exten-" goes on
        if short and (_SENTENCE_END.search(line.text) or len(line.text) < 0.6 * width):
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return found


def _starts_paragraph(lines: list[Line], i: int, spacing: float | None) -> bool:
    """Whether ``lines[i]`` begins a paragraph although the line before did not end one by its length."""
    line, before = lines[i], lines[i - 1]
    if _BULLET.match(line.text):
        return True
    if spacing is None or line.bottom is None or before.bottom is None or line.left is None or before.left is None:
        return False
    step = before.bottom - line.bottom
    if step <= 0 or step > 1.3 * spacing:  # a new column, or a gap between paragraphs
        return True
    after = lines[i + 1] if i + 1 < len(lines) else None
    indented = line.left > before.left + 5 and (after is None or after.left is None or line.left > after.left + 5)
    return indented and bool(_SENTENCE_END.search(before.text))


def _join_lines(before: str, after: str) -> tuple[str, str]:
    """``before`` and what follows it when ``after`` continues its line: hyphenation undone, else a space."""
    if re.search(r"[^\W\d_]-$", before) and after[:1].islower():
        return before[:-1], after
    return before, " " + after


def _pdf_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from a PDF date ("D:20240310120000+01'00'"); None when unreadable."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value.strip())
    return read_date(f"{match[1]}-{match[2]}-{match[3]}") if match else None
