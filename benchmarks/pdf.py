"""PDF ingestion figures: pages per second, and the share of a PDF's words that reach the article text.

For each PDF: ``read_file`` end to end (text layer, paragraphs rejoined, hyphenation
undone, running headers and footers dropped, metadata) against PDFium's plain
extraction of every page (``pypdfium2``'s ``get_text_range``), which is what the
share of words is measured against.  Words are compared as multisets of lower-case
``\\w+`` tokens: a word counts as kept as often as both texts have it.  What is lost
is mostly the headers and footers dropped on purpose (page numbers, running titles).

The PDFs are eight manuals from Debian 12 (bookworm) documentation packages, all
under licences that allow copying them (none is committed here):

    file                       package (version)                          licence of the document
    asymptote.pdf              asymptote-doc (2.85+ds-1)                  GPL-3+
    CAD.pdf                    asymptote-doc (2.85+ds-1)                  GPL-3+
    asy-latex.pdf              asymptote-doc (2.85+ds-1)                  GPL-3+
    gnuplot.pdf                gnuplot-doc (5.4.4+dfsg1-2)                gnuplot licence (copy and distribute)
    gcrypt.pdf (from .pdf.gz)  libgcrypt20-doc (1.10.1-3+deb12u1)         GPL-2+ (manual)
    mpfr.pdf (from .pdf.gz)    libmpfr-doc (4.2.0-1)                      GFDL-1.2+
    libtasn1.pdf               libtasn1-doc (4.19.0-2+deb12u1)            GFDL-1.3+
    shared-mime-info-spec.pdf  shared-mime-info (2.2-1)                   GPL-2+

Get them with ``apt-get download asymptote-doc gnuplot-doc libgcrypt20-doc libmpfr-doc
libtasn1-doc shared-mime-info`` into a folder, then ``--debs FOLDER`` extracts them
(``dpkg-deb``); or give ``--folder`` with PDFs of your own.

The library was chosen on these PDFs (2 shared CPU cores, December 2026; pages/s of the
plain extraction, words found): pypdfium2 529-1139 pages/s, pypdf 50-113, pdfminer.six
42-65 (the small ones only), each finding the same words within 0.2 %; pypdfium2 is
Apache-2.0/BSD-3-Clause, pypdf BSD-3-Clause, pdfminer.six MIT.

``--compare`` measures that again (pages/s and words of the plain extraction of each
library; pypdf and pdfminer.six are not dependencies: ``pip install pypdf pdfminer.six``
first; pdfminer.six is run on the PDFs under 60 pages only, as it is slow).

Usage: .venv/bin/python benchmarks/pdf.py (--debs FOLDER | --folder FOLDER) [--compare]
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from report import save

from qa.ingest.articles import read_file

WANTED = ("asymptote.pdf", "CAD.pdf", "asy-latex.pdf", "gnuplot.pdf", "gcrypt.pdf", "mpfr.pdf", "libtasn1.pdf",
          "shared-mime-info-spec.pdf")


def extract_debs(debs: Path, into: Path) -> Path:
    """The wanted PDFs out of the Debian packages in ``debs``, into ``into``."""
    unpacked = into / "unpacked"
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    pdfs = into / "pdfs"
    pdfs.mkdir(parents=True, exist_ok=True)
    for path in unpacked.rglob("*"):
        name = path.name.removesuffix(".gz")
        if name in WANTED and path.is_file() and not path.is_symlink():
            data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            (pdfs / name).write_bytes(data)
    return pdfs


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def measure(path: Path) -> dict[str, float | int | str]:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    document = pdfium.PdfDocument(str(path))
    plain = [page.get_textpage().get_text_range() for page in document]
    plain_s = time.perf_counter() - started
    document.close()
    started = time.perf_counter()
    [article], _ = read_file(path)
    ours_s = time.perf_counter() - started
    given, kept = words(" ".join(plain)), words(article.text)
    shared = sum(min(n, kept[w]) for w, n in given.items())
    return {"pdf": path.name, "pages": len(plain), "pages_per_s": round(len(plain) / ours_s, 1),
            "plain_pages_per_s": round(len(plain) / plain_s, 1), "words": sum(given.values()),
            "word_share": round(shared / max(1, sum(given.values())), 4), "title": article.title,
            "published": article.published or ""}


def compare(path: Path) -> dict[str, float | int | str]:
    """Pages per second and words of each library's plain extraction of ``path``."""
    import pypdf
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text

    row: dict[str, float | int | str] = {"pdf": path.name}

    def pdfium_text() -> list[str]:
        document = pdfium.PdfDocument(str(path))
        return [page.get_textpage().get_text_range() for page in document]

    runs = {"pypdfium2": pdfium_text, "pypdf": lambda: [p.extract_text() for p in pypdf.PdfReader(path).pages]}
    pages = len(pdfium_text())
    if pages < 60:
        runs["pdfminer.six"] = lambda: [extract_text(str(path))]
    for name, run in runs.items():
        started = time.perf_counter()
        text = " ".join(run())
        row[f"{name} pages/s"] = round(pages / (time.perf_counter() - started), 1)
        row[f"{name} words"] = sum(words(text).values())
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--debs", type=Path, help="a folder of the Debian packages named above")
    source.add_argument("--folder", type=Path, help="a folder of PDFs")
    parser.add_argument("--compare", action="store_true", help="also time pypdf and pdfminer.six (see above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = extract_debs(args.debs, Path(temp)) if args.debs else args.folder
        pdfs = sorted(folder.glob("*.pdf"))
        if not pdfs:
            sys.exit(f"No PDFs in {folder}; see this script's docstring for where to get them.")
        measure(pdfs[0])  # the first read also imports what reading needs (trafilatura, dateparser): not timed
        rows = [measure(path) for path in pdfs]
        compared = [compare(path) for path in pdfs] if args.compare else []
    for row in compared:
        print("  ".join(f"{key} {value}" for key, value in row.items()))
    results: dict[str, object] = {"pdfs": len(rows), "pages": sum(int(r["pages"]) for r in rows)}
    for row in rows:
        print(f"{row['pdf']:<28} {row['pages']:>4} pages  {row['pages_per_s']:>7} pages/s (plain "
              f"{row['plain_pages_per_s']})  {float(row['word_share']):.1%} of {row['words']} words kept")
    total_s = sum(int(r["pages"]) / float(r["pages_per_s"]) for r in rows)
    results["pages_per_s"] = round(float(str(results["pages"])) / total_s, 1)
    words_total = sum(int(r["words"]) for r in rows)
    results["word_share"] = round(sum(float(r["word_share"]) * int(r["words"]) for r in rows) / words_total, 4)
    results["per_pdf"] = rows
    if compared:
        results["libraries"] = compared
    save("pdf", results)


if __name__ == "__main__":
    main()
