"""Files on disk -> Articles.

An Article's ``text`` is exactly what citation offsets point into, so every
clean-up (line endings, page furniture) happens here, once, before anything
is chunked or stored.  ``read_path`` reads a file or a whole folder and gives
every article an id that is unique within what it read; its outlet and date
are set only from evidence (``qa.ingest.metadata``), never from the file's name.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.documents import Article
from qa.errors import ArticleError, IdCollision
from qa.ingest.cleaning import clean_text
from qa.ingest.metadata import dateline_date, is_date, outlet_in_text, page_date, read_date, split_header

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf", ".docx")
DOCUMENTS = (".pdf", ".docx")  # binary formats, read by their own modules (qa.ingest.pdf, qa.ingest.office)
MAX_ARTICLE_MB = 20  # one .txt/.md/.html article
MAX_DOCUMENT_MB = 100  # one .pdf/.docx (a report with images)
MAX_COLLECTION_MB = 200  # one .json/.jsonl file of many records

def _first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise ArticleError(name, "binary file, not text; give .txt, .md, .html, .json, .jsonl, .pdf or .docx")
    # UTF-8, then Windows-1252 (the usual legacy encoding of Western news pages;
    # strict, so most other bytes fail it), then a detector for the rest.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(name, "not readable as text; save it as UTF-8")
    return str(best)


def _make(
    name: str, *, id: str, text: str, title: str = "", url: Any = None, published: Any = None,
    outlet: Any = None,
) -> Article:
    text = clean_text(text)
    if not text:
        raise ArticleError(name, "no text")
    title = (title or "").strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not title:
        # "Foreign Policy :Fears Rise of an ISIS Comeback": the outlet, then the headline.
        title = lines[0]
        header = None if outlet else split_header(title)
        if header:
            outlet, title = header
        lines = lines[1:]
    outlet = str(outlet).strip() if outlet else outlet_in_text(text)
    return Article(
        id=id.strip(),
        title=title[:300],
        text=text,
        source=outlet or "",
        url=str(url) if url else None,
        published=read_date(published) if published else dateline_date(lines[:3]),
    )


def _from_record(record: Any, name: str, fallback_id: str) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(name, "expected a JSON object with 'text' (and 'id', 'title')")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(name, "record has no 'text'")
    article_id = record.get("id")
    return _make(
        name,
        id=str(article_id) if article_id not in (None, "") else fallback_id,
        text=text,
        title=str(record.get("title") or ""),
        url=record.get("url"),
        published=record.get("published"),
        outlet=record.get("source"),
    )


def _page_lines(raw: str) -> list[str]:
    """The page's visible text, one line per element, for dates the page prints beside the article."""
    body = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", " ", raw)
    return [line for line in (html.unescape(t).strip() for t in re.split(r"<[^>]*>|\n", body)) if line]


def _headline(title: str, outlet: str | None) -> str:
    """``title`` without the outlet's name or a date appended to it ("… | DW | 10.06.2013")."""
    short = re.sub(r"^www\.|\.(?:com|co\.uk|org|net|de)$", "", (outlet or "").strip().lower())
    parts = re.split(r"(\s+[|–—-]\s+)", title)
    while len(parts) > 2 and (parts[-1].strip().lower() in (short, (outlet or "").lower())
                              or is_date(parts[-1])):
        parts = parts[:-2]
    return "".join(parts).strip()


def _from_html(raw: str, name: str, article_id: str) -> Article:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=True,
                                          favor_recall=True)
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ArticleError(name, f"could not parse the HTML ({type(exc).__name__})") from None
    meta: dict[str, Any] = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else {}
    if not meta.get("text"):
        raise ArticleError(name, "no article text found in the HTML")
    title = meta.get("title") or ""
    sitename = meta.get("sitename")
    if sitename and sitename.strip().casefold() == title.strip().casefold():
        sitename = None  # a site name that is the headline again names no outlet
    headline = _headline(title, sitename)
    # trafilatura's date can be a sidebar's (2019-08-01 for a page titled "… | DW | 10.06.2013").
    published = page_date(title, headline, _page_lines(raw), read_date(meta.get("date")))
    return _make(
        name, id=article_id, text=meta["text"], title=headline, url=meta.get("url"), published=published,
        outlet=sitename,
    )


def read_bytes(data: bytes, suffix: str, name: str, article_id: str, charset: str | None = None) -> Article:
    """One article from a file's bytes (a fetched page or document), read as a file ending in ``suffix``.

    Args:
        data: the bytes.
        suffix: ``.html``, ``.txt``, ``.pdf`` or ``.docx``: how to read them.
        name: how messages name it (its address).
        article_id: the id it gets.
        charset: the encoding its server named, tried first.

    Raises:
        ArticleError: the bytes hold no readable article.
    """
    if suffix in DOCUMENTS:
        return _from_document(data, suffix, name, article_id)
    raw = None
    if charset:
        try:
            raw = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raw = None
    raw = raw if raw is not None else _decode(data, name)
    if suffix in (".html", ".htm"):
        return _from_html(raw, name, article_id)
    return _make(name, id=article_id, text=raw)


def _from_document(path: Path | bytes, suffix: str, name: str, article_id: str) -> Article:
    """A PDF or Word file as an article; a PDF's pages are kept when its text is exactly what was paged."""
    if suffix == ".docx":
        from qa.ingest.office import read_docx

        word = read_docx(path, name)
        return _make(name, id=article_id, text=word.text, title=word.title)
    from qa.ingest.pdf import read_pdf

    pdf = read_pdf(path, name)
    article = _make(name, id=article_id, text=pdf.text, title=pdf.title, published=pdf.published)
    # The text is clean already; if cleaning ever changed it, a page label would point elsewhere: keep none.
    return replace(article, pages=pdf.pages, scanned=pdf.scanned) if article.text == pdf.text else article


def read_path(root: Path, *, only: Iterable[Path] | None = None) -> tuple[list[Article], list[ArticleError]]:
    """Every article in a file or under a folder, each with an id unique within this read.

    Ids: a file in a folder gets its path relative to ``root`` without extension, in
    POSIX form (``business/001`` for ``bbc/business/001.txt`` when ``bbc/`` is read);
    a file read on its own gets its stem; a JSON/JSONL record keeps its ``id`` (one
    without gets the file's id, with ``-N`` appended when the file holds several).
    Reading the same folder again gives the same ids, so read a folder from the same
    place each time (ingesting ``bbc/business/001.txt`` alone gives ``001``).

    Every article's ``origin`` is the absolute path of its file.  A caller that keeps
    articles between reads tells a changed file (same id, same origin: replace it)
    from another file that gives an id already taken (same id, another origin: keep
    the stored article and report ``IdCollision(id, stored.origin, new.origin)``).
    An article stored without an origin (older indexes) counts as the same file.

    ``only`` reads just those files under the folder ``root``, with the ids the whole
    folder's read would give them (a watched folder's changed files).

    Returns:
        The articles, and the problems in path order: each unreadable file or record,
        and an ``IdCollision`` for each file or record that gives an id an earlier one
        of this read already has (the first in path and line order is kept; the error
        names both full paths, JSONL lines included).

    Raises:
        ArticleError: ``root`` does not exist, or is a single file that cannot be read.
    """
    if root.is_file():
        found = _read(root, root.stem, str(root))
    else:
        found = []
        for file in iter_files(root) if only is None else sorted(only):
            rel = file.relative_to(root)
            try:
                found += _read(file, rel.with_suffix("").as_posix(), str(root / rel))
            except ArticleError as exc:
                found.append((exc, str(file.resolve())))
    articles: list[Article] = []
    problems: list[ArticleError] = []
    kept: dict[str, str] = {}
    for item, where in found:
        if isinstance(item, ArticleError):
            problems.append(item)
        elif item.id in kept:
            problems.append(IdCollision(item.id, kept[item.id], where))
        else:
            kept[item.id] = where
            articles.append(item)
    return articles, problems


def read_file(path: Path) -> tuple[list[Article], list[ArticleError]]:
    """Read one file into articles, ids as for a file read on its own (see ``read_path``).

    Bad JSONL lines are returned, not raised; ids are not checked for collisions.

    Raises:
        ArticleError: the whole file is unusable.
    """
    found = [item for item, _ in _read(path, path.stem, path.name)]
    return [a for a in found if isinstance(a, Article)], [e for e in found if isinstance(e, ArticleError)]


_Read = list[tuple[Article | ArticleError, str]]  # each article or bad record, and where: full path (and line)


def _read(path: Path, article_id: str, name: str) -> _Read:
    """The articles and bad records of one file, in order.

    ``article_id`` is the id the file's article gets (a record's own id wins);
    ``name`` is how messages name the file.

    Raises:
        ArticleError: the whole file is unusable.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = "; save a .doc as .docx" if suffix == ".doc" else ""
        raise ArticleError(name, f"unsupported file type; use one of {', '.join(SUPPORTED)}{hint}")
    limit = MAX_COLLECTION_MB if suffix in (".json", ".jsonl") else \
        MAX_DOCUMENT_MB if suffix in DOCUMENTS else MAX_ARTICLE_MB
    try:
        size = path.stat().st_size
        if size > limit * 2**20:
            raise ArticleError(name, f"too large ({size / 2**20:.0f} MB; the limit for {suffix} is "
                                     f"{limit} MB): split it into smaller files")
        raw = "" if suffix in DOCUMENTS else _decode(path.read_bytes(), name)
    except OSError as exc:
        raise ArticleError(name, f"cannot read ({exc.strerror})") from exc
    origin = str(path.resolve())
    if suffix in DOCUMENTS:
        found: _Read = [(_from_document(path, suffix, name, article_id), origin)]
    elif suffix in (".html", ".htm"):
        found = [(_from_html(raw, name, article_id), origin)]
    elif suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ArticleError(name, f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
        except RecursionError:
            raise ArticleError(name, "JSON nested too deeply") from None
        records = [(r, f" item {i}") for i, r in enumerate(data if isinstance(data, list) else [data], 1)]
        found = _records(records, name, origin, article_id)
    elif suffix == ".jsonl":
        found = _jsonl(raw, name, origin, article_id)
    else:
        title = _first_line(raw).lstrip("#").strip() if suffix in (".md", ".markdown") else ""
        found = [(_make(name, id=article_id, text=raw, title=title), origin)]
    return [(replace(a, origin=origin) if isinstance(a, Article) else a, where) for a, where in found]


def _records(records: list[tuple[Any, str]], name: str, origin: str, article_id: str) -> _Read:
    """Articles from parsed records (each with its " line N"/" item N"), bad ones as errors."""
    found: _Read = []
    parsed = sum(not isinstance(r, ArticleError) for r, _ in records)
    n = 0
    for record, where in records:
        if isinstance(record, ArticleError):
            found.append((record, origin + where))
            continue
        n += 1
        fallback = article_id if parsed == 1 else f"{article_id}-{n}"
        try:
            found.append((_from_record(record, name + where, fallback), origin + where))
        except ArticleError as exc:
            found.append((exc, origin + where))
    return found


def _jsonl(raw: str, name: str, origin: str, article_id: str) -> _Read:
    records: list[tuple[Any, str]] = []
    for lineno, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        where = f" line {lineno}"
        try:
            records.append((json.loads(line), where))
        except json.JSONDecodeError as exc:
            records.append((ArticleError(name + where, f"invalid JSON: {exc.msg}"), where))
        except RecursionError:
            records.append((ArticleError(name + where, "JSON nested too deeply"), where))
    if not records:
        raise ArticleError(name, "no records")
    return _records(records, name, origin, article_id)


def iter_files(path: Path) -> Iterator[Path]:
    """Files under ``path`` (itself, if a file), hidden ones and index folders skipped, in a stable order.

    Raises:
        ArticleError: the path does not exist.
    """
    if path.is_file():
        yield path
    elif path.is_dir():
        # An index folder inside the articles folder holds our own files, not articles.
        indexes = {p.parent for p in path.rglob("manifest.json")}
        for child in sorted(path.rglob("*")):
            rel = child.relative_to(path).parts
            if child.is_file() and not any(p.startswith(".") for p in rel) \
                    and not any(parent in indexes for parent in child.parents):
                yield child
    else:
        raise ArticleError(str(path), "no such file or folder")
