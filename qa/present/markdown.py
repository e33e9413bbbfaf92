"""An answer with its full provenance, as Markdown ready to paste into a fact-check."""

from __future__ import annotations

from collections.abc import Mapping

from qa.answering.answer import Answer


def to_markdown(question: str, answer: Answer, pages: Mapping[int, str] | None = None) -> str:
    """The question, the answer, then each citation: quote, title, outlet, date, URL, offsets.

    Args:
        question: what was asked.
        answer: the answer to export (its citations carry everything shown).
        pages: for a citation's number, where its page is drawn with the quote lit (an image linked
            under it; ``Library.page_image``).
    """
    lines = [f"**Question:** {question}", "", f"**Answer** ({answer.mode}):", "", answer.text, ""]
    lines += [f"_Note: {note}_\n" for note in answer.notes]
    if answer.citations:
        lines += ["**Sources**", ""]
    for c in answer.citations:
        where = [f"*{c.title}*"]
        where += [known for known in (c.source, c.published) if known]  # an outlet or date only when given
        if c.url:
            where.append(f"<{c.url}>")
        if c.page:
            where.append(c.page_label)
        where.append(f"article `{c.article_id}`, characters {c.start}–{c.end}")
        lines.append(f"{c.n}. > {c.text}")
        lines.append(f"   — {', '.join(where)}")
        if c.also_in:
            lines.append(f"   — also published as: {', '.join(c.also_in)}")
        if pages and c.n in pages:
            lines.append(f"   ![{c.page_label}, the quote lit]({pages[c.n]})")
    return "\n".join(lines).rstrip() + "\n"
