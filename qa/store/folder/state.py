"""One committed state of an index folder, in memory: its segments read as one collection.

Global positions (articles, chunks, sentences) run through the segments in
order.  Changes (``adding``, ``removing``) return a new state and write
nothing; ``qa.store.folder.commit`` commits a state, ``qa.store.folder.store`` searches one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qa.documents import Article, Chunk
from qa.store.copies import NUM_PERM, band_buckets, find_duplicates, minhash
from qa.store.folder.segments import Segment, merge
from qa.vocabulary import bm25_idf

MERGE_RATIO = 4  # the newest segment is merged into the one before while it is at least 1/4 of its size
MAX_SEGMENTS = 12

class Rows:
    """Sentence vectors by global row, read from each segment's memory map on demand."""

    def __init__(self, parts: Sequence[np.ndarray], dimension: int) -> None:
        self.parts = list(parts)
        self.dimension = dimension
        self.starts = np.cumsum([0, *(len(p) for p in parts)])

    def __getitem__(self, key: int | slice) -> np.ndarray:
        if isinstance(key, slice):  # a chunk's sentences never cross segments
            lo, hi = int(key.start), int(key.stop)
            if lo >= hi:
                return np.zeros((0, self.dimension), np.float32)
            s = int(np.searchsorted(self.starts, lo, side="right")) - 1
            return np.asarray(self.parts[s][lo - self.starts[s]:hi - self.starts[s]])
        s = int(np.searchsorted(self.starts, key, side="right")) - 1
        return np.asarray(self.parts[s][int(key) - self.starts[s]])


@dataclass
class IndexData:
    """One committed state in memory: the segments, read as one collection.

    Global positions (articles, chunks, sentences) run through the segments in
    order.  Removed and replaced articles keep their position (``alive`` is
    False) until a merge drops them.
    """

    segments: list[Segment]
    dead: dict[str, frozenset[int]]  # segment name -> local positions of removed articles
    copy_of: dict[str, str]  # article id -> id of the article it repeats (syndicated copy)
    dimension: int

    @classmethod
    def empty(cls, dimension: int) -> IndexData:
        return cls([], {}, {}, dimension)

    def _concat(self, field: str, offsets: np.ndarray | None = None, shape: tuple[int, ...] = (0,)) -> np.ndarray:
        parts = [getattr(s, field) + (offsets[i] if offsets is not None else 0) for i, s in enumerate(self.segments)]
        return np.concatenate(parts) if parts else np.zeros(shape, np.int64)

    @cached_property
    def article_start(self) -> np.ndarray:
        return np.cumsum([0, *(len(s.articles) for s in self.segments)])

    @cached_property
    def chunk_start(self) -> np.ndarray:
        return np.cumsum([0, *(s.n_chunks for s in self.segments)])

    @cached_property
    def sentence_start(self) -> np.ndarray:
        return np.cumsum([0, *(len(s.vectors) for s in self.segments)])

    @cached_property
    def articles(self) -> list[Article]:
        """Every article slot, removed ones included (see ``alive``)."""
        return [a for s in self.segments for a in s.articles]

    @cached_property
    def hashes(self) -> list[str]:
        return [h for s in self.segments for h in s.hashes]

    @cached_property
    def alive(self) -> np.ndarray:
        alive = np.ones(len(self.articles), bool)
        for s, start in zip(self.segments, self.article_start, strict=False):
            alive[[start + i for i in self.dead.get(s.name, ())]] = False
        return alive

    @cached_property
    def live(self) -> list[int]:
        """Positions of the articles in the index, in the order they were added."""
        return np.flatnonzero(self.alive).tolist()

    @cached_property
    def chunk_article(self) -> np.ndarray:
        return self._concat("chunk_article", self.article_start[:-1])

    @cached_property
    def chunk_span(self) -> np.ndarray:
        return self._concat("chunk_span", shape=(0, 2))

    @cached_property
    def sentence_chunk(self) -> np.ndarray:
        return self._concat("sentence_chunk", self.chunk_start[:-1])

    @cached_property
    def sentence_span(self) -> np.ndarray:
        return self._concat("sentence_span", shape=(0, 2))

    @cached_property
    def vectors(self) -> Rows:
        return Rows([s.vectors for s in self.segments], self.dimension)

    @cached_property
    def positions(self) -> dict[str, int]:
        return {self.articles[i].id: i for i in self.live}

    @cached_property
    def duplicate_of(self) -> np.ndarray:
        """(n_articles,) the position of the article a syndicated copy repeats, or -1."""
        out = np.full(len(self.articles), -1, np.int32)
        for copy, original in self.copy_of.items():
            out[self.positions[copy]] = self.positions[original]
        return out

    @cached_property
    def searchable(self) -> np.ndarray:
        """Articles retrieval may use: in the index and not a copy of another."""
        return self.alive & (self.duplicate_of < 0)

    @cached_property
    def has_dates(self) -> bool:
        """Whether any article carries a publication date (dates in questions matter then)."""
        return any(self.articles[i].published for i in self.live)

    @cached_property
    def outlets(self) -> tuple[str, ...]:
        """The outlets the articles in the index name, sorted case-insensitively."""
        return tuple(sorted({self.articles[i].source for i in self.live if self.articles[i].source}, key=str.lower))

    @cached_property
    def chunk_first_sentence(self) -> np.ndarray:
        """(n_chunks + 1,) so chunk c's sentences are first[c]:first[c + 1]."""
        return np.searchsorted(self.sentence_chunk, np.arange(len(self.chunk_span) + 1))

    @cached_property
    def n_live_chunks(self) -> int:
        return int(self.alive[self.chunk_article].sum()) if len(self.chunk_article) else 0

    def chunks_of(self, article: int) -> range:
        lo, hi = np.searchsorted(self.chunk_article, [article, article + 1])
        return range(int(lo), int(hi))

    def copies(self, article: int) -> list[str]:
        """Ids of the articles that repeat ``article`` (syndicated copies)."""
        original = self.articles[article].id
        return [c for c, o in self.copy_of.items() if o == original]

    def article_sentences(self, article: int) -> list[tuple[int, int]]:
        """Every sentence span of one article, in order."""
        chunks = self.chunks_of(article)
        first = self.chunk_first_sentence
        return [(int(s), int(e)) for s, e in self.sentence_span[first[chunks.start]:first[chunks.stop]]]

    def idf(self, query_terms: Sequence[str]) -> dict[str, float]:
        """Collection-wide BM25 IDF of each term; a term in no chunk is as rare as can be (df 1)."""
        n = sum(s.n_chunks for s in self.segments)
        return {t: float(bm25_idf(n, max(1, sum(s.df(t) for s in self.segments)))) for t in set(query_terms)}

    def segment_of(self, position: int) -> tuple[Segment, int]:
        """The segment holding a global article position, and the local position there."""
        s = int(np.searchsorted(self.article_start, position, side="right")) - 1
        return self.segments[s], position - int(self.article_start[s])

    # -- changes (each returns a new state; nothing is written here) ---------

    def removing(self, ids: set[str]) -> IndexData:
        """This state with the given articles marked removed."""
        dead = {name: set(local) for name, local in self.dead.items()}
        for article_id in ids & self.positions.keys():
            segment, local = self.segment_of(self.positions[article_id])
            dead.setdefault(segment.name, set()).add(local)
        segments = [s for s in self.segments if len(dead.get(s.name, ())) < len(s.articles)]
        state = IndexData(segments, {s.name: frozenset(dead[s.name]) for s in segments if dead.get(s.name)},
                          {c: o for c, o in self.copy_of.items() if c not in ids}, self.dimension)
        # Copies of a removed original find a new original among what is left.
        return state._linked(set()) if ids & set(self.copy_of.values()) else state

    def adding(self, name: str, articles: Sequence[Article], chunks: Sequence[Sequence[Chunk]],
               vectors: np.ndarray, next_name: Callable[[], str]) -> IndexData:
        """This state plus a new segment holding ``articles``; ``vectors`` has one row per new sentence.

        Small segments are merged (``next_name()`` names each merged one).
        """
        chunk_article: list[int] = []
        chunk_span: list[tuple[int, int]] = []
        sentence_chunk: list[int] = []
        sentence_span: list[tuple[int, int]] = []
        for i, article_chunks in enumerate(chunks):
            for chunk in article_chunks:
                chunk_article.append(i)
                chunk_span.append((chunk.start, chunk.end))
                sentence_chunk.extend([len(chunk_span) - 1] * len(chunk.sentences))
                sentence_span.extend(chunk.sentences)
        segment = Segment.build(
            name, list(articles), [a.content_hash for a in articles], np.asarray(chunk_article, np.int64),
            np.asarray(chunk_span, np.int64).reshape(-1, 2), np.asarray(sentence_chunk, np.int64),
            np.asarray(sentence_span, np.int64).reshape(-1, 2),
            np.array([minhash(a.text) for a in articles], np.uint64).reshape(-1, NUM_PERM), vectors)
        state = IndexData([*self.segments, segment], dict(self.dead), dict(self.copy_of), self.dimension)
        state = state._merged(next_name)
        return state._linked({a.id for a in articles})

    def _live_sentences(self, s: Segment) -> int:
        dead = self.dead.get(s.name, frozenset())
        if not dead:
            return len(s.vectors)
        return int((~np.isin(s.chunk_article[s.sentence_chunk], list(dead))).sum())

    def _merged(self, next_name: Callable[[], str]) -> IndexData:
        """Merge the newest segments while the last is not much smaller than the one before it."""
        segments, dead = list(self.segments), dict(self.dead)
        while len(segments) >= 2 and (len(segments) > MAX_SEGMENTS or
                                      self._live_sentences(segments[-1]) * MERGE_RATIO >=
                                      self._live_sentences(segments[-2])):
            merged = merge(next_name(), segments[-2:], dead)
            for s in segments[-2:]:
                dead.pop(s.name, None)
            segments[-2:] = [merged]
        return IndexData(segments, dead, self.copy_of, self.dimension)

    def _linked(self, new_ids: set[str]) -> IndexData:
        """Find syndicated copies among the new articles, and new originals for copies whose original left."""
        live = self.live
        ids = [self.articles[i].id for i in live]
        index = {article_id: i for i, article_id in enumerate(ids)}
        copy_of = {c: o for c, o in self.copy_of.items()
                   if c in index and o in index and c not in new_ids and o not in new_ids}
        todo = [index[i] for i in new_ids] + \
            [index[c] for c, o in self.copy_of.items() if c in index and c not in copy_of and c not in new_ids]
        signatures = np.concatenate([s.signatures for s in self.segments])[live] if live else \
            np.zeros((0, NUM_PERM), np.uint64)
        found = find_duplicates(todo, band_buckets(signatures), lambda i: self.articles[live[i]].text)
        for copy, original in sorted(found.items()):
            copy_of[ids[copy]] = copy_of.get(ids[original], ids[original])
        return IndexData(self.segments, self.dead, copy_of, self.dimension)
