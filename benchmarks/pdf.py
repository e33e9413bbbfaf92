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

``--crs FOLDER`` measures fidelity on Congressional Research Service reports as printed (public domain):
FOLDER is a checkout of the public repository ``ProfAmiot/crs-reports`` (``git clone
https://github.com/ProfAmiot/crs-reports``), whose ``pdf/`` holds the PDFs and ``markdown/`` the web
rendering of each with its title and version dates.  The 19 reports kept aside to check releases
(``HELD_OUT``) are left out.  For each PDF: the share of its sentences that are clean (none ends in a
footnote marker glued to its last word, none is cut at an abbreviation such as "U.S.C.", none holds the
running footer), the title and the printed date against the markdown's, reading order (the share of the
markdown's paragraphs found in the text that come in the markdown's order), pages/s, and the share of 15
sentences of each (drawn at random, seeded) found on their page to be lit (``Library.page_image``).
OCR: ``--ocr-pages`` real pages made scans (see ``ocr_figures``).

Usage: .venv/bin/python benchmarks/pdf.py (--debs FOLDER | --folder FOLDER | --crs FOLDER) [--compare]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from report import RESULTS, save

from qa.documents import Article
from qa.errors import PageUnavailable
from qa.ingest.articles import read_file
from qa.ingest.highlight import quoted_on_page

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


QUOTES_PER_PDF = 15  # sentences of each report located on their page, as a citation's page is drawn
HELD_OUT = ("98-317", "IF11643", "IF12672", "IN12678", "IN12679", "LSB11418", "LSB11421", "R47194", "R48179",
            "R48469", "R48883", "R48903", "R48907", "R48910", "R48913", "R48914", "R48915", "RL30857", "RS22331")
MARKER_END = re.compile(r"[^\W\d_][.,;:)”’\"]?\d{1,3}$")  # "imports.86", "wrongdoing.64": a note's number glued on
ABBREVIATION_END = re.compile(r"\b(?:U\.S\.C|C\.F\.R|P\.L|Stat|No|Nos|Sec|H\.R|e\.g|i\.e|Inc|Corp|[A-Z]\.[A-Z])\.$")
FURNITURE = re.compile(r"Congressional Research Service \d|https://crsreports\.congress\.gov|VerDate|\(continued\.\.\.\)")


def crs_reference(markdown: Path, pdf: Path) -> tuple[str, str | None, list[str]] | None:
    """The title, the date of this version and the body paragraphs the markdown rendering gives."""
    from datetime import datetime

    found = re.match(r"([A-Z]+\d+)(?:[.v](\d+))?", pdf.stem)
    if not found:
        return None
    report, version = found.groups()
    candidates = sorted(markdown.rglob(f"{report}v*.md"))
    if version:
        candidates = [c for c in candidates if c.name.startswith(f"{report}v{version}-")] or candidates
    if not candidates:
        return None
    text = candidates[-1].read_text(encoding="utf-8")
    version = version or (re.search(r"\*\*Version:\*\* (\d+)", text) or [None, ""])[1]
    dated = re.search(rf"- \[([A-Z][a-z]+ \d+, \d{{4}}) \({report} - Version: {version}\)\]", text)
    date = datetime.strptime(dated.group(1), "%B %d, %Y").date().isoformat() if dated else None
    body = text.split("[PDF Version History]", 1)[-1].split("Disclaimer:", 1)[0]
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body).replace("**", "")
    paragraphs = [p.strip() for p in plain.split("\n\n")
                  if len(p.split()) >= 12 and not p.lstrip().startswith(("|", "-"))]
    return text.splitlines()[0].lstrip("# ").strip(), date, paragraphs


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def in_order(text: str, paragraphs: list[str]) -> tuple[float, float]:
    """The share of ``paragraphs`` whose first eight words the text holds, and of those the share in order
    (a longest increasing run of their positions)."""
    import bisect

    plain = _plain(text)
    at = [plain.find(" ".join(_plain(p).split()[:8])) for p in paragraphs]
    found = [a for a in at if a >= 0]
    tails: list[int] = []
    for a in found:
        i = bisect.bisect_left(tails, a)
        tails[i:i + 1] = [a]
    return len(found) / max(1, len(paragraphs)), len(tails) / max(1, len(found))


def _lit(path: Path, article: Article, start: int, end: int) -> bool:
    """Whether the quote ``article.text[start:end]`` is found on its page and lit (``Library.page_image``)."""
    try:
        quoted_on_page(path, article, start, end)
    except PageUnavailable:
        return False
    return True


def fidelity(crs: Path) -> dict[str, object]:
    """The fidelity figures of ``--crs`` (see the docstring)."""
    from qa.ingest.chunking import split_sentences

    pdfs = [p for p in sorted((crs / "pdf").rglob("*.pdf")) if not p.name.startswith(HELD_OUT)]
    if not pdfs:
        sys.exit(f"No PDFs under {crs / 'pdf'}: give a checkout of ProfAmiot/crs-reports (see the docstring).")
    read_file(pdfs[0])  # imports: not timed
    rows = []
    draw = random.Random(7)
    for path in pdfs:
        started = time.perf_counter()
        [article], _ = read_file(path)
        seconds = time.perf_counter() - started
        spans = split_sentences(article.text)
        sentences = [article.text[s:e] for s, e in spans]
        lit = [_lit(path, article, s, e) for s, e in draw.sample(spans, min(QUOTES_PER_PDF, len(spans)))]
        marker = sum(bool(MARKER_END.search(s)) for s in sentences)
        cut = sum(bool(ABBREVIATION_END.search(s)) for s in sentences)
        furniture = sum(bool(FURNITURE.search(s)) for s in sentences)
        reference = crs_reference(crs / "markdown", path)
        row: dict[str, object] = {"pdf": path.name, "pages": len(article.pages), "seconds": round(seconds, 3),
                                  "sentences": len(sentences), "marker_end": marker, "abbreviation_cut": cut,
                                  "furniture": furniture, "title": article.title, "published": article.published,
                                  "quotes_tried": len(lit), "quotes_lit": sum(lit)}
        if reference:
            title, date, paragraphs = reference
            found, ordered = in_order(article.text, paragraphs)
            row |= {"title_right": _plain(title) == _plain(article.title), "reference_date": date,
                    "date_right": None if date is None else article.published == date,
                    "paragraphs_found": round(found, 4), "in_order": round(ordered, 4)}
        rows.append(row)
    sentences = sum(int(str(r["sentences"])) for r in rows)
    bad = sum(int(str(r["marker_end"])) + int(str(r["abbreviation_cut"])) + int(str(r["furniture"])) for r in rows)
    referenced = [r for r in rows if "title_right" in r]
    dated = [r for r in referenced if r["date_right"] is not None]
    results: dict[str, object] = {
        "pdfs": len(rows), "pages": sum(int(str(r["pages"])) for r in rows), "sentences": sentences,
        "clean_sentences": round(1 - bad / max(1, sentences), 4),
        "marker_end": sum(int(str(r["marker_end"])) for r in rows),
        "abbreviation_cut": sum(int(str(r["abbreviation_cut"])) for r in rows),
        "furniture": sum(int(str(r["furniture"])) for r in rows),
        "titles_right": f"{sum(bool(r['title_right']) for r in referenced)}/{len(referenced)}",
        "dates_right": f"{sum(bool(r['date_right']) for r in dated)}/{len(dated)}",
        "paragraphs_found": round(sum(float(str(r["paragraphs_found"])) for r in referenced) / len(referenced), 4),
        "in_order": round(sum(float(str(r["in_order"])) for r in referenced) / len(referenced), 4),
        "pages_per_s": round(sum(int(str(r["pages"])) for r in rows) / sum(float(str(r["seconds"])) for r in rows), 1),
        "quotes_lit": round(sum(int(str(r["quotes_lit"])) for r in rows)
                            / sum(int(str(r["quotes_tried"])) for r in rows), 4),
        "per_pdf": rows}
    for key in ("pdfs", "pages", "sentences", "clean_sentences", "marker_end", "abbreviation_cut", "furniture",
                "titles_right", "dates_right", "paragraphs_found", "in_order", "pages_per_s", "quotes_lit"):
        print(f"{key:<18} {results[key]}")
    return results


def scanned(page: object, dpi: int) -> bytes:
    """An image-only PDF of ``page`` drawn at ``dpi``: the page as a scanner would give it."""
    from fpdf import FPDF

    width, height = page.get_size()  # type: ignore[attr-defined]
    scan = FPDF(unit="pt", format=(width, height))
    scan.add_page()
    scan.image(page.render(scale=dpi / 72, grayscale=True).to_pil(), x=0, y=0, w=width, h=height)  # type: ignore[attr-defined]
    return bytes(scan.output())


def line_cer(reference: list[str], read: list[str]) -> float:
    """Characters misread: each printed line (spaces aside) against the line read that matches it best."""
    from difflib import SequenceMatcher

    candidates = [re.sub(r"\s", "", line) for line in read]
    total = matched = 0
    for line in (re.sub(r"\s", "", line) for line in reference):
        if len(line) < 3:
            continue
        total += len(line)
        best = 0
        for other in candidates:
            if abs(len(other) - len(line)) <= len(line):
                best = max(best, sum(b.size for b in SequenceMatcher(None, line, other, autojunk=False)
                                     .get_matching_blocks()))
        matched += min(best, len(line))
    return 1 - matched / max(1, total)


def ocr_figures(pdfs: list[Path], pages: int) -> dict[str, object]:
    """OCR on ``pages`` real pages (the first page of PDFs spread evenly over the set), each made an
    image-only PDF at 150 and at 300 dpi and read as ``read_pdf`` reads a scan: the character error rate
    against the text layer (line by line, spaces aside), the share of the printed words read as words
    (spacing included), reading order (``in_order`` over the text layer's paragraphs of 12 words or more),
    and pages/s."""
    import pypdfium2 as pdfium

    from qa.ingest import ocr

    picked = [(pdfs[i * len(pdfs) // pages], 0) for i in range(pages)]
    figures: dict[str, object] = {"ocr_dpi": ocr.DPI, "ocr_pages": pages}
    for dpi in (150, 300):
        cers, words, orders, seconds = [], [], [], 0.0
        for path, n in picked:
            page = pdfium.PdfDocument(str(path))[n]
            printed = page.get_textpage().get_text_range()
            scan = pdfium.PdfDocument(scanned(page, dpi))[0]
            started = time.perf_counter()
            lines = ocr.read_page(scan)
            seconds += time.perf_counter() - started
            read = "\n".join(line.text for line in lines)
            cers.append(line_cer([line for line in printed.replace("\r", "").split("\n") if line.strip()],
                                 [line.text for line in lines]))
            reference = re.findall(r"[^\W\d_]{2,}", printed.lower())
            found = Counter(re.findall(r"[^\W\d_]{2,}", read.lower()))
            words.append(sum((Counter(reference) & found).values()) / max(1, len(reference)))
            paragraphs = [p for p in re.split(r"\r?\n", printed) if len(p.split()) >= 12]
            orders.append(in_order(read, paragraphs)[1] if paragraphs else 1.0)
        figures[f"scan_{dpi}dpi"] = {"cer": round(sum(cers) / len(cers), 4), "words": round(sum(words) / len(words), 4),
                                     "in_order": round(sum(orders) / len(orders), 4),
                                     "pages_per_s": round(len(picked) / seconds, 3)}
        print(f"OCR of scans at {dpi} dpi: {figures[f'scan_{dpi}dpi']}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--debs", type=Path, help="a folder of the Debian packages named above")
    source.add_argument("--folder", type=Path, help="a folder of PDFs")
    source.add_argument("--crs", type=Path, help="a checkout of ProfAmiot/crs-reports: fidelity figures")
    parser.add_argument("--compare", action="store_true", help="also time pypdf and pdfminer.six (see above)")
    parser.add_argument("--ocr-pages", type=int, default=12,
                        help="with --crs: how many pages to scan and read by OCR (about 8 s each; 0: none)")
    args = parser.parse_args()
    if args.crs:
        RESULTS.mkdir(parents=True, exist_ok=True)
        results = fidelity(args.crs)
        if args.ocr_pages:
            pdfs = [p for p in sorted((args.crs / "pdf").rglob("*.pdf")) if not p.name.startswith(HELD_OUT)]
            results = {**ocr_figures(pdfs, args.ocr_pages), **results}
        (RESULTS / "pdf_fidelity.json").write_text(json.dumps(results, indent=2) + "\n")
        print(f"written to {RESULTS / 'pdf_fidelity.json'}")
        return
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
