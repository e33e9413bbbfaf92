"""The ONNX query encoder must agree with sentence-transformers; ingest's bfloat16, where the CPU has it, nearly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime
import pytest
import torch

from qa.embedding import QUERY_DIR, QUERY_GRAPH, Embedder, _QueryEncoder, _sentence_transformer, native_bf16

QUESTIONS = ["Who warned about a resurgence?", "What did Jeffrey say in Brussels on Friday?",
             "Über die Brücke – naïve café ‘quotes’ " + "long " * 400]


def test_onnx_query_path_matches_sentence_transformers() -> None:
    embedder = Embedder("all-MiniLM-L6-v2")
    with torch.autocast("cpu", enabled=False):
        reference = _sentence_transformer(embedder.path).encode(QUESTIONS, normalize_embeddings=True)
    for question, expected in zip(QUESTIONS, reference, strict=True):
        got = embedder.encode_query(question)
        assert got.shape == (384,) and got.dtype == np.float32
        assert float(got @ expected) > 0.99999


def test_ingest_vectors_are_the_query_encoders_within_bfloat16() -> None:
    """Ingest embeds in bf16 where the CPU computes it natively; a passage and a question then
    still meet at the same cosine, to well under what separates two passages."""
    embedder = Embedder("all-MiniLM-L6-v2")
    vectors = embedder.encode(QUESTIONS)
    assert vectors.dtype == np.float32 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = [float(v @ embedder.encode_query(q)) for q, v in zip(QUESTIONS, vectors, strict=True)]
    assert min(cosines) > (0.9995 if native_bf16() else 0.99999), cosines


def test_the_shipped_query_graph_is_what_its_export_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``encoder.onnx`` holds no weights (each is the installed model's, by name) and is what
    ``export_query_encoder`` makes of the bundled model: a fresh export embeds as the shipped one."""
    from qa.training.network import export_query_encoder

    shipped = QUERY_DIR / QUERY_GRAPH
    assert shipped.stat().st_size < 200_000  # the graph alone: the weights are the model file's
    with pytest.raises(Exception, match=r"model\.safetensors"):  # so it cannot run without them
        onnxruntime.InferenceSession(str(shipped), providers=["CPUExecutionProvider"])
    embedder = Embedder("all-MiniLM-L6-v2")
    export_query_encoder(embedder.path, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [QUERY_GRAPH]
    monkeypatch.setattr("qa.embedding.QUERY_DIR", tmp_path)
    fresh = _QueryEncoder(embedder.path)
    for question in QUESTIONS:
        assert np.allclose(fresh.encode(question), embedder.encode_query(question), atol=1e-6)


def test_a_missing_query_graph_is_one_line_that_says_what_to_do(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.errors import ModelNotFound

    monkeypatch.setattr("qa.embedding.QUERY_DIR", tmp_path)
    with pytest.raises(ModelNotFound, match=r"reinstall the package") as caught:
        _QueryEncoder(Embedder("all-MiniLM-L6-v2").path)
    assert "\n" not in str(caught.value) and "encoder.onnx" in str(caught.value)
