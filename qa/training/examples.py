"""Training and measuring examples for the reader, from SQuAD-format folders.

Training reads passages as the product cuts them (``qa.ingest.chunking``), without retrieval:
each answerable question against the passage of its article holding its answer, and, as SQuAD
2.0 made its unanswerable questions, questions about an article that a passage does not answer:

- ``v2``: SQuAD v2's own unanswerable questions, against their passage;
- ``other``: a question against the passage of its article that shares most words with it yet
  does not hold its answer (a wrong part of the right article);
- ``swap``: the question with a name, number or year swapped for another of the same kind from
  the same article, which its passage does not mention, against the answer's passage.

And, as news quizzes ask, ``quiz``: an answer window whose question is put behind a preamble, a
sentence of its passage that does not hold the answer (it names the story's other people and
things), so the reader learns that the question is the last sentence and the preamble only sets
the scene.

Calibration and the reports read the top passages retrieved as the product retrieves them
(``qa.training.retrieved``).

Data discipline: questions of the articles named in ``splits.json`` (validation) are never trained
on nor used for a choice; whole articles are kept aside (``is_aside``) for calibration.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path("../shared/eval")
DEFAULT_SETS = ("squad_v1_dev", "squad_v2_dev_part", "squad_v2_train_part", "squad_v1_train")
ASIDE_MODULUS = 7  # an article whose crc32(id) % 7 == 0 is kept aside (about 1 in 7)
KINDS = ("v2", "other", "swap")
@dataclass(frozen=True)
class Row:
    """One question of a SQuAD-format folder and the part of the data it belongs to."""

    id: str
    question: str
    answers: tuple[str, ...]
    article_id: str
    impossible: bool
    part: str  # "train", "aside" or "validation"
    spans: tuple[tuple[int, int], ...]  # gold answer offsets in the article text
    paragraph: int | None


@dataclass(frozen=True)
class Passage:
    """A retrieved passage as the reader reads it, with its sentences labelled.

    Attributes:
        title, text: what the reader sees.
        sentences: (start, end) offsets of its sentences in ``text``.
        labels: per sentence, 1 when it holds a gold answer span, 0 when it holds no gold
            answer, -1 when it holds the answer text elsewhere than at a gold span.
    """

    title: str
    text: str
    sentences: tuple[tuple[int, int], ...]
    labels: tuple[int, ...]


@dataclass(frozen=True)
class Candidate:
    """One sentence of a retrieved passage: ``text`` and its passage's rank (0 = best)."""

    text: str
    passage: int
    label: int


@dataclass(frozen=True)
class Question:
    """A question with its retrieved passages (and their sentences as candidates, in reading order)."""

    id: str
    question: str
    answers: tuple[str, ...]
    impossible: bool
    part: str
    passages: tuple[Passage, ...]

    @cached_property
    def candidates(self) -> tuple[Candidate, ...]:
        return tuple(Candidate(p.text[s:e], rank, label) for rank, p in enumerate(self.passages)
                     for (s, e), label in zip(p.sentences, p.labels, strict=True))


@dataclass(frozen=True)
class Example:
    """One training window: a question against one passage; ``span`` (passage offsets) when it answers."""

    question: str
    title: str
    text: str
    label: int
    span: tuple[int, int] | None
    kind: str  # "answer" or one of KINDS
    answers: tuple[str, ...] = ()  # every gold answer, when scored as SQuAD scores (the best of them counts)


def is_aside(article_id: str) -> bool:
    return zlib.crc32(article_id.encode()) % ASIDE_MODULUS == 0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def holds(text: str, answers: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``answers`` as whole words, after SQuAD normalisation."""
    from qa.evaluation.evaluate import normalize

    words = f" {normalize(text)} "
    return any(normalize(a) and f" {normalize(a)} " in words for a in answers)


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


@dataclass(frozen=True)
class Folder:
    """A SQuAD-format set: its articles (id -> record) and its questions."""

    path: Path
    articles: dict[str, dict[str, Any]]
    rows: tuple[Row, ...]


def load_folder(data_dir: Path, validation: set[str], cache: Path) -> Folder:
    """Read a SQuAD-format folder (or an official SQuAD JSON file, converted into ``cache``).

    Raises:
        DatasetError: it is not a SQuAD-format set.
    """
    from qa.errors import DatasetError

    if data_dir.suffix == ".json" and data_dir.is_file():
        data_dir = convert_squad(data_dir, cache / data_dir.stem)
    articles, questions = data_dir / "articles.jsonl", data_dir / "questions.jsonl"
    if not articles.is_file() or not questions.is_file():
        raise DatasetError(f"{data_dir} is not a training set: it needs articles.jsonl and questions.jsonl.")
    rows = []
    for r in read_jsonl(questions):
        part = "validation" if r["article_id"] in validation else "aside" if is_aside(r["article_id"]) else "train"
        rows.append(Row(r["id"], r["question"], tuple(r["answers"]), r["article_id"], bool(r["is_impossible"]),
                        part, tuple((g["start"], g["end"]) for g in r.get("answer_spans", [])),
                        r.get("paragraph_index")))
    return Folder(data_dir, {a["id"]: a for a in read_jsonl(articles)}, tuple(rows))


def data_hash(folder: Folder) -> str:
    """sha256 of the folder's two files (the training record names the data it learnt from)."""
    digest = hashlib.sha256()
    for name in ("articles.jsonl", "questions.jsonl"):
        digest.update((folder.path / name).read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Training windows


# A name (capitalised words, not the question's first word), a year or another number.
_ENTITY = re.compile(r"(?<![\w-])(?:[A-Z][\w'’.-]*(?:\s+(?:of|the|de|and)?\s*[A-Z][\w'’.-]*)*|\d[\d,.]*)")


def _words(text: str) -> set[str]:
    from qa.vocabulary import content_terms

    return set(content_terms(text))


def _kind(entity: str) -> str:
    if re.fullmatch(r"1\d{3}|20\d{2}", entity):
        return "year"
    return "number" if entity[0].isdigit() else "name"


def _chunks(article: dict[str, Any]) -> list[tuple[int, int]]:
    from qa.documents import Article
    from qa.ingest.chunking import chunk_article

    return [(c.start, c.end) for c in chunk_article(Article(article["id"], article["title"], article["text"]))]


def _swapped(question: str, passage: str, entities: dict[str, list[str]], rng: random.Random) -> str | None:
    """``question`` about another name, number or year of the article, one ``passage`` never mentions."""
    found = [m for m in _ENTITY.finditer(question) if m.start() > 0 and m.group(0) in passage]
    if not found:
        return None
    m = rng.choice(found)
    others = [e for e in entities[_kind(m.group(0))] if e not in passage and e.lower() not in question.lower()]
    if not others:
        return None
    return question[:m.start()] + rng.choice(others) + question[m.end():]


def _preamble(passage: str, answer: tuple[int, int], answers: Sequence[str], question: str,
              rng: random.Random) -> str | None:
    """A sentence of ``passage`` to put before ``question`` as a quiz does: not the answer's
    sentence, not holding an answer, 6 to 40 words; one sharing words with the question first."""
    from qa.ingest.chunking import split_sentences

    asked = _words(question)
    found = [passage[s:e] for s, e in split_sentences(passage)
             if not (s < answer[1] and answer[0] < e) and 6 <= len(passage[s:e].split()) <= 40
             and not holds(passage[s:e], answers)]
    if not found:
        return None
    best = max(len(asked & _words(s)) for s in found)
    return rng.choice([s for s in found if len(asked & _words(s)) == best])


def _article_windows(article: dict[str, Any], rows: list[Row], rng: random.Random,
                     quiz: float = 0.0) -> Iterable[Example]:
    """Every window of one article's questions: the answers (a ``quiz`` share of them behind a
    preamble), and the three kinds of negatives."""
    text, title = article["text"], article["title"]
    from qa.evaluation.evaluate import normalize

    chunks = _chunks(article)
    words = [_words(text[s:e]) for s, e in chunks]
    normalized = [f" {normalize(text[s:e])} " for s, e in chunks]  # once per article, not per question
    entities: dict[str, list[str]] = {"name": [], "number": [], "year": []}
    for entity in dict.fromkeys(m.group(0).rstrip(".,") for m in _ENTITY.finditer(text)):
        entities[_kind(entity)].append(entity)
    for row in rows:
        asked = _words(row.question)
        if row.impossible:
            # SQuAD v2 wrote it against a paragraph (paragraphs are joined with blank lines): its first passage.
            starts = [0] + [m.end() for m in re.finditer(r"\n\n", text)]
            at = starts[row.paragraph] if row.paragraph is not None and row.paragraph < len(starts) else None
            best = next((i for i, (_, e) in enumerate(chunks) if at is not None and at < e), None)
            if best is None:
                best = max(range(len(chunks)), key=lambda i: len(asked & words[i]))
            s, e = chunks[best]
            yield Example(row.question, title, text[s:e], 0, None, "v2")
            continue
        if not row.spans:
            continue
        g0, g1 = row.spans[0]
        home = next((i for i, (s, e) in enumerate(chunks) if s <= g0 and g1 <= e), None)
        if home is None:
            continue  # the answer crosses two passages
        s, e = chunks[home]
        # No draw at all without quiz windows: the rest of the windows stay those of a run before them.
        preamble = _preamble(text[s:e], (g0 - s, g1 - s), row.answers, row.question, rng) \
            if quiz and rng.random() < quiz else None
        if preamble:
            yield Example(f"{preamble} {row.question}", title, text[s:e], 1, (g0 - s, g1 - s), "quiz")
        else:
            yield Example(row.question, title, text[s:e], 1, (g0 - s, g1 - s), "answer")
        answers = [f" {a} " for a in map(normalize, row.answers) if a]
        others = [i for i in range(len(chunks)) if i != home and not any(a in normalized[i] for a in answers)]
        if others:
            i = max(others, key=lambda i: (len(asked & words[i]), -i))
            yield Example(row.question, title, text[chunks[i][0]:chunks[i][1]], 0, None, "other")
        swapped = _swapped(row.question, text[s:e], entities, rng)
        if swapped:
            yield Example(swapped, title, text[s:e], 0, None, "swap")


def windows(folders: Sequence[Folder], part: str, seed: int, quiz: float = 0.0) -> list[Example]:
    """Every window of the questions in ``part``, once each: a question two folders share (SQuAD
    v1 train holds v2 train's first articles under other ids, squad_v2_dev_more squad_v1_dev's
    answerable questions) is taken from the first folder; ``quiz``: the share put behind a preamble."""
    rng = random.Random(seed)
    out: list[Example] = []
    for folder, rows in unique_rows(folders, part):
        by_article: dict[str, list[Row]] = {}
        for row in rows:
            by_article.setdefault(row.article_id, []).append(row)
        for article_id, article_rows in by_article.items():
            out.extend(_article_windows(folder.articles[article_id], article_rows, rng, quiz))
    return out


def unique_rows(folders: Sequence[Folder], part: str) -> list[tuple[Folder, list[Row]]]:
    """Each folder's questions in ``part`` that no earlier folder holds (same article title and words)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for folder in folders:
        rows = []
        for row in folder.rows:
            key = (folder.articles[row.article_id]["title"], row.question.strip().lower())
            if row.part == part and key not in seen:
                seen.add(key)
                rows.append(row)
        out.append((folder, rows))
    return out


def gold_paragraphs(folders: Sequence[Folder], part: str) -> list[Example]:
    """The questions of ``part`` against their gold paragraph (SQuAD's own unit, blank-line separated),
    as published readers are measured: answerable ones with their span, SQuAD v2's unanswerable ones."""
    out = []
    for folder in folders:
        for row in folder.rows:
            if row.part != part or not (row.spans or row.impossible):
                continue
            article = folder.articles[row.article_id]
            text = article["text"]
            starts = [0] + [m.end() for m in re.finditer(r"\n\n", text)]
            if row.impossible:
                if row.paragraph is None or row.paragraph >= len(starts):
                    continue
                at = starts[row.paragraph]
            else:
                at = max(s for s in starts if s <= row.spans[0][0])
            end = text.find("\n\n", at)
            end = len(text) if end < 0 else end
            span = None if row.impossible else (row.spans[0][0] - at, row.spans[0][1] - at)
            out.append(Example(row.question, article["title"], text[at:end], int(not row.impossible), span,
                               "v2" if row.impossible else "answer", row.answers))
    return out


def sample_windows(examples: Sequence[Example], shares: dict[str, float], limit: int, seed: int) -> list[Example]:
    """At most ``limit`` windows, shuffled: every answer window first (quiz ones too), then of each
    negative kind its ``share`` of the answer windows (all of them when they are fewer)."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Example]] = {}
    for x in examples:
        by_kind.setdefault(x.kind, []).append(x)
    answers = by_kind.get("answer", []) + by_kind.get("quiz", [])
    chosen = list(answers)
    for kind in KINDS:
        pool = by_kind.get(kind, [])
        chosen += rng.sample(pool, min(len(pool), round(shares.get(kind, 0.0) * len(answers))))
    rng.shuffle(chosen)
    if len(chosen) > limit:
        chosen = chosen[:limit]
    return chosen


def kinds(examples: Iterable[Example]) -> dict[str, int]:
    return dict(Counter(x.kind for x in examples))
