"""Pages without a text layer (scans) read by OCR, offline.

RapidOCR (Apache-2.0) runs PaddleOCR's PP-OCRv4 detection and recognition models on ONNX Runtime; the
models ship inside the ``rapidocr-onnxruntime`` wheel, so ``make setup`` installs everything and nothing
is downloaded at run time.  Chosen by measurement (docs/pdf.md): Tesseract would need a system package
(root) or English models no registry ships; the others fetch their models on first use.  A page is
drawn at ``DPI`` and read line by line; the lines are put in reading order column by column.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from qa.ingest.words import dictionary

COLUMN_SHARE = 0.6  # a gutter: this share of a page's lines keep to one side of it or the other
DPI = 150  # the scale OCR reads a page at: fewer characters misread than at 200 or 300, and faster (docs/pdf.md)
_GLUED = re.compile(r"((?<=[a-z0-9]{2})[.;:!?](?=[A-Z“\"(])|(?:(?<=[^\W\d_])|(?<=\)))[,)](?=[^\W\d_])"
                    r"|(?<=[a-z]{3})(?=\d))")  # "1934.The", "(IMF),and", "since1914"
_RUN = re.compile(r"[^\W\d_]{6,}")  # letters run together: perhaps words the recogniser did not space


Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points, from the page's lower left


@dataclass(frozen=True)
class OcrLine:
    """A line OCR read, and its box on the page in PDF points (from the page's lower left).

    Attributes:
        chars: the box of each character of ``text`` as the recogniser placed it; None for a space put back
            (``respace``); empty when the recogniser gave none.
    """

    text: str
    left: float
    bottom: float
    right: float
    top: float
    chars: tuple[Box | None, ...] = ()


def available() -> bool:
    """Whether OCR is installed (``make setup`` installs it), without importing it: that takes half a second,
    which a PDF with a text layer should not pay."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def read_page(page: Any, dpi: int = DPI) -> list[OcrLine]:
    """The lines of a PDFium page as OCR reads them from its image drawn at ``dpi``, in reading order."""
    scale = dpi / 72
    found, _ = _engine()(page.render(scale=scale, grayscale=True).to_numpy(), return_word_box=True)
    height = page.get_height()

    def points(box: Any) -> Box:
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        return min(xs) / scale, height - max(ys) / scale, max(xs) / scale, height - min(ys) / scale

    lines = []
    for box, text, _score, *placed in found or []:
        if text.strip():
            final = respace(" ".join(text.split()))
            chars = placed[0] if placed and len(placed[0]) == len(text) else None
            lines.append(OcrLine(final, *points(box),
                                 _aligned(text, [points(c) for c in chars], final) if chars else ()))
    return reading_order(lines)


def _aligned(raw: str, boxes: list[Box], final: str) -> tuple[Box | None, ...]:
    """The boxes of ``raw``'s characters for those of ``final`` (``raw`` with spaces collapsed or put back)."""
    out: list[Box | None] = []
    j = 0
    for ch in final:
        while j < len(raw) and raw[j] != ch and raw[j].isspace():
            j += 1  # a run of spaces the line collapsed
        if j < len(raw) and raw[j] == ch:
            out.append(boxes[j])
            j += 1
        else:
            out.append(None)  # a space put back
    return tuple(out)


def respace(text: str) -> str:
    """An OCR line with the spaces its recogniser drops put back: after a sentence's or a clause's
    punctuation ("1934.The", "objectives,including", "(ESF)is"), and between words run together
    ("TreasuryDepartmentcreated"), split by wordninja's English word frequencies (MIT) and kept only when
    every part of under five letters is a dictionary word, so a name the dictionary lacks stays whole."""
    import wordninja

    text = _GLUED.sub(lambda m: m.group(0) + " ", text)

    def split(m: re.Match[str]) -> str:
        run = m.group(0)
        if run.lower() in dictionary():
            return run
        parts = wordninja.split(run)
        last = parts[-1] if len(parts[-1]) == 1 and parts[-1].isupper() else None  # "andstabilizingU.S."
        words = parts[:-1] if last else parts
        known = len(parts) > 1 and all(len(p) >= 5 or (p.lower() in dictionary() and (len(p) > 1 or p in "aAI"))
                                       for p in words)
        return " ".join(parts) if known else run

    return _RUN.sub(split, text)


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """``lines`` top to bottom, a column at a time.

    A gutter is a vertical gap in the middle part of the lines' span that most lines keep to one side of
    (``COLUMN_SHARE``, at least two on each); the lines that cross it (a title, a caption across the
    columns) cut the page into bands, and each band is read left of the gutter, then right of it, each
    side split the same way in turn (two and three columns).
    """
    if len(lines) < 4:
        return sorted(lines, key=lambda line: -line.top)
    left, right = min(line.left for line in lines), max(line.right for line in lines)
    width = right - left
    middle = [x for x in {line.right + 1 for line in lines} if left + 0.2 * width < x < right - 0.2 * width]
    # The clearest gap first: the fewest lines across it, then the nearest the middle.
    for x in sorted(middle, key=lambda x: (sum(line.left < x < line.right for line in lines),
                                           abs(x - (left + width / 2)))):
        across = sorted((line for line in lines if line.left < x < line.right), key=lambda line: -line.top)
        before = sum(line.right <= x for line in lines)
        if len(lines) - len(across) < COLUMN_SHARE * len(lines) or min(before, len(lines) - len(across) - before) < 2:
            continue
        bands: list[list[OcrLine]] = [[] for _ in range(len(across) + 1)]
        for line in lines:  # a band: the lines below as many crossing lines' middles (every line in one)
            if line not in across:
                bands[sum(_middle(w) > _middle(line) for w in across)].append(line)
        ordered: list[OcrLine] = []
        for band, inside in enumerate(bands):
            ordered += ([across[band - 1]] if band else []) + \
                reading_order([line for line in inside if line.right <= x]) + \
                reading_order([line for line in inside if line.right > x])
        return ordered
    return sorted(lines, key=lambda line: -line.top)


def _middle(line: OcrLine) -> float:
    return (line.top + line.bottom) / 2


class OcrText:
    """An OCRed page as ``qa.ingest.highlight`` reads a PDFium text page: its text (the lines, one per row) and
    a box for each character, where the recogniser placed it (a space put back, or a line it placed no
    characters in: an equal share of the line's box)."""

    def __init__(self, lines: list[OcrLine]) -> None:
        self.text = "\n".join(line.text for line in lines)
        self._boxes: list[Box] = []
        for line in lines:
            step = (line.right - line.left) / max(1, len(line.text))
            for k in range(len(line.text)):
                placed = line.chars[k] if k < len(line.chars) else None
                self._boxes.append(placed or (line.left + k * step, line.bottom, line.left + (k + 1) * step,
                                              line.top))
            self._boxes.append((line.right, line.bottom, line.right, line.top))  # its "\n"

    def get_text_range(self) -> str:
        return self.text

    def count_chars(self) -> int:
        return len(self.text)

    def get_charbox(self, i: int) -> Box:
        return self._boxes[i]
