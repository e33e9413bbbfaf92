"""Library: the one object scripts, the CLI and the app talk to.

It owns the policy of the verbs: how a question is cleaned and which
articles may answer it, and what an ingest does with unchanged, changed,
unreadable and colliding articles.  Storage is ``qa.store.base``'s, ranking
``qa.retrieval.ranking``'s, answering ``qa.answering.compose``'s.
The question policy it shares with its clients (cleaning, length, passages read) is
``qa.retrieval.question``'s; a conversation (``qa.chat``) is a client above it.
Fetching web pages and feeds is ``qa.ingest.pages``' and ``qa.ingest.feeds``'; here they are only ingested.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from qa.answering import compose as answering
from qa.answering.answer import Answer, Citation
from qa.answering.generation import Generator
from qa.answering.grounding import grounded_answer
from qa.chat import Chat
from qa.config import LLMSettings, default_index, default_model, default_store, llm_settings
from qa.documents import Article
from qa.embedding import Embedder
from qa.errors import (
    ArticleError,
    ArticleNotFound,
    IndexNotFound,
    NoFeedFollowed,
    PageUnavailable,
    QAError,
    QuestionError,
)
from qa.ingest.articles import read_path
from qa.ingest.chunking import PARAMS
from qa.ingest.pipeline import Prepare, Progress, existing_paths, ingest, prepare_here
from qa.ingest.report import IngestReport, Problem
from qa.reading.model import Reader, load_reader
from qa.reading.read import read
from qa.retrieval.evidence import Evidence, Hit, Passage
from qa.retrieval.filters import dates_in_question, make_filters
from qa.retrieval.question import ANSWER_PASSAGES, clean_question
from qa.retrieval.ranking import search
from qa.store.base import Filters, IndexInfo, Snapshot, Store, write_failed
from qa.store.folder.store import FolderStore
from qa.tracking import Change, TrackBook, Tracked, moved, new_id, seen

if TYPE_CHECKING:
    from qa.ingest.feeds import FeedState
    from qa.ingest.fetch import FetchPolicy

T = TypeVar("T")
SOURCE_HITS = 8  # passages searched: the LLM also sees those past k that hold a sentence the extractive answer quotes
MAX_OUTLETS_NOTED = 20  # an unknown --source lists at most this many of the outlets there are


@dataclass(frozen=True)
class ArticleSummary:
    """One row of ``Library.listing()``: an article without its text.

    Attributes:
        id, title, source, url, published: as on the Article.
        chunks: how many passages it was cut into.
    """

    id: str
    title: str
    source: str
    url: str | None
    published: str | None
    chunks: int


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
        reader: the reader that picks the answering sentence and its short answer (default the
            shipped one, ``qa/models/reader``, loaded on the first question).

    Raises:
        IndexNotFound: no index there and ``create`` is False, or ``index_dir`` is a file.
        IndexMismatch: the index was built with another model or format.
        ModelNotFound: the embedding model is not available offline.
        StoreError: the database cannot be reached or lacks pgvector.
        ConfigError: a ``QA_*`` setting has a value that cannot be used.
        PromptError: LLM mode is on and a prompt template is missing or wrong.
    """

    def __init__(self, index_dir: str | os.PathLike[str] | None = None, *, model: str | None = None,
                 create: bool = True, llm: LLMSettings | Literal[False] | None = None,
                 store: str | None = None, reader: Reader | None = None) -> None:
        self.path = Path(index_dir or default_index())
        if self.path.exists() and not self.path.is_dir():
            raise IndexNotFound(str(self.path), "qa ingest seeds/ --index FOLDER (a new folder is made)",
                                why=" (it is a file; an index is a folder)")
        self.model = model or default_model()
        self.embedder = Embedder(self.model)
        database = store if store is not None else default_store()
        if database:
            from qa.store.postgres.store import PgStore

            self.store: Store = PgStore(database, self.model, self.embedder.dimension, create=create,
                                       chunking=PARAMS)
        else:
            self.store = FolderStore(self.path, self.model, self.embedder.dimension, create=create,
                                     chunking=PARAMS)
        settings = llm_settings() if llm is None else llm or None
        self.generator = Generator(settings) if settings else None
        self._reader = reader

    @property
    def reader(self) -> Reader:
        """The reader (by default the shipped one, loaded on the first question, not with the index)."""
        if self._reader is None:
            self._reader = load_reader()
        return self._reader

    # -- asking --------------------------------------------------------------

    def search(self, question: str, k: int = 5, *, since: str | None = None, until: str | None = None,
               sources: Sequence[str] | None = None, recent: bool = False,
               articles: Sequence[str] | None = None) -> list[Passage]:
        """The ``k`` passages that best match ``question``, best first.

        Args:
            question: what to look for.
            k: how many passages.
            since, until, sources, recent, articles: as for ``ask``.

        Raises:
            QuestionError: the question is empty or too long, or a date is unreadable.
        """
        query = clean_question(question)
        with self.store.snapshot() as snapshot:  # every read of the question sees one state
            filters, _ = self._filters(query, since, until, sources, recent, snapshot, articles)
            evidence = search(snapshot, self.embedder, query, k, filters)
        return [hit.passage for hit in evidence.hits]

    def ask(self, question: str, *, k: int = ANSWER_PASSAGES, since: str | None = None, until: str | None = None,
            sources: Sequence[str] | None = None, recent: bool = False, query: str | None = None,
            articles: Sequence[str] | None = None) -> Answer:
        """Answer ``question`` from the articles, with numbered citations.

        Args:
            question: what to ask.
            k: how many top passages the answer may quote from.
            since, until: only articles published in this range (any readable date); an
                undated article is left out.  Without them, dates the question names ("in
                2018", "last week") only rank articles published then, or soon after, higher
                (news about a year is mostly published after it): no article is left out,
                and a note says so.
            sources: only articles from these outlets (case-insensitive); a name no article
                has gets a note listing the outlets there are.
            recent: rank newer articles higher.
            query: the text to retrieve and answer for in place of ``question``, e.g. a
                follow-up with its pronouns resolved ("What book did Nicholas Negroponte
                publish?"); dates are still read from ``question``.
            articles: only these articles (by id), e.g. the report a conversation's "that
                report" means.

        Returns:
            An Answer; ``refused`` is True when the articles don't hold the answer.

        Raises:
            QuestionError: the question is empty or too long, or a date is unreadable.
        """
        *_, final = self.stream(question, k=k, since=since, until=until, sources=sources, recent=recent,
                                query=query, articles=articles)  # a stream always yields at least one answer
        return final

    def stream(self, question: str, *, k: int = ANSWER_PASSAGES, since: str | None = None,
               until: str | None = None, sources: Sequence[str] | None = None, recent: bool = False,
               query: str | None = None, articles: Sequence[str] | None = None) -> Iterator[Answer]:
        """Like ``ask``, yielding the answer so far as it grows; the last one is complete.

        Offline it yields once.  In LLM mode each yield adds a sentence that was
        checked against the passage it cites.

        Raises:
            QuestionError: as for ``ask``, before anything is yielded.
        """
        question = clean_question(question)
        target = clean_question(query) if query else question
        with self.store.snapshot() as snapshot:  # every read of the question sees one state
            filters, notes = self._filters(question, since, until, sources, recent, snapshot, articles)
            hits = search(snapshot, self.embedder, target, max(k, SOURCE_HITS), filters).hits
        return self._answers(target, k, hits, notes)

    def _filters(self, question: str, since: str | None, until: str | None, sources: Sequence[str] | None,
                 recent: bool, snapshot: Snapshot,
                 articles: Sequence[str] | None = None) -> tuple[Filters, tuple[str, ...]]:
        """Which articles may answer, and the notes that tell the reader how that was chosen (from facts of
        the question's snapshot, never a read of whole articles)."""
        try:
            filters = make_filters(since, until, sources, recent, articles)
        except ValueError as exc:
            raise QuestionError(f"The filter is wrong: {exc}.") from None
        notes: list[str] = []
        if sources:
            notes += _unknown_outlets(sources, snapshot.outlets())
        if not (since or until) and snapshot.has_dates():
            # A date in the question is what it is about, not when it was reported: rank, never exclude.
            start, end = dates_in_question(question, date.today())
            if start or end:
                filters = replace(filters, near=(start, end))
                span = f"from {start} to {end}" if start and end else f"from {start} on" if start else f"up to {end}"
                notes.append(f"The question names a date: articles published {span}, or soon after, rank higher "
                             "and none is left out; give since/until (--since/--until) to search only those dates.")
        return filters, tuple(notes)

    def _answers(self, query: str, k: int, hits: tuple[Hit, ...], notes: tuple[str, ...]) -> Iterator[Answer]:
        """The answer to ``query`` from the ``hits`` retrieval found: extractive, then grounded LLM steps."""
        top = Evidence(query, hits[:k])  # the answer quotes from these k passages only: the reader reads them
        extractive = answering.compose(query, top, read(self.reader, query, top, hits=k))
        if self.generator is None or extractive.refused:
            yield replace(extractive, notes=notes) if notes else extractive
            return
        # The model sees the top passages and those holding a sentence the extractive answer quotes beyond them
        # (the sentence that introduces someone a quote names by surname).
        quoted = [h for h in hits[k:] if any(c.article_id == h.passage.article_id and
                                              h.passage.start <= c.start < h.passage.end for c in extractive.citations)]
        yield from grounded_answer(self.generator, query, Evidence(query, (*top.hits, *quoted)), self.embedder,
                                   extractive, notes)

    def chat(self) -> Chat:
        """A conversation: follow-up questions are read in the light of earlier turns."""
        return Chat(self)

    # -- tracked questions (qa.tracking) -------------------------------------

    def track(self, question: str, *, since: str | None = None) -> Tracked:
        """Keep asking ``question``: after every ingest it is asked again over the new articles, and a
        ``Change`` is recorded when they answer it differently (``changes``).

        Raises:
            QuestionError: the question is empty or too long, or the date is unreadable.
        """
        question = clean_question(question)
        tracked = Tracked(new_id(), question, since, seen(self.ask(question, since=since)))
        with TrackBook(self.store).editing() as (questions, _):
            questions.append(tracked)
        return tracked

    def tracked(self) -> list[Tracked]:
        """The tracked questions, each with its latest answer."""
        return TrackBook(self.store).load()[0]

    def untrack(self, question_id: str) -> None:
        """Stop tracking a question (its recorded changes stay).

        Raises:
            QuestionError: no tracked question has that id.
        """
        with TrackBook(self.store).editing() as (questions, _):
            kept = [q for q in questions if q.id != question_id]
            if len(kept) == len(questions):
                raise QuestionError(f"No tracked question has the id {question_id!r}; qa tracked lists them.")
            questions[:] = kept

    def changes(self) -> list[Change]:
        """Every change of a tracked question's answer, oldest first."""
        return TrackBook(self.store).load()[1]

    def _recheck(self, article_ids: list[str]) -> None:
        """Ask each tracked question again over ``article_ids`` only (the articles just ingested)."""
        if not article_ids:
            return
        book = TrackBook(self.store)
        found = {}
        for q in book.load()[0]:
            answer = seen(self.ask(q.question, since=q.since, articles=article_ids))
            if moved(q.answer, answer):
                found[q.id] = answer
        if found:
            with book.editing() as (questions, changes):
                for i, q in enumerate(questions):
                    now = found.get(q.id)
                    kind = moved(q.answer, now) if now else None
                    if now and kind:
                        changes.append(Change(q.id, q.question, now.at, kind, q.answer, now))
                        questions[i] = replace(q, answer=now)

    # -- reading -------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The stored article (its ``text`` is what citation offsets refer to).

        Raises:
            ArticleNotFound: no article has that id.
        """
        found = self.store.get(article_id)
        if found is None:
            raise ArticleNotFound(article_id)
        return found

    def page_image(self, citation: Citation, short: Citation | None = None) -> Path:
        """A PNG of the PDF page ``citation`` quotes, the quoted characters lit (``short``'s more strongly).

        Drawn from the PDF the article was read from, only when asked, and kept in a cache folder (the
        user's own, in the system's temporary one) under a name that changes when the file, the quote or
        the short answer does.  A scanned page is read by OCR again to place the quote (seconds, the first
        time).

        Raises:
            PageUnavailable: the article is not a PDF, or its file is gone or no longer prints the quote.
            ArticleNotFound: the cited article is not in the index.
        """
        from qa.ingest.highlight import draw, quoted_on_page

        article = self.article(citation.article_id)
        page = article.page_at(citation.start)
        if page is None or not article.origin:
            raise PageUnavailable(f"{article.id}: only the pages of a PDF file can be shown, and this article was "
                                  "not read from one")
        if "://" in article.origin:
            raise PageUnavailable(f"{article.id}: fetched from {article.origin}; download the PDF and ingest the "
                                  "file to see its pages")
        pdf = Path(article.origin)
        stat = pdf.stat() if pdf.is_file() else None
        inside = (short.start - citation.start, short.end - citation.start) if short and citation.holds(short) \
            else None
        key = hashlib.sha256(repr((str(pdf), stat and (stat.st_size, stat.st_mtime_ns), page, citation.text,
                                   inside)).encode()).hexdigest()[:24]
        cached = Path(tempfile.gettempdir()) / f"qa-pages-{getpass.getuser()}" / f"{key}.png"
        if cached.is_file():
            return cached
        png = draw(pdf, quoted_on_page(pdf, article, citation.start, citation.end, inside))
        try:
            cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the pages are the user's own reading
            partial_file = cached.with_suffix(f".{os.getpid()}.part")
            partial_file.write_bytes(png)
            partial_file.replace(cached)  # whole or not at all, when two ask at once
        except OSError as exc:
            raise PageUnavailable(f"the page could not be written to {cached.parent} ({exc.strerror}); free some "
                                  "space there, or set TMPDIR to a folder you can write") from None
        return cached

    def articles(self) -> list[Article]:
        """Every stored article, in the order they were added."""
        return self.store.articles()

    def listing(self) -> list[ArticleSummary]:
        """Every stored article without its text, in the order they were added."""
        counts = self.store.chunk_counts()
        return [ArticleSummary(a.id, a.title, a.source, a.url, a.published, counts.get(a.id, 0))
                for a in self.store.articles()]

    def outlets(self) -> list[str]:
        """The outlets the articles name, sorted (what ``sources=`` may choose from)."""
        with self.store.snapshot() as snapshot:
            return list(snapshot.outlets())

    def chunk_counts(self) -> dict[str, int]:
        """Article id -> number of chunks."""
        return self.store.chunk_counts()

    def info(self) -> IndexInfo:
        """Counts, model, layout and where the index lives."""
        return self.store.info()

    # -- writing -------------------------------------------------------------

    def add(self, sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
            progress: Callable[[str, int, int], None] | None = None, ray: bool = False,
            ray_address: str | None = None, workers: int = 2, policy: FetchPolicy | None = None,
            reported: Callable[[str, IngestReport], None] | None = None) -> IngestReport:
        """Ingest files, folders and web addresses alike, one after the other (paths first).

        Every path is checked before anything is read or written; a path or address that
        cannot be read as a whole (a single unusable file, a page that cannot be fetched)
        becomes one of ``problems`` and the others still ingest.  A new index is written by
        its first commit, so an ingest that adds nothing leaves nothing behind.
        ``report.check()`` then raises what the whole ingest ends with.

        Args:
            sources: a file, folder or ``http(s)://`` address, or several.
            progress: called as ``progress(path, done, total)`` in sentences embedded.
            ray, ray_address, workers: chunk and embed files with Ray Data over ``workers`` actors
                (``pip install 'qa[distributed]'``), in a local Ray cluster or the one at
                ``ray_address`` (``ray://head:10001``, ``auto``).
            policy: how addresses are fetched (as for ``add_urls``).
            reported: called with each path or address and its own report as it finishes.

        Returns:
            The reports of all sources together.

        Raises:
            ArticleError: a path does not exist (checked before anything is written).
            IndexBusy, WriteFailed, StoreError: the index could not be written.
        """
        from qa.ingest.fetch import is_web_address

        given = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
        urls = [str(s) for s in given if isinstance(s, str) and is_web_address(s)]
        paths = existing_paths(s for s in given if not (isinstance(s, str) and is_web_address(s)))
        report = self._add_paths(paths, progress=progress, ray=ray, ray_address=ray_address, workers=workers,
                                 reported=reported)
        if urls:
            report.extend(self.add_urls(urls, policy=policy, reported=reported))
        return report

    def add_paths(self, paths: Iterable[str | os.PathLike[str]], *,
                  progress: Callable[[str, int, int], None] | None = None, ray: bool = False,
                  ray_address: str | None = None, workers: int = 2,
                  reported: Callable[[str, IngestReport], None] | None = None) -> IngestReport:
        """Ingest several files or folders, one after the other (``add`` without web addresses).

        Raises:
            ArticleError: a path does not exist (checked before anything is written).
            IndexBusy, WriteFailed, StoreError: the index could not be written.
        """
        return self._add_paths(existing_paths(paths), progress=progress, ray=ray, ray_address=ray_address,
                               workers=workers, reported=reported)

    def _add_paths(self, given: list[Path], *, progress: Callable[[str, int, int], None] | None, ray: bool,
                   ray_address: str | None, workers: int,
                   reported: Callable[[str, IngestReport], None] | None) -> IngestReport:
        prepare = None
        if ray or ray_address:
            from qa.ingest.distributed import RayPrepare

            prepare = RayPrepare(self.model, self.embedder.dimension, address=ray_address, workers=workers,
                                 progress=progress is not None)
        return _one_by_one([(str(path), path) for path in given], lambda path: self.add_path(
            path, progress=None if progress is None else partial(progress, str(path)), prepare=prepare), reported)

    def add_path(self, path: str | os.PathLike[str], *, progress: Progress | None = None,
                 prepare: Prepare | None = None) -> IngestReport:
        """Ingest a file or a folder (recursively).

        Unchanged articles are skipped, changed ones replaced.  A bad file is
        reported in ``problems``, an article whose id another file has in
        ``collisions``; the rest still ingest.

        Args:
            path: a ``.txt``/``.md``/``.html``/``.json``/``.jsonl`` file or a folder of them.
            progress: called as ``progress(done, total)`` in sentences embedded.
            prepare: how new articles become chunks and sentence vectors; by default
                here, through the embedding cache (``qa.ingest.distributed.RayPrepare`` spreads it
                over a Ray cluster).

        Raises:
            ArticleError: ``path`` does not exist or is a single unusable file.
            IndexBusy: another process is writing this index.
            WriteFailed: the index could not be written; it is as it was.
        """
        articles, problems = read_path(Path(path))
        report = IngestReport.of_errors(problems)
        report.extend(self.add_articles(articles, progress=progress, prepare=prepare))
        return report

    def add_articles(self, articles: Iterable[Article], *, progress: Progress | None = None,
                     prepare: Prepare | None = None) -> IngestReport:
        """Ingest Article objects (what ``add_path`` does after reading files).

        Raises:
            IndexBusy: another process is writing this index.
            WriteFailed: the index could not be written; it is as it was.
        """
        try:
            report = ingest(self.store, articles,
                            prepare or prepare_here(self.path / "embeddings.sqlite", self.embedder, progress))
        except (OSError, sqlite3.Error) as exc:  # the embedding cache; the stores wrap their own writes
            raise write_failed(str(self.path), exc) from exc
        try:
            self._recheck([*report.added, *report.replaced])
        except QAError as exc:  # the articles are in; say what went wrong with the tracked questions
            report.problems.append(Problem("tracked questions", str(exc)))
        return report

    # -- the web (qa.ingest.pages, qa.ingest.feeds) --------------------------

    def add_urls(self, urls: Iterable[str], *, policy: FetchPolicy | None = None,
                 reported: Callable[[str, IngestReport], None] | None = None) -> IngestReport:
        """Fetch web pages (or PDF and Word files on the web) and ingest them, one after the other.

        An address that cannot be fetched or read becomes one line in ``problems``.

        Args:
            urls: http or https addresses; each article's id is its address without the scheme.
            policy: timeouts, size cap, and whether private addresses may be fetched (by
                default they may not: ``FetchPolicy(allow_private=True)`` allows them).
            reported: called with each address and its own report as it finishes.
        """
        from qa.ingest.fetch import FetchPolicy
        from qa.ingest.pages import read_url

        fetching = policy or FetchPolicy()
        return _one_by_one([(url, url) for url in urls],
                           lambda url: self.add_articles([read_url(url, fetching)]), reported)

    def add_feeds(self, urls: Iterable[str] | None, *, follow: bool = False, policy: FetchPolicy | None = None,
                  reported: Callable[[str, IngestReport], None] | None = None,
                  progress: Callable[[str, int, int], None] | None = None) -> IngestReport:
        """Ingest the entries of RSS or Atom feeds not ingested before (each entry's page, else its content).

        Args:
            urls: feed addresses; None reads every followed feed (what ``refresh`` does).
            follow: keep these feeds, so that ``refresh`` reads them again.
            policy, reported: as for ``add_urls``.
            progress: called as ``progress(feed, done, total)`` in entries.
        """
        from qa.ingest.feeds import FeedBook, ingest_feeds
        from qa.ingest.fetch import FetchPolicy

        return ingest_feeds(FeedBook(self.path), None if urls is None else list(urls), policy or FetchPolicy(),
                            self.add_articles, follow=follow, reported=reported, progress=progress)

    def refresh(self, *, policy: FetchPolicy | None = None,
                reported: Callable[[str, IngestReport], None] | None = None,
                progress: Callable[[str, int, int], None] | None = None) -> IngestReport:
        """Ingest what is new in every followed feed; an unchanged feed costs one request (ETag, Last-Modified).

        Args:
            policy, reported, progress: as for ``add_feeds``.
        """
        return self.add_feeds(None, policy=policy, reported=reported, progress=progress)

    def unfollow(self, url: str) -> None:
        """Stop refreshing a followed feed; its articles stay, and what it held is remembered as read.

        Raises:
            NoFeedFollowed: this index does not follow that feed.
        """
        from qa.ingest.feeds import FeedBook

        with FeedBook(self.path).editing() as feeds:
            state = feeds.get(url)
            if state is None or not state.followed:
                raise NoFeedFollowed(f"{url} is not followed in {self.path}; qa feeds lists the feeds.")
            feeds[url] = replace(state, followed=False)

    def feeds(self) -> list[FeedState]:
        """The feeds this index has read, followed or not."""
        from qa.ingest.feeds import FeedBook

        return list(FeedBook(self.path).load().values())

    def remove(self, article_id: str) -> None:
        """Delete one article and its passages.

        Raises:
            ArticleNotFound: no article has that id.
        """
        if self.store.get(article_id) is None:  # no lock taken (nor an index folder made) for nothing
            raise ArticleNotFound(article_id)
        with self.store.lock():
            if not self.store.remove(article_id):
                raise ArticleNotFound(article_id)


def _one_by_one(items: Sequence[tuple[str, T]], add: Callable[[T], IngestReport],
                reported: Callable[[str, IngestReport], None] | None) -> IngestReport:
    """Ingest each item in turn: one that cannot be read as a whole (a single unusable file, an
    address that cannot be fetched) becomes one line in ``problems`` and the others still ingest."""
    total = IngestReport()
    for name, item in items:
        try:
            report = add(item)
        except ArticleError as exc:
            report = IngestReport.of_errors([exc])
        if reported:
            reported(name, report)
        total.extend(report)
    return total


def _unknown_outlets(sources: Sequence[str], outlets: Sequence[str]) -> list[str]:
    """A note naming the outlets there are, when some of ``sources`` is none of them."""
    known = {o.lower() for o in outlets}
    unknown = [s for s in sources if s.lower() not in known]
    if not unknown:
        return []
    listed = ", ".join(outlets[:MAX_OUTLETS_NOTED]) + \
        (f" and {len(outlets) - MAX_OUTLETS_NOTED} more" if len(outlets) > MAX_OUTLETS_NOTED else "")
    names = ", ".join(repr(s) for s in unknown)
    return [f"No article is from {names}; the outlets in the index are: {listed}." if outlets else
            f"No article is from {names}; no article in the index names its outlet."]
