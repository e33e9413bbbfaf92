"""The questions calibration and the reports read, with their passages retrieved as the product retrieves them.

Calibration and the reports read what the product reads: the kept-aside and validation questions
retrieve their top passages from a Library of their articles (cached in ``build/reader``, keyed on
the data, on the code that retrieves and on the embedding model).
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.training.examples import Folder, Passage, Question, Row, data_hash, holds, read_jsonl

PASSAGES = 3  # the answer stage reads the top 3 passages
_QA = Path(__file__).resolve().parent.parent
# What retrieval's candidates depend on besides the data: a change here makes the cache stale.
_RETRIEVAL_CODE = ("ingest/chunking.py", "ingest/articles.py", "ingest/pipeline.py", "retrieval/ranking.py",
                   "retrieval/evidence.py", "store/folder/store.py", "embedding.py", "vocabulary.py",
                   "training/examples.py", "training/retrieved.py")



def _code_key() -> str:
    from qa.config import BUNDLED_MODEL
    from qa.embedding import model_path

    digest = hashlib.sha256(str(model_path(BUNDLED_MODEL)).encode())
    for name in _RETRIEVAL_CODE:
        digest.update((_QA / name).read_bytes())
    return digest.hexdigest()[:12]


def retrieved(folder: Folder, rows: Sequence[Row], cache: Path) -> list[Question]:
    """``rows`` with the top passages retrieved for each from a Library of their articles (cached).

    The Library holds every article that any of ``rows`` is about; validation questions of
    squad_v1_dev retrieve over all of its articles, as ``qa eval`` does.
    """
    if not rows:
        return []
    ids = sorted({r.article_id for r in rows} | ({*folder.articles} if any(r.part == "validation" for r in rows)
                                                 else set()))
    key = hashlib.sha256(json.dumps([data_hash(folder), _code_key(), ids, [r.id for r in rows]]).encode())
    path = cache / f"{folder.path.name}-{key.hexdigest()[:16]}.jsonl"
    if not path.is_file():
        _retrieve([folder.articles[i] for i in ids], rows, path)
    out = []
    for row, line in zip(rows, read_jsonl(path), strict=True):
        passages = tuple(Passage(p["title"], p["text"], tuple(map(tuple, p["sentences"])), tuple(p["labels"]))
                         for p in line["passages"])
        out.append(Question(row.id, row.question, row.answers, row.impossible, row.part, passages))
    return out


def _offset_map(source: str, cleaned: str) -> list[int]:
    """Where each offset of ``source`` lands in ``cleaned``; ingestion only deletes characters."""
    where, j = [], 0
    for ch in source:
        where.append(j)
        if j < len(cleaned) and cleaned[j] == ch:
            j += 1
    where.append(j)
    return where


def _label(start: int, end: int, text: str, row: Row, spans: Sequence[tuple[int, int]]) -> int:
    if row.impossible:
        return 0
    if any(g0 < end and g1 > start for g0, g1 in spans):
        return 1
    return -1 if holds(text, row.answers) else 0


def _retrieve(articles: list[dict[str, Any]], rows: Sequence[Row], path: Path) -> None:
    from qa.ingest.chunking import split_sentences
    from qa.library import Library

    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        library = Library(Path(tmp) / "index", store="", llm=False)
        library.add_path(source)
        texts = {a.id: a.text for a in library.articles()}
        # Gold offsets refer to the file's text; the library keeps the cleaned text.
        maps = {a["id"]: _offset_map(a["text"], texts[a["id"]]) for a in articles if a["text"] != texts[a["id"]]}
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for i, row in enumerate(rows):
                m = maps.get(row.article_id)
                gold = [(m[s], m[e]) for s, e in row.spans] if m else list(row.spans)
                passages = []
                for passage in library.search(row.question, k=PASSAGES):
                    article = texts[passage.article_id]
                    spans = gold if passage.article_id == row.article_id else []
                    sentences = split_sentences(passage.text)
                    at = passage.start
                    passages.append({"title": passage.title, "text": passage.text, "sentences": sentences,
                                     "labels": [_label(at + s, at + e, article[at + s:at + e], row, spans)
                                                for s, e in sentences]})
                out.write(json.dumps({"id": row.id, "passages": passages}) + "\n")
                if (i + 1) % 500 == 0:
                    print(f"{path.name}: retrieved {i + 1}/{len(rows)} questions "
                          f"({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
        partial.replace(path)
