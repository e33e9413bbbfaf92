"""Settings, read in one place: keyword argument > ``QA_*`` environment > default.

Zero configuration works: the bundled MiniLM model and ``indexes/default``,
offline.  ``QA_INDEX`` names another index folder, ``QA_MODEL`` another
sentence-transformers model folder, ``QA_STORE`` a PostgreSQL database to keep
the index in instead of the folder.
"""

from __future__ import annotations

import os

# The bundled model must never reach for a hub; set before any HF library loads.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# A question's matrices are too small to gain from BLAS threads, and with several
# requests at once those threads spin against each other: one thread per call
# answered 4x more questions per second under load (benchmarks/reliability.py).
# Set before NumPy loads; torch (ingestion) keeps its own thread pool.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DEFAULT_INDEX = "indexes/default"
BUNDLED_MODEL = "all-MiniLM-L6-v2"


def default_index() -> str:
    """The index folder used when none is given."""
    return os.environ.get("QA_INDEX") or DEFAULT_INDEX


def default_store() -> str | None:
    """The PostgreSQL URI used when none is given; None keeps the index in its folder."""
    return os.environ.get("QA_STORE") or None


def default_model() -> str:
    """The embedding model used when none is given."""
    return os.environ.get("QA_MODEL") or BUNDLED_MODEL
