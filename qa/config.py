"""Settings, read in one place: keyword argument > ``QA_*`` environment > default.

Zero configuration works: the bundled MiniLM model and ``indexes/default``,
offline.  Every ``QA_*`` variable is read here and nowhere else, and a value
that cannot be used fails with one ConfigError line naming the variable, never
a traceback.  This module stays cheap to import: the CLI's ``--help`` loads it.

    QA_INDEX              the index folder
    QA_STORE              a PostgreSQL database to keep the index in instead
    QA_MODEL              a local sentence-transformers model folder
    QA_LLM_URL, QA_LLM_MODEL, QA_LLM_API_KEY, QA_LLM_TIMEOUT   the LLM endpoint
    QA_PROMPTS_DIR        the prompt templates for LLM mode
    QA_APPROXIMATE_ABOVE  sentence vectors past which a segment is searched approximately
    QA_AUTH               the app's editor login, USER:PASS (``qa serve``): may also change the library
    QA_READER_AUTH        the app's reader logins, USER:PASS[,USER:PASS...]: may only ask
    QA_ALLOW_PRIVATE_URLS 1 lets web addresses and feeds reach this machine's own network

``check_environment`` reads every variable that has a form (numbers, flags, a login) at once:
the CLI calls it before any command, so a value that cannot be used is the same one-line error
in every command, not only in the one that happens to read it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from qa.errors import ConfigError

DEFAULT_INDEX = "indexes/default"
BUNDLED_MODEL = "all-MiniLM-L6-v2"
PROJECT_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
Number = TypeVar("Number", int, float)
LLM_TIMEOUT = 60.0  # seconds
APPROXIMATE_ABOVE = 50_000  # an exact scan of 100k vectors doubled answer time (README, scale)


@dataclass(frozen=True)
class LLMSettings:
    """Where and how to reach the model.

    Attributes:
        url: the OpenAI-compatible base URL, e.g. ``http://127.0.0.1:8080/v1``.
        model: the model name; None asks the endpoint's ``/models``.
        api_key: sent as a bearer token; local servers need none.
        timeout: seconds before a request (or a stalled stream) is given up.
        max_tokens: the longest answer asked for.
    """

    url: str
    model: str | None = None
    api_key: str | None = None
    timeout: float = LLM_TIMEOUT
    max_tokens: int = 300


OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
FORWARDED = (*OFFLINE, "QA_MODEL")  # what a Ray worker must see as this process does
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def go_offline() -> None:
    """Keep the Hugging Face libraries off the network; called just before one of them loads.

    Importing ``qa`` changes no environment: only loading a model does, so the bundled model
    never reaches for a hub (a setting the caller made already is kept).
    """
    for name, value in OFFLINE.items():
        os.environ.setdefault(name, value)


def configure_process() -> None:
    """Settings for the processes qa starts itself (``qa``, ``app.py``), made before NumPy loads.

    A question's matrices are too small to gain from BLAS threads, and with several requests at
    once those threads spin against each other: one thread per call answered 4x more questions
    per second under load (benchmarks/reliability.py).  Torch (ingestion) keeps its own pool.
    """
    go_offline()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def worker_environment() -> dict[str, str]:
    """The variables a Ray worker needs to load the same model, offline, as this process does."""
    return {name: os.environ[name] for name in FORWARDED if name in os.environ}


def _env(name: str) -> str | None:
    """The variable's value, None when unset or empty (an empty value means the default)."""
    return os.environ.get(name) or None


def default_index() -> str:
    """The index folder used when none is given (``QA_INDEX``)."""
    return _env("QA_INDEX") or DEFAULT_INDEX


def default_store() -> str | None:
    """The PostgreSQL URI used when none is given (``QA_STORE``); None keeps the index in its folder."""
    return _env("QA_STORE")


def default_model() -> str:
    """The embedding model used when none is given (``QA_MODEL``)."""
    return _env("QA_MODEL") or BUNDLED_MODEL


def prompts_dir() -> Path:
    """The prompts folder: ``QA_PROMPTS_DIR`` or the project's ``prompts/``."""
    value = _env("QA_PROMPTS_DIR")
    return Path(value) if value else PROJECT_PROMPTS


def llm_timeout() -> float:
    """Seconds to wait for the LLM endpoint: ``QA_LLM_TIMEOUT``, default 60.

    Raises:
        ConfigError: not a positive number.
    """
    return _positive("QA_LLM_TIMEOUT", float, LLM_TIMEOUT, "a number of seconds", "60")


def approximate_above() -> int:
    """Sentence vectors past which a segment is searched approximately: ``QA_APPROXIMATE_ABOVE``, default 50,000.

    Raises:
        ConfigError: not a whole number of at least 1.
    """
    return _positive("QA_APPROXIMATE_ABOVE", int, APPROXIMATE_ABOVE, "a whole number of vectors", "50000")


def allow_private_urls() -> bool:
    """Whether web addresses and feeds may reach private addresses: ``QA_ALLOW_PRIVATE_URLS``, default no.

    Raises:
        ConfigError: not one of 1/true/yes/on or 0/false/no/off.
    """
    value = _env("QA_ALLOW_PRIVATE_URLS")
    if value is None or value.lower() in _FALSE:
        return False
    if value.lower() in _TRUE:
        return True
    raise ConfigError("QA_ALLOW_PRIVATE_URLS", f"{value!r} is neither yes nor no; set it like "
                                               "QA_ALLOW_PRIVATE_URLS=1, or unset it.")


def app_login(value: str | None = None) -> tuple[str, str] | None:
    """The app's login, ``(user, password)``: ``value`` (--auth), else ``QA_AUTH``; None when neither is set.

    Raises:
        ConfigError: ``QA_AUTH`` is not USER:PASS.
        ValueError: ``value`` is not USER:PASS (the caller says which option was wrong).
    """
    given = value if value is not None else _env("QA_AUTH")
    if given is None:
        return None
    user, sep, password = given.partition(":")
    if not sep or not user or not password:
        if value is not None:
            raise ValueError("expected USER:PASS")
        raise ConfigError("QA_AUTH", "expected USER:PASS; set it like QA_AUTH=editor:secret, or unset it.")
    return user, password


def reader_logins(values: tuple[str, ...] = ()) -> dict[str, str]:
    """The app's reader logins, user -> password: ``values`` (--reader-auth, repeatable), else
    ``QA_READER_AUTH`` (``USER:PASS``, several separated by commas).

    Raises:
        ConfigError: ``QA_READER_AUTH`` holds something that is not USER:PASS.
        ValueError: one of ``values`` is not USER:PASS.
    """
    given = list(values) or [v for v in (_env("QA_READER_AUTH") or "").split(",") if v.strip()]
    out = {}
    for value in given:
        user, sep, password = value.strip().partition(":")
        if not sep or not user or not password:
            if values:
                raise ValueError("expected USER:PASS")
            raise ConfigError("QA_READER_AUTH", "expected USER:PASS[,USER:PASS...]; set it like "
                                                "QA_READER_AUTH=ann:secret,bo:secret2, or unset it.")
        out[user] = password
    return out


def check_environment() -> None:
    """Read every ``QA_*`` variable that has a form, so that one that cannot be used fails now, in one line.

    Raises:
        ConfigError: the first variable whose value cannot be used.
    """
    llm_timeout()
    approximate_above()
    allow_private_urls()
    app_login()
    reader_logins()


def _positive(name: str, parse: Callable[[str], Number], default: Number, what: str, example: str) -> Number:
    """A positive number from the environment variable ``name``, else ``default``."""
    value = _env(name)
    if value is None:
        return default
    try:
        number = parse(value)
    except ValueError:
        number = parse("0")
    if not (math.isfinite(number) and number > 0):
        raise ConfigError(name, f"{value!r} is not {what}; set it like {name}={example}, or unset it.")
    return number


def llm_settings(url: str | None = None, model: str | None = None,
                 api_key: str | None = None) -> LLMSettings | None:
    """The LLM endpoint: each argument, else its ``QA_LLM_*`` variable; None when no URL is set (offline).

    Raises:
        ConfigError: ``QA_LLM_TIMEOUT`` is not a positive number.
    """
    url = url or _env("QA_LLM_URL")
    if not url:
        return None
    return LLMSettings(url, model or _env("QA_LLM_MODEL"), api_key or _env("QA_LLM_API_KEY"), llm_timeout())
