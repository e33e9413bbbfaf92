"""Library: the one object scripts, the CLI and the app talk to."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np

from qa import answer as answering
from qa.answer import Answer
from qa.articles import Article, iter_files, read_file
from qa.chunking import PARAMS, chunk_article
from qa.config import default_index, default_model
from qa.embedding import Embedder, EmbeddingCache
from qa.errors import ArticleError, EndpointError, IndexMismatch, IndexNotFound, QAError, QuestionError
from qa.generation import Generator, LLMSettings, llm_from_env
from qa.grounding import grounded_answer
from qa.index import IndexData, IndexStore, Segment, embedded_text
from qa.news import Filters, dates_in_question, make_filters
from qa.retrieval import Passage, Retriever

MAX_QUESTION = 1000
ANSWER_PASSAGES = 3
SOURCE_HITS = 8  # "who" answers may name further sources from this many passages


@dataclass
class IngestReport:
    """What ``add_path`` did.

    Attributes:
        added, replaced, unchanged: article ids by outcome.
        problems: one line per file or record that could not be ingested.
        chunks, sentences: how many were indexed by this call.
        embedded: sentences actually encoded (the rest came from the embedding cache).
        seconds: wall time of the call.
    """

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    chunks: int = 0
    sentences: int = 0
    embedded: int = 0
    seconds: float = 0.0


def clean_question(question: str) -> str:
    """The question with control characters and extra spaces removed.

    Raises:
        QuestionError: nothing askable is left, or it is too long.
    """
    text = re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", " ", question or "")).strip()
    if not re.search(r"\w", text):
        raise QuestionError("The question is empty; ask something like: qa ask \"Who warned about a resurgence?\"")
    if len(text) > MAX_QUESTION:
        raise QuestionError(f"The question is {len(text)} characters long; keep it under {MAX_QUESTION}.")
    return text


class Library:
    """An index of articles you can ask questions of.

    Args:
        index_dir: the index folder (default ``indexes/default``, or ``QA_INDEX``).
        model: the embedding model (default the bundled all-MiniLM-L6-v2, or ``QA_MODEL``).
        create: create an empty index when none exists (else raise IndexNotFound).
        llm: an OpenAI-compatible endpoint for fluent answers; None reads ``QA_LLM_URL``
            (unset: offline), False keeps it offline.

    Raises:
        IndexNotFound: no index there and ``create`` is False.
        IndexMismatch: the index was built with another model or format.
        PromptError: LLM mode is on and a prompt template is missing or wrong.
    """

    def __init__(self, index_dir: str | os.PathLike[str] | None = None, *, model: str | None = None,
                 create: bool = True, llm: LLMSettings | Literal[False] | None = None) -> None:
        self.store = IndexStore(index_dir or default_index())
        self.path = self.store.path
        self.model = model or default_model()
        if self.store.exists():
            self.store.check_model(self.store.manifest(), self.model)
        elif not create:
            raise IndexNotFound(str(self.path))
        self.embedder = Embedder(self.model)
        settings = llm_from_env() if llm is None else llm or None
        self.generator = Generator(settings) if settings else None
        self._lock = threading.Lock()
        self._loaded: tuple[int, IndexData, Retriever] | None = None
        self._segments: dict[str, Segment] = {}  # read once; a new commit only reads its new segments
        if not self.store.exists():
            with self.store.lock():
                if not self.store.exists():
                    self.store.commit(IndexData.empty(self.embedder.dimension), model=self.model,
                                      chunking=PARAMS)

    # -- reading -------------------------------------------------------------

    def _current(self) -> tuple[IndexData, Retriever]:
        """The latest committed generation; another process's commit is picked up here."""
        try:
            stamp = self.store.manifest_path.stat().st_mtime_ns
        except FileNotFoundError:
            raise IndexNotFound(str(self.path)) from None
        with self._lock:
            if self._loaded is None or self._loaded[0] != stamp:
                data = self._load()
                self._loaded = (stamp, data, Retriever(data, self.embedder))
            return self._loaded[1], self._loaded[2]

    def _load(self) -> IndexData:
        # A writer may commit twice while we read and prune the generation we
        # were reading: then the manifest has moved on, and we read the new one.
        manifest = self.store.manifest()
        attempts = 1
        while True:
            self.store.check_model(manifest, self.model)
            try:
                data = self.store.load(manifest, self._segments)
                for name in self._segments.keys() - {s.name for s in data.segments}:
                    del self._segments[name]
                return data
            except IndexMismatch:
                latest = self.store.manifest()
                if latest == manifest or attempts == 5:
                    raise
                manifest, attempts = latest, attempts + 1

    def search(self, question: str, k: int = 5, **filters: Any) -> list[Passage]:
        """The ``k`` passages that best match ``question``, best first.

        Args:
            question: what to look for.
            k: how many passages.
            **filters: ``since``, ``until``, ``sources``, ``recent`` as for ``ask``.
        """
        query = clean_question(question)
        _, retriever = self._current()
        return [hit.passage for hit in retriever.search(query, k, self._filters(query, **filters))]

    def ask(self, question: str, *, k: int = ANSWER_PASSAGES, since: str | None = None, until: str | None = None,
            sources: Sequence[str] | None = None, recent: bool = False) -> Answer:
        """Answer ``question`` from the articles, with numbered citations.

        Args:
            question: what to ask.
            k: how many top passages the answer may quote from.
            since, until: only articles published in this range (any readable date).
                Without them, dates the question names ("in 2018", "last week") apply
                when the articles carry dates.
            sources: only articles from these outlets.
            recent: rank newer articles higher.

        Returns:
            An Answer; ``refused`` is True when the articles don't hold the answer.

        Raises:
            QuestionError: the question is empty or too long, or a date is unreadable.
        """
        return _last(self.stream(question, k=k, since=since, until=until, sources=sources, recent=recent))

    def stream(self, question: str, *, k: int = ANSWER_PASSAGES, **filters: Any) -> Iterator[Answer]:
        """Like ``ask``, yielding the answer so far as it grows; the last one is complete.

        Offline it yields once.  In LLM mode each yield adds a sentence that was
        checked against the passage it cites.
        """
        query = clean_question(question)
        return self._stream(query, k, self._filters(query, **filters))

    def _filters(self, query: str, since: str | None = None, until: str | None = None,
                 sources: Sequence[str] | None = None, recent: bool = False) -> Filters:
        try:
            filters = make_filters(since, until, sources, recent)
        except ValueError as exc:
            raise QuestionError(f"The filter is wrong: {exc}.") from None
        if not (since or until) and self._current()[0].has_dates:
            start, end = dates_in_question(query, date.today())
            if start or end:
                filters = replace(filters, since=start, until=end)
        return filters

    def _stream(self, query: str, k: int, filters: Filters, notes: tuple[str, ...] = ()) -> Iterator[Answer]:
        data, retriever = self._current()
        hits = retriever.search(query, max(k, SOURCE_HITS), filters)
        extractive = answering.compose(query, hits, data, main_hits=k)
        if self.generator is None or extractive.refused:
            yield replace(extractive, notes=notes) if notes else extractive
            return
        # The model sees the top passages and those the extractive answer quotes.
        quoted = [h for h in hits[k:] if any(c.article_id == h.passage.article_id and
                                              h.passage.start <= c.start < h.passage.end for c in extractive.citations)]
        yield from grounded_answer(self.generator, query, [*hits[:k], *quoted], data, self.embedder, extractive,
                                   notes)

    def article(self, article_id: str) -> Article:
        """The stored article (its ``text`` is what citation offsets refer to).

        Raises:
            QAError: no article has that id.
        """
        data, _ = self._current()
        if article_id not in data.positions:
            raise QAError(f"No article {article_id!r} in {self.path}; `qa list` shows the ids.")
        return data.articles[data.positions[article_id]]

    def articles(self) -> list[Article]:
        """Every stored article, in the order they were added."""
        data, _ = self._current()
        return [data.articles[i] for i in data.live]

    def chunk_counts(self) -> dict[str, int]:
        """Article id -> number of chunks."""
        data, _ = self._current()
        counts = np.bincount(data.chunk_article, minlength=len(data.articles))
        return {data.articles[i].id: int(counts[i]) for i in data.live}

    def info(self) -> dict[str, Any]:
        """Counts, model and size on disk."""
        data, _ = self._current()
        manifest = self.store.manifest()
        size = sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
        sentences = int(data.alive[data.chunk_article[data.sentence_chunk]].sum()) if data.segments else 0
        return {"index": str(self.path), "articles": len(data.live), "chunks": data.n_live_chunks,
                "sentences": sentences, "model": manifest["model"], "dimension": manifest["dimension"],
                "generation": manifest["generation"],
                "segments": ", ".join(f"{e['name']} ({e['dense']}, {e['sentences']} sentences)"
                                      for e in manifest["segments"]),
                "bytes_on_disk": size}

    def chat(self) -> Chat:
        """A conversation: follow-up questions are read in the light of earlier turns."""
        return Chat(self)

    # -- writing -------------------------------------------------------------

    def add_path(self, path: str | os.PathLike[str], *,
                 progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Ingest a file or a folder (recursively).

        Unchanged articles are skipped, changed ones replaced.  A bad file is
        reported in ``problems`` and the rest still ingest.

        Args:
            path: a ``.txt``/``.md``/``.html``/``.json``/``.jsonl`` file or a folder of them.
            progress: called as ``progress(done, total)`` in sentences embedded.

        Raises:
            ArticleError: ``path`` does not exist or is a single unusable file.
            IndexBusy: another process is writing this index.
        """
        root = Path(path)
        articles: list[Article] = []
        problems: list[str] = []
        files = list(iter_files(root))
        for file in files:
            try:
                found, bad = read_file(file)
            except ArticleError as exc:
                if root.is_file():
                    raise
                problems.append(str(exc))
                continue
            articles.extend(found)
            problems.extend(str(e) for e in bad)
        report = self.add_articles(articles, progress=progress)
        report.problems[:0] = problems
        return report

    def add_articles(self, articles: Iterable[Article], *,
                     progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Ingest Article objects (what ``add_path`` does after reading files)."""
        try:
            return self._add(articles, progress)
        except (OSError, sqlite3.Error) as exc:
            raise QAError(f"Could not write the index at {self.path} ({exc}); the previous version is intact. "
                          "Free disk space or fix permissions, then ingest again.") from exc

    def _add(self, articles: Iterable[Article], progress: Callable[[int, int], None] | None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        with self.store.lock():
            data, _ = self._current()
            fresh: dict[str, Article] = {}
            for article in articles:
                if article.id in fresh:
                    report.problems.append(f"{article.source}: duplicate id {article.id!r}; the first one was kept")
                    continue
                position = data.positions.get(article.id)
                if position is not None and data.hashes[position] == article.content_hash:
                    report.unchanged.append(article.id)
                    continue
                (report.replaced if position is not None else report.added).append(article.id)
                fresh[article.id] = article
            if fresh:
                new = list(fresh.values())
                chunks = [chunk_article(a) for a in new]
                texts = [embedded_text(a.title, a.text[s:e])
                         for a, cs in zip(new, chunks, strict=True) for c in cs for s, e in c.sentences]
                vectors, report.embedded = self._embed(texts, progress)
                next_name = self.store.segment_names()
                updated = data.removing(set(report.replaced)).adding(next_name(), new, chunks, vectors, next_name)
                self.store.commit(updated, model=self.model, chunking=PARAMS)
                report.chunks = sum(len(cs) for cs in chunks)
                report.sentences = len(texts)
        report.seconds = time.perf_counter() - started
        return report

    def _embed(self, texts: list[str], progress: Callable[[int, int], None] | None) -> tuple[np.ndarray, int]:
        cache = EmbeddingCache(self.path / "embeddings.sqlite", self.model, self.embedder.dimension)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(texts))

        try:
            return cache.embed(self.embedder, texts, advance)
        finally:
            cache.close()

    def remove(self, article_id: str) -> None:
        """Delete one article and its passages.

        Raises:
            QAError: no article has that id.
        """
        with self.store.lock():
            data, _ = self._current()
            if article_id not in data.positions:
                raise QAError(f"No article {article_id!r} in {self.path}; `qa list` shows the ids.")
            self.store.commit(data.removing({article_id}), model=self.model, chunking=PARAMS)


_FOLLOW_UP = re.compile(
    r"\b(he|she|him|her|his|hers|they|them|their|it|its|this|that|these|those|there|then|"
    r"the (?:same|latter|former|group|company|report|article))\b", re.IGNORECASE)
_PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers)\b", re.IGNORECASE)
_PERSON = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2}")
_NAME = re.compile(r"\b(?:[A-Z][\w'’-]+)(?:\s+(?:of|for|the|and|[A-Z][\w'’-]+))*\s+[A-Z][\w'’-]+|\b[A-Z]{2,}\b")


class Chat:
    """A conversation over one Library.

    A follow-up ("Which think tank is she with?") is retrieved together with
    the previous question and the names in the previous answer, so "she"
    finds the person the last answer was about.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self.history: list[tuple[str, Answer]] = []

    def contextual_query(self, question: str) -> str:
        """The text retrieved for ``question`` without an LLM.

        "She" or "his" is read as the people the previous answer names; "it",
        "they" or "that" as everything it names; with no names, the previous
        question stands in.
        """
        question = clean_question(question)
        if not self.history or not _FOLLOW_UP.search(question):
            return question
        previous, answer = self.history[-1]
        names = list(dict.fromkeys(m.group(0) for c in answer.citations for m in _NAME.finditer(c.text)))
        if _PERSON_PRONOUN.search(question):
            # A person is named in full once, then by surname ("Melissa Dalton ... Dalton said").
            cited = " ".join(c.text for c in answer.citations)
            people = [n for n in names if _PERSON.fullmatch(n) and
                      len(re.findall(rf"\b{re.escape(n.split()[-1])}\b", cited)) > cited.count(n)]
            names = people or names
        return " ".join([question, *(names or [previous])])[:MAX_QUESTION]

    def _query(self, question: str) -> tuple[str, tuple[str, ...]]:
        generator = self.library.generator
        if generator is None or not self.history or not _FOLLOW_UP.search(question):
            return self.contextual_query(question), ()
        try:
            turns = [(q, a.text) for q, a in self.history]
            return clean_question(generator.condense(turns, question)[:MAX_QUESTION]), ()
        except (EndpointError, QuestionError) as exc:
            return self.contextual_query(question), (f"{exc}; read the follow-up without the model",)

    def stream(self, question: str, *, k: int = ANSWER_PASSAGES, **filters: Any) -> Iterator[Answer]:
        """Like ``Library.stream``, in the context of the earlier turns."""
        question = clean_question(question)
        query, notes = self._query(question)
        answer = None
        for answer in self.library._stream(query, k, self.library._filters(question, **filters), notes):
            yield answer
        if answer is not None:
            self.history.append((question, answer))

    def ask(self, question: str, *, k: int = ANSWER_PASSAGES, **filters: Any) -> Answer:
        """Answer ``question`` in the context of the earlier turns (filters as for ``Library.ask``)."""
        return _last(self.stream(question, k=k, **filters))


def _last(answers: Iterator[Answer]) -> Answer:
    *_, final = answers  # a stream always yields at least one answer
    return final
