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
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from qa.errors import ArticleError
from qa.ingest import ocr
from qa.ingest.cleaning import clean_text
from qa.ingest.metadata import page_date, read_date
from qa.ingest.words import dictionary

# PDFium marks a hyphen it saw at a line's end with U+FFFE (older builds: U+0002); a soft hyphen is U+00AD.
LINE_HYPHENS = "\ufffe\x02\xad"
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_SPELLED = str.maketrans(LIGATURES)
# A soft hyphen inside a line is invisible; PDFium's line-end hyphen mark (U+FFFE) inside a line is kept
# for ``_mend`` to decide on.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\xad\uffff]")
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_FIRST_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[^\s\w]*[A-Z0-9])")  # the first sentence's end in a paragraph
_LETTER = re.compile(r"[^\W\d_]")
_SITE = re.compile(r"^https?://[^/\s]+/?$")  # a publisher's bare address at a page's edge
_MARKER = re.compile(r"(?<![\d$£€])(?<!\d,)\d{1,3}(?![\d,.]?\d)")  # a note's number ("2023.42"); not one of "2,410"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BULLET = re.compile(r"^(?:[•▪◦·*–-]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_GLYPH = re.compile(r"^[•▪◦●■►‣⁃]\s*")  # a list item's bullet: not part of what it says
_FILE_TITLE = re.compile(r"(?i)^(?:untitled|microsoft \w+ - .*|.*\.(?:pdf|docx?|tex|dvi|odt|rtf|indd))$")
FURNITURE_SHARE = 0.3  # a line at a page's top or bottom on this share of pages (even or odd ones) is furniture
EDGE_LINES = 2  # how many lines at a page's top and at its bottom may be a header or footer
HEAD_LINES = 15  # page 1's title and printed date are among its first lines
# A line that is only a date, perhaps labelled: "Updated April 21, 2026", "Decided January 20, 2026",
# "Thursday, August 6, 2020".
_DATE_LINE = re.compile(r"^(?:(?:updated|revised|decided|published|issued|dated|released|posted|argued)\b:?\s*)?"
                        r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
                        r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
                        r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|"
                        r"\d{4}-\d{2}-\d{2})\.?$", re.IGNORECASE)
LOOSE_TO_SIZE = 0.85  # a font box's height (ascent to descent) is about this many times the type's size
HEADING_SIZE = 1.15  # a line in type this much larger than the body's is a heading's
MARKER_SIZE = 0.8  # digits in type smaller than this share of their line's are a footnote's marker
NOTE_SIZE = 0.92  # footnotes are in type smaller than this share of the page's text above them
_LABEL = re.compile(r"^[A-Z]+(?: [A-Z]+)?$")  # a series label: one or two words in capitals
_PREAMBLE_LINE = re.compile(r"^(?:RIN\b|\[|\d+ CFR\b)|\]$")  # a Federal Register document's RIN, docket, CFR part
_CONTINUED = re.compile(r"^\(?(?:\.{3}|…)?\s*continued\s*(?:\.{3}|…)?\)?$", re.IGNORECASE)


@dataclass(frozen=True)
class PdfText:
    """What a PDF gives an article.

    Attributes:
        text: paragraphs separated by blank lines, already clean (``clean_text`` leaves it as it is).
        pages: where each page begins in ``text`` (page ``n`` at ``pages[n - 1]``).
        title: the title its metadata gives, else the first line of its first page.
        published: the date printed at the top of its first page, else its metadata's creation date.
        scanned: the pages (from 1) that had no text layer and were read by OCR (``qa.ingest.ocr``).
    """

    text: str
    pages: tuple[int, ...]
    title: str
    published: str | None
    scanned: tuple[int, ...] = ()


def read_pdf(path: Path | bytes, name: str) -> PdfText:
    """The text of the PDF at ``path`` (or of these bytes), page by page.

    Args:
        path: the file, or its bytes (a fetched PDF).
        name: how messages name it.

    A page without a text layer (a scan) is read by OCR when it is installed (``qa.ingest.ocr``).

    Raises:
        ArticleError: the file is encrypted, damaged, or has no text, in its text layer or its images.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ArticleError(name, "the PDF is encrypted; save an unprotected copy and ingest that") from None
        raise ArticleError(name, "the PDF is damaged or not a PDF; open it and save it again, or export it "
                                 "anew from its source") from None
    reading = ocr.available()
    scanned: list[int] = []
    heights: dict[int, list[Line]] = {}
    try:
        metadata = document.get_metadata_dict()
        raw_pages = []
        for n, page in enumerate(document, 1):
            textpage = page.get_textpage()
            lines = _page_lines(textpage)
            textpage.close()
            if not lines and reading:  # a scanned page: its image read by OCR
                try:
                    read = ocr.read_page(page)
                except ImportError as exc:  # installed, but a library it needs cannot load
                    raise ArticleError(name, f"OCR could not start ({exc}); run make setup again") from None
                lines = [Line(line.text, line.left, line.bottom) for line in read]
                scanned += [n] if lines else []
                # Its lines' heights stand in for type sizes where the title is sought, and only there:
                # a line's height also depends on its letters, too loosely to tell a paragraph's start.
                heights[n] = [Line(line.text, line.left, line.bottom, round(line.top - line.bottom)) for line in read]
            raw_pages.append(lines)
            page.close()
    except pdfium.PdfiumError:
        raise ArticleError(name, "the PDF is damaged; open it and save it again") from None
    finally:
        document.close()
    if not any(raw_pages):
        raise ArticleError(name, "the PDF has no text, and OCR read none in its images (a blank or unreadable "
                                 "scan?); scan it again more sharply" if reading else
                                 "the PDF has no text layer (a scan?), and OCR is not installed here: run "
                                 "make setup (or pip install rapidocr-onnxruntime) and ingest it again")
    kept = drop_furniture(raw_pages)
    body = _body_size(raw_pages)
    split = [_footnotes(page, body) for page in kept]
    text, pages = join_pages([lines for lines, _ in split], [notes for _, notes in split], _words(raw_pages))
    first = next(([line.text for line in page] for page in kept if page), [])
    sized = [heights.get(n, page) for n, page in enumerate(raw_pages, 1)]
    cover = next((page for page in sized if page), [])
    title = (metadata.get("Title") or "").strip()
    # The heading page 1 sets in the largest type; else the metadata's; else the first line of the first page
    # (not its first paragraph, which may have run a title, its authors and a date together).
    if not title or _FILE_TITLE.match(title):
        title = first[0] if first else ""
    title = _preamble_title(cover) or _heading(cover, _body_size(sized) if heights else body) or title
    created = _pdf_date(metadata.get("CreationDate") or "")
    printed = next((day for line in cover[:HEAD_LINES] if _DATE_LINE.match(line.text)
                    and (day := read_date(line.text))), None)
    published = printed or page_date(title, first[0] if first else "", ["", *first[:40]], created)
    return PdfText(text, pages, title, published, tuple(scanned))


def _preamble_title(lines: list[Line]) -> str | None:
    """The subject line of a Federal Register document: the lines just before "AGENCY:" on page 1, after its
    agency, CFR part, docket and RIN lines (the masthead's "Proposed Rules" is set larger)."""
    agency = next((i for i, line in enumerate(lines[:80]) if line.text.startswith("AGENCY:")), None)
    if agency is None:
        return None
    run: list[str] = []
    for line in reversed(lines[:agency]):
        if _PREAMBLE_LINE.match(line.text) or line.text.isupper() or len(run) == 4:
            break
        run.insert(0, line.text)
    return _run_together(run) if run else None


def _heading(lines: list[Line], body: float | None) -> str | None:
    """The title page 1 prints: its lines in the largest type among its first ``HEAD_LINES``, at least a
    fifth larger than the ``body`` type, run together; not a date, an address or a series label in capitals
    ("IN FOCUS", "CRS INSIGHT")."""
    candidates = [(i, line) for i, line in enumerate(lines[:HEAD_LINES]) if line.size
                  and len(_LETTER.findall(line.text)) >= 4 and not _DATE_LINE.match(line.text)
                  and "://" not in line.text and not _LABEL.match(line.text)]
    largest = max((line.size or 0 for _, line in candidates), default=0)
    if body is None or largest < 1.2 * body:
        return None
    picked = [i for i, line in candidates if abs((line.size or 0) - largest) < 0.5]
    run = [lines[i].text for i in range(picked[0], picked[-1] + 1)]
    return None if len(run) > 4 else _run_together(run)  # more lines: not a heading but a passage of large type


def _run_together(lines: list[str]) -> str:
    """Lines of one heading or one note as one line (a word broken at a line's end rejoined)."""
    text = lines[0]
    for line in lines[1:]:
        text, rest = _join_lines(text, line)
        text += rest
    return text


@dataclass(frozen=True)
class Line:
    """A line of a page: its text, and where it starts (left edge and bottom, in points; None when unknown).

    Attributes:
        size: the font size of its words (points; None when unknown).
        note: it begins a footnote (a raised, smaller number led it, taken off ``text``).
    """

    text: str
    left: float | None = None
    bottom: float | None = None
    size: float | None = None
    note: bool = False


def _page_lines(textpage: Any) -> list[Line]:
    """A page's text lines, ligatures spelled out and control characters gone (line-end hyphens kept as "-"),
    footnote markers (raised numbers in smaller type) taken out of the sentences they follow."""
    raw = textpage.get_text_range()
    placed = len(raw) == textpage.count_chars()  # then text index i is character i, whose box and size PDFium knows
    lines: list[Line] = []
    at = 0
    pieces: list[tuple[str, int]] = []
    for piece in raw.split("\n"):
        start, at = at, at + len(piece) + 1
        pieces += _baselines(textpage, piece, start) if placed else [(piece, start)]
    for piece, start in pieces:
        size, markers = _type(textpage, piece, start) if placed else (None, [])
        note = bool(markers) and markers[0][0] == len(piece) - len(piece.lstrip())  # "6 Covered work refers to"
        for a, b in reversed(markers):  # "imports.86 The first tier": the 86 is a note's number, not a word
            piece = piece[:a] + piece[b:]
        text = piece.rstrip("\r").translate(_SPELLED)
        hyphenated = bool(text) and text[-1] in LINE_HYPHENS
        text = " ".join(_CONTROL.sub("", text.rstrip(LINE_HYPHENS)).replace("\t", " ").split()) + \
            ("-" if hyphenated else "")
        if not text.strip("-"):
            continue  # empty, or only a marker PDFium set on a line of its own
        left = bottom = None
        if placed:
            first = start + len(piece) - len(piece.lstrip())
            box = textpage.get_charbox(first, loose=True)
            left, bottom = float(box[0]), float(box[1])
        lines.append(Line(text, left, bottom, size, note))
    return lines


def _baselines(textpage: Any, piece: str, start: int) -> list[tuple[str, int]]:
    """``piece`` (a line as PDFium gives it, from text index ``start``) cut where it drops to another line of
    the page: PDFium runs a column's last line and a footer below it together ("from SoekarnoVerDate
    Sep<11>2014 16:21 ...").  Only its ends are compared, then the cut is found by halving (a few calls
    a line, not one per character); a raised note number is well within a line's height."""
    import pypdfium2.raw as pdfium_c

    text = piece.rstrip()
    first = len(text) - len(text.lstrip())
    if len(text) - first < 2 or abs(math.sin(pdfium_c.FPDFText_GetCharAngle(textpage.raw, start + first))) > 0.1:
        return [(piece, start)]  # a character, or text set sideways (a margin stamp), is left whole
    _, bottom, _, top = textpage.get_charbox(start + first)
    height = max(top - bottom, 1.0)

    def apart(i: int) -> bool:
        return bool(abs(float(textpage.get_charbox(start + i)[1]) - bottom) > 1.5 * height)

    if not apart(len(text) - 1):
        return [(piece, start)]
    lo, hi = first, len(text) - 1  # apart(hi), not apart(lo)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if apart(mid) else (mid, hi)
    return [(piece[:hi], start), *_baselines(textpage, piece[hi:], start + hi)]


def _type(textpage: Any, piece: str, start: int) -> tuple[float | None, list[tuple[int, int]]]:
    """The font size of a line's words (the larger of two of its letters'), and where in ``piece`` its
    footnote markers are: runs of digits raised above the words and in type under ``MARKER_SIZE`` of theirs."""
    import pypdfium2.raw as pdfium_c

    def size_at(i: int) -> float:
        size = float(pdfium_c.FPDFText_GetFontSize(textpage.raw, start + i))
        if size > 1.01:
            return size
        # A font set at size 1 and scaled by the text matrix (the Federal Register's): PDFium says 1 for
        # every character, so the height of the character's font box stands in for its size.
        _, bottom, _, top = textpage.get_charbox(start + i, loose=True)
        return round(float(top - bottom) * LOOSE_TO_SIZE, 1)

    # Two letters, from its middle on and from its start; the larger (a raised "th" is not the line's type).
    letters = [m.start() for k in (len(piece) // 2, 0) if (m := _LETTER.search(piece, k))]
    if not letters:  # a number alone on its line: its own size (a marker set apart is dropped by its size)
        first = len(piece) - len(piece.lstrip())
        return (size_at(first) if first < len(piece.rstrip()) else None), []
    size = max(size_at(i) for i in letters)
    markers = []
    for m in _MARKER.finditer(piece):
        if size_at(m.start()) >= MARKER_SIZE * size:
            continue
        # Raised above the words beside it (a subscript, as in CO2, sits lower and stays).
        beside = next((i for i in (m.start() - 1, m.end()) if 0 <= i < len(piece) and piece[i].isalpha()), None)
        if beside is None or textpage.get_charbox(start + m.start())[1] > textpage.get_charbox(start + beside)[1]:
            markers.append((m.start(), m.end()))
    return size, markers


def _shape(line: str) -> str:
    """A line as headers and footers repeat it: numbers differ from page to page ("Page 3 of 9"), and a page
    number may stand at either end."""
    return re.sub(r"\d+", "#", line.casefold()).strip("# ")  # "47699 Federal Register / ..." on a left page


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """``pages`` without the running headers and footers: lines at a page's edge repeated on most pages.

    A page's edge is its first and last lines as PDFium reads them and its highest and lowest lines on
    the page (a footer read mid-column in a three-column layout is still at the bottom).  A lone page
    number counts as repeated ("3", "- 3 -", "Page 3"), and so does an edge line that holds a repeated
    one ("IF10491 https://crsreports.congress.gov | IF10491 · VERSION 14", where the other pages print
    only the address) and a bare web address; a document of one page keeps everything.
    """
    if len(pages) < 2:
        return pages
    edges = Counter(shape for page in pages for shape in {_shape(page[i].text) for i in _edge(page)})
    repeated = {shape for shape, n in edges.items() if n >= max(2, FURNITURE_SHARE * len(pages))}
    long = [shape for shape in repeated if len(shape) >= 15]

    def furniture(line: Line) -> bool:
        shape = _shape(line.text)
        return shape in repeated or any(r in shape for r in long) or bool(_SITE.match(line.text))

    return [[line for i, line in enumerate(page) if not (i in edge and furniture(line))]
            for page, edge in ((page, _edge(page)) for page in pages)]


def _edge(page: list[Line]) -> set[int]:
    """The indices of a page's edge lines: first and last in reading order, highest and lowest on the page."""
    order = set(range(min(EDGE_LINES, len(page)))) | set(range(max(0, len(page) - EDGE_LINES), len(page)))
    placed = sorted((line.bottom, i) for i, line in enumerate(page) if line.bottom is not None)
    return order | {i for _, i in placed[:EDGE_LINES] + placed[-EDGE_LINES:]}


def _words(pages: list[list[Line]]) -> frozenset[str]:
    """The document's words in lower case, a hyphenated one also as each pair of its parts ("chain-of")."""
    text = "\n".join(line.text.rstrip("-") for page in pages for line in page).lower()
    found = set(_WORD.findall(text))
    for word in [w for w in found if "-" in w]:
        found.update(f"{a}-{b}" for a, b in itertools.pairwise(word.split("-")))
    return frozenset(found)


def _body_size(pages: list[list[Line]]) -> float | None:
    """The type most of the document's characters are set in (None when PDFium gives no sizes)."""
    sizes: Counter[float] = Counter()
    for line in (line for page in pages for line in page if line.size):
        sizes[round(line.size or 0)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else None


def _footnotes(page: list[Line], body: float | None = None) -> tuple[list[Line], list[str]]:
    """A page's body lines, and its footnotes as paragraphs ("Note: ...") to set after its body.

    The footnotes begin at the first line a marker begins that is in smaller type than a line above
    it (by ``NOTE_SIZE``) and below which no line is in that larger type again; each marker begins a
    note.  A marker that PDFium set on a line of its own, and "(continued...)", are dropped.  Notes read
    before the text above them are found by the ``body`` type instead (``_notes_read_first``).
    """
    lines = [line for i, line in enumerate(page) if not _CONTINUED.match(line.text) and not (
        line.text.isdigit() and line.size and i and (page[i - 1].size or 0) * MARKER_SIZE > line.size)]
    first = None
    for i, line in enumerate(lines):
        if not line.note or not line.size:
            continue
        larger = line.size / NOTE_SIZE
        if any((above.size or 0) >= larger for above in lines[:i]) and \
                not any((below.size or 0) >= larger for below in lines[i:]):
            first = i
            break
    if first is None:
        return _notes_read_first(lines, body)
    notes: list[str] = []
    for line in lines[first:]:
        if line.note or not notes:
            notes.append(line.text)
        else:
            notes[-1] = _run_together([notes[-1], line.text])
    return lines[:first], [f"Note: {note}" for note in notes]


def _notes_read_first(lines: list[Line], body: float | None) -> tuple[list[Line], list[str]]:
    """A page's body lines and its footnotes when PDFium reads a column's notes before text in larger type
    (the Federal Register's, at a column's foot): each run of lines in type smaller than ``NOTE_SIZE`` of
    the document's ``body`` type that a marker begins."""
    kept: list[Line] = []
    notes: list[str] = []
    going = False
    for line in lines:
        small = body is not None and line.size is not None and line.size < NOTE_SIZE * body
        if small and line.note:
            notes.append(line.text)
        elif small and going:
            notes[-1] = _run_together([notes[-1], line.text])
        else:
            kept.append(line)
        going = small and (going or line.note)
    return kept, [f"Note: {note}" for note in notes]


def join_pages(pages: list[list[Line]], notes: list[list[str]] | None = None,
               words: frozenset[str] = frozenset()) -> tuple[str, tuple[int, ...]]:
    """The pages' lines as paragraphs, each page's footnotes (``notes``) after them, and the offset at
    which each page begins.

    A paragraph that runs on to the next page (its last line ends mid-sentence and the next
    page starts in lower case, or it ends in a hyphen) stays one paragraph; its page then begins
    mid-paragraph.  When the page before has footnotes, the sentence is finished first, then come
    the notes, and the page begins after them: a note is never spliced into a sentence.  ``words``
    are the document's own words, which tell a compound's hyphen from a word broken at a line's end.
    """
    every = [line for page in pages for line in page]
    width = median(len(line.text) for line in every) if every else 0
    steps = [a.bottom - b.bottom for page in pages for a, b in itertools.pairwise(page)
             if a.bottom is not None and b.bottom is not None and a.bottom > b.bottom]
    # The usual step between lines: a low quantile, as the gaps between short paragraphs can outnumber it.
    spacing = sorted(steps)[len(steps) // 5] if steps else None
    size = _body_size(pages)
    text = ""
    starts: list[int] = []
    pending = ""  # the footnotes of the page before, set once its last sentence has ended
    for i, lines in enumerate(pages):
        body = _mend(clean_text("\n\n".join(paragraphs(lines, width, spacing, words, size))), words)
        if text and body and (body[:1].islower() or text.endswith("-")) and not _SENTENCE_END.search(text):
            if pending:  # the sentence's end, the notes, then the page's own text
                head, _, tail = body.partition("\n\n")
                end = _FIRST_END.search(head)
                cut = end.end() if end else len(head)
                text, rest = _join_lines(text, head[:cut].rstrip(), words)
                text += rest + "\n\n" + pending
                body = "\n\n".join(part for part in (head[cut:].strip(), tail) if part)
            else:
                text, rest = _join_lines(text, body, words)  # the paragraph runs on from the page before
                starts.append(len(text) + len(rest) - len(body))
                text += rest
                pending = _mend(clean_text("\n\n".join(notes[i])), words) if notes else ""
                continue
        elif pending:
            text += ("\n\n" if text else "") + pending
        sep = "\n\n" if text and body else ""
        starts.append(len(text) + len(sep) if body else len(text))
        text += sep + body
        pending = _mend(clean_text("\n\n".join(notes[i])), words) if notes else ""
    if pending:
        text += ("\n\n" if text else "") + pending
    return text, tuple(starts)


def paragraphs(lines: list[Line], width: float, spacing: float | None = None,
               words: frozenset[str] = frozenset(), body: float | None = None) -> list[str]:
    """``lines`` rejoined into paragraphs.

    A paragraph begins after a wider gap than the usual line ``spacing``, at an indented
    first line, at a list item, and where the type changes size (a heading and the text under
    it); it ends after a line that ends a sentence well short of the usual width, and after a
    short line that does not (a heading), unless the heading goes on in the next line in its
    own large type (larger than the ``body`` type).  A list item keeps its paragraph but not its bullet.
    """
    found: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if current and _starts_paragraph(lines, i, spacing, body):
            found.append(current)
            current = ""
        if current:
            current, rest = _join_lines(current, line.text, words)
            current += rest
        else:
            current = line.text
        after = lines[i + 1] if i + 1 < len(lines) else None
        short = len(line.text) < 0.85 * width and not re.search(r"\w-$", line.text)  # "exten-", "a 12-" go on
        if short and not _same_line(line, after, spacing) and not _heading_goes_on(line, after, body) and (
                _SENTENCE_END.search(line.text) or len(line.text) < 0.6 * width):
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return [_GLYPH.sub("", paragraph) for paragraph in found]  # a list item without its bullet


def _heading_goes_on(line: Line, after: Line | None, body: float | None) -> bool:
    """Whether ``after`` continues the heading ``line`` starts: the same type, larger than the body's, and
    ``line`` ends no sentence ("Applying the Americans with Disabilities Act" / "to Ridesharing Companies")."""
    return (after is not None and body is not None and line.size is not None and after.size is not None
            and abs(line.size - after.size) < 0.5 and line.size > HEADING_SIZE * body
            and not _SENTENCE_END.search(line.text))


def _starts_paragraph(lines: list[Line], i: int, spacing: float | None, body: float | None = None) -> bool:
    """Whether ``lines[i]`` begins a paragraph although the line before did not end one by its length."""
    line, before = lines[i], lines[i - 1]
    if _BULLET.match(line.text):
        return True
    if _heading_goes_on(before, line, body):
        return False
    if line.size and before.size and abs(line.size - before.size) >= 1 and body and \
            max(line.size, before.size) > HEADING_SIZE * body:
        return True  # a heading and the text under it
    if spacing is None or line.bottom is None or before.bottom is None or line.left is None or before.left is None:
        return False
    step = before.bottom - line.bottom
    if _same_line(before, line, spacing):
        return False  # one line that PDFium broke where a raised footnote number stood
    if step <= 0:  # a new column: the paragraph goes on when its sentence does ("a specific portion of the" /
        return bool(_SENTENCE_END.search(before.text)) or not line.text[:1].islower()  # "proposal, explain")
    if step > 1.3 * spacing:  # a gap between paragraphs
        return True
    after = lines[i + 1] if i + 1 < len(lines) else None
    indented = line.left > before.left + 5 and (after is None or after.left is None or line.left > after.left + 5)
    return indented and bool(_SENTENCE_END.search(before.text))


def _same_line(line: Line, after: Line | None, spacing: float | None) -> bool:
    """Whether ``after`` is set on the same line of the page as ``line`` (its bottom within half a line)."""
    return (after is not None and spacing is not None and line.bottom is not None and after.bottom is not None
            and abs(line.bottom - after.bottom) < 0.5 * spacing)


def _join_lines(before: str, after: str, words: frozenset[str] = frozenset()) -> tuple[str, str]:
    """``before`` and what follows it when ``after`` continues its line: a word broken at the line's end
    rejoined ("exten-" "sive"), a compound's hyphen kept ("chain-" "of-custody"), else a space."""
    if before.endswith("–") and before[-2:-1].isalnum():
        return before, after  # "2018–" "23–51": a number's or a code's en dash, at a line's end
    if not before.endswith("-"):
        return before, " " + after
    broken = re.search(r"([^\W\d_]+)-$", before[-80:])
    if broken and after[:1].islower():
        right = re.match(r"[^\W\d_]+", after)
        if right and _compound(broken.group(1).lower(), right.group(0).lower(), words):
            return before, after
        return before[:-1], after
    if (before[-2:-1].isdigit() and after[:1].isalpha()) or (broken and after[:1].isupper()):
        return before, after  # "a 12-" "month base period", "Soekarno-" "Hatta"
    return before, " " + after


def _mend(text: str, words: frozenset[str]) -> str:
    """``text`` with each line-end hyphen PDFium left inside a line (U+FFFE) made a hyphen or undone."""
    if "\ufffe" not in text:
        return text

    def choose(m: re.Match[str]) -> str:
        return m.group(1) + ("-" if _compound(m.group(1).lower(), m.group(2).lower(), words) else "") + m.group(2)

    return re.sub(r"([^\W\d_]+)\ufffe([^\W\d_]+)", choose, text).replace("\ufffe", "")


def _compound(left: str, right: str, words: frozenset[str]) -> bool:
    """Whether "left-" at a line's end and "right" on the next line are a hyphenated compound: the
    document writes it so elsewhere; or it never writes them as one word, no dictionary knows that word,
    and both halves are words ("self-employment", "chain-of-custody"; not "exten-sion")."""
    if f"{left}-{right}" in words:
        return True
    joined = left + right
    if joined in words or joined in dictionary():
        return False
    return len(left) > 1 and left in dictionary() and right in dictionary()


def _pdf_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from a PDF date ("D:20240310120000+01'00'"); None when unreadable."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value.strip())
    return read_date(f"{match[1]}-{match[2]}-{match[3]}") if match else None
