"""Tracked questions: asked again when articles arrive, with a record of each time the answer moves.

A person following a story asks the same question every few days ("How many fighters does the
Islamic State have?").  ``Library.track`` keeps the question with its answer; after every ingest
(files, web addresses, feeds, the watched folder, an upload) each tracked question is asked again
over the new articles only, so re-asking costs work in proportion to what arrived, not to the index.
When the new articles answer it differently, a ``Change`` is recorded with both answers and their
citations: a refusal turned into an answer, a new short answer (a new figure), or a newer article
saying the same.  Both are kept by the store, written atomically: ``tracked.json`` in an index
folder, a row in PostgreSQL.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from xml.etree import ElementTree

from qa.answering.answer import Answer
from qa.store.base import Store

DOCUMENT = "tracked"  # the store's document (Store.read_json): tracked.json in an index folder
ChangeKind = Literal["answered", "new answer", "newer report"]


@dataclass(frozen=True)
class Cited:
    """A citation as a tracked answer keeps it (the article may be removed later)."""

    article_id: str
    title: str
    start: int
    end: int
    text: str
    published: str | None = None


@dataclass(frozen=True)
class Seen:
    """A tracked question's answer at one time: its short answer, its citations, whether refused."""

    at: str
    refused: bool
    short: str | None
    confidence: float
    citations: tuple[Cited, ...] = ()

    @property
    def said(self) -> str:
        """The answer in a few words: its short answer, or that it was refused."""
        return "refused" if self.refused else self.short or "(no short answer)"

    @property
    def newest(self) -> str:
        """The latest publication date among its citations ("" when none is dated)."""
        return max((c.published or "" for c in self.citations), default="")


@dataclass(frozen=True)
class Tracked:
    """A question asked again whenever articles arrive."""

    id: str
    question: str
    since: str | None
    answer: Seen


@dataclass(frozen=True)
class Change:
    """A tracked question whose answer moved: what it was, what it is, and why it counts."""

    question_id: str
    question: str
    at: str
    kind: ChangeKind
    before: Seen
    after: Seen


def seen(answer: Answer) -> Seen:
    """What a tracked question keeps of ``answer``."""
    return Seen(_now(), answer.refused, answer.short_text,
                answer.confidence, tuple(Cited(c.article_id, c.title, c.start, c.end, c.text, c.published)
                                         for c in answer.citations))


def moved(before: Seen, after: Seen) -> ChangeKind | None:
    """Why ``after`` (the new articles' answer) is a change from ``before``, or None when it is not."""
    if after.refused:
        return None  # the new articles don't answer it: the answer stands
    if before.refused:
        return "answered"
    if after.short and _plain(after.short) != _plain(before.short or ""):
        return "new answer"
    return "newer report" if after.newest > before.newest else None


def _plain(text: str) -> str:
    return re.sub(r"[^\w%$£€]+", " ", text.lower()).strip()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class TrackBook:
    """The tracked questions of one index and their changes: the store's ``tracked`` document
    (``tracked.json`` in an index folder, a row of ``qa_meta`` in PostgreSQL)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> tuple[list[Tracked], list[Change]]:
        """The tracked questions, and every change recorded, oldest first."""
        return _parse(self.store.read_json(DOCUMENT))

    @contextmanager
    def editing(self) -> Iterator[tuple[list[Tracked], list[Change]]]:
        """The questions and changes, to change in place; written back atomically when the block ends."""
        with self.store.edit_json(DOCUMENT) as data:
            questions, changes = _parse(data)
            yield questions, changes
            data.update(version=1, questions=[asdict(q) for q in questions], changes=[asdict(c) for c in changes])


def _parse(data: dict[str, Any]) -> tuple[list[Tracked], list[Change]]:
    return ([Tracked(q["id"], q["question"], q["since"], _seen(q["answer"])) for q in data.get("questions", ())],
            [Change(c["question_id"], c["question"], c["at"], c["kind"], _seen(c["before"]), _seen(c["after"]))
             for c in data.get("changes", ())])


def new_id() -> str:
    return uuid.uuid4().hex[:8]


def _seen(data: dict[str, Any]) -> Seen:
    return Seen(data["at"], data["refused"], data["short"], data["confidence"],
                tuple(Cited(**c) for c in data["citations"]))


def atom(changes: list[Change], title: str = "Tracked questions: changes") -> str:
    """The changes as an Atom feed, newest first, so that a feed reader can follow them."""
    ns = "http://www.w3.org/2005/Atom"
    feed = ElementTree.Element("feed", xmlns=ns)
    ElementTree.SubElement(feed, "title").text = title
    ElementTree.SubElement(feed, "id").text = "urn:qa:tracked-changes"
    ElementTree.SubElement(feed, "updated").text = changes[-1].at if changes else _now()
    ElementTree.SubElement(ElementTree.SubElement(feed, "author"), "name").text = "qa"
    for change in reversed(changes):
        entry = ElementTree.SubElement(feed, "entry")
        ElementTree.SubElement(entry, "title").text = f"{change.question} ({change.kind})"
        ElementTree.SubElement(entry, "id").text = f"urn:qa:change:{change.question_id}:{change.at}"
        ElementTree.SubElement(entry, "updated").text = change.at
        quotes = "\n".join(f"[{c.title}, {c.published or 'undated'}] {c.text}" for c in change.after.citations)
        ElementTree.SubElement(entry, "content", type="text").text = (
            f"Was: {change.before.said}\nNow: {change.after.short or '(see the quotes)'}\n{quotes}")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode")
