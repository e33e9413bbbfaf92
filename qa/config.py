"""Settings, read in one place: keyword argument > ``QA_*`` environment > default.

Zero configuration works: the bundled MiniLM model and ``indexes/default``,
offline.  ``QA_INDEX`` names another index folder, ``QA_MODEL`` another
sentence-transformers model folder.
"""

from __future__ import annotations

import os

# The bundled model must never reach for a hub; set before any HF library loads.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_INDEX = "indexes/default"
BUNDLED_MODEL = "all-MiniLM-L6-v2"


def default_index() -> str:
    """The index folder used when none is given."""
    return os.environ.get("QA_INDEX") or DEFAULT_INDEX


def default_model() -> str:
    """The embedding model used when none is given."""
    return os.environ.get("QA_MODEL") or BUNDLED_MODEL
