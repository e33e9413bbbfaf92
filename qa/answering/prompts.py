"""Prompt templates as files, checked when loaded.

Each template is a ``string.Template`` in the prompts folder (``prompts/`` or
``QA_PROMPTS_DIR``, read in ``qa.config``).  A template missing a variable it
needs, or using one we never fill in, fails at load time with a PromptError that names it, not in
the middle of an answer.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from qa.config import prompts_dir
from qa.errors import PromptError

VARIABLES = {
    "system": set(),
    "answer": {"passages", "question", "refusal"},
    "condense": {"history", "question"},
    "refusal": set(),
}


def load_prompt(name: str, folder: Path | None = None) -> Template:
    """The template ``name`` (``answer``, ``condense``, ``system`` or ``refusal``).

    Raises:
        PromptError: the file is missing, malformed, or its variables are wrong.
    """
    path = (folder or prompts_dir()) / f"{name}.txt"
    try:
        template = Template(path.read_text(encoding="utf-8").strip())
    except OSError:
        raise PromptError(f"Missing prompt {path}; copy it from the project's prompts/ folder "
                          "or set QA_PROMPTS_DIR.") from None
    if not template.is_valid():
        raise PromptError(f"{path} has a malformed $variable; write $$ for a literal dollar sign.")
    used = set(template.get_identifiers())
    missing, unknown = VARIABLES[name] - used, used - VARIABLES[name]
    if missing:
        raise PromptError(f"{path} lacks {', '.join('$' + v for v in sorted(missing))}; add it.")
    if unknown:
        allowed = ", ".join("$" + v for v in sorted(VARIABLES[name])) or "none"
        raise PromptError(f"{path} uses unknown {', '.join('$' + v for v in sorted(unknown))}; "
                          f"available: {allowed}.")
    return template
