"""The app's Tracked tab, drawn: each tracked question with its answer now and how that answer moved.

A person following a story wants to see at a glance what changed and why: each change shows what
the answer was, what it is, and the quote (article and date) that moved it.  Questions, answers and
quotes come from articles and users, so every string is escaped.
"""

from __future__ import annotations

import html

from qa.tracking import Change, Cited, Seen, Tracked

KINDS = {"answered": "answered at last", "new answer": "new answer", "newer report": "a newer report says the same"}


def tracked_html(questions: list[Tracked], changes: list[Change]) -> str:
    """The tracked questions, newest first, each with its answer now and its changes, newest first."""
    if not questions:
        return ("<p class='qa-count'>No tracked questions yet. Track one above: it is asked again "
                "whenever articles arrive, and each change of its answer is listed here.</p>")
    sections = []
    for q in reversed(questions):
        moves = [c for c in reversed(changes) if c.question_id == q.id]
        history = "".join(
            f"<li><time>{html.escape(c.at[:16].replace('T', ' '))}</time> {html.escape(KINDS[c.kind])}: was "
            f"<b>{html.escape(c.before.said)}</b>, now <b>{html.escape(c.after.said)}</b>{_quote(c.after)}</li>"
            for c in moves)
        since = f" · articles since {html.escape(q.since)}" if q.since else ""
        sections.append(
            f'<section class="qa-tracked" data-id="{html.escape(q.id, quote=True)}">'
            f"<h4>{html.escape(q.question)}</h4>"
            f"<p class='now'>Now: <b>{html.escape(_now(q.answer))}</b>{_quote(q.answer)}</p>"
            f"<p class='qa-count'>id <code>{html.escape(q.id)}</code>{since} · "
            f"{len(moves)} change{'s' * (len(moves) != 1)}</p>"
            + (f"<ol class='history'>{history}</ol>" if history else "") + "</section>")
    return "".join(sections)


def _now(answer: Seen) -> str:
    if answer.refused:
        return "not answered yet: the articles don't say"
    return answer.short or "see the quote"


def _quote(answer: Seen) -> str:
    """The answer's first citation: the quoted words, its article and date."""
    if answer.refused or not answer.citations:
        return ""
    cited: Cited = answer.citations[0]
    return (f" <q>{html.escape(cited.text)}</q> <cite>{html.escape(cited.title)}, "
            f"{html.escape(cited.published or 'undated')}</cite>")
