"""Word (.docx) files -> the text an Article holds.

A .docx is XML paragraphs and tables in a zip; python-docx (MIT) reads them in
document order.  Each paragraph becomes one paragraph of the article, each table
row one line (cells joined by " | "), so the text reads as the document does.
Only the title is taken from the document's properties: python-docx and many
templates stamp a creation date that is not the document's, so a date comes
only from what the text prints (``qa.ingest.articles``).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from qa.errors import ArticleError


@dataclass(frozen=True)
class DocxText:
    """What a .docx gives an article: its text (paragraphs apart by blank lines) and its title ("" when none)."""

    text: str
    title: str


def read_docx(path: Path | bytes, name: str) -> DocxText:
    """The paragraphs and tables of the Word document at ``path`` (or of these bytes), in order.

    Args:
        path: the file, or its bytes (a fetched document).
        name: how messages name it.

    Raises:
        ArticleError: the file is not a readable .docx (damaged, encrypted, or an old .doc renamed).
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ArticleError(name, "not a readable Word .docx file (damaged, password-protected, or an old .doc); "
                                 "open it in Word and save it as .docx") from exc
    blocks: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(element, document).text)
        elif tag == "tbl":
            rows = []
            for row in Table(element, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    words = " ".join(cell.text.split())
                    if words and (not cells or cells[-1] != words):  # a merged cell repeats itself
                        cells.append(words)
                if cells:
                    rows.append(" | ".join(cells))
            blocks.append("\n".join(rows))
    text = "\n\n".join(block.strip() for block in blocks if block.strip())
    return DocxText(text, (document.core_properties.title or "").strip())
