"""Ingestion spread over a Ray cluster (``qa ingest --ray``; ``pip install 'qa[distributed]'``).

Reading files is cheap and stays on the driver.  What costs (sentence
splitting and embedding, ~95% of an ingest) runs as a Ray Data
``map_batches`` over a pool of actors, each loading the model once.  The
driver then writes through the Library as any ingest does, so the commit,
the write lock and the ids are the same: a chunk's id depends only on its
article and offsets (``qa.store.postgres.sql.chunk_id``), never on the worker.

Locally ``ray.init(num_cpus=workers)`` starts a private cluster; with an
address (``ray://head:10001`` or ``auto``) the job joins an existing one.
Workers do not read the local embedding cache: every sentence is embedded.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from itertools import pairwise
from typing import Any

import numpy as np

from qa.config import worker_environment
from qa.documents import Article, Chunk
from qa.embedding import Embedder
from qa.errors import RayError
from qa.ingest.chunking import chunk_article, sentence_texts

BATCH = 8  # articles per task: large enough to batch the model, small enough to spread


class _Worker:
    """One Ray actor: the model loaded once, then article batches -> chunks and vectors."""

    def __init__(self, model: str) -> None:
        import torch

        torch.set_num_threads(1)  # one core per actor; Ray gives each actor one CPU
        self.embedder = Embedder(model)

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        ids, chunks, texts, bounds = [], [], [], [0]
        for record in batch.to_dict("records"):
            values: dict[str, Any] = {k: None if v is None or v != v else v for k, v in record.items()}  # NaN: missing
            article = Article(**values)
            found = chunk_article(article)
            texts += sentence_texts(article, found)
            bounds.append(len(texts))
            ids.append(article.id)
            chunks.append(json.dumps([[c.start, c.end, c.sentences] for c in found]))
        encoded = self.embedder.encode(texts)  # the whole batch at once: the model batches by length
        vectors = [encoded[lo:hi].tobytes() for lo, hi in pairwise(bounds)]
        return {"id": ids, "chunks": chunks, "vectors": vectors}


class RayPrepare:
    """Chunks and embeds new articles with Ray Data; pass as ``Library.add_path(..., prepare=)``.

    Args:
        model: the Library's embedding model.
        dimension: its vector size.
        address: a Ray cluster to join; None starts a local one.
        workers: actors (one CPU and one model each).
        progress: show Ray Data's progress bars.
    """

    def __init__(self, model: str, dimension: int, *, address: str | None = None, workers: int = 2,
                 progress: bool = False) -> None:
        self.model = model
        self.dimension = dimension
        self.address = address
        self.workers = workers
        self.progress = progress

    def _init(self) -> Any:
        try:
            import ray
        except ImportError:
            raise RayError("Ray is not installed; run: pip install 'qa[distributed]'") from None
        if not ray.is_initialized():
            env = {"env_vars": worker_environment()}
            try:
                if self.address:
                    ray.init(address=self.address, runtime_env=env, log_to_driver=False)
                else:
                    ray.init(num_cpus=self.workers, include_dashboard=False, runtime_env=env, log_to_driver=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise RayError(f"Could not start or join Ray ({exc}); check --ray-address.") from None
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = self.progress
        return ray

    def __call__(self, articles: list[Article]) -> tuple[list[list[Chunk]], np.ndarray, int]:
        ray = self._init()
        blocks = min(len(articles), max(self.workers, -(-len(articles) // BATCH)))  # every worker gets some
        # Chunking needs no page offsets, and a column of tuples would come back from pandas as arrays.
        dataset = ray.data.from_items([{**asdict(a), "pages": None} for a in articles],
                                      override_num_blocks=max(1, blocks))
        prepared = dataset.map_batches(_Worker, fn_constructor_kwargs={"model": self.model}, batch_size=BATCH,
                                       batch_format="pandas", num_cpus=1,
                                       compute=ray.data.ActorPoolStrategy(size=self.workers))
        try:
            rows = {row["id"]: row for row in prepared.iter_rows()}
        except ray.exceptions.RayError as exc:
            reason = str(exc).strip().splitlines()[-1]
            raise RayError(f"A Ray worker failed ({reason}); nothing was written. See Ray's logs "
                          "(/tmp/ray/session_latest/logs).") from None
        chunks, vectors = [], []
        for article in articles:
            row = rows[article.id]
            chunks.append([Chunk(article.id, s, e, article.text[s:e], tuple((a, b) for a, b in sentences))
                           for s, e, sentences in json.loads(row["chunks"])])
            vectors.append(np.frombuffer(row["vectors"], np.float32).reshape(-1, self.dimension))
        matrix = np.concatenate(vectors) if vectors else np.zeros((0, self.dimension), np.float32)
        return chunks, matrix, len(matrix)
