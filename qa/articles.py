"""Files on disk -> Articles.

An Article's ``text`` is exactly what citation offsets point into, so every
clean-up (line endings, page furniture) happens here, once, before anything
is chunked or stored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import ArticleError
from qa.news import normalize_date, split_header

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
MAX_ARTICLE_MB = 20  # one .txt/.md/.html article
MAX_COLLECTION_MB = 200  # one .json/.jsonl file of many records

# Whole short lines that scraped news pages carry but that are never content:
# navigation, ad prompts, video durations, credits, newsletter sign-ups.
_FURNITURE = re.compile(
    r"^\s*(?:"
    r"other news|related (?:articles|stories|news|coverage)|read more|more stories|"
    r"advertisement|ad feedback|skip to (?:main )?content|share this(?: article)?|"
    r"sign up for (?:our|the) .*newsletter.*|subscribe (?:now|to our newsletter).*|"
    r"(?:video|photo|image|graphic) (?:credit|courtesy)[:\s].*|source: [^.]{1,60}|"
    r"(?:video )?duration[:\s]+\d{1,2}:\d{2}|\d{1,2}:\d{2}|"
    r"(?:photo|image)s?: [^.]{1,60}|.{0,40}getty images.{0,20}"
    r")\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Article:
    """One article as stored: ``text`` is what citation offsets refer to.

    Attributes:
        id: the record's ``id``, else the file's stem.
        title: the record's title, the HTML ``<title>`` or the first line.
        text: the cleaned article text.
        source: the outlet or file the article came from.
        url: where it was published, when known.
        published: the publication date (ISO 8601 when it could be read).
    """

    id: str
    title: str
    text: str
    source: str = ""
    url: str | None = None
    published: str | None = None

    @property
    def content_hash(self) -> str:
        """Changes whenever anything a reader can see changes."""
        payload = json.dumps([self.title, self.text, self.source, self.url, self.published])
        return hashlib.sha256(payload.encode()).hexdigest()


def clean_text(text: str) -> str:
    """Normalise line endings and drop page-furniture lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    kept = [line for line in lines if not (len(line) < 100 and _FURNITURE.match(line))]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise ArticleError(name, "binary file, not text; give .txt, .md, .html, .json or .jsonl")
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
    source: str, *, id: str, text: str, title: str = "", url: Any = None, published: Any = None,
    outlet: Any = None,
) -> Article:
    text = clean_text(text)
    if not text:
        raise ArticleError(source, "no text")
    title = (title or "").strip()
    if not title:
        # "Foreign Policy :Fears Rise of an ISIS Comeback": the outlet, then the headline.
        title = _first_line(text)
        header = None if outlet else split_header(title)
        if header:
            outlet, title = header
    return Article(
        id=id.strip(),
        title=title[:300],
        text=text,
        source=str(outlet).strip() if outlet else source,
        url=str(url) if url else None,
        published=normalize_date(published) or (str(published) if published else None),
    )


def _from_record(record: Any, source: str, fallback_id: str) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(source, "expected a JSON object with 'text' (and 'id', 'title')")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(source, "record has no 'text'")
    article_id = record.get("id")
    return _make(
        source,
        id=str(article_id) if article_id not in (None, "") else fallback_id,
        text=text,
        title=str(record.get("title") or ""),
        url=record.get("url"),
        published=record.get("published"),
        outlet=record.get("source"),
    )


def _from_html(raw: str, path: Path) -> Article:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=True,
                                          favor_recall=True)
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ArticleError(path.name, f"could not parse the HTML ({type(exc).__name__})") from None
    meta: dict[str, Any] = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else {}
    if not meta.get("text"):
        raise ArticleError(path.name, "no article text found in the HTML")
    return _make(
        path.name, id=path.stem, text=meta["text"], title=meta.get("title") or "", url=meta.get("url"),
        published=meta.get("date"), outlet=meta.get("sitename"),
    )


def read_file(path: Path) -> tuple[list[Article], list[ArticleError]]:
    """Read one file into articles; bad JSONL lines are returned, not raised.

    Raises:
        ArticleError: the whole file is unusable.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ArticleError(path.name, f"unsupported file type; use one of {', '.join(SUPPORTED)}")
    limit = MAX_COLLECTION_MB if suffix in (".json", ".jsonl") else MAX_ARTICLE_MB
    try:
        size = path.stat().st_size
        if size > limit * 2**20:
            raise ArticleError(path.name, f"too large ({size / 2**20:.0f} MB; the limit for {suffix} is "
                                          f"{limit} MB): split it into smaller files")
        raw = _decode(path.read_bytes(), path.name)
    except OSError as exc:
        raise ArticleError(path.name, f"cannot read ({exc.strerror})") from exc
    if suffix in (".html", ".htm"):
        return [_from_html(raw, path)], []
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ArticleError(path.name, f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
        except RecursionError:
            raise ArticleError(path.name, "JSON nested too deeply") from None
        records = data if isinstance(data, list) else [data]
        return _records(records, path, lambda i: f"{path.name} item {i}")
    if suffix == ".jsonl":
        return _jsonl(raw, path)
    title = _first_line(raw).lstrip("#").strip() if suffix in (".md", ".markdown") else ""
    return [_make(path.name, id=path.stem, text=raw, title=title)], []


def _records(records: list[Any], path: Path, where: Any) -> tuple[list[Article], list[ArticleError]]:
    articles, problems = [], []
    for i, record in enumerate(records, 1):
        fallback = path.stem if len(records) == 1 else f"{path.stem}-{i}"
        try:
            articles.append(_from_record(record, where(i), fallback))
        except ArticleError as exc:
            problems.append(exc)
    return articles, problems


def _jsonl(raw: str, path: Path) -> tuple[list[Article], list[ArticleError]]:
    records: list[Any] = []
    lines: list[int] = []
    problems = []
    for lineno, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
            lines.append(lineno)
        except json.JSONDecodeError as exc:
            problems.append(ArticleError(f"{path.name} line {lineno}", f"invalid JSON: {exc.msg}"))
        except RecursionError:
            problems.append(ArticleError(f"{path.name} line {lineno}", "JSON nested too deeply"))
    articles, bad = _records(records, path, lambda i: f"{path.name} line {lines[i - 1]}")
    if not articles and not problems and not bad:
        raise ArticleError(path.name, "no records")
    return articles, problems + bad


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
