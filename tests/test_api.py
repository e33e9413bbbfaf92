"""The public surface: what ``import qa`` offers, and that it stays cheap to import."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

import qa
from qa import errors
from tests.conftest import ROOT


def test_all_is_sorted_and_every_name_imports() -> None:
    assert qa.__all__ == sorted(qa.__all__)
    for name in qa.__all__:
        assert getattr(qa, name).__name__ == name


def test_every_error_class_is_exported() -> None:
    classes = {name for name, value in vars(errors).items()
               if inspect.isclass(value) and issubclass(value, errors.QAError)}
    assert classes <= set(qa.__all__)


def test_the_settings_and_results_of_the_api_are_exported() -> None:
    assert {"Library", "Chat", "LLMSettings", "IndexInfo", "ArticleSummary", "IngestReport", "Answer",
            "Citation", "Passage", "Article"} <= set(qa.__all__)


def test_import_qa_loads_nothing_heavy() -> None:
    code = ("import sys, qa\n"
            "print([m for m in ('torch', 'llama_index', 'sentence_transformers', 'gradio', 'transformers', 'faiss',"
            " 'dateparser', 'sqlalchemy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_importing_qa_changes_no_environment() -> None:
    code = ("import os, sys\nbefore = dict(os.environ)\nimport qa\nfrom qa import Library, Answer\n"
            "print(sorted(set(os.environ.items()) ^ set(before.items())), 'numpy' in sys.modules)")
    env = {k: v for k, v in os.environ.items()
           if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM", "OPENBLAS_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env=env).stdout
    assert out.strip() == "[] True"  # Library loads NumPy, yet nothing was set in the environment
