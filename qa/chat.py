"""Chat: a conversation over a Library, where follow-ups lean on the turns before.

A client of the facade: it uses only the Library's public verbs, through the ``Asker`` protocol,
and the question policy below both (``qa.retrieval.question``); it never imports ``qa.library``,
so ``Library.chat()`` can hand one out without a cycle.

"What book did he publish?" means nothing alone.  Offline, a follow-up's
pronoun is replaced by the person the previous answer is about ("What book
did Nicholas Negroponte publish?"); other references ("it", "they", "that")
bring in the names of the previous answer, or the previous question.  With an
LLM endpoint the model rewrites the follow-up as a standalone question
instead.  Either way the rewritten text goes to ``Library.stream(query=...)``
for retrieval, while dates and filters are read from what the user typed.

Measured on tests/data/followups (tests/test_chat.py): after "Who is developing
a laptop for under $100?", "What book did he publish?" quoted the laptop
sentence again when the names were appended, and "Being Digital" once "he"
was replaced by the person's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from qa.answering.answer import Answer
from qa.errors import EndpointError, QAError, QuestionError
from qa.retrieval.question import ANSWER_PASSAGES, MAX_QUESTION, clean_question

if TYPE_CHECKING:
    from qa.answering.generation import Generator
    from qa.documents import Article

_FOLLOW_UP = re.compile(
    r"\b(he|she|him|her|his|hers|they|them|their|it|its|this|that|these|those|there|then|"
    r"the (?:same|latter|former|group|company|report|article))\b", re.IGNORECASE)
_PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers)\b", re.IGNORECASE)
_NAME = re.compile(r"\b(?:[A-Z][\w'’-]+)(?:\s+(?:of|for|the|and|[A-Z][\w'’-]+))*\s+[A-Z][\w'’-]+|\b[A-Z]{2,}\b")
# Capitalised words that are not a person's first name or surname.
_NOT_NAME = {"the", "a", "an", "in", "on", "at", "by", "for", "from", "with", "without", "but", "and", "or",
             "if", "when", "while", "as", "after", "before", "according", "mr", "mrs", "ms", "dr", "prof",
             "professor", "sir", "president", "minister", "chairman", "chief", "senator", "judge", "general"}
_AFTER_OBJECT = r"\s*(?:$|[?.!,;:]|\b(?:to|in|on|at|for|with|about|from|by|as|and|or|than|say|said|do|did)\b)"


class Asker(Protocol):
    """What a conversation needs of a Library: its answers, its articles and its LLM endpoint, if any."""

    @property
    def generator(self) -> Generator | None: ...

    def stream(self, question: str, *, k: int = ..., since: str | None = ..., until: str | None = ...,
               sources: Sequence[str] | None = ..., recent: bool = ..., query: str | None = ...) -> Iterator[Answer]:
        ...

    def article(self, article_id: str) -> Article: ...


class Chat:
    """A conversation over one Library.

    Args:
        library: the articles to answer from (a ``Library``, or anything with its ``Asker`` verbs).

    Attributes:
        history: the earlier turns, (question, answer), oldest first.
    """

    def __init__(self, library: Asker) -> None:
        self.library = library
        self.history: list[tuple[str, Answer]] = []

    def contextual_query(self, question: str) -> str:
        """The text retrieved for ``question`` without an LLM.

        "He", "she", "his", "her" become the person the previous answer is about;
        "it", "they" or "that" (or a pronoun with no person to stand for) bring
        in everything the previous answer names, or else the previous question.

        Raises:
            QuestionError: the question is empty or too long.
        """
        question = clean_question(question)
        if not self.history or not _FOLLOW_UP.search(question):
            return question
        previous, answer = self.history[-1]
        if _PERSON_PRONOUN.search(question):
            person = self._person(answer)
            if person:
                return _substitute(question, person)[:MAX_QUESTION]
        names = list(dict.fromkeys(m.group(0) for c in answer.citations for m in _NAME.finditer(c.text)))
        return " ".join([question, *(names or [previous])])[:MAX_QUESTION]

    def _person(self, answer: Answer) -> str | None:
        """The person ``answer`` is about: the first cited full name whose surname its article uses alone."""
        for c in answer.citations:
            try:
                text = self.library.article(c.article_id).text
            except QAError:
                continue
            for name in _people(c.text, text):
                return name
        return None

    def _query(self, question: str) -> tuple[str, tuple[str, ...]]:
        generator = self.library.generator
        if generator is None or not self.history or not _FOLLOW_UP.search(question):
            return self.contextual_query(question), ()
        try:
            turns = [(q, a.text) for q, a in self.history]
            return clean_question(generator.condense(turns, question)[:MAX_QUESTION]), ()
        except (EndpointError, QuestionError) as exc:
            return self.contextual_query(question), (f"{exc}; read the follow-up without the model",)

    def stream(self, question: str, *, k: int | None = None, since: str | None = None, until: str | None = None,
               sources: Sequence[str] | None = None, recent: bool = False) -> Iterator[Answer]:
        """Like ``Library.stream``, in the context of the earlier turns.

        Raises:
            QuestionError: the question is empty or too long, or a date is unreadable.
        """
        question = clean_question(question)
        query, notes = self._query(question)
        answer = None
        for answer in self.library.stream(question, k=k or ANSWER_PASSAGES, since=since, until=until,
                                          sources=sources, recent=recent, query=query):
            yield replace(answer, notes=(*notes, *answer.notes)) if notes else answer
        if answer is not None:
            self.history.append((question, answer))

    def ask(self, question: str, *, k: int | None = None, since: str | None = None, until: str | None = None,
            sources: Sequence[str] | None = None, recent: bool = False) -> Answer:
        """Answer ``question`` in the context of the earlier turns (options as for ``Library.ask``).

        Raises:
            QuestionError: the question is empty or too long, or a date is unreadable.
        """
        *_, final = self.stream(question, k=k, since=since, until=until, sources=sources, recent=recent)
        return final


def _people(cited: str, article: str) -> Iterator[str]:
    """Full names of the people ``cited`` mentions, in order.

    A person is someone the article names in full and then by surname alone
    ("Nicholas Negroponte ... Mr Negroponte said"), as news writes about people
    and not about places or organisations ("Islamic State" is never "State").
    """
    for word in re.finditer(r"\b[A-Z][a-z'’-]+\b", cited):
        surname = word.group(0)
        if surname.lower() in _NOT_NAME:
            continue
        full = next((m.group(0) for m in re.finditer(rf"\b([A-Z][a-z'’-]+) (?:[A-Z]\. )?{surname}\b", article)
                     if m.group(1).lower() not in _NOT_NAME), None)
        if full and len(re.findall(rf"\b{surname}\b", article)) > article.count(full):
            yield full


def _substitute(question: str, person: str) -> str:
    """``question`` with each personal pronoun replaced by ``person`` ("his" by "Person's")."""

    def name(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        if word in ("his", "hers") or (word == "her" and not re.match(_AFTER_OBJECT, question[match.end():])):
            return f"{person}'s"
        return person

    return _PERSON_PRONOUN.sub(name, question)
