"""Chat: a conversation over a Library, where follow-ups lean on the turns before.

A client of the facade: it uses only the Library's public verbs, through the ``Asker`` protocol,
and the question policy below both (``qa.retrieval.question``); it never imports ``qa.library``,
so ``Library.chat()`` can hand one out without a cycle.

"Where does he work?" means nothing alone.  The conversation keeps what each turn named (the
question's subject, the answer's, the articles cited; ``followups.Turn``), and a follow-up is
rewritten into a standalone question by what its words can stand for (``followups.resolve``): "he"
for a person, "it" for a thing or an organisation, "that report" for the article cited last, which
then answers first; a follow-up the articles as a whole refuse is asked again of the article the
conversation is on.  The person sees how it was asked ("Asked as: ..."), or which word could not
be resolved.  With an LLM endpoint the model rewrites the follow-up instead.  Either way the rewritten
text goes to ``Library.stream(query=...)`` for retrieval, while dates and filters are read from what
the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from qa.answering.answer import Answer, refusal
from qa.chat.dateline import credited_answer, published_answer
from qa.chat.followups import (
    DOCUMENT,
    Entity,
    Resolution,
    Turn,
    asks_for,
    cased,
    entities,
    entity,
    gender,
    people,
    resolve,
    story,
    thing_answered,
    untitled,
)
from qa.errors import EndpointError, QAError, QuestionError
from qa.retrieval.question import ANSWER_PASSAGES, MAX_QUESTION, clean_question

QUOTES_READ = 3  # the citations whose people a follow-up's "he" or "she" may mean

if TYPE_CHECKING:
    from qa.answering.generation import Generator
    from qa.documents import Article
    from qa.retrieval.evidence import Passage


class Asker(Protocol):
    """What a conversation needs of a Library: its answers, its passages, its articles and its LLM
    endpoint, if any."""

    @property
    def generator(self) -> Generator | None: ...

    def stream(self, question: str, *, k: int = ..., since: str | None = ..., until: str | None = ...,
               sources: Sequence[str] | None = ..., recent: bool = ..., query: str | None = ...,
               articles: Sequence[str] | None = ...) -> Iterator[Answer]:
        ...

    def article(self, article_id: str) -> Article: ...

    def search(self, question: str, k: int = ...) -> list[Passage]: ...


class Chat:
    """A conversation over one Library.

    Args:
        library: the articles to answer from (a ``Library``, or anything with its ``Asker`` verbs).

    Attributes:
        history: the earlier turns, (question, answer), oldest first.
        turns: what the conversation keeps of each of them (``followups.Turn``), oldest first.
    """

    def __init__(self, library: Asker) -> None:
        self.library = library
        self.history: list[tuple[str, Answer]] = []
        self.turns: list[Turn] = []

    def clear(self) -> None:
        """Forget the conversation: the next question starts a new one."""
        self.history.clear()
        self.turns.clear()

    def resolve(self, question: str) -> Resolution:
        """How ``question`` is asked after the turns so far, without an LLM (``followups.resolve``).

        Raises:
            QuestionError: the question is empty or too long.
        """
        resolution = resolve(clean_question(question), self.turns, self._title, self._text)
        return replace(resolution, query=resolution.query[:MAX_QUESTION])

    def contextual_query(self, question: str) -> str:
        """The text retrieved for ``question`` without an LLM: the follow-up as a standalone question (an
        "it" with another reading, ``Resolution.instead``, is asked that way too, and the surer kept).

        Raises:
            QuestionError: the question is empty or too long.
        """
        return self.resolve(question).query

    def _title(self, article_id: str) -> str | None:
        article = self._article(article_id)
        return (article.title or article_id) if article else None

    def _text(self, article_id: str) -> str | None:
        article = self._article(article_id)
        return article.text if article else None

    def _article(self, article_id: str) -> Article | None:
        try:
            return self.library.article(article_id)
        except QAError:
            return None

    def _resolution(self, question: str) -> tuple[Resolution, tuple[str, ...]]:
        resolution = self.resolve(question)
        generator = self.library.generator
        if generator is not None and self.turns and (resolution.meant or resolution.unresolved):
            try:
                turns = [(q, a.text) for q, a in self.history]
                condensed = Resolution(clean_question(generator.condense(turns, question)[:MAX_QUESTION]),
                                       resolution.article)
                return condensed, _said(condensed, question)
            except (EndpointError, QuestionError) as exc:
                note = f"{exc}; read the follow-up without the model"
                return resolution, (note, *_said(resolution, question))
        return resolution, _said(resolution, question)

    def stream(self, question: str, *, k: int | None = None, since: str | None = None, until: str | None = None,
               sources: Sequence[str] | None = None, recent: bool = False) -> Iterator[Answer]:
        """Like ``Library.stream``, in the context of the earlier turns.

        A follow-up that means the article cited before ("who wrote that report?") is answered from
        that article, or from another the conversation cited; never from one it did not, since that is
        not what "that report" says.  A fragment the question before has no place for ("and the
        sentencing date?") is asked of the story first, then of every article.  A word that stands for
        nothing said ("how old is he?" when nobody was named) is asked of the story alone: across every
        article it would be a guess.

        Raises:
            QuestionError: the question is empty or too long, or a date is unreadable.
        """
        question = clean_question(question)
        resolution, notes = self._resolution(question)

        def asked(articles: Sequence[str] | None, query: str | None = None) -> Iterator[Answer]:
            return self.library.stream(question, k=k or ANSWER_PASSAGES, since=since, until=until, sources=sources,
                                       recent=recent, query=query or resolution.query, articles=articles)

        answer = None
        article = self._article(resolution.article) if resolution.article else None
        if article:
            answer, notes = self._of_article(article, question, notes, asked)
            if answer is not None:
                yield replace(answer, notes=(*notes, *answer.notes))
        if answer is None and not article and resolution.unresolved and DOCUMENT.fullmatch(resolution.unresolved):
            # "who wrote that piece?" before any article was cited: any article's writer would be a guess
            answer = refusal(notes=(f"No article has been cited in this conversation yet, so “{resolution.unresolved}"
                                    "” stands for none; ask again with what it is about.",))
            yield answer
        thread = self._thread() if answer is None and resolution.unresolved and not article else None
        if thread:  # "how old is he?" with no "he" in sight: a guess across every article is no answer
            *_, answer = asked([thread.id])
            notes = (*notes, f"Asked of “{thread.title or thread.id}”, the article this conversation is on.")
            yield replace(answer, notes=(*notes, *answer.notes))
        if answer is None and resolution.instead:  # "it" read both ways: the surer answer, shown once
            first = _said(resolution, question)
            answer, resolution = self._surer(resolution, resolution.instead, asked)
            notes = (*(n for n in notes if n not in first), *_said(resolution, question))
            yield replace(answer, notes=(*notes, *answer.notes))
        if answer is None:
            for answer in asked(None):
                if answer.refused:  # a refusal comes alone: held while the thread's article is tried
                    break
                yield replace(answer, notes=(*notes, *answer.notes)) if notes else answer
            if answer is not None and answer.refused:
                answer = self._from_thread(resolution, answer, asked)
                yield replace(answer, notes=(*notes, *answer.notes)) if notes else answer
        if answer is not None:
            self.history.append((question, answer))
            self.turns.append(self._turn(question, resolution.query, answer))

    def _of_article(self, article: Article, question: str, notes: tuple[str, ...],
                    asked: Callable[[Sequence[str] | None], Iterator[Answer]]) -> tuple[Answer | None, tuple[str, ...]]:
        """The answer from the article a follow-up means, with the note that says where it came from; None
        when every article is to be asked instead (a fragment its story does not answer).

        "When was that story published?" is the date the article prints, quoted, or a refusal that says it
        prints none; "Which outlet published that story?" and "Who wrote that story?" are the credits it
        prints, when it prints them.  A question that names the article ("who wrote that report?") is
        answered from it, or from another article the conversation cited: among every article's passages
        its own may rank higher, or the article of a turn before answers (after a turn answered from the
        wrong one).  An answer from an article the conversation never cited is never what "that story"
        says: each of the 6 such over seven conversation sets was wrong.  So it is refused, and the note
        says why.
        """
        answer = published_answer(article, question) or credited_answer(article, question)
        settled = answer is not None  # the article's date, outlet or writer as printed, or that it prints no date
        if answer is None:
            *_, answer = asked([article.id])
        named = bool(DOCUMENT.search(question))
        if answer.refused and named and not settled:
            cited = {i for turn in self.turns for i in turn.articles[:1]}
            *_, wide = asked(None)
            answer = wide if wide.citations and wide.citations[0].article_id in cited else answer
        if answer.citations and answer.citations[0].article_id != article.id:
            first = self._article(answer.citations[0].article_id)
            return answer, (*notes, f"Answered from “{first.title if first else answer.citations[0].article_id}”, "
                                    "an article cited earlier in this conversation.")
        if not answer.refused:
            return answer, (*notes, f"Answered from “{article.title or article.id}”, the article cited before.")
        if settled:
            return answer, notes
        if named:
            return answer, (*notes, f"“{article.title or article.id}”, the article cited before, does not say; "
                                    "ask again without naming the article to search every article.")
        return None, notes  # "and the sentencing date?": its story first, then every article

    def _from_thread(self, resolution: Resolution, refused: Answer,
                     asked: Callable[[Sequence[str] | None], Iterator[Answer]]) -> Answer:
        """A follow-up the articles as a whole did not answer, asked again of the article the
        conversation is on: the one the latest answered turn cited first.

        "How many people are on it?" leans on the turn before, and so does its answer: across every
        article, passages about other things can crowd out the one that holds it.  Only a follow-up
        whose words were resolved from the conversation is asked again, and the reader's threshold
        still decides: no answer is better than a forced one.  Measured: over the seven conversation
        sets, 3 follow-ups refused before were answered, all 3 right, none answered wrong; over
        SQuAD 2.0 questions refused over all their articles, asking again of their own article
        answered 3 of 117 unanswerable ones (wrongly) and 1 of 25 answerable ones (rightly).
        """
        article = self._thread() if resolution.meant else None
        if article is None or resolution.article == article.id:  # "that report": already asked of it
            return refused
        *_, answer = asked([article.id])
        if answer.refused:
            return refused
        return replace(answer, notes=(f"Answered from “{article.title or article.id}”, the article this "
                                      "conversation is on.", *answer.notes))

    def _surer(self, resolution: Resolution, instead: str,
               asked: Callable[[Sequence[str] | None, str | None], Iterator[Answer]]) -> tuple[Answer, Resolution]:
        """The answer to the reading of "it" the articles answer more surely, and that reading.

        The first reading is asked as any follow-up is (of the thread's article too, when every article
        refuses); the other (``instead``) of every article, and kept only when it is answered with a
        higher confidence: the reader's threshold still decides, so no refusal becomes a guess.  It costs
        one more retrieval and reading, only for such an "it".
        """
        *_, answer = asked(None, None)
        if answer.refused:
            answer = self._from_thread(resolution, answer, lambda articles: asked(articles, None))
        *_, other = asked(None, instead)
        if other.refused or other.confidence <= answer.confidence:
            return answer, replace(resolution, instead=None)
        word, chosen = resolution.it or ("it", "")  # ``instead`` is only set for an "it" resolved
        note = f"“{word}” could also be “{chosen}”; the articles answer this reading more surely."
        return replace(other, notes=(note, *other.notes)), replace(resolution, query=instead, instead=None)

    def _thread(self) -> Article | None:
        """The article the conversation is on: the first one the latest answered turn cited (``story``)."""
        on = story(self.turns)
        return self._article(on[0]) if on else None

    def ask(self, question: str, *, k: int | None = None, since: str | None = None, until: str | None = None,
            sources: Sequence[str] | None = None, recent: bool = False) -> Answer:
        """Answer ``question`` in the context of the earlier turns (options as for ``Library.ask``).

        Raises:
            QuestionError: the question is empty or too long, or a date is unreadable.
        """
        *_, final = self.stream(question, k=k, since=since, until=until, sources=sources, recent=recent)
        return final

    def _turn(self, question: str, asked: str, answer: Answer) -> Turn:
        """What the conversation keeps of a turn: the names of its question and answer, its articles."""
        cited = list(dict.fromkeys(c.article_id for c in answer.citations))
        found = {i: a.text for i in cited[:2] if (a := self._article(i))}
        texts = list(found.values())
        if self.turns:  # the question may name someone only the article cited before names in full
            texts += [a.text for i in self.turns[-1].articles[:1] if (a := self._article(i))]
        if not texts:  # "which judge will sentence patrick carlineo?" refused: the articles it was searched in
            searched = dict.fromkeys(p.article_id for p in self.library.search(asked, k=ANSWER_PASSAGES))
            texts = [a.text for i in list(searched)[:2] if (a := self._article(i))]  # print his name's capitals
        short = answer.short_text
        named: list[Entity] = []
        thing = thing_answered(short) if short else None  # "a surplus American ship", "A New York man"
        led = re.match(r"(?:the|a|an)\s+[A-Z]", short or "")  # a name after "the": a place or a thing, no one
        if thing:
            named.append(thing)
        elif short and (short[:1].isupper() or led):
            answered = entity(untitled(short), texts, asks_for(asked))
            # "the Century City Towers": "there" may stand for it; "the Sea Org" is nobody "he" is
            named.append(replace(answered, kind="thing", gender=None) if led and answered.kind == "person"
                         else answered)
        mentioned = [] if answer.refused else [  # the short answer's own citation is only its name
            Entity(p, "person", gender(p, [found[c.article_id]])) for c in answer.citations[:QUOTES_READ]
            if c.article_id in found
            for p in people(c.text, found[c.article_id])]
        # "who threatened ilhan omar?": the names as the articles print them, to be found by their capitals
        return Turn(question, asked, entities(cased(asked, texts), texts), tuple(named), tuple(cited),
                    answer.refused, tuple(dict.fromkeys(mentioned)), short)


def _said(resolution: Resolution, question: str) -> tuple[str, ...]:
    """The note that tells the person how a follow-up was read."""
    if resolution.unresolved:
        asked = "as typed" if resolution.query == question else f"as: {resolution.query}"
        return (f"Could not tell what “{resolution.unresolved}” stands for in this conversation; asked {asked}.",)
    return (f"Asked as: {resolution.query}",) if resolution.query != question else ()
