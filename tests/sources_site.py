"""Real documents and a real web site for the tests of articles as they arrive (tests/test_sources.py).

``write_report`` has fpdf2 write a multi-page PDF with a running header and footer,
hyphenated line ends and a paragraph that runs on to the next page; ``write_docx`` has
python-docx write a Word file.  ``Site`` serves articles, an RSS and an Atom feed,
redirects, a 404, an oversized and a slow reply from a real HTTP server on 127.0.0.1,
and logs every request so a test can tell what was fetched twice.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HEADER = "Harbour Authority - Annual Report 2024"
# Each page: paragraphs, each a list of printed lines (so line ends, and their hyphens, are the test's).
PAGES = [
    [["Storm Damage in the Harbour"],
     ["The storm that reached the coast on Sunday night damaged thirty boats in the inner",
      "harbour and tore two pontoons from their moorings before the tide turned at dawn."],
     ["Engineers who inspected the sea wall on Monday recommended an exten-",
      "sive review of the defences along the northern breakwater and the old quay."]],
    [["The harbour master, Ingrid Solberg, ordered the repairs to begin in April after the",
      "insurers had inspected every damaged pontoon and the fuel berth."],
     ["Fishermen who lost their moorings were offered berths in the marina, and the",
      "authority said that the compensation owed to the owners of the damaged boats and the"]],
    [["fishing crews would be paid by the end of the summer season at the latest."],
     ["The authority will publish a full account of the costs in its next quarterly report."]],
]


def report_text() -> tuple[str, tuple[str, ...]]:
    """The article text the PDF should give, and the text each page should start with."""
    paragraphs = []
    for page in PAGES:
        for lines in page:
            joined = ""
            for line in lines:
                joined = joined[:-1] + line if joined.endswith("-") else (joined + " " + line).strip()
            paragraphs.append(joined)
    # The last paragraph of page 2 runs on to page 3.
    paragraphs[4:6] = [paragraphs[4] + " " + paragraphs[5]]
    return "\n\n".join(paragraphs), ("Storm Damage", "The harbour master", "fishing crews")


def write_report(path: Path) -> Path:
    """A three-page PDF: a title and creation date in its metadata, a running header and "Page N of 3" footer."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=9)
            self.cell(0, 8, HEADER, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", size=9)
            self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report()
    pdf.set_title("Storm Damage in the Harbour")
    pdf.set_creation_date(datetime(2024, 3, 11))
    for page in PAGES:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        for lines in page:
            for line in lines:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    pdf.output(str(path))
    return path


def write_scan(path: Path) -> Path:
    """A PDF with a picture and no text layer, as a scanner makes, in which OCR finds no text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 150, 200, style="F")
    pdf.output(str(path))
    return path


def write_encrypted(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "A confidential memo about the harbour budget.")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    pdf.output(str(path))
    return path


def write_docx(path: Path) -> Path:
    """A Word file with a title property, a heading, paragraphs and a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Lifeboat Station Opens"
    document.add_heading("Lifeboat Station Opens", level=1)
    document.add_paragraph("The new lifeboat station at Port Ellen opened on Friday with a crew of twelve "
                           "volunteers.")
    document.add_paragraph("Its first launch came within an hour, to a yacht that had lost its rudder.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Crew", "12"), ("Boats", "2")], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def page(title: str, body: str, date: str = "2024-03-12") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html><head><title>{title}</title><meta property=\"og:site_name\" content=\"Coastal Times\">"
            f"<meta name=\"date\" content=\"{date}\"></head><body><nav>Home | News</nav><article>"
            f"<h1>{title}</h1>{paragraphs}</article><footer>Contact us</footer></body></html>").encode()


STORM = page("Thirty boats damaged in harbour storm",
             "The storm that reached the coast on Sunday night damaged thirty boats in the inner harbour, the "
             "harbour master said on Monday.\n\nRepairs to the two pontoons torn from their moorings will begin "
             "in April, once the insurers have inspected them.")
SECOND = page("Ferry timetable restored",
              "The ferry between Port Ellen and the mainland returned to its winter timetable on Tuesday after "
              "three days of cancellations.\n\nThe operator said the crossing would run twice a day until May.")
THIRD = page("Lighthouse keeper retires",
             "After forty years at the Rhinns lighthouse, keeper Duncan MacLeod retired on Wednesday.\n\nHe "
             "said the automation of the light had changed the job more than any storm.", "2024-03-14")


class Site:
    """A web site on 127.0.0.1 in a thread; ``hits`` counts requests per path."""

    def __init__(self, folder: Path) -> None:
        self.pdf = write_report(folder / "served-report.pdf").read_bytes()
        self.hits: Counter[str] = Counter()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def routes(self) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
        return {
            "/news/storm.html": lambda h: _send(h, 200, "text/html; charset=utf-8", STORM),
            "/news/second.html": lambda h: _send(h, 200, "text/html; charset=utf-8", SECOND),
            "/news/third.html": lambda h: _send(h, 200, "text/html; charset=utf-8", THIRD),
            "/redirect": lambda h: _redirect(h, "/news/storm.html"),
            "/loop": lambda h: _redirect(h, "/loop"),
            "/to-metadata": lambda h: _redirect(h, "http://169.254.169.254/latest/meta-data/"),
            "/to-localhost": lambda h: _redirect(h, f"http://localhost:{self.port}/news/storm.html"),
            "/big": lambda h: _send(h, 200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>"),
            "/big-unsized": lambda h: _send(h, 200, "text/html", b"<p>" + b"x" * 300_000 + b"</p>", sized=False),
            "/slow": lambda h: (time.sleep(3), _send(h, 200, "text/html", STORM)),  # type: ignore[func-returns-value,dict-item]
            "/report.pdf": lambda h: _send(h, 200, "application/pdf", self.pdf),
            "/image.png": lambda h: _send(h, 200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            "/rss.xml": self._rss,
            "/atom.xml": lambda h: _send(h, 200, "application/atom+xml", self.atom()),
        }

    def rss(self) -> bytes:
        items = [
            ("Thirty boats damaged in harbour storm", "/news/storm.html", "Mon, 11 Mar 2024 08:00:00 GMT", ""),
            ("Harbour fees frozen", "/news/fees.html", "Tue, 12 Mar 2024 09:00:00 GMT",
             "The harbour board froze mooring fees for a year, its chair Agnes Baird announced on Tuesday."),
            ("Ferry timetable restored", "/news/second.html", "Wed, 13 Mar 2024 10:00:00 GMT", ""),
        ]
        body = "".join(f"<item><title>{t}</title><link>{self.url(p)}</link><guid>{self.url(p)}</guid>"
                       f"<pubDate>{d}</pubDate><description>{s}</description></item>" for t, p, d, s in items)
        return (f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Coastal Times</title>"
                f"<link>{self.url('/')}</link><description>News</description>{body}</channel></rss>").encode()

    def atom(self) -> bytes:
        return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                f"<title>Island Notes</title><id>urn:island-notes</id><updated>2024-03-14T12:00:00Z</updated>"
                f"<entry><title>Lighthouse keeper retires</title><id>urn:island-notes:1</id>"
                f"<link href=\"{self.url('/news/third.html')}\"/><updated>2024-03-14T12:00:00Z</updated></entry>"
                f"<entry><title>Pier closed for inspection</title><id>urn:island-notes:2</id>"
                f"<updated>2024-03-15T12:00:00Z</updated><content type=\"html\">&lt;p&gt;The north pier closed "
                f"on Friday so that divers could inspect its piles after the storm.&lt;/p&gt;</content></entry>"
                f"</feed>").encode()

    def _rss(self, handler: BaseHTTPRequestHandler) -> None:
        etag, modified = '"rss-1"', "Wed, 13 Mar 2024 10:00:00 GMT"
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.end_headers()
            return
        _send(handler, 200, "application/rss+xml", self.rss(), headers={"ETag": etag, "Last-Modified": modified})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits[self.path] += 1
                route = site.routes().get(self.path)
                if route is None:
                    _send(self, 404, "text/html", b"<p>Not found</p>")
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _send(handler: BaseHTTPRequestHandler, status: int, kind: str, body: bytes, *, sized: bool = True,
          headers: dict[str, str] | None = None) -> None:
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        if sized:
            handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):  # the client gave up (a size cap, a timeout)
        pass


def _redirect(handler: BaseHTTPRequestHandler, location: str) -> None:
    handler.send_response(302)
    handler.send_header("Location", location)
    handler.send_header("Content-Length", "0")
    handler.end_headers()
