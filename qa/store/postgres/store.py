"""PostgreSQL as the store: several app servers and ingest workers share one database.

The tables and the SQL are in ``qa.store.postgres.sql``.  A question's reads run in one
REPEATABLE READ snapshot, with no copy of the corpus in the process: the
nearest sentences (an HNSW scan of the table PGVectorStore writes), BM25 over the
GIN-indexed chunks that hold a question term, then the facts around the hits.  All of
them, the dense half included, see the same committed state.

A write adds its sentence vectors first (PGVectorStore's own transaction);
they stay invisible until one transaction inserts the articles and chunks
that name them, finds syndicated copies through the LSH band table, and
updates the statistics: that is the commit.  Sentences of a replaced or
removed article are deleted after it.  Writers take a session advisory lock,
as the folder store takes its lock file.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.documents import Article, Chunk
from qa.errors import IndexNotFound, StoreError
from qa.store.base import (
    BM25_CANDIDATES,
    DENSE_SENTENCES,
    LOCK_PATIENCE,
    ArticleFacts,
    Candidate,
    Filters,
    IndexInfo,
    busy,
    check_format,
    check_model,
)
from qa.store.copies import band_keys, find_duplicates, minhash
from qa.store.postgres.sql import (
    CANDIDATES,
    FORMAT,
    LOCK_HOLDER,
    NEAREST,
    SCHEMA,
    chunk_id,
    parse_uri,
    tsquery,
    tsvector,
    vector_literal,
    version,
)
from qa.vocabulary import K1, B, bm25_idf, content_only, lexical_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

EF_SEARCH = 2 * DENSE_SENTENCES  # HNSW candidate list; it bounds how many results a scan returns
HNSW: dict[str, Any] = {"hnsw_m": 16, "hnsw_ef_construction": 64, "hnsw_ef_search": EF_SEARCH,
                        "hnsw_dist_method": "vector_cosine_ops"}
FILTERED_OVERFETCH = 4  # pgvector 0.6 filters after the HNSW scan: fetch more when filters apply
MAX_EF_SEARCH = 1000  # pgvector's limit
WRITE_LOCK = 0x71610001  # advisory lock keys
SCHEMA_LOCK = 0x71610002
INSERT_BATCH = 500  # sentence vectors per PGVectorStore.add (one transaction each)


class PgSnapshot:
    """A question's reads in one REPEATABLE READ transaction (see ``qa.store.base.Snapshot``)."""

    def __init__(self, store: PgStore, conn: Connection) -> None:
        self.store = store
        self.conn = conn
        meta = {key: value for key, value in
                conn.exec_driver_sql("SELECT key, value FROM qa_meta WHERE key IN ('chunks', 'length')")}
        self.n = int(meta["chunks"])
        self.avgdl = int(meta["length"]) / self.n if self.n else 1.0

    def idf(self, query_terms: Sequence[str]) -> dict[str, float]:
        words = list(set(query_terms))
        df = {term: count for term, count in
              self.conn.exec_driver_sql("SELECT term, df FROM qa_df WHERE term = ANY(%s::text[])", (words,))}
        return {t: float(bm25_idf(self.n, max(1, df.get(t, 0)))) for t in words}

    def candidates(self, qvec: np.ndarray, query_terms: Sequence[str], idf: dict[str, float],
                   filters: Filters) -> list[Candidate]:
        clauses, params = "", {}
        undated = " OR a.published IS NULL" if filters.undated else ""
        if filters.since:
            clauses += f" AND (a.published >= %(since)s{undated})"
        if filters.until:
            clauses += f" AND (a.published <= %(until)s{undated})"
        if filters.sources is not None:
            clauses += " AND lower(a.source) = ANY(%(sources)s::text[])"
            params["sources"] = sorted(filters.sources)
        if filters.articles is not None:
            clauses += " AND a.id = ANY(%(articles)s::text[])"
            params["articles"] = sorted(filters.articles)
        rows = self.conn.exec_driver_sql(CANDIDATES.format(filters=clauses), {
            "terms": list(query_terms), "idf": [idf[t] for t in query_terms], "k1": K1, "b": B, "avgdl": self.avgdl,
            "match": tsquery(content_only(query_terms)), "dense": self._nearest(qvec, filters),
            "top": BM25_CANDIDATES, "since": filters.since, "until": filters.until, **params}).all()
        dimension = self.store.dimension
        return [Candidate(article, article_id, title, published, start, end, text,
                          np.asarray(spans, np.int64).reshape(-1, 2),
                          np.frombuffer(vectors, np.float32).reshape(-1, dimension), float(bm25))
                for _, article, article_id, title, published, start, end, text, spans, vectors, bm25 in rows]

    def _nearest(self, qvec: np.ndarray, filters: Filters) -> list[str]:
        """Ids of the chunks holding the sentences nearest ``qvec``: an HNSW scan of the table
        PGVectorStore writes, run in this snapshot's transaction like every other read."""
        n = DENSE_SENTENCES * (FILTERED_OVERFETCH if filters.is_active else 1)
        self.conn.exec_driver_sql("SELECT set_config('hnsw.ef_search', %s, true)",
                                  (str(min(MAX_EF_SEARCH, max(n, EF_SEARCH))),))
        rows = self.conn.exec_driver_sql(NEAREST, {"q": vector_literal(qvec), "n": n}).all()
        return list(dict.fromkeys(chunk for chunk, in rows))

    def has_dates(self) -> bool:
        return bool(self.conn.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM qa_articles WHERE published IS NOT NULL)").scalar())

    def outlets(self) -> tuple[str, ...]:
        found = self.conn.exec_driver_sql("SELECT DISTINCT source FROM qa_articles WHERE source <> ''").scalars()
        return tuple(sorted(found, key=str.lower))

    def facts(self, articles: Sequence[int]) -> dict[int, ArticleFacts]:
        keys = list(articles)
        records = {pos: Article(**record) for pos, record in self.conn.exec_driver_sql(
            "SELECT pos, record FROM qa_articles WHERE pos = ANY(%s::bigint[])", (keys,))}
        sentences: dict[int, list[tuple[int, int]]] = {}
        sql = "SELECT article, sentences FROM qa_chunks WHERE article = ANY(%s::bigint[]) ORDER BY article, start"
        for article, spans in self.conn.exec_driver_sql(sql, (keys,)):
            sentences.setdefault(article, []).extend(zip(spans[::2], spans[1::2], strict=True))
        copies: dict[str, list[str]] = {}
        sql = "SELECT copy_of, id FROM qa_articles WHERE copy_of = ANY(%s::text[]) ORDER BY pos"
        for original, copy in self.conn.exec_driver_sql(sql, ([a.id for a in records.values()],)):
            copies.setdefault(original, []).append(copy)
        return {pos: ArticleFacts(a, tuple(sentences.get(pos, [])), tuple(copies.get(a.id, [])))
                for pos, a in records.items()}


class PgStore:
    """Articles, chunks, vectors and the lexical index in PostgreSQL (pgvector).

    Args:
        uri: any libpq connection URI, e.g. ``postgresql://user:pass@host:5432/db`` or,
            for a unix socket, ``postgresql://postgres:@/postgres?host=/path/to/socket-dir``.
        model: the embedding model name (checked against the database).
        dimension: the embedding model's vector size.
        create: create the tables when the database has none (else raise IndexNotFound).
        chunking: how the ingest cuts articles into chunks, recorded with a new database's tables.

    Raises:
        StoreError: the database cannot be reached, or pgvector is missing.
        IndexMismatch: the database holds an index of another model or format.
    """

    def __init__(self, uri: str, model: str, dimension: int, *, create: bool, chunking: Mapping[str, Any]) -> None:
        try:
            from sqlalchemy import create_engine
            from sqlalchemy.ext.asyncio import create_async_engine
        except ImportError:
            raise StoreError("The PostgreSQL store needs its extra: pip install 'qa[postgres]'") from None

        self.url, self.location = parse_uri(uri)
        self.model = model
        self.dimension = dimension
        self.chunking = dict(chunking)  # how the ingest cuts chunks, recorded in qa_meta
        # The name lets a second writer say which process holds the write lock.
        self.engine = create_engine(self.url, pool_size=8, max_overflow=8, pool_pre_ping=True,
                                    connect_args={"application_name": f"qa pid {os.getpid()}"})
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
        rebuild = f"drop its qa_* and data_qa_sentences tables, then qa ingest <articles> --store {self.location}"
        check_format(self.location, meta.get("format"), FORMAT, rebuild)
        check_model(self.location, meta.get("model"), self.model, rebuild)

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
                    conn.exec_driver_sql(SCHEMA)
                self._setup = True
                self.vectors.add([])  # PGVectorStore creates its table and HNSW index on first use
                meta = {"format": FORMAT, "model": self.model, "dimension": self.dimension,
                        "chunking": self.chunking, "chunks": 0, "length": 0, "generation": 0}
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
            table_name="qa_sentences", embed_dim=self.dimension, hnsw_kwargs=dict(HNSW), use_jsonb=True,
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
    def _read(self) -> Iterator[Connection]:
        """One consistent snapshot for the several queries of a question."""
        with self._guard(), self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    # -- reading ---------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[PgSnapshot]:
        with self._read() as conn:
            yield PgSnapshot(self, conn)

    def _all(self, sql: str, *params: Any) -> list[Any]:
        with self._read() as conn:
            return list(conn.exec_driver_sql(sql, params or None).all())

    def get(self, article_id: str) -> Article | None:
        rows = self._all("SELECT record FROM qa_articles WHERE id = %s", article_id)
        return Article(**rows[0][0]) if rows else None

    def articles(self) -> list[Article]:
        return [Article(**r) for r, in self._all("SELECT record FROM qa_articles ORDER BY pos")]

    def chunk_counts(self) -> dict[str, int]:
        return dict(self._all("SELECT a.id, count(c.pos) FROM qa_articles a LEFT JOIN qa_chunks c ON c.article = a.pos "
                              "GROUP BY a.pos ORDER BY a.pos"))

    def info(self) -> IndexInfo:
        meta = dict(self._all("SELECT key, value FROM qa_meta"))
        articles, sentences, size = self._all(
            "SELECT (SELECT count(*) FROM qa_articles), (SELECT count(*) FROM data_qa_sentences), "
            "pg_total_relation_size('qa_articles') + pg_total_relation_size('qa_chunks') + "
            "pg_total_relation_size('qa_df') + pg_total_relation_size('data_qa_sentences')")[0]
        return IndexInfo(self.location, int(articles), int(meta["chunks"]), int(sentences), meta["model"],
                         int(meta["dimension"]), int(meta["generation"]), "PostgreSQL (pgvector HNSW, GIN full-text)",
                         int(size))

    # -- writing ---------------------------------------------------------------

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        return dict(self._all("SELECT id, hash FROM qa_articles WHERE id = ANY(%s::text[])", list(ids)))

    @contextmanager
    def lock(self) -> Iterator[None]:
        """The write lock: a session advisory lock, released if this process dies.

        A writer that was just killed holds it until the server notices its
        connection is gone, so a second writer waits LOCK_PATIENCE seconds before
        it is told who holds it.
        """
        with self._guard(), self.engine.connect() as conn:
            deadline = time.monotonic() + LOCK_PATIENCE
            while not conn.exec_driver_sql("SELECT pg_try_advisory_lock(%s)", (WRITE_LOCK,)).scalar():
                conn.commit()
                if time.monotonic() > deadline:
                    raise busy(self.location, self._holder(conn))
                time.sleep(0.2)
            conn.commit()
            try:
                yield
            finally:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))
                conn.commit()

    def _holder(self, conn: Connection) -> str:
        """Who holds the write lock: the client's pid (from its application name) and host."""
        row = conn.exec_driver_sql(LOCK_HOLDER, (WRITE_LOCK >> 32, WRITE_LOCK & 0xFFFFFFFF)).first()
        conn.commit()
        if row is None:
            return "a process that just ended"
        name, host = row
        holder = name.removeprefix("qa ") if name and name.startswith("qa pid ") else f"client {name or '?'}"
        return f"{holder} on {host}" if host else holder

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
                chunks_gone, length_gone, orphans = self._drop(conn, sorted(replaced))
                self._insert(conn, articles, chunk_rows)
                conn.exec_driver_sql(
                    "INSERT INTO qa_df SELECT * FROM unnest(%s::text[], %s::int[]) "
                    "ON CONFLICT (term) DO UPDATE SET df = qa_df.df + EXCLUDED.df", (list(df), list(df.values())))
                self._link(conn, [*orphans, *(a.id for a in articles)])
                self._count(conn, len(chunk_rows) - chunks_gone, length - length_gone)

    def _insert(self, conn: Connection, articles: Sequence[Article], chunk_rows: list[tuple[Any, ...]]) -> None:
        from psycopg2.extras import execute_values

        raw = conn.connection.dbapi_connection
        assert raw is not None  # a connection in a transaction has its driver connection
        cursor = raw.cursor()  # execute_values: one statement per 500 rows
        positions = dict(execute_values(
            cursor, "INSERT INTO qa_articles (id, record, hash, published, source) VALUES %s RETURNING id, pos",
            [(a.id, json.dumps(asdict(a)), a.content_hash, a.published, a.source) for a in articles],
            fetch=True))
        execute_values(cursor, 'INSERT INTO qa_chunks (article, id, start, "end", text, sentences, vectors, terms, '
                               "length) VALUES %s",
                       [(positions[r[0]], *r[1:]) for r in chunk_rows], page_size=500)
        execute_values(cursor, "INSERT INTO qa_bands (article, key) VALUES %s",
                       [(positions[a.id], key) for a in articles for key in band_keys(minhash(a.text))],
                       page_size=1000)

    def _link(self, conn: Connection, ids: list[str]) -> None:
        """Mark which of ``ids`` repeat an earlier article (``qa.store.copies``), in the caller's transaction."""
        if not ids:
            return
        new = conn.exec_driver_sql("SELECT pos FROM qa_articles WHERE id = ANY(%s::text[])", (ids,)).scalars().all()
        near: dict[int, list[int]] = {}
        for mine, other in conn.exec_driver_sql(
                "SELECT DISTINCT m.article, o.article FROM qa_bands m JOIN qa_bands o USING (key) "
                "WHERE m.article = ANY(%s::bigint[]) AND o.article <> m.article", (list(new),)):
            near.setdefault(mine, []).append(other)
        texts: dict[int, str] = {}

        def text(pos: int) -> str:
            if pos not in texts:
                texts[pos] = str(conn.exec_driver_sql("SELECT record->>'text' FROM qa_articles WHERE pos = %s",
                                                      (pos,)).scalar())
            return texts[pos]

        for copy, original in sorted(find_duplicates(new, lambda i: near.get(i, []), text).items()):
            conn.exec_driver_sql("UPDATE qa_articles SET copy_of = (SELECT coalesce(copy_of, id) FROM qa_articles "
                                 "WHERE pos = %s) WHERE pos = %s", (original, copy))

    def _drop(self, conn: Connection, ids: list[str]) -> tuple[int, int, list[str]]:
        """Delete articles with their chunks and sentence vectors, in the caller's transaction.

        Returns the chunks and terms removed (for the BM25 statistics; the
        document frequencies are decremented here) and the ids of the copies
        whose original left (to be linked again).
        """
        if not ids:
            return 0, 0, []
        orphans = conn.exec_driver_sql("UPDATE qa_articles SET copy_of = NULL WHERE copy_of = ANY(%s::text[]) "
                                       "AND NOT id = ANY(%s::text[]) RETURNING id", (ids, ids)).scalars().all()
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
        return int(chunks), int(length), list(orphans)

    def _count(self, conn: Connection, chunks: int, length: int) -> None:
        """Adjust the BM25 statistics and count one more generation."""
        conn.exec_driver_sql(
            "UPDATE qa_meta SET value = to_jsonb(value::bigint + CASE key WHEN 'chunks' THEN %s "
            "WHEN 'length' THEN %s ELSE 1 END) WHERE key IN ('chunks', 'length', 'generation')",
            (chunks, length))

    def remove(self, article_id: str) -> bool:
        with self._guard(), self.engine.begin() as conn:
            if not conn.exec_driver_sql("SELECT 1 FROM qa_articles WHERE id = %s", (article_id,)).first():
                return False
            chunks, length, orphans = self._drop(conn, [article_id])
            self._link(conn, orphans)
            self._count(conn, -chunks, -length)
        return True

    # -- documents kept with the articles (rows of qa_meta named "document:<name>") ----

    def read_json(self, name: str) -> dict[str, Any]:
        rows = self._all("SELECT value FROM qa_meta WHERE key = %s", f"document:{name}")
        return dict(rows[0][0]) if rows else {}

    @contextmanager
    def edit_json(self, name: str) -> Iterator[dict[str, Any]]:
        key = f"document:{name}"
        with self._guard(), self.engine.begin() as conn:  # the row lock is held to the commit: one writer at a time
            conn.exec_driver_sql("INSERT INTO qa_meta VALUES (%s, '{}') ON CONFLICT (key) DO NOTHING", (key,))
            row = conn.exec_driver_sql("SELECT value FROM qa_meta WHERE key = %s FOR UPDATE", (key,))
            data = dict(row.scalar_one())
            yield data
            conn.exec_driver_sql("UPDATE qa_meta SET value = %s WHERE key = %s", (json.dumps(data), key))
