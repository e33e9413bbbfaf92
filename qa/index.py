"""The persisted index: articles, chunks, sentence vectors (FAISS) and BM25, in segments.

Layout of an index folder::

    manifest.json        format, model, chunking, the segments in use, removed articles,
                         syndicated copies: the one file a commit replaces
    segments/seg-000007/ one immutable part: the articles one ingest added (or a merge of parts)
        articles.jsonl   the stored articles (offsets point into their text)
        spans.npz        chunk and sentence offsets, MinHash signatures
        vectors.npy      one unit vector per sentence (memory-mapped when read)
        dense.faiss      the approximate (IVF) index of a large segment; small ones are
                         searched exactly with a FAISS flat index built on load
        bm25/            bm25s index over "title + chunk text", stemmed (memory-mapped)
    embeddings.sqlite    the embedding cache (survives every commit)
    .lock                held by the one process writing

An ingest writes only a new segment for what it adds, then replaces
``manifest.json`` (temp file + ``os.replace``): that is the commit.  Removing or
replacing an article marks it dead in the manifest; merging small segments
(log-structured, like Lucene) drops dead rows and keeps the number of segments
logarithmic, so adding a thousand passages to a million never rewrites the
million.  A crash at any moment leaves the last committed manifest and every
segment it names intact; readers never see a half-written state.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from qa.articles import Article
from qa.chunking import Chunk
from qa.errors import IndexBusy, IndexMismatch, QAError
from qa.news import NUM_PERM, find_duplicates, minhash

FORMAT = 3
MERGE_RATIO = 4  # the newest segment is merged into the one before while it is at least 1/4 of its size
MAX_SEGMENTS = 12
IVF_PROBES = 32  # of 2 x sqrt(n) lists: recall@10 >= 0.95 against exact search (benchmarks/scale.py)


def approximate_above() -> int:
    """Sentence vectors past which a segment gets an approximate (IVF) index instead of exact search.

    An exact scan of 100k vectors doubled the answer time here (79 ms against 36 ms
    at 10k); IVF answered 1M in 41 ms at recall@10 0.99 (benchmarks/scale.py).
    ``QA_APPROXIMATE_ABOVE`` overrides.
    """
    return int(os.environ.get("QA_APPROXIMATE_ABOVE") or 50_000)


@cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens: the lexical vocabulary of the index."""
    return list(_stemmer().stemWords(re.findall(r"\w+", text.lower())))


def lexical_text(title: str, chunk_text: str) -> str:
    """What BM25 sees for a chunk: the title helps (+1 point R@1 on SQuAD)."""
    return f"{title}\n{chunk_text}"


def embedded_text(title: str, sentence: str) -> str:
    """What the embedder sees for a sentence."""
    return f"{title}: {sentence}"


def sentence_texts(article: Article, chunks: Sequence[Chunk]) -> list[str]:
    """What the embedder sees for each sentence of an article's chunks, in index order."""
    return [embedded_text(article.title, article.text[s:e]) for c in chunks for s, e in c.sentences]


def bm25_idf(n: float, df: Any) -> Any:
    """BM25 (Lucene) inverse document frequency, as bm25s computes it."""
    return np.log(1.0 + (n - df + 0.5) / (df + 0.5))


@dataclass
class Segment:
    """One immutable part of the index; arrays are local to it and aligned by chunk and sentence."""

    name: str
    articles: list[Article]
    hashes: list[str]
    chunk_article: np.ndarray  # (n_chunks,) index into articles, non-decreasing
    chunk_span: np.ndarray  # (n_chunks, 2) article offsets
    sentence_chunk: np.ndarray  # (n_sentences,) index into chunks, non-decreasing
    sentence_span: np.ndarray  # (n_sentences, 2) article offsets
    signatures: np.ndarray  # (n_articles, NUM_PERM) MinHash of each article's text
    vectors: np.ndarray  # (n_sentences, dimension) unit vectors, memory-mapped once saved
    dense: Any  # a FAISS index over ``vectors`` (flat or IVF)
    bm25: Any  # bm25s.BM25 over chunks

    @property
    def kind(self) -> str:
        return "flat" if type(self.dense).__name__ == "IndexFlatIP" else "ivf-sq8"

    @classmethod
    def build(cls, name: str, articles: list[Article], hashes: list[str], chunk_article: np.ndarray,
              chunk_span: np.ndarray, sentence_chunk: np.ndarray, sentence_span: np.ndarray,
              signatures: np.ndarray, vectors: np.ndarray) -> Segment:
        """A new segment with its lexical and dense indexes built."""
        import bm25s

        vocab: dict[str, int] = {"": 0}  # bm25s's empty token; also keeps an all-punctuation segment indexable
        ids = [[vocab.setdefault(t, len(vocab)) for t in terms(lexical_text(articles[a].title, articles[a].text[s:e]))]
               for a, (s, e) in zip(chunk_article.tolist(), chunk_span.tolist(), strict=True)]
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index(([doc or [0] for doc in ids], vocab), show_progress=False)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        return cls(name, articles, hashes, chunk_article.astype(np.int32), chunk_span.astype(np.int64),
                   sentence_chunk.astype(np.int32), sentence_span.astype(np.int64), signatures.astype(np.uint64),
                   vectors, _dense(vectors, approximate=len(vectors) > approximate_above()), bm25)

    def save(self, folder: Path) -> None:
        import faiss

        folder.mkdir()
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as f:
            for article, digest in zip(self.articles, self.hashes, strict=True):
                f.write(json.dumps({**asdict(article), "hash": digest}, ensure_ascii=False) + "\n")
        np.savez(folder / "spans.npz", chunk_article=self.chunk_article, chunk_span=self.chunk_span,
                 sentence_chunk=self.sentence_chunk, sentence_span=self.sentence_span, signatures=self.signatures)
        np.save(folder / "vectors.npy", self.vectors)
        if self.kind != "flat":
            faiss.write_index(self.dense, str(folder / "dense.faiss"))
        self.bm25.save(str(folder / "bm25"), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> Segment:
        import bm25s
        import faiss

        with (folder / "articles.jsonl").open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        spans = np.load(folder / "spans.npz")
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        approximate = (folder / "dense.faiss").exists()
        dense = faiss.read_index(str(folder / "dense.faiss")) if approximate else _dense(vectors, approximate=False)
        bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True)
        hashes = [row.pop("hash") for row in rows]
        return cls(folder.name, [Article(**row) for row in rows], hashes, spans["chunk_article"],
                   spans["chunk_span"], spans["sentence_chunk"], spans["sentence_span"], spans["signatures"],
                   vectors, dense, bm25)

    @cached_property
    def n_chunks(self) -> int:
        return len(self.chunk_span)

    def df(self, term: str) -> int:
        """In how many of this segment's chunks ``term`` occurs."""
        token = self.bm25.vocab_dict.get(term)
        if token is None:
            return 0
        indptr = self.bm25.scores["indptr"]
        return int(indptr[token + 1] - indptr[token])

    def lexical(self, query_terms: Sequence[str], idf: dict[str, float], out: np.ndarray) -> None:
        """Add BM25 scores for ``query_terms`` to ``out`` (this segment's chunks), with collection-wide IDF.

        bm25s stores idf x term-frequency weight per (term, chunk); rescaling each
        column by global / local IDF makes scores from segments of any size comparable.
        """
        scores = self.bm25.scores
        indptr, indices, data = scores["indptr"], scores["indices"], scores["data"]
        for term in query_terms:
            token = self.bm25.vocab_dict.get(term)
            if token is None:
                continue
            lo, hi = int(indptr[token]), int(indptr[token + 1])
            local = float(bm25_idf(self.n_chunks, hi - lo))
            out[indices[lo:hi]] += data[lo:hi] * np.float32(idf[term] / local)


def _dense(vectors: np.ndarray, *, approximate: bool) -> Any:
    """Exact inner-product search for a small segment; an inverted file over 8-bit codes for a large one.

    IVF with scalar quantisation stores 384 bytes per vector (a quarter of the
    float vectors) and built 200k vectors twice as fast as HNSW here, at higher
    recall; the candidates it finds are re-scored exactly from the
    memory-mapped vectors, so the approximation only affects which sentences
    are found (recall@10 against exact search is in benchmarks/scale.py).
    """
    import faiss

    d = vectors.shape[1]
    index: Any
    if not approximate:
        index = faiss.IndexFlatIP(d)
    else:
        lists = max(64, int(2 * np.sqrt(len(vectors))))
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, lists,
                                              faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        index.train(np.ascontiguousarray(vectors[:: max(1, len(vectors) // (40 * lists))], dtype=np.float32))
    for i in range(0, len(vectors), 100_000):  # bounded memory when reading a memory map
        index.add(np.ascontiguousarray(vectors[i:i + 100_000], dtype=np.float32))
    return index


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
            merged = _merge(next_name(), segments[-2:], dead)
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
        found = find_duplicates(signatures, todo, lambda i: self.articles[live[i]].text)
        for copy, original in sorted(found.items()):
            copy_of[ids[copy]] = copy_of.get(ids[original], ids[original])
        return IndexData(self.segments, self.dead, copy_of, self.dimension)


def _merge(name: str, segments: Sequence[Segment], dead: dict[str, frozenset[int]]) -> Segment:
    """One segment holding the live rows of ``segments``, in order (vectors reused, not re-embedded)."""
    articles: list[Article] = []
    hashes: list[str] = []
    parts: dict[str, list[np.ndarray]] = {k: [] for k in
                                          ("chunk_article", "chunk_span", "sentence_chunk", "sentence_span",
                                           "signatures", "vectors")}
    n_chunks = 0
    for s in segments:
        keep = np.setdiff1d(np.arange(len(s.articles)), list(dead.get(s.name, ())))
        remap = np.full(len(s.articles), -1, np.int64)
        remap[keep] = np.arange(len(articles), len(articles) + len(keep))
        chunks = np.flatnonzero(remap[s.chunk_article] >= 0)
        chunk_remap = np.full(s.n_chunks, -1, np.int64)
        chunk_remap[chunks] = np.arange(n_chunks, n_chunks + len(chunks))
        sentences = np.flatnonzero(chunk_remap[s.sentence_chunk] >= 0)
        articles += [s.articles[i] for i in keep]
        hashes += [s.hashes[i] for i in keep]
        parts["chunk_article"].append(remap[s.chunk_article[chunks]])
        parts["chunk_span"].append(s.chunk_span[chunks])
        parts["sentence_chunk"].append(chunk_remap[s.sentence_chunk[sentences]])
        parts["sentence_span"].append(s.sentence_span[sentences])
        parts["signatures"].append(s.signatures[keep])
        parts["vectors"].append(np.asarray(s.vectors[sentences]))
        n_chunks += len(chunks)
    joined = {k: np.concatenate(v) for k, v in parts.items()}
    return Segment.build(name, articles, hashes, joined["chunk_article"], joined["chunk_span"],
                         joined["sentence_chunk"], joined["sentence_span"], joined["signatures"], joined["vectors"])


class IndexStore:
    """Reads and commits the states of one index folder.

    Args:
        path: the index folder.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.segment_dir = self.path / "segments"

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def manifest(self) -> dict[str, Any]:
        try:
            manifest: dict[str, Any] = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError) as exc:
            raise IndexMismatch(
                f"{self.manifest_path} is unreadable; rebuild: qa ingest <articles> --index {self.path}"
            ) from exc
        if manifest.get("format") != FORMAT:
            # The embedding cache stays: rebuilding re-reads the articles but embeds nothing again.
            raise IndexMismatch(
                f"{self.path} was written in format {manifest.get('format')}, this version reads {FORMAT}; "
                f"rebuild it (the embedding cache is kept): rm -r {self.path}/manifest.json "
                f"{self.path}/gen-* {self.path}/segments; qa ingest <articles> --index {self.path}"
            )
        return manifest

    def check_model(self, manifest: dict[str, Any], model: str) -> None:
        """Raises IndexMismatch when the index was embedded with another model."""
        if manifest["model"] != model:
            raise IndexMismatch(
                f"{self.path} was built with model {manifest['model']!r}, not {model!r}; use that "
                f"model (QA_MODEL) or rebuild: rm -r {self.path} && qa ingest <articles> --index {self.path}"
            )

    def load(self, manifest: dict[str, Any], loaded: dict[str, Segment] | None = None) -> IndexData:
        """The state ``manifest`` names; segments already in ``loaded`` are reused, not read again."""
        loaded = loaded if loaded is not None else {}
        segments = []
        for entry in manifest["segments"]:
            name = entry["name"]
            if name not in loaded:
                try:
                    loaded[name] = Segment.load(self.segment_dir / name)
                except (OSError, ValueError, RuntimeError, KeyError) as exc:
                    raise IndexMismatch(
                        f"{self.segment_dir / name} is damaged ({exc}); rebuild: rm -r {self.path} && "
                        f"qa ingest <articles> --index {self.path}"
                    ) from exc
            segments.append(loaded[name])
        dead = {name: frozenset(local) for name, local in manifest["dead"].items()}
        return IndexData(segments, dead, dict(manifest["copies"]), manifest["dimension"])

    def _numbers(self) -> list[int]:
        names = [p.name for p in self.segment_dir.glob("seg-*")]
        if self.exists():
            manifest = self.manifest()
            names += [e["name"] for e in manifest["segments"]] + manifest["retired"] + [manifest["last_segment"]]
        return [int(n.split("-")[1]) for n in names]

    def segment_names(self) -> Callable[[], str]:
        """A source of fresh segment names, past every folder on disk.

        A crash between writing a segment and committing the manifest leaves an
        orphan whose name must not be reused.
        """
        number = max(self._numbers(), default=0)

        def next_name() -> str:
            nonlocal number
            number += 1
            return f"seg-{number:06d}"

        return next_name

    def commit(self, data: IndexData, *, model: str, chunking: dict[str, Any]) -> dict[str, Any]:
        """Write the segments of ``data`` not yet on disk, then make ``data`` current."""
        self.path.mkdir(parents=True, exist_ok=True)
        previous: dict[str, Any] = self.manifest() if self.exists() else {"generation": 0, "segments": []}
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.path))
        try:
            self.segment_dir.mkdir(exist_ok=True)
            for segment in data.segments:
                if not (self.segment_dir / segment.name).is_dir():
                    segment.save(tmp / segment.name)
                    _fsync_tree(tmp / segment.name)
                    os.replace(tmp / segment.name, self.segment_dir / segment.name)
            names = [s.name for s in data.segments]
            manifest = {
                "format": FORMAT, "model": model, "dimension": data.dimension, "chunking": chunking,
                "generation": int(previous["generation"]) + 1,
                "articles": len(data.live), "chunks": data.n_live_chunks,
                "segments": [{"name": s.name, "dense": s.kind, "articles": len(s.articles), "chunks": s.n_chunks,
                              "sentences": len(s.vectors)} for s in data.segments],
                "dead": {name: sorted(local) for name, local in data.dead.items()},
                "copies": data.copy_of,
                # Still readable for one more commit: a reader may be loading the previous state.
                "retired": [e["name"] for e in previous["segments"] if e["name"] not in names],
                # Names are never reused, so a reader's cache of segments by name stays true.
                "last_segment": max([*names, previous.get("last_segment", "seg-000000")]),
            }
            _write_atomic(self.manifest_path, json.dumps(manifest, indent=1) + "\n")
        except OSError as exc:
            raise QAError(f"Could not write the index at {self.path} ({exc.strerror or exc}); "
                          "the previous version is intact. Free disk space or fix permissions.") from exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._prune(manifest)
        return manifest

    def _prune(self, manifest: dict[str, Any]) -> None:
        keep = {e["name"] for e in manifest["segments"]} | set(manifest["retired"])
        stale = [p for p in self.segment_dir.glob("seg-*") if p.name not in keep]
        for p in stale + list(self.path.glob(".tmp-*")):
            shutil.rmtree(p, ignore_errors=True)

    def lock(self) -> Any:
        """An exclusive write lock; raises IndexBusy when another writer holds it."""
        from filelock import FileLock, Timeout

        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / ".lock"), timeout=0)
        owner = self.path / ".lock.pid"
        try:
            lock.acquire()
        except Timeout:
            pid = owner.read_text().strip() if owner.exists() else "?"
            raise IndexBusy(f"Another ingest is writing {self.path} (pid {pid}); wait for it to finish.") \
                from None
        owner.write_text(str(os.getpid()))
        return lock


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)

