"""An answer with its full provenance, as Markdown ready to paste into a fact-check."""

from __future__ import annotations

from qa.answer import Answer
from qa.articles import Article


def to_markdown(question: str, answer: Answer, articles: dict[str, Article]) -> str:
    """The question, the answer, then each citation: quote, title, outlet, date, URL, offsets.

    Args:
        question: what was asked.
        answer: the answer to export.
        articles: article id -> Article, for every cited article.
    """
    lines = [f"**Question:** {question}", "", f"**Answer** ({answer.mode}):", "", answer.text, ""]
    lines += [f"_Note: {note}_\n" for note in answer.notes]
    if answer.citations:
        lines += ["**Sources**", ""]
    for c in answer.citations:
        article = articles[c.article_id]
        where = [f"*{c.title}*"]
        if article.source:  # an outlet only when the article names one
            where.append(article.source)
        if article.published:
            where.append(article.published)
        if article.url:
            where.append(f"<{article.url}>")
        where.append(f"article `{c.article_id}`, characters {c.start}–{c.end}")
        lines.append(f"{c.n}. > {c.text}")
        lines.append(f"   — {', '.join(where)}")
        if c.also_in:
            lines.append(f"   — also published as: {', '.join(c.also_in)}")
    return "\n".join(lines).rstrip() + "\n"
