"""PostgreSQL as the store: several app servers and ingest workers share one database.

Tables, in the database the URI names::

    qa_meta            format, model, dimension, chunking; chunk and term counts (BM25 statistics)
    qa_articles        one row per article: its id, the Article as JSON, content hash, date, outlet
    qa_chunks          one row per passage: a stable id, article offsets, text, sentence spans,
                       the sentences' float32 vectors, and ``terms``: a tsvector of the stemmed
                       terms BM25 sees (GIN-indexed), each with one position per occurrence
    qa_df              term -> chunks containing it (collection-wide IDF)
    data_qa_sentences  llama-index's PGVectorStore: one row per sentence vector, HNSW (cosine);
                       its metadata names the chunk

A question runs entirely in the database, with no copy of the corpus in the
process: PGVectorStore finds the nearest sentences; the GIN index finds the
chunks holding a question term, scored there with the BM25 formula bm25s uses
(Lucene's), from the tsvector's term counts; one more query fetches the
candidates' sentence vectors.  The second stage (``retrieval.rank``) and the
answer composer are the folder store's, so answers have one form.

A write adds its sentence vectors first (PGVectorStore's own transaction);
they stay invisible until one transaction inserts the articles and chunks
that name them: that is the commit.  Sentences of a replaced or removed
article are deleted after it.  Writers take a session advisory lock, as the
folder store takes its lock file.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any
from urllib.parse import unquote

import numpy as np

from qa.articles import Article
from qa.chunking import PARAMS, Chunk
from qa.embedding import Embedder
from qa.errors import IndexBusy, IndexMismatch, IndexNotFound, StoreError
from qa.index import bm25_idf, lexical_text, terms
from qa.news import Filters
from qa.retrieval import BM25_CANDIDATES, DENSE_SENTENCES, Candidate, Evidence, Hit, content_terms, rank

FORMAT = 1
K1, B = 1.2, 0.75  # as the folder store's bm25s
EF_SEARCH = 2 * DENSE_SENTENCES  # HNSW candidate list; it bounds how many results a scan returns
HNSW: dict[str, Any] = {"hnsw_m": 16, "hnsw_ef_construction": 64, "hnsw_ef_search": EF_SEARCH,
                        "hnsw_dist_method": "vector_cosine_ops"}
FILTERED_OVERFETCH = 4  # pgvector 0.6 filters after the HNSW scan: fetch more when filters apply
MAX_EF_SEARCH = 1000  # pgvector's limit
WRITE_LOCK = 0x71610001  # advisory lock keys
SCHEMA_LOCK = 0x71610002
LOCK_PATIENCE = 3.0  # seconds a writer waits for the write lock before IndexBusy
INSERT_BATCH = 500  # sentence vectors per PGVectorStore.add (one transaction each)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS qa_meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS qa_articles (
    pos bigserial PRIMARY KEY, id text NOT NULL UNIQUE, record jsonb NOT NULL, hash text NOT NULL,
    published text, source text NOT NULL);
CREATE TABLE IF NOT EXISTS qa_chunks (
    pos bigserial PRIMARY KEY, id text NOT NULL UNIQUE,
    article bigint NOT NULL REFERENCES qa_articles (pos) ON DELETE CASCADE,
    start integer NOT NULL, "end" integer NOT NULL, text text NOT NULL, sentences integer[] NOT NULL,
    vectors bytea NOT NULL, terms tsvector NOT NULL, length integer NOT NULL);
CREATE INDEX IF NOT EXISTS qa_articles_dated ON qa_articles (pos) WHERE published IS NOT NULL;
CREATE INDEX IF NOT EXISTS qa_chunks_article ON qa_chunks (article);
CREATE INDEX IF NOT EXISTS qa_chunks_terms ON qa_chunks USING gin (terms);
CREATE TABLE IF NOT EXISTS qa_df (term text PRIMARY KEY, df integer NOT NULL);
"""

# BM25 of chunk c for the question terms q(term, idf): tf is the term's position count.
_BM25 = """(SELECT coalesce(sum(q.idf * u.tf / (u.tf + %(k1)s * (1 - %(b)s + %(b)s * c.length / %(avgdl)s))), 0)
              FROM (SELECT lexeme, cardinality(positions)::float8 AS tf FROM unnest(c.terms)) u
              JOIN q ON q.term = u.lexeme)"""

_CANDIDATES = f"""
WITH q AS (SELECT * FROM unnest(%(terms)s::text[], %(idf)s::float8[]) AS q(term, idf)),
scored AS (
    SELECT c.pos, c.id, {_BM25} AS bm25
    FROM qa_chunks c JOIN qa_articles a ON a.pos = c.article
    WHERE (c.terms @@ %(match)s::tsquery OR c.id = ANY(%(dense)s::text[])) {{filters}}),
cand AS ((SELECT pos, bm25 FROM scored ORDER BY bm25 DESC, pos LIMIT %(top)s)
         UNION SELECT pos, bm25 FROM scored WHERE id = ANY(%(dense)s::text[]))
SELECT c.pos, c.article, a.id, a.record->>'title', a.published, c.start, c."end", c.text, c.sentences,
       c.vectors, cand.bm25
FROM cand JOIN qa_chunks c USING (pos) JOIN qa_articles a ON a.pos = c.article
ORDER BY c.pos
"""


def chunk_id(article: Article, chunk: Chunk) -> str:
    """A passage's id: the same wherever and however often it is computed (Ray workers included)."""
    return f"{version(article)}:{chunk.start}-{chunk.end}"


def version(article: Article) -> str:
    """One version of an article: its id and content hash (a replaced article gets new rows)."""
    return f"{article.id}#{article.content_hash[:16]}"


def tsvector(text: str) -> tuple[str, set[str], int]:
    """A tsvector literal of ``text``'s stemmed terms (one position per occurrence), its terms, and their count."""
    positions: dict[str, list[int]] = {}
    words = terms(text)
    for i, term in enumerate(words, 1):
        if len(term.encode()) < 2047:  # PostgreSQL's longest lexeme
            positions.setdefault(term, []).append(min(i, 16383))
    # Terms are \\w+ runs: no quote or backslash needs escaping.
    literal = " ".join(f"'{t}':{','.join(map(str, p[:255]))}" for t, p in positions.items())
    return literal, set(positions), max(1, len(words))  # bm25s counts an empty chunk as one token


def _tsquery(words: Sequence[str]) -> str | None:
    """Chunks holding any of ``words``; NULL (none) for a question of stop words only: dense alone then."""
    return " | ".join(f"'{w}'" for w in sorted(set(words))) or None


@dataclass
class PgEvidence:
    """What answers need of one question's hits, fetched with them (see ``retrieval.Evidence``)."""

    articles: dict[int, Article]
    positions: dict[str, int]
    vectors: np.ndarray
    sentences: dict[int, list[tuple[int, int]]]

    def copies(self, article: int) -> list[str]:
        return []

    def article_sentences(self, article: int) -> list[tuple[int, int]]:
        return self.sentences.get(article, [])


class PgStore:
    """Articles, chunks, vectors and the lexical index in PostgreSQL (pgvector).

    Args:
        uri: any libpq connection URI, e.g. ``postgresql://user:pass@host:5432/db`` or,
            for a unix socket, ``postgresql://postgres:@/postgres?host=/path/to/socket-dir``.
        model: the embedding model name (checked against the database).
        embedder: the model, for queries.
        create: create the tables when the database has none (else raise IndexNotFound).

    Raises:
        StoreError: the database cannot be reached, or pgvector is missing.
        IndexMismatch: the database holds an index of another model or format.
    """

    def __init__(self, uri: str, model: str, embedder: Embedder, *, create: bool) -> None:
        try:
            from sqlalchemy import create_engine, make_url
            from sqlalchemy.exc import ArgumentError
            from sqlalchemy.ext.asyncio import create_async_engine
        except ImportError:
            raise StoreError("The PostgreSQL store needs its extra: pip install 'qa[postgres]'") from None

        try:
            url = make_url(uri.replace("postgres://", "postgresql://", 1))
        except (ArgumentError, ValueError):
            raise StoreError("The store is not a PostgreSQL URI; write it like "
                             "postgresql://user:password@host:5432/database") from None
        if url.get_backend_name() != "postgresql":
            raise StoreError(f"The store takes a PostgreSQL URI (postgresql://...), not {url.drivername}://")
        self.url = url.set(drivername="postgresql+psycopg2")
        shown = url.set(password="***" if url.password else None,
                        query={k: "***" if "password" in k else v for k, v in url.query.items()})
        self.location = unquote(shown.render_as_string(hide_password=False))
        self.model = model
        self.embedder = embedder
        self.engine = create_engine(self.url, pool_size=8, max_overflow=8, pool_pre_ping=True)
        self.async_engine = create_async_engine(self.url.set(drivername="postgresql+asyncpg"))  # PGVectorStore's
        self._setup = False  # only the process creating the tables runs DDL: readers may use a read-only replica
        self._check(create)

    def _fail(self, exc: Exception) -> StoreError:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return StoreError(f"PostgreSQL at {self.location} failed: {reason}. Check that the server runs, the URI "
                          "(user, password, database) and that the pgvector extension is installed.")

    def _check(self, create: bool) -> None:
        with self._guard():
            meta = self._meta()
            if meta is None:
                if not create:
                    raise IndexNotFound(self.location, f"qa ingest seeds/ --store {self.location}")
                self._create()
                meta = self._meta()
                assert meta is not None
        if meta.get("format") != FORMAT:
            raise IndexMismatch(f"The index in {self.location} is in format {meta.get('format')}, this version "
                                f"reads {FORMAT}; drop its qa_* tables and ingest again.")
        if meta.get("model") != self.model:
            raise IndexMismatch(f"The index in {self.location} was built with model {meta.get('model')!r}, "
                                f"not {self.model!r}; use that model (QA_MODEL) or drop its qa_* tables "
                                "and ingest again.")

    def _meta(self) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            exists = conn.exec_driver_sql("SELECT to_regclass('qa_meta') IS NOT NULL").scalar()
            if not exists:
                return None
            meta = {k: v for k, v in conn.exec_driver_sql("SELECT key, value FROM qa_meta")}
            return meta or None

    def _create(self) -> None:
        """Tables, then the vector table, then the metadata that says the index exists.

        Under a session lock: two processes opening an empty database at once
        create it once.
        """
        with self.engine.connect() as lock:
            lock.exec_driver_sql("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
            lock.commit()
            try:
                if self._meta() is not None:
                    return
                with self.engine.begin() as conn:
                    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS vector")
                    conn.exec_driver_sql(_SCHEMA)
                self._setup = True
                self.vectors.add([])  # PGVectorStore creates its table and HNSW index on first use
                meta = {"format": FORMAT, "model": self.model, "dimension": self.embedder.dimension,
                        "chunking": PARAMS, "chunks": 0, "length": 0, "generation": 0}
                with self.engine.begin() as conn:
                    for key, value in meta.items():
                        conn.exec_driver_sql("INSERT INTO qa_meta VALUES (%s, %s)", (key, json.dumps(value)))
            finally:
                lock.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
                lock.commit()

    @cached_property
    def vectors(self) -> Any:
        """llama-index's PGVectorStore over the sentence vectors."""
        from llama_index.vector_stores.postgres import PGVectorStore

        return PGVectorStore(
            table_name="qa_sentences", embed_dim=self.embedder.dimension, hnsw_kwargs=dict(HNSW), use_jsonb=True,
            engine=self.engine, async_engine=self.async_engine, perform_setup=self._setup,
            initialization_fail_on_error=True)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Database errors become one StoreError line (without the password)."""
        import psycopg2
        from sqlalchemy.exc import SQLAlchemyError

        try:
            yield
        except (SQLAlchemyError, psycopg2.Error, OSError) as exc:
            raise self._fail(exc) from None

    @contextmanager
    def _read(self) -> Iterator[Any]:
        """One consistent snapshot for the several queries of a question."""
        with self._guard(), self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    # -- reading ---------------------------------------------------------------

    def _stats(self, conn: Any) -> tuple[int, float]:
        meta = dict(conn.exec_driver_sql("SELECT key, value FROM qa_meta WHERE key IN ('chunks', 'length')").all())
        n = int(meta["chunks"])
        return n, (int(meta["length"]) / n if n else 1.0)

    def _idf(self, conn: Any, words: Sequence[str], n: int) -> dict[str, float]:
        sql = "SELECT term, df FROM qa_df WHERE term = ANY(%s::text[])"
        df = dict(conn.exec_driver_sql(sql, (list(set(words)),)).all())
        return {t: float(bm25_idf(n, max(1, df.get(t, 0)))) for t in set(words)}

    def _dense(self, qvec: np.ndarray, filters: Filters) -> list[str]:
        """Ids of the chunks holding the sentences nearest ``qvec``."""
        from llama_index.core.vector_stores import VectorStoreQuery

        n = DENSE_SENTENCES * (FILTERED_OVERFETCH if filters.is_active else 1)
        result = self.vectors.query(VectorStoreQuery(query_embedding=qvec.tolist(), similarity_top_k=n),
                                    hnsw_ef_search=min(MAX_EF_SEARCH, max(n, EF_SEARCH)))
        return list(dict.fromkeys(node.metadata["chunk"] for node in result.nodes))

    def search(self, query: str, k: int, filters: Filters) -> tuple[list[Hit], Evidence]:
        qvec = self.embedder.encode_query(query)
        with self._guard():
            dense = self._dense(qvec, filters)
        query_terms = terms(query)
        content = content_terms(query)
        clauses, params = "", {}
        if filters.since:
            clauses += " AND a.published >= %(since)s"
        if filters.until:
            clauses += " AND a.published <= %(until)s"
        if filters.sources is not None:
            clauses += " AND lower(a.source) = ANY(%(sources)s::text[])"
            params["sources"] = sorted(filters.sources)
        with self._read() as conn:
            n, avgdl = self._stats(conn)
            idf = self._idf(conn, [*query_terms, *content], n)
            rows = conn.exec_driver_sql(_CANDIDATES.format(filters=clauses), {
                "terms": query_terms, "idf": [idf[t] for t in query_terms], "k1": K1, "b": B, "avgdl": avgdl,
                "match": _tsquery(content), "dense": dense, "top": BM25_CANDIDATES,
                "since": filters.since, "until": filters.until, **params}).all()
            candidates, blocks, row = [], [], 0
            for pos, article, article_id, title, published, start, end, text, spans, vectors, bm25 in rows:
                matrix = np.frombuffer(vectors, np.float32).reshape(-1, self.embedder.dimension)
                candidates.append(Candidate(pos, article, article_id, title, published, start, end, text,
                                            np.asarray(spans, np.int64).reshape(-1, 2), row, matrix @ qvec,
                                            float(bm25)))
                blocks.append(matrix)
                row += len(matrix)
            hits = rank(query, candidates, idf, k, recent=filters.recent)
            evidence = self._evidence(conn, hits, blocks)
        return hits, evidence

    def _evidence(self, conn: Any, hits: list[Hit], blocks: list[np.ndarray]) -> PgEvidence:
        keys = sorted({h.article for h in hits})
        articles = {pos: Article(**record) for pos, record in
                    conn.exec_driver_sql("SELECT pos, record FROM qa_articles WHERE pos = ANY(%s::bigint[])", (keys,))}
        sentences: dict[int, list[tuple[int, int]]] = {}
        sql = "SELECT article, sentences FROM qa_chunks WHERE article = ANY(%s::bigint[]) ORDER BY article, start"
        for article, spans in conn.exec_driver_sql(sql, (keys,)):
            sentences.setdefault(article, []).extend(zip(spans[::2], spans[1::2], strict=True))
        vectors = np.concatenate(blocks) if blocks else np.zeros((0, self.embedder.dimension), np.float32)
        return PgEvidence(articles, {a.id: pos for pos, a in articles.items()}, vectors, sentences)

    def _all(self, sql: str, *params: Any) -> list[Any]:
        with self._read() as conn:
            return list(conn.exec_driver_sql(sql, params or None).all())

    def has_dates(self) -> bool:
        return bool(self._all("SELECT EXISTS (SELECT 1 FROM qa_articles WHERE published IS NOT NULL)")[0][0])

    def get(self, article_id: str) -> Article | None:
        rows = self._all("SELECT record FROM qa_articles WHERE id = %s", article_id)
        return Article(**rows[0][0]) if rows else None

    def articles(self) -> list[Article]:
        return [Article(**r) for r, in self._all("SELECT record FROM qa_articles ORDER BY pos")]

    def chunk_counts(self) -> dict[str, int]:
        return dict(self._all("SELECT a.id, count(c.pos) FROM qa_articles a LEFT JOIN qa_chunks c ON c.article = a.pos "
                              "GROUP BY a.pos ORDER BY a.pos"))

    def info(self) -> dict[str, Any]:
        meta = dict(self._all("SELECT key, value FROM qa_meta"))
        articles, sentences, size = self._all(
            "SELECT (SELECT count(*) FROM qa_articles), (SELECT count(*) FROM data_qa_sentences), "
            "pg_total_relation_size('qa_articles') + pg_total_relation_size('qa_chunks') + "
            "pg_total_relation_size('qa_df') + pg_total_relation_size('data_qa_sentences')")[0]
        return {"index": self.location, "articles": articles, "chunks": meta["chunks"], "sentences": sentences,
                "model": meta["model"], "dimension": meta["dimension"], "generation": meta["generation"],
                "segments": "PostgreSQL (pgvector HNSW, GIN full-text)", "bytes_on_disk": size}

    # -- writing ---------------------------------------------------------------

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        return dict(self._all("SELECT id, hash FROM qa_articles WHERE id = ANY(%s::text[])", list(ids)))

    @contextmanager
    def lock(self) -> Iterator[None]:
        """The write lock: a session advisory lock, released if this process dies.

        A writer that was just killed holds it until the server notices its
        connection is gone, so a few seconds pass before another is told to wait.
        """
        with self._guard(), self.engine.connect() as conn:
            deadline = time.monotonic() + LOCK_PATIENCE
            while not conn.exec_driver_sql("SELECT pg_try_advisory_lock(%s)", (WRITE_LOCK,)).scalar():
                conn.commit()
                if time.monotonic() > deadline:
                    raise IndexBusy(f"Another ingest is writing {self.location}; wait for it to finish.")
                time.sleep(0.2)
            conn.commit()
            try:
                yield
            finally:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
                conn.commit()

    def write(self, articles: Sequence[Article], chunks: Sequence[Sequence[Chunk]], vectors: np.ndarray,
              replaced: set[str]) -> None:
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        nodes, chunk_rows, df, length, row = [], [], Counter[str](), 0, 0
        for article, article_chunks in zip(articles, chunks, strict=True):
            source = {NodeRelationship.SOURCE: RelatedNodeInfo(node_id=version(article))}
            for chunk in article_chunks:
                cid = chunk_id(article, chunk)
                block = vectors[row:row + len(chunk.sentences)]
                row += len(chunk.sentences)
                nodes += [TextNode(id_=f"{cid}/{s}", text=article.text[s:e], embedding=v.tolist(),
                                   metadata={"chunk": cid}, relationships=source)
                          for (s, e), v in zip(chunk.sentences, block, strict=True)]
                literal, words, n_terms = tsvector(lexical_text(article.title, chunk.text))
                df.update(words)
                length += n_terms
                chunk_rows.append((article.id, cid, chunk.start, chunk.end, chunk.text,
                                   [x for span in chunk.sentences for x in span],
                                   np.ascontiguousarray(block, np.float32).tobytes(), literal, n_terms))
        with self._guard():
            with self.engine.begin() as conn:  # left by a crashed attempt at these versions, if any
                conn.exec_driver_sql("DELETE FROM data_qa_sentences WHERE metadata_->>'ref_doc_id' = ANY(%s::text[])",
                                     ([version(a) for a in articles],))
            for i in range(0, len(nodes), INSERT_BATCH):
                self.vectors.add(nodes[i:i + INSERT_BATCH])
            with self.engine.begin() as conn:  # the commit
                chunks_gone, length_gone = self._drop(conn, sorted(replaced))
                self._insert(conn, articles, chunk_rows)
                conn.exec_driver_sql(
                    "INSERT INTO qa_df SELECT * FROM unnest(%s::text[], %s::int[]) "
                    "ON CONFLICT (term) DO UPDATE SET df = qa_df.df + EXCLUDED.df", (list(df), list(df.values())))
                self._count(conn, len(chunk_rows) - chunks_gone, length - length_gone)

    def _insert(self, conn: Any, articles: Sequence[Article], chunk_rows: list[tuple[Any, ...]]) -> None:
        from psycopg2.extras import execute_values

        cursor = conn.connection.dbapi_connection.cursor()  # execute_values: one statement per 500 rows
        positions = dict(execute_values(
            cursor, "INSERT INTO qa_articles (id, record, hash, published, source) VALUES %s RETURNING id, pos",
            [(a.id, json.dumps(asdict(a)), a.content_hash, a.published, a.source) for a in articles],
            fetch=True))
        execute_values(cursor, 'INSERT INTO qa_chunks (article, id, start, "end", text, sentences, vectors, terms, '
                               "length) VALUES %s",
                       [(positions[r[0]], *r[1:]) for r in chunk_rows], page_size=500)

    def _drop(self, conn: Any, ids: list[str]) -> tuple[int, int]:
        """Delete articles with their chunks and sentence vectors, in the caller's transaction.

        Returns the chunks and terms removed (for the BM25 statistics); the
        document frequencies are decremented here.
        """
        if not ids:
            return 0, 0
        conn.exec_driver_sql(
            "UPDATE qa_df d SET df = d.df - x.n FROM (SELECT u.lexeme, count(*) AS n FROM qa_chunks c "
            "JOIN qa_articles a ON a.pos = c.article, unnest(c.terms) u WHERE a.id = ANY(%s::text[]) "
            "GROUP BY u.lexeme) x WHERE d.term = x.lexeme", (ids,))
        chunks, length = conn.exec_driver_sql(
            "SELECT count(*), coalesce(sum(c.length), 0) FROM qa_chunks c JOIN qa_articles a ON a.pos = c.article "
            "WHERE a.id = ANY(%s::text[])", (ids,)).one()
        conn.exec_driver_sql(
            "DELETE FROM data_qa_sentences WHERE metadata_->>'ref_doc_id' = ANY(ARRAY("
            "SELECT id || '#' || left(hash, 16) FROM qa_articles WHERE id = ANY(%s::text[])))", (ids,))
        conn.exec_driver_sql("DELETE FROM qa_articles WHERE id = ANY(%s::text[])", (ids,))
        return int(chunks), int(length)

    def _count(self, conn: Any, chunks: int, length: int) -> None:
        """Adjust the BM25 statistics and count one more generation."""
        conn.exec_driver_sql(
            "UPDATE qa_meta SET value = to_jsonb(value::bigint + CASE key WHEN 'chunks' THEN %s "
            "WHEN 'length' THEN %s ELSE 1 END) WHERE key IN ('chunks', 'length', 'generation')",
            (chunks, length))

    def remove(self, article_id: str) -> bool:
        with self._guard(), self.engine.begin() as conn:
            if not conn.exec_driver_sql("SELECT 1 FROM qa_articles WHERE id = %s", (article_id,)).first():
                return False
            self._count(conn, *(-n for n in self._drop(conn, [article_id])))
        return True
