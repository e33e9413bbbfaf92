"""The question policy every client of the Library shares: how a question is cleaned, how long it may be,
and how many passages are read for its answer.

It sits below the facade so that the facade and its clients (the conversation, the app) apply one
rule, rather than the clients reaching up into ``qa.library`` for it.
"""

from __future__ import annotations

import re

from qa.errors import QuestionError

MAX_QUESTION = 1000  # characters, after cleaning
ANSWER_PASSAGES = 3  # passages the reader reads and the answer may quote


def clean_question(question: str) -> str:
    """The question with control characters and extra spaces removed.

    Raises:
        QuestionError: nothing askable is left, or it is too long.
    """
    text = re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", " ", question or "")).strip()
    if not re.search(r"\w", text):
        raise QuestionError("The question is empty; ask something like: qa ask \"Who warned about a resurgence?\"")
    if len(text) > MAX_QUESTION:
        raise QuestionError(f"The question is {len(text)} characters long; keep it under {MAX_QUESTION}.")
    return text
