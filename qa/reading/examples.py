"""Training examples for the reader, built by the product itself from SQuAD-format folders.

The reader must see at training time what it sees in the product: each folder is indexed in a
temporary Library, each question retrieves its top passages, and every sentence of those passages
is a candidate, labelled positive when it holds a gold answer span.  Questions SQuAD v2 marks
impossible give only negatives.  Retrieved candidates are cached (``build/reader``).

Data discipline: questions of the articles named in ``splits.json`` (validation) are never trained
on nor used for a choice; whole articles are kept aside (``is_aside``) for calibration.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path("../shared/eval")
DEFAULT_SETS = ("squad_v1_dev", "squad_v2_dev_part", "squad_v2_train_part")
PASSAGES = 3  # the answer stage reads the sentences of the top 3 passages
ASIDE_MODULUS = 7  # an article whose crc32(id) % 7 == 0 is kept aside (about 1 in 7)


@dataclass(frozen=True)
class Candidate:
    """One retrieved sentence for a question, labelled.

    Attributes:
        title, text: what the reader sees.
        passage: rank of the passage it came from (0 = best).
        label: 1 when it holds a gold answer span, 0 when it holds no gold answer, -1 when it holds
            the answer text elsewhere than at a gold span (neither positive nor negative).
        span: the gold answer's offsets inside ``text`` (positives whose sentence holds the whole span).
    """

    title: str
    text: str
    passage: int
    label: int
    span: tuple[int, int] | None


@dataclass(frozen=True)
class Question:
    """A question with its retrieved, labelled candidates and the part of the data it belongs to."""

    id: str
    question: str
    answers: tuple[str, ...]
    impossible: bool
    part: str  # "train", "aside" or "validation"
    candidates: tuple[Candidate, ...]


def is_aside(article_id: str) -> bool:
    return zlib.crc32(article_id.encode()) % ASIDE_MODULUS == 0


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def holds(text: str, answers: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``answers`` as whole words, after SQuAD normalisation."""
    from qa.evaluation.evaluate import normalize

    words = f" {normalize(text)} "
    return any(normalize(a) and f" {normalize(a)} " in words for a in answers)


def _label(start: int, end: int, text: str, row: dict[str, Any]) -> tuple[int, tuple[int, int] | None]:
    if row["is_impossible"]:
        return 0, None
    for gold in row.get("answer_spans", []):
        if gold["start"] >= start and gold["end"] <= end:
            return 1, (gold["start"] - start, gold["end"] - start)
        if gold["start"] < end and gold["end"] > start:
            return 1, None
    if holds(text, row["answers"]):
        return -1, None
    return 0, None


def convert_squad(path: Path, out: Path) -> Path:
    """The official SQuAD JSON (e.g. train-v2.0.json) as a folder in the format above.

    An article's paragraphs are joined with blank lines, as in ../shared/eval; answer offsets follow.
    """
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "articles.jsonl").open("w", encoding="utf-8") as arts, \
            (out / "questions.jsonl").open("w", encoding="utf-8") as qs:
        for article in data:
            texts, shift = [], 0
            for i, paragraph in enumerate(article["paragraphs"]):
                for item in paragraph["qas"]:
                    spans = [{"text": a["text"], "start": shift + a["answer_start"],
                              "end": shift + a["answer_start"] + len(a["text"])} for a in item["answers"]]
                    qs.write(json.dumps({"id": item["id"], "question": item["question"],
                                         "answers": list(dict.fromkeys(a["text"] for a in item["answers"])),
                                         "article_id": article["title"],
                                         "is_impossible": item.get("is_impossible", False),
                                         "paragraph_index": i, "answer_spans": spans}) + "\n")
                texts.append(paragraph["context"])
                shift += len(paragraph["context"]) + 2
            arts.write(json.dumps({"id": article["title"], "title": article["title"].replace("_", " "),
                                   "text": "\n\n".join(texts)}) + "\n")
    return out


def build_questions(data_dir: Path, validation: set[str], cache: Path) -> list[Question]:
    """Retrieve and label the candidates of every question in ``data_dir`` (cached).

    Args:
        data_dir: a folder with articles.jsonl and questions.jsonl, or an official SQuAD JSON file.
        validation: ids of articles whose questions are only reported.
        cache: where retrieved candidates are kept between runs.

    Raises:
        QAError: the folder is not a SQuAD-format set.
    """
    from qa.errors import QAError

    if data_dir.suffix == ".json" and data_dir.is_file():
        data_dir = convert_squad(data_dir, cache / data_dir.stem)
    articles, questions = data_dir / "articles.jsonl", data_dir / "questions.jsonl"
    if not articles.is_file() or not questions.is_file():
        raise QAError(f"{data_dir} is not a training set: it needs articles.jsonl and questions.jsonl.")
    rows = _read_jsonl(questions)
    key = zlib.crc32(articles.read_bytes() + questions.read_bytes())
    path = cache / f"{data_dir.name}-{key:08x}.jsonl"
    if not path.is_file():
        _retrieve(articles, rows, path)
    built = []
    for row, line in zip(rows, _read_jsonl(path), strict=True):
        part = "validation" if row["article_id"] in validation else "aside" if is_aside(row["article_id"]) else "train"
        candidates = tuple(Candidate(c["title"], c["text"], c["passage"], c["label"],
                                     tuple(c["span"]) if c["span"] else None)
                           for c in line["candidates"])
        built.append(Question(row["id"], row["question"], tuple(row["answers"]), bool(row["is_impossible"]),
                              part, candidates))
    return built


def _offset_map(source: str, cleaned: str) -> list[int]:
    """Where each offset of ``source`` lands in ``cleaned``; ingestion only deletes characters."""
    where, j = [], 0
    for ch in source:
        where.append(j)
        if j < len(cleaned) and cleaned[j] == ch:
            j += 1
    where.append(j)
    return where


def _retrieve(articles: Path, rows: list[dict[str, Any]], path: Path) -> None:
    from qa import Library
    from qa.ingest.chunking import split_sentences

    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "index", store="", llm=False)
        library.add_path(articles)
        texts = {a.id: a.text for a in library.articles()}
        # Gold offsets refer to the file's text; the library keeps the cleaned text.
        maps = {r["id"]: _offset_map(r["text"], texts[r["id"]]) for r in _read_jsonl(articles)
                if r["text"] != texts[r["id"]]}
        for row in rows:
            if row["article_id"] in maps:
                m = maps[row["article_id"]]
                row["answer_spans"] = [{**g, "start": m[g["start"]], "end": m[g["end"]]}
                                       for g in row.get("answer_spans", [])]
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for i, row in enumerate(rows):
                candidates = []
                for rank, passage in enumerate(library.search(row["question"], k=PASSAGES)):
                    article = texts[passage.article_id]
                    for s, e in split_sentences(passage.text):
                        start, end = passage.start + s, passage.start + e
                        gold = row if passage.article_id == row["article_id"] else {**row, "answer_spans": []}
                        label, span = _label(start, end, article[start:end], gold)
                        candidates.append({"title": passage.title, "text": article[start:end], "passage": rank,
                                           "label": label, "span": span})
                out.write(json.dumps({"id": row["id"], "candidates": candidates}) + "\n")
                if (i + 1) % 500 == 0:
                    print(f"{articles.parent.name}: retrieved {i + 1}/{len(rows)} questions "
                          f"({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
        partial.replace(path)


@dataclass(frozen=True)
class Example:
    """One training pair: the question against one candidate sentence."""

    question: str
    title: str
    text: str
    label: int
    span: tuple[int, int] | None


def sample_examples(questions: Sequence[Question], negatives: int, seed: int) -> list[Example]:
    """Training pairs: for each question its gold sentence (if retrieved) and ``negatives`` others.

    Unanswerable questions give ``negatives + 1`` negatives: their retrieved sentences are about
    the question (SQuAD v2 wrote them against the paragraph) yet do not answer it.
    """
    rng = random.Random(seed)
    examples: list[Example] = []
    seen: set[str] = set()
    for q in questions:
        if q.part != "train" or q.id in seen:
            continue
        seen.add(q.id)
        positives = [c for c in q.candidates if c.label == 1]
        pool = [c for c in q.candidates if c.label == 0]
        chosen = rng.sample(pool, min(len(pool), negatives + (0 if positives else 1)))
        if positives:
            with_span = [c for c in positives if c.span] or positives
            chosen.append(rng.choice(with_span))
        examples.extend(Example(q.question, c.title, c.text, int(c.label == 1), c.span) for c in chosen)
    rng.shuffle(examples)
    return examples
