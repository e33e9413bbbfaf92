"""The NumPy query encoder must agree with sentence-transformers."""

from __future__ import annotations

import numpy as np

from qa.embedding import Embedder


def test_numpy_query_path_matches_sentence_transformers() -> None:
    embedder = Embedder("all-MiniLM-L6-v2")
    questions = ["Who warned about a resurgence?", "What did Jeffrey say in Brussels on Friday?",
                 "Über die Brücke – naïve café ‘quotes’ " + "long " * 400]
    reference = embedder.encode(questions)
    for question, expected in zip(questions, reference, strict=True):
        got = embedder.encode_query(question)
        assert got.shape == (384,) and got.dtype == np.float32
        assert float(got @ expected) > 0.99999
