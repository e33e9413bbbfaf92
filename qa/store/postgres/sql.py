"""What PostgreSQL holds for the store, and how it is spoken to: URIs, tables, SQL, literals.

Tables, in the database the URI names::

    qa_meta            format, model, dimension, chunking; chunk and term counts (BM25 statistics);
                       small JSON documents kept with the articles ("document:tracked")
    qa_articles        one row per article: its id, the Article as JSON, content hash, date, outlet,
                       and ``copy_of``: the id of the article it repeats (a syndicated copy), or NULL
    qa_bands           the LSH band keys of each article's MinHash (``qa.store.copies``): copies are
                       found by a B-tree lookup, never by reading the collection
    qa_chunks          one row per passage: a stable id, article offsets, text, sentence spans,
                       the sentences' float32 vectors, and ``terms``: a tsvector of the stemmed
                       terms BM25 sees (GIN-indexed), each with one position per occurrence
    qa_df              term -> chunks containing it (collection-wide IDF)
    data_qa_sentences  llama-index's PGVectorStore: one row per sentence vector, HNSW (cosine);
                       its metadata names the chunk
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

import numpy as np

from qa.documents import Article, Chunk
from qa.errors import StoreError
from qa.vocabulary import terms

FORMAT = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS qa_meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS qa_articles (
    pos bigserial PRIMARY KEY, id text NOT NULL UNIQUE, record jsonb NOT NULL, hash text NOT NULL,
    published text, source text NOT NULL, copy_of text);
CREATE TABLE IF NOT EXISTS qa_bands (
    key bigint NOT NULL, article bigint NOT NULL REFERENCES qa_articles (pos) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS qa_bands_key ON qa_bands (key);
CREATE INDEX IF NOT EXISTS qa_bands_article ON qa_bands (article);
CREATE INDEX IF NOT EXISTS qa_articles_copy_of ON qa_articles (copy_of) WHERE copy_of IS NOT NULL;
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
BM25 = """(SELECT coalesce(sum(q.idf * u.tf / (u.tf + %(k1)s * (1 - %(b)s + %(b)s * c.length / %(avgdl)s))), 0)
              FROM (SELECT lexeme, cardinality(positions)::float8 AS tf FROM unnest(c.terms)) u
              JOIN q ON q.term = u.lexeme)"""

CANDIDATES = f"""
WITH q AS (SELECT * FROM unnest(%(terms)s::text[], %(idf)s::float8[]) AS q(term, idf)),
scored AS (
    SELECT c.pos, c.id, {BM25} AS bm25
    FROM qa_chunks c JOIN qa_articles a ON a.pos = c.article
    WHERE (c.terms @@ %(match)s::tsquery OR c.id = ANY(%(dense)s::text[])) AND a.copy_of IS NULL {{filters}}),
cand AS ((SELECT pos, bm25 FROM scored ORDER BY bm25 DESC, pos LIMIT %(top)s)
         UNION SELECT pos, bm25 FROM scored WHERE id = ANY(%(dense)s::text[]))
SELECT c.pos, c.article, a.id, a.record->>'title', a.published, c.start, c."end", c.text, c.sentences,
       c.vectors, cand.bm25
FROM cand JOIN qa_chunks c USING (pos) JOIN qa_articles a ON a.pos = c.article
ORDER BY c.pos
"""

# The sentences nearest a query vector (pgvector's HNSW index on cosine distance), naming their chunks.
NEAREST = """SELECT metadata_->>'chunk' FROM data_qa_sentences ORDER BY embedding <=> %(q)s::vector LIMIT %(n)s"""

# Who holds an advisory lock (class id, object id): the client's application name and address.
LOCK_HOLDER = """SELECT a.application_name, host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s AND l.objsubid = 1"""


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


def tsquery(words: Sequence[str]) -> str | None:
    """Chunks holding any of ``words``; NULL (none) for a question of stop words only: dense alone then."""
    return " | ".join(f"'{w}'" for w in sorted(set(words))) or None


def vector_literal(vector: np.ndarray) -> str:
    """A vector as pgvector reads it: ``[0.1,-0.2,...]``."""
    return "[" + ",".join(f"{x:.8g}" for x in vector.tolist()) + "]"


def parse_uri(uri: str) -> tuple[Any, str]:
    """The SQLAlchemy URL for ``uri`` (psycopg2), and how to show it: passwords masked.

    Raises:
        StoreError: ``uri`` is not a PostgreSQL URI.
    """
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(uri.replace("postgres://", "postgresql://", 1))
    except (ArgumentError, ValueError):
        raise StoreError("The store is not a PostgreSQL URI; write it like "
                         "postgresql://user:password@host:5432/database") from None
    if url.get_backend_name() != "postgresql":
        raise StoreError(f"The store takes a PostgreSQL URI (postgresql://...), not {url.drivername}://")
    shown = url.set(password="***" if url.password else None,
                    query={k: "***" if "password" in k else v for k, v in url.query.items()})
    return url.set(drivername="postgresql+psycopg2"), unquote(shown.render_as_string(hide_password=False))
