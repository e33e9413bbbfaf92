"""The Gradio app over a Library; ``app.py`` and ``qa serve`` start it.

Imported only to serve (gradio is slow to import).  It holds no logic of its
own beyond presentation: answers come from ``Library.chat()`` (one
conversation per browser session), the library tab calls ``add_path`` and
``remove``.  Article text and titles are untrusted: they are always escaped
before they reach Markdown or HTML.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import gradio as gr

from qa.answer import Answer, Citation
from qa.articles import SUPPORTED
from qa.chat import Chat
from qa.chunking import split_sentences
from qa.errors import QAError
from qa.export import to_markdown
from qa.library import Library

EXAMPLES = ["Who warned about a resurgence?", "How many fighters did the Islamic State have?",
            "What do the Turks want?"]
MAX_SESSIONS = 1000
MAX_UPLOAD = "25mb"
CONTEXT_SENTENCES = 2  # shown before and after a cited sentence
CONCURRENCY = 4

CSS = """
.evidence { max-height: 70vh; overflow-y: auto; }
.evidence .card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
                  margin: 0 0 10px 0; }
.evidence .card.active { outline: 3px solid #f59e0b; }
.evidence .card h4 { margin: 0 0 4px 0; font-size: 1em; }
.evidence .meta { font-size: .85em; opacity: .75; margin-bottom: 6px; }
.evidence mark { background: #fde68a; color: #111; padding: 0 2px; }
.evidence .turn { display: none; }
.evidence .turn.shown { display: block; }
.evidence .question { font-style: italic; margin-bottom: 8px; }
"""

# A click on a citation marker "[n]" in an answer shows that answer's evidence
# and highlights card n.  Answers carry their turn number in a class, so older
# answers stay clickable.
HEAD = """
<script>
document.addEventListener("click", (event) => {
  const marker = event.target.closest("strong, b");
  if (!marker) return;
  const found = marker.textContent.trim().match(/^\\[(\\d+)\\]$/);
  const message = marker.closest(".message, [data-testid='bot']") || document;
  const tag = message.querySelector("[class*='qa-turn-']");
  if (!found || !tag) return;
  const turn = tag.className.match(/qa-turn-(\\d+)/)[1];
  document.querySelectorAll(".evidence .turn").forEach((t) => t.classList.toggle("shown", t.id === "turn-" + turn));
  document.querySelectorAll(".evidence .card").forEach((c) => c.classList.remove("active"));
  const card = document.getElementById("cite-" + turn + "-" + found[1]);
  if (card) { card.classList.add("active"); card.scrollIntoView({block: "nearest"}); }
});
</script>
"""


def escape(text: str) -> str:
    """Text shown literally in Markdown: no HTML, no formatting, no links."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>])", r"\\\1", html.escape(text, quote=False))


def render(answer: Answer, turn: int = 0) -> str:
    """An answer as Markdown: the quoted sentences with bold, clickable ``[n]`` markers."""
    tag = f'<span class="qa-turn-{turn}"></span>'
    notes = "".join(f"\n\nℹ️ _{escape(note)}_" for note in answer.notes)
    if answer.refused:
        return f"{tag}⚠️ _{escape(answer.text)}_{notes}"
    # One cited sentence per paragraph: each claim sits beside its marker.
    quotes = (re.sub(r"\\\[(\d+)\\\]$", r"**[\1]**", escape(q)) for q in _quotes(answer.text))
    return tag + "\n\n".join(quotes) + notes


def _quotes(text: str) -> list[str]:
    """An answer's text cut after each citation marker."""
    return re.split(r"(?<=\[\d\])\s+|(?<=\[\d\d\])\s+", text)


def _context(text: str, citation: Citation) -> str:
    """The cited sentence highlighted inside a few sentences around it, as HTML."""
    spans = split_sentences(text)
    at = next((i for i, (s, e) in enumerate(spans) if s <= citation.start < e), None)
    if at is None:
        return f"<mark>{html.escape(citation.text)}</mark>"
    lo = spans[max(0, at - CONTEXT_SENTENCES)][0]
    hi = spans[min(len(spans) - 1, at + CONTEXT_SENTENCES)][1]
    hi = max(hi, citation.end)
    before, after = text[lo:citation.start], text[citation.end:hi]
    return (("… " if lo > 0 else "") + html.escape(before) + f"<mark>{html.escape(citation.text)}</mark>"
            + html.escape(after) + (" …" if hi < len(text) else ""))


def evidence_html(library: Library, turns: list[tuple[str, Answer]]) -> str:
    """Citation cards for every turn; the newest turn is shown."""
    if not turns:
        return "<div class='evidence'><p>Citations appear here. Click a marker like <b>[1]</b> in an answer.</p></div>"
    sections = []
    for turn, (question, answer) in enumerate(turns):
        cards = []
        for c in answer.citations:
            try:
                article = library.article(c.article_id)
            except QAError:  # removed since this answer was given
                cards.append(f'<div class="card" id="cite-{turn}-{c.n}"><h4>[{c.n}] {html.escape(c.title)}</h4>'
                             f'<div class="meta">removed from the library</div>'
                             f"<div><mark>{html.escape(c.text)}</mark></div></div>")
                continue
            meta = [html.escape(article.source)]
            if article.published:
                meta.append(html.escape(article.published))
            if article.url:
                url = html.escape(article.url, quote=True)
                if article.url.startswith(("http://", "https://")):
                    meta.append(f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>')
            meta.append(f"characters {c.start}–{c.end}")
            if c.also_in:
                meta.append(f"also published by {len(c.also_in)} other{'s' * (len(c.also_in) > 1)}: "
                            f"{html.escape(', '.join(c.also_in))}")
            cards.append(
                f'<div class="card" id="cite-{turn}-{c.n}"><h4>[{c.n}] {html.escape(c.title)}</h4>'
                f'<div class="meta">{" · ".join(meta)} · <code>{html.escape(c.article_id)}</code></div>'
                f"<div>{_context(article.text, c)}</div></div>"
            )
        if not cards:
            cards.append("<p>No citations: the articles don't answer this question.</p>")
        shown = " shown" if turn == len(turns) - 1 else ""
        sections.append(f'<div class="turn{shown}" id="turn-{turn}"><div class="question">'
                        f"{html.escape(question)}</div>{''.join(cards)}</div>")
    return f"<div class='evidence'>{''.join(sections)}</div>"


class Sessions:
    """One Chat per browser session, the oldest forgotten past MAX_SESSIONS."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._chats: OrderedDict[str, Chat] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Chat:
        with self._lock:
            chat = self._chats.pop(key, None) or self.library.chat()
            self._chats[key] = chat
            while len(self._chats) > MAX_SESSIONS:
                self._chats.popitem(last=False)
            return chat


def _outlets(library: Library) -> list[str]:
    return sorted({a.source for a in library.articles()})


def _articles_table(library: Library, query: str = "") -> list[list[Any]]:
    counts = library.chunk_counts()
    needle = query.strip().lower()
    return [[a.id, a.title, a.source, a.published or "", counts[a.id]] for a in library.articles()
            if not needle or needle in f"{a.id} {a.title} {a.source}".lower()]


def build(library: Library) -> gr.Blocks:
    """The Gradio app for ``library``: an Ask tab, a Library tab and the ``/ask`` API."""
    sessions = Sessions(library)

    def respond(message: str, history: list[dict[str, Any]], since: str | None, until: str | None,
                outlets: list[str] | None,
                recent: bool, request: gr.Request) -> Iterator[Any]:
        chat = sessions.get(request.session_hash or "default")
        history = [*history, {"role": "user", "content": escape(message)}]
        turn = len(chat.history)
        filters: dict[str, Any] = {"since": (since or "").strip() or None, "until": (until or "").strip() or None,
                                   "sources": outlets or None, "recent": recent}
        try:
            answer = None
            for answer in chat.stream(message, **filters):
                # The evidence comes with every step, so each marker shown can be checked at once.
                evidence = evidence_html(library, [*chat.history[:turn], (message, answer)])
                steps = _quotes(answer.text) if answer.mode == "extractive" and not answer.refused else [answer.text]
                for i in range(1, len(steps) + 1):
                    partial = replace(answer, text=" ".join(steps[:i]))
                    content = render(partial, turn)
                    yield "", [*history, {"role": "assistant", "content": content}], evidence, gr.skip()
        except QAError as exc:
            yield "", [*history, {"role": "assistant", "content": f"⚠️ _{escape(str(exc))}_"}], gr.skip(), gr.skip()
            return
        if answer is not None:
            yield gr.skip(), gr.skip(), gr.skip(), _export(message, answer)

    def _export(question: str, answer: Answer) -> str:
        cited = {c.article_id: library.article(c.article_id) for c in answer.citations}
        folder = Path(tempfile.mkdtemp(prefix="qa-export-"))
        path = folder / "answer.md"
        path.write_text(to_markdown(question, answer, cited), encoding="utf-8")
        return str(path)

    def clear(request: gr.Request) -> tuple[list[Any], str]:
        sessions.get(request.session_hash or "default").history.clear()
        return [], evidence_html(library, [])

    def upload(files: list[str] | None,
               progress: gr.Progress = gr.Progress()) -> tuple[str, list[list[Any]]]:  # noqa: B008 (Gradio injects it)
        if not files:
            return "Choose one or more files first.", _articles_table(library)
        lines = []
        for i, name in enumerate(files):
            path = Path(name)
            progress((i, len(files)), desc=f"Adding {path.name}")
            try:
                report = library.add_path(path)
            except QAError as exc:
                lines.append(f"❌ {escape(str(exc))}")
                continue
            for article_id in report.added + report.replaced + report.unchanged:
                verb = "added" if article_id in report.added else \
                    "replaced" if article_id in report.replaced else "unchanged"
                lines.append(f"✅ {escape(article_id)} {verb}")
            lines.extend(f"❌ {escape(p)}" for p in report.problems)
        return "\n\n".join(lines), _articles_table(library)

    def remove(article_id: str, query: str) -> tuple[str, list[list[Any]]]:
        try:
            library.remove(article_id.strip())
        except QAError as exc:
            return f"❌ {escape(str(exc))}", _articles_table(library, query)
        return f"🗑️ Removed {escape(article_id.strip())}", _articles_table(library, query)

    def pick(table: Any, event: gr.SelectData) -> str:
        row = event.index[0] if isinstance(event.index, list | tuple) else event.index
        return str(table.iloc[row, 0]) if hasattr(table, "iloc") else str(table[row][0])

    with gr.Blocks(title="Ask your articles") as app:
        gr.Markdown("## Ask your articles\nAnswers quote the articles; click a marker like **[1]** to check it.")
        with gr.Tab("Ask"), gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                chatbot = gr.Chatbot(elem_id="chat", height=480, label="Conversation", buttons=["copy"],
                                     feedback_options=None)
                with gr.Row():
                    box = gr.Textbox(placeholder="Ask a question about your articles…", show_label=False,
                                     scale=5, min_width=200, max_length=1000, elem_id="question")
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80)
                gr.Examples(EXAMPLES, inputs=box)
                with gr.Accordion("Filters", open=False):
                    with gr.Row():
                        since = gr.Textbox(label="Published since", placeholder="2019-01-01", min_width=140)
                        until = gr.Textbox(label="Published until", placeholder="2019-12-31", min_width=140)
                    outlets = gr.Dropdown(label="Outlets", multiselect=True, choices=_outlets(library),
                                          elem_id="outlets")
                    recent = gr.Checkbox(label="Prefer recent articles")
                with gr.Row():
                    new = gr.Button("New conversation", size="sm")
                    export = gr.DownloadButton("Export answer (Markdown)", size="sm", elem_id="export")
            with gr.Column(scale=2, min_width=300):
                gr.Markdown("### Evidence")
                evidence = gr.HTML(evidence_html(library, []), elem_id="evidence")
        with gr.Tab("Library"):
            files = gr.File(label=f"Add articles ({', '.join(SUPPORTED)})", file_count="multiple",
                            file_types=list(SUPPORTED), elem_id="upload")
            add = gr.Button("Add to the library", variant="primary", elem_id="add")
            status = gr.Markdown(elem_id="status")
            search = gr.Textbox(label="Search articles", placeholder="title, id or source")
            table = gr.Dataframe(headers=["id", "title", "source", "published", "chunks"],
                                 value=lambda: _articles_table(library), interactive=False, wrap=True,
                                 elem_id="articles")
            with gr.Row():
                chosen = gr.Textbox(label="Article id to remove (click a row)", scale=4, elem_id="remove-id")
                drop = gr.Button("Remove", variant="stop", scale=1, elem_id="remove")

        for trigger in (box.submit, send.click):
            trigger(respond, [box, chatbot, since, until, outlets, recent], [box, chatbot, evidence, export])
        new.click(clear, None, [chatbot, evidence])
        add.click(upload, files, [status, table]).then(lambda: gr.update(choices=_outlets(library)), None, outlets)
        search.change(lambda q: _articles_table(library, q), search, table)
        table.select(pick, table, chosen)
        drop.click(remove, [chosen, search], [status, table])

        def ask(question: str) -> dict[str, Any]:
            """Answer a question from the articles; returns the Answer as JSON (like `qa ask --json`)."""
            try:
                return asdict(library.ask(question))
            except QAError as exc:
                return {"error": str(exc)}

        gr.api(ask, api_name="ask")
    return app


def launch(app: gr.Blocks, *, host: str = "127.0.0.1", port: int = 7860, share: bool = False,
           share_server: str | None = None, auth: tuple[str, str] | None = None,
           root_path: str | None = None, block: bool = True) -> Any:
    """Start serving; prints one clear line when a requested share link could not be made.

    Returns:
        The launched app (its ``share_url`` is None when sharing failed or was not asked).
    """
    app.queue(default_concurrency_limit=CONCURRENCY)
    # Gradio reports a failed share link in several printed paragraphs (and a
    # log on stderr); we say it in one line below instead.
    noise = io.StringIO()
    with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
        app.launch(server_name=host, server_port=port, share=share, share_server_address=share_server,
                   auth=auth, root_path=root_path, max_file_size=MAX_UPLOAD, show_error=False,
                   prevent_thread_lock=True, css=CSS, head=HEAD, quiet=True)
    print(f"Serving on http://{host}:{app.server_port}{root_path or ''}", flush=True)
    if share:
        if app.share_url:
            print(f"Share link: {app.share_url}", flush=True)
        else:
            where = share_server or "Gradio's share server"
            print(f"Could not create a share link (no connection to {where}); still serving locally.",
                  flush=True)
    if block:
        app.block_thread()
    return app
