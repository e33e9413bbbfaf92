"""An Answer as the app shows it: chat Markdown with clickable ``[n]`` markers, and evidence cards.

Renderers only: they take an ``Answer`` (and the question it answers) and return text; the
Gradio app that shows them is ``qa.web``.  Article text and titles are untrusted: they are
always escaped before they reach Markdown or HTML.  The styles they name are in ``qa/web/web.css``.
"""

from __future__ import annotations

import html
import re
import urllib.parse

from qa.answering.answer import Answer, Citation, Part

# Status marks are letters in a CSS circle (web.css), never emoji: a machine
# without an emoji font draws those as empty boxes.
WARN = '<span class="qa-flag warn">!</span> '
NOTE = '<span class="qa-flag">i</span> '


def escape(text: str) -> str:
    """Text shown literally in Markdown: no HTML, no formatting, no links."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>])", r"\\\1", html.escape(text, quote=False))


def render(answer: Answer, turn: int = 0) -> str:
    """An answer as Markdown: one part per paragraph, each with bold, clickable ``[n]`` markers."""
    tag = f'<span class="qa-turn-{turn}"></span>'
    notes = "".join(f"\n\n{NOTE}_{escape(note)}_" for note in answer.notes)
    if answer.refused:
        return f"{tag}{WARN}_{escape(answer.plain)}_{notes}"
    return tag + "\n\n".join(_part(part, answer.confidence) for part in answer.parts) + notes


def _part(part: Part, confidence: float) -> str:
    """One part of an answer: each claim sits beside its marker."""
    markers = " ".join(f"**[{n}]**" for n in part.cites)
    if part.kind == "short":  # the short answer leads, larger, with how sure the reader is of it
        return (f'<span class="qa-short">{escape(part.text)}</span> {markers} '
                f'<span class="qa-confidence">confidence {confidence:.0%}</span>')
    if part.kind == "note":
        return f"\\({escape(part.text)} {markers}.\\)"
    return f"{escape(part.lead + part.text)} {markers}".rstrip()


def _context(citation: Citation, short: Citation | None = None) -> str:
    """The cited sentence highlighted among the sentences around it, as HTML.

    When ``short`` (the short answer) lies inside the sentence, it is marked within the highlight.
    """
    quoted = html.escape(citation.text)
    if short and citation.holds(short):
        a, b = short.start - citation.start, short.end - citation.start
        quoted = (html.escape(citation.text[:a]) + f'<b class="qa-span">{html.escape(citation.text[a:b])}</b>'
                  + html.escape(citation.text[b:]))
    around = citation.context
    return (("… " if around.more_before else "") + html.escape(around.before) + f"<mark>{quoted}</mark>"
            + html.escape(around.after) + (" …" if around.more_after else ""))


def _card(turn: int, c: Citation, short: Citation | None) -> str:
    """One citation's card: title, outlet, date, URL, offsets, and the quote in its context."""
    meta = [html.escape(known) for known in (c.source, c.published) if known]
    if c.url:
        url = html.escape(c.url, quote=True)
        if c.url.startswith(("http://", "https://")):
            meta.append(f'<a href="{url}" title="{url}" target="_blank" rel="noopener noreferrer">{url}</a>')
    if c.page:
        meta.append(c.page_label)
    meta.append(f"characters {c.start}–{c.end}")
    if c.also_in:
        meta.append(f"also published by {len(c.also_in)} other{'s' * (len(c.also_in) > 1)}: "
                    f"{html.escape(', '.join(c.also_in))}")
    mine = short if short and short.n == c.n else None
    return (f'<div class="card" id="cite-{turn}-{c.n}"><h4>[{c.n}] {html.escape(c.title)}</h4>'
            f'<div class="meta">{" · ".join(meta)} · <code>{html.escape(c.article_id)}</code></div>'
            f"<div>{_context(c, mine)}</div>{_page(c, mine)}</div>")


def _page(c: Citation, short: Citation | None) -> str:
    """For a PDF's quote, the page as printed with the quote lit, drawn only when the reader opens it
    (a lazy image inside a closed <details>; ``GET /api/page.png``, ``qa.web.api``)."""
    if not c.page:
        return ""
    query = {"article": c.article_id, "start": c.start, "end": c.end}
    if short and c.holds(short):
        query["short"] = f"{short.start}-{short.end}"
    src = html.escape(f"api/page.png?{urllib.parse.urlencode(query)}", quote=True)
    return (f'<details class="qa-page"><summary>See it on {c.page_label} as printed</summary>'
            f'<img loading="lazy" src="{src}" alt="{c.page_label} of the PDF, the quote lit"></details>')


def evidence_html(turns: list[tuple[str, Answer]]) -> str:
    """Citation cards for every turn; the newest turn is shown."""
    if not turns:
        return "<div class='evidence'><p>Citations appear here. Click a marker like <b>[1]</b> in an answer.</p></div>"
    sections = []
    for turn, (question, answer) in enumerate(turns):
        cards = [_card(turn, c, answer.short) for c in answer.citations] or \
            ["<p>No citations: the articles don't answer this question.</p>"]
        shown = " shown" if turn == len(turns) - 1 else ""
        sections.append(f'<div class="turn{shown}" id="turn-{turn}"><div class="question">'
                        f"{html.escape(question)}</div>{''.join(cards)}</div>")
    return f"<div class='evidence'>{''.join(sections)}</div>"
