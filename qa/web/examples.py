"""Example questions that fit the articles indexed, for the app's Examples.

The sample article's questions only make sense over the sample article: over BBC business
stories "Who warned about a resurgence?" is a puzzle, not an example.  So the examples are
built from the index itself (a question about each of the newest articles, from its title)
and each one is asked before it is offered: an example is kept only when it is answered
from the article it was made from.  The sample's own questions are offered only when the
sample article is in the index and answers them.  No example is better than a wrong one.
"""

from __future__ import annotations

from qa.errors import QAError
from qa.library import Library

# The sample article (seeds/) and questions it answers well.
SAMPLE_TITLE = "Fears Rise of an ISIS Comeback"
SAMPLE_QUESTIONS = ("Who warned about a resurgence?", "How many fighters did the Islamic State have?",
                    "What do the Turks want?")
MAX_EXAMPLES = 3
MAX_TRIED = 6  # title questions asked at most (each costs one answer at start-up)


def title_question(title: str) -> str:
    """A question about an article, from its title: the answer is what the article reports."""
    return f"What is “{title.strip().rstrip('.?!')}” about?"


def suggest_examples(library: Library, n: int = MAX_EXAMPLES) -> list[str]:
    """Up to ``n`` questions the articles answer, each checked by asking it.

    Args:
        library: the articles.
        n: how many examples at most.

    Returns:
        The sample's questions when the sample article is indexed and answers them, then
        questions made from the titles of the newest articles; possibly none.
    """
    articles = library.articles()
    candidates: list[tuple[str, str]] = []  # (question, the article that must answer it)
    sample = next((a for a in articles if a.title == SAMPLE_TITLE), None)
    if sample is not None:
        candidates += [(q, sample.id) for q in SAMPLE_QUESTIONS]
    newest = sorted((a for a in articles if a is not sample and a.title.strip()),
                    key=lambda a: a.published or "", reverse=True)
    candidates += [(title_question(a.title), a.id) for a in newest[:MAX_TRIED]]
    examples: list[str] = []
    for question, article_id in candidates:
        if len(examples) >= n:
            break
        try:
            answer = library.ask(question)
        except QAError:  # a title too long or empty to ask
            continue
        if not answer.refused and answer.citations and answer.citations[0].article_id == article_id:
            examples.append(question)
    return examples
