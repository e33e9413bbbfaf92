"""Library: the one object scripts, the CLI and the app talk to."""

from __future__ import annotations

import os
import re
import sqlite3
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
from qa.chunking import Chunk, chunk_article
from qa.config import default_index, default_model, default_store
from qa.embedding import Embedder, EmbeddingCache
from qa.errors import ArticleError, EndpointError, QAError, QuestionError
from qa.generation import Generator, LLMSettings, llm_from_env
from qa.grounding import grounded_answer
from qa.index import sentence_texts
from qa.news import Filters, dates_in_question, make_filters
from qa.retrieval import Passage
from qa.store import FolderStore, Store

MAX_QUESTION = 1000
ANSWER_PASSAGES = 3
SOURCE_HITS = 8  # "who" answers may name further sources from this many passages
Prepared = tuple[list[list[Chunk]], np.ndarray, int]  # chunks per article, sentence vectors, how many were encoded
Prepare = Callable[[list[Article]], Prepared]


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
        index_dir: the index folder (default ``indexes/default``, or ``QA_INDEX``); with a
            database ``store`` it keeps only the embedding cache.
        model: the embedding model (default the bundled all-MiniLM-L6-v2, or ``QA_MODEL``).
        create: create an empty index when none exists (else raise IndexNotFound).
        llm: an OpenAI-compatible endpoint for fluent answers; None reads ``QA_LLM_URL``
            (unset: offline), False keeps it offline.
        store: a PostgreSQL connection URI (``postgresql://...``, or ``QA_STORE``) to keep
            articles, vectors and the lexical index in the database instead of the folder;
            several processes and machines can share it.

    Raises:
        IndexNotFound: no index there and ``create`` is False.
        IndexMismatch: the index was built with another model or format.
        StoreError: the database cannot be reached or lacks pgvector.
        PromptError: LLM mode is on and a prompt template is missing or wrong.
    """

    def __init__(self, index_dir: str | os.PathLike[str] | None = None, *, model: str | None = None,
                 create: bool = True, llm: LLMSettings | Literal[False] | None = None,
                 store: str | None = None) -> None:
        self.path = Path(index_dir or default_index())
        self.model = model or default_model()
        self.embedder = Embedder(self.model)
        database = store if store is not None else default_store()
        if database:
            from qa.pgstore import PgStore

            self.store: Store = PgStore(database, self.model, self.embedder, create=create)
        else:
            self.store = FolderStore(self.path, self.model, self.embedder, create=create)
        settings = llm_from_env() if llm is None else llm or None
        self.generator = Generator(settings) if settings else None

    def search(self, question: str, k: int = 5, **filters: Any) -> list[Passage]:
        """The ``k`` passages that best match ``question``, best first.

        Args:
            question: what to look for.
            k: how many passages.
            **filters: ``since``, ``until``, ``sources``, ``recent`` as for ``ask``.
        """
        query = clean_question(question)
        hits, _ = self.store.search(query, k, self._filters(query, **filters))
        return [hit.passage for hit in hits]

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
        if not (since or until) and self.store.has_dates():
            start, end = dates_in_question(query, date.today())
            if start or end:
                filters = replace(filters, since=start, until=end)
        return filters

    def _stream(self, query: str, k: int, filters: Filters, notes: tuple[str, ...] = ()) -> Iterator[Answer]:
        hits, data = self.store.search(query, max(k, SOURCE_HITS), filters)
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
        found = self.store.get(article_id)
        if found is None:
            raise QAError(f"No article {article_id!r} in {self.store.location}; `qa list` shows the ids.")
        return found

    def articles(self) -> list[Article]:
        """Every stored article, in the order they were added."""
        return self.store.articles()

    def chunk_counts(self) -> dict[str, int]:
        """Article id -> number of chunks."""
        return self.store.chunk_counts()

    def info(self) -> dict[str, Any]:
        """Counts, model and where the index lives."""
        return self.store.info()

    def chat(self) -> Chat:
        """A conversation: follow-up questions are read in the light of earlier turns."""
        return Chat(self)

    # -- writing -------------------------------------------------------------

    def add_path(self, path: str | os.PathLike[str], *, progress: Callable[[int, int], None] | None = None,
                 prepare: Prepare | None = None) -> IngestReport:
        """Ingest a file or a folder (recursively).

        Unchanged articles are skipped, changed ones replaced.  A bad file is
        reported in ``problems`` and the rest still ingest.

        Args:
            path: a ``.txt``/``.md``/``.html``/``.json``/``.jsonl`` file or a folder of them.
            progress: called as ``progress(done, total)`` in sentences embedded.
            prepare: how new articles become chunks and sentence vectors; by default
                here, through the embedding cache (``qa.distributed.RayPrepare`` spreads it
                over a Ray cluster).

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
        report = self.add_articles(articles, progress=progress, prepare=prepare)
        report.problems[:0] = problems
        return report

    def add_articles(self, articles: Iterable[Article], *, progress: Callable[[int, int], None] | None = None,
                     prepare: Prepare | None = None) -> IngestReport:
        """Ingest Article objects (what ``add_path`` does after reading files)."""
        try:
            return self._add(articles, prepare or (lambda new: self._prepare(new, progress)))
        except (OSError, sqlite3.Error) as exc:
            raise QAError(f"Could not write the index at {self.store.location} ({exc}); the previous version is "
                          "intact. Free disk space or fix permissions, then ingest again.") from exc

    def _add(self, articles: Iterable[Article], prepare: Prepare) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        with self.store.lock():
            fresh: dict[str, Article] = {}
            given = list(articles)
            known = self.store.hashes([a.id for a in given])
            for article in given:
                if article.id in fresh:
                    report.problems.append(f"{article.source}: duplicate id {article.id!r}; the first one was kept")
                    continue
                if known.get(article.id) == article.content_hash:
                    report.unchanged.append(article.id)
                    continue
                (report.replaced if article.id in known else report.added).append(article.id)
                fresh[article.id] = article
            if fresh:
                new = list(fresh.values())
                chunks, vectors, report.embedded = prepare(new)
                self.store.write(new, chunks, vectors, set(report.replaced))
                report.chunks = sum(len(cs) for cs in chunks)
                report.sentences = len(vectors)
        report.seconds = time.perf_counter() - started
        return report

    def _prepare(self, articles: list[Article], progress: Callable[[int, int], None] | None) -> Prepared:
        """Chunk ``articles`` and embed their sentences, through the embedding cache."""
        chunks = [chunk_article(a) for a in articles]
        texts = [t for a, cs in zip(articles, chunks, strict=True) for t in sentence_texts(a, cs)]
        self.path.mkdir(parents=True, exist_ok=True)
        cache = EmbeddingCache(self.path / "embeddings.sqlite", self.model, self.embedder.dimension)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(texts))

        try:
            vectors, embedded = cache.embed(self.embedder, texts, advance)
        finally:
            cache.close()
        return chunks, vectors, embedded

    def remove(self, article_id: str) -> None:
        """Delete one article and its passages.

        Raises:
            QAError: no article has that id.
        """
        with self.store.lock():
            if not self.store.remove(article_id):
                raise QAError(f"No article {article_id!r} in {self.store.location}; `qa list` shows the ids.")


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
