"""The Gradio app over a Library: its sessions, uploads and the ``/ask`` API; ``qa serve`` starts it.

Imported only to serve (gradio is slow to import).  A client of the facade: answers come from a
``Chat`` (one conversation per browser session), the library tab calls ``add`` and ``remove``; an
answer is drawn by ``qa.present.web``'s renderers.  Article text and titles are untrusted: they
are always escaped before they reach Markdown or HTML.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import gradio as gr
from gradio import utils as gradio_utils

from qa.answering.answer import Answer
from qa.chat import Chat
from qa.errors import OutputError, QAError
from qa.ingest.articles import SUPPORTED
from qa.ingest.fetch import FetchPolicy, is_web_address
from qa.library import Library
from qa.present.data import answer_data
from qa.present.markdown import to_markdown
from qa.present.web import WARN, escape, evidence_html, render
from qa.retrieval.question import MAX_QUESTION
from qa.web.access import MAX_FILES, Access, Changes
from qa.web.examples import suggest_examples
from qa.web.tracked import tracked_html

MAX_SESSIONS = 1000
MAX_ROWS = 500  # library table rows shown at once; the search box narrows the rest
DAY = 24 * 3600  # Gradio's cache sweep: how often it runs, and the age of what it deletes
UNKNOWN = "—"  # an outlet or date the article does not give
UPLOADS = "uploads"  # beside the index: the PDFs uploaded through the app (keep_upload)
READER_ONLY = ("This login may ask but not change the library; log in as an editor to add or remove articles "
               "or tracked questions.")

# A click on a library row picks its article for removal (``select`` carries the id).
PICK_ROW = """
const pick = (row) => {
  element.querySelectorAll("tr.picked").forEach((r) => r.classList.remove("picked"));
  row.classList.add("picked");
  trigger("select", {index: Number(row.dataset.row), value: row.dataset.id});
};
element.addEventListener("click", (e) => { const row = e.target.closest("tr[data-id]"); if (row) pick(row); });
element.addEventListener("keydown", (e) => {
  const row = e.target.closest("tr[data-id]");
  if (row && e.key === "Enter") pick(row);
});
"""


def keep_upload(upload: Path, folder: Path) -> Path:
    """Where an uploaded file is read from: a PDF is kept beside the index, in a folder its content's hash
    names, as its quoted pages are drawn from it (``Library.page_image``) long after Gradio sweeps its upload
    cache; any other file is read where Gradio put it.  A copy that cannot be made (a full disk) leaves the
    upload where it is: it is still added, its pages shown for a day."""
    if upload.suffix.lower() != ".pdf":
        return upload
    try:
        kept = folder / hashlib.sha256(upload.read_bytes()).hexdigest()[:16] / upload.name
        if not kept.is_file():
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_name(f"{kept.name}.part")
            shutil.copyfile(upload, partial)
            partial.replace(kept)  # whole or not at all
    except OSError:
        return upload
    return kept


def forget_upload(origin: str | None, folder: Path, still: list[str | None]) -> None:
    """The kept copy of a removed article's upload deleted, unless another article was read from it too."""
    if origin and Path(origin).parent.parent == folder and origin not in still:
        shutil.rmtree(Path(origin).parent, ignore_errors=True)


def library_html(library: Library, query: str = "") -> str:
    """The articles as a table (stacked on a phone, web.css), those matching ``query`` when given."""
    counts = library.chunk_counts()
    needle = query.strip().lower()
    found = [a for a in library.articles() if not needle or needle in f"{a.id} {a.title} {a.source}".lower()]
    if not found:
        return f"<p class='qa-count'>{'No article matches.' if needle else 'No articles yet: add some above.'}</p>"
    rows = [f'<tr data-row="{i}" data-id="{html.escape(a.id, quote=True)}" tabindex="0">'
            f'<td class="title">{html.escape(a.title)}</td>'
            + "".join(f'<td class="{name}{"" if value else " unknown"}">{html.escape(value or UNKNOWN)}</td>'
                      for name, value in (("outlet", a.source), ("published", a.published)))
            + f'<td class="chunks">{counts.get(a.id, 0)}</td><td class="id"><code>{html.escape(a.id)}</code></td></tr>'
            for i, a in enumerate(found[:MAX_ROWS])]
    count = f"{len(found)} article{'s' * (len(found) != 1)}"
    if len(found) > MAX_ROWS:
        count += f", the first {MAX_ROWS} shown: search to find the others"
    return (f"<p class='qa-count'>{count}. Click a row to pick it for removal.</p><table class='qa-library'>"
            "<thead><tr><th>Title</th><th>Outlet</th><th>Published</th><th>Chunks</th><th>Id</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def status_html(lines: list[tuple[str, str]]) -> str:
    """Lines of (kind, text) with a CSS mark per kind: "ok", "fail" or "info"."""
    items = "".join(f'<li class="{kind}">{html.escape(text)}</li>' for kind, text in lines)
    return f'<ul class="qa-status">{items}</ul>'


def question_problem(message: str, example: str | None = None) -> str | None:
    """What is wrong with a question typed in the app, in the app's words; None when it can be asked.

    The library's own messages speak to the command line (``qa ask "..."``); a question is
    refused whole rather than cut, as ``qa ask`` does, so the reader can shorten it.
    """
    if not re.search(r"\w", message or ""):
        return "Type a question first" + (f", for example: {example}" if example else ".")
    length = len(re.sub(r"\s+", " ", message).strip())
    if length > MAX_QUESTION:
        return (f"The question is {length:,} characters long; questions can be up to {MAX_QUESTION:,}. "
                "Shorten it and ask again.")
    return None


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


def export_file(question: str, answer: Answer, folder: Path) -> str:
    """Write the answer's Markdown export into a new folder under ``folder``; returns its path.

    ``folder`` is the app's Gradio cache: Gradio serves the file from there without copying
    it, and deletes it in its daily sweep once a day old, or when the app stops (``delete_cache``).

    Raises:
        OutputError: one line saying why the file could not be made.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)  # Gradio makes it only when it first needs it
        path = Path(tempfile.mkdtemp(prefix="qa-export-", dir=folder)) / "answer.md"
        path.write_text(to_markdown(question, answer), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"Could not write the export file ({exc.strerror or exc}: {folder}); "
                      "copy the answer from the chat instead, or free the temporary folder.") from None
    return str(path)


def build(library: Library, *, fetching: FetchPolicy | None = None, access: Access | None = None) -> gr.Blocks:
    """The Gradio app for ``library``: an Ask tab, a Library tab and the ``/ask`` API.

    ``fetching`` rules the Library tab's web address box (by default private addresses are refused).
    ``access`` says who may change the library (``qa.web.access``): a reader sees no editing controls,
    and the handlers refuse a reader's edit however it arrives.
    Longer than most functions, on purpose: Gradio wires events to components inside the
    ``Blocks`` context, so the layout, its handlers and their wiring read as one page.
    """
    sessions = Sessions(library)
    access = access or Access()
    changes = Changes(library.store.location)
    examples = suggest_examples(library)
    exports = Path(gradio_utils.get_upload_folder())  # the cache Gradio serves and cleans (GRADIO_TEMP_DIR)
    off = gr.update(value=None, interactive=False)  # the export button until an answer is complete

    def respond(message: str, history: list[dict[str, Any]], since: str | None, until: str | None,
                outlets: list[str] | None,
                recent: bool, request: gr.Request) -> Iterator[Any]:
        problem = question_problem(message, examples[0] if examples else None)
        if problem:  # no bubble: the question stays in the box to be fixed, and a note says what is wrong
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), f"{WARN}{escape(problem)}"
            return
        chat = sessions.get(request.session_hash or "default")
        history = [*history, {"role": "user", "content": escape(message)}]
        turn = len(chat.history)
        try:
            answer = None
            for answer in chat.stream(message, since=(since or "").strip() or None,
                                      until=(until or "").strip() or None, sources=outlets or None, recent=recent):
                # The evidence comes with every step, so each marker shown can be checked at once.
                evidence = evidence_html([*chat.history[:turn], (message, answer)])
                # An extractive answer comes whole: show it part by part, as an LLM's grows.
                steps = range(1, len(answer.parts) + 1) if answer.mode == "extractive" else [len(answer.parts)]
                for i in steps:
                    content = render(replace(answer, parts=answer.parts[:i]), turn)
                    yield "", [*history, {"role": "assistant", "content": content}], evidence, off, "", ""
        except QAError as exc:
            content = f'<span class="qa-turn-{turn}"></span>{WARN}_{escape(str(exc))}_'
            yield "", [*history, {"role": "assistant", "content": content}], gr.skip(), off, "", ""
            return
        if answer is not None:
            try:
                yield gr.skip(), gr.skip(), gr.skip(), gr.update(value=export_file(message, answer, exports),
                                                                 interactive=True), "", gr.skip()
            except QAError as exc:
                yield gr.skip(), gr.skip(), gr.skip(), off, escape(str(exc)), gr.skip()

    def clear(request: gr.Request) -> tuple[Any, ...]:
        sessions.get(request.session_hash or "default").clear()
        return [], evidence_html([]), off, ""

    def upload(files: list[str] | None, query: str, request: gr.Request,
               progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008 (Gradio injects it)
        if not access.may_edit(request.username):
            return status_html([("fail", READER_ONLY)]), gr.skip(), None
        if not files:
            return status_html([("info", "Choose one or more files first.")]), library_html(library, query), None
        if len(files) > MAX_FILES:
            return status_html([("fail", f"{len(files)} files at once: add at most {MAX_FILES} at a time.")]), \
                gr.skip(), gr.skip()
        lines = []
        for i, name in enumerate(files):
            upload = Path(name)
            progress((i, len(files)), desc=f"Adding {upload.name}")
            path = keep_upload(upload, library.path / UPLOADS)
            try:
                report = library.add_path(path)
            except QAError as exc:
                problems = [str(exc)]
            else:
                problems = [str(p) for p in report.problems + report.collisions]
                if report.added or report.replaced:
                    changes.record(request.username, "add", [*report.added, *report.replaced])
                for article_id in report.added + report.replaced + report.unchanged:
                    verb = "added" if article_id in report.added else \
                        "replaced" if article_id in report.replaced else "unchanged"
                    lines.append(("ok", f"{article_id} {verb}"))
            # Uploads sit in a temporary folder (or the kept ones'): name the file as the reader chose it.
            lines.extend(("fail", p.replace(str(path), path.name).replace(str(upload), upload.name))
                         for p in problems)
        # The picker is emptied: its files are in the library now (or reported above).
        return status_html(lines), library_html(library, query), None

    def add_url(url: str, query: str, request: gr.Request) -> tuple[str, str, Any]:
        if not access.may_edit(request.username):
            return status_html([("fail", READER_ONLY)]), gr.skip(), gr.skip()
        if not is_web_address(url.strip()):
            return status_html([("info", "Give a web address that starts with https://")]), gr.skip(), gr.skip()
        try:
            report = library.add_urls([url.strip()], policy=fetching)
        except QAError as exc:  # the index is busy or could not be written
            return status_html([("fail", str(exc))]), gr.skip(), gr.skip()
        if report.added or report.replaced:
            changes.record(request.username, "fetch", [url.strip(), *report.added, *report.replaced])
        lines = [("ok", f"{i} {'added' if i in report.added else 'replaced' if i in report.replaced else 'unchanged'}")
                 for i in report.added + report.replaced + report.unchanged]
        lines += [("fail", str(p)) for p in report.problems + report.collisions]
        return status_html(lines), library_html(library, query), "" if report.ingested else gr.skip()

    def remove(article_id: str, query: str, request: gr.Request) -> tuple[str, str, Any]:
        if not access.may_edit(request.username):
            return status_html([("fail", READER_ONLY)]), gr.skip(), gr.skip()
        try:
            origin = library.article(article_id.strip()).origin
            library.remove(article_id.strip())
        except QAError as exc:
            return status_html([("fail", str(exc))]), library_html(library, query), gr.skip()
        forget_upload(origin, library.path / UPLOADS, [a.origin for a in library.articles()])
        changes.record(request.username, "remove", [article_id.strip()])
        return status_html([("ok", f"Removed {article_id.strip()}")]), library_html(library, query), ""

    def pick(event: gr.SelectData) -> str:
        return str(event.value)

    def tracked_now() -> tuple[str, Any]:
        """The Tracked tab's list, and the questions to choose from to stop tracking one."""
        questions = library.tracked()
        return (tracked_html(questions, library.changes()),
                gr.update(choices=[(q.question, q.id) for q in reversed(questions)], value=None))

    def track(question: str, request: gr.Request) -> tuple[Any, ...]:
        if not access.may_edit(request.username):
            return status_html([("fail", READER_ONLY)]), gr.skip(), gr.skip(), gr.skip()
        problem = question_problem(question, examples[0] if examples else None)
        if problem:
            return status_html([("info", problem)]), gr.skip(), gr.skip(), gr.skip()
        try:
            tracked = library.track(question)
        except QAError as exc:
            return status_html([("fail", str(exc))]), gr.skip(), gr.skip(), gr.skip()
        changes.record(request.username, "track", [tracked.id, tracked.question])
        return status_html([("ok", f"Tracking {tracked.id}: {tracked.question}")]), *tracked_now(), ""

    def untrack(question_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        if not access.may_edit(request.username):
            return status_html([("fail", READER_ONLY)]), gr.skip(), gr.skip()
        if not question_id:
            return status_html([("info", "Choose a tracked question first.")]), gr.skip(), gr.skip()
        try:
            library.untrack(question_id)
        except QAError as exc:
            return status_html([("fail", str(exc))]), *tracked_now()
        changes.record(request.username, "untrack", [question_id])
        return status_html([("ok", f"Stopped tracking {question_id}; its changes stay in the feed.")]), *tracked_now()

    # Every day, forget exports and uploads older than a day; all of them when the app stops.
    with gr.Blocks(title="Ask your articles", delete_cache=(DAY, DAY)) as app:
        gr.Markdown("## Ask your articles\nAnswers quote the articles; click a marker like **[1]** to check it.")
        with gr.Tab("Ask"), gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                # The page script (web.js) scrolls a new answer's start into view instead of following its end.
                chatbot = gr.Chatbot(elem_id="chat", height=480, label="Conversation", buttons=["copy"],
                                     feedback_options=None, autoscroll=False)
                with gr.Row():
                    # No max_length: the browser would cut a long paste without a word; respond refuses it.
                    box = gr.Textbox(placeholder="Ask a question…", show_label=False,
                                     scale=5, min_width=200, elem_id="question")
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80)
                asked_note = gr.Markdown(elem_id="question-note")
                if examples:  # questions these articles answer, or none
                    gr.Examples(examples, inputs=box)
                with gr.Accordion("Filters", open=False):
                    with gr.Row():
                        since = gr.Textbox(label="Published since", placeholder="2019-01-01", min_width=140)
                        until = gr.Textbox(label="Published until", placeholder="2019-12-31", min_width=140)
                    outlets = gr.Dropdown(label="Outlets", multiselect=True, choices=library.outlets(),
                                          elem_id="outlets")
                    recent = gr.Checkbox(label="Prefer recent articles")
                with gr.Row():
                    new = gr.Button("New conversation", size="sm")
                    export = gr.DownloadButton("Export answer (Markdown)", size="sm", elem_id="export",
                                               interactive=False)
                export_note = gr.Markdown(elem_id="export-note")
            with gr.Column(scale=2, min_width=300):
                gr.Markdown("### Evidence")
                evidence = gr.HTML(evidence_html([]), elem_id="evidence")
        with gr.Tab("Library"):
            files = gr.File(label=f"Add articles ({', '.join(SUPPORTED)})", file_count="multiple",
                            file_types=list(SUPPORTED), elem_id="upload")
            add = gr.Button("Add to the library", variant="primary", elem_id="add")
            with gr.Row():
                address = gr.Textbox(label="Or a web address (a page, PDF or .docx)", placeholder="https://…",
                                     scale=4, elem_id="address")
                fetch = gr.Button("Fetch and add", scale=1, elem_id="fetch")
            status = gr.HTML(elem_id="status")
            search = gr.Textbox(label="Search articles", placeholder="title, id or outlet")
            table = gr.HTML(lambda: library_html(library), elem_id="articles", js_on_load=PICK_ROW)
            with gr.Row():
                chosen = gr.Textbox(label="Article id to remove (click a row)", scale=4, elem_id="remove-id")
                drop = gr.Button("Remove", variant="stop", scale=1, elem_id="remove")

        with gr.Tab("Tracked") as tracked_tab:
            gr.Markdown("Questions asked again whenever articles arrive (an upload, a fetch, a feed refresh); "
                        "each time an answer moves, the change is kept with the quote that moved it. "
                        "A feed reader can follow the changes: [api/changes.atom](api/changes.atom).")
            with gr.Row():
                to_track = gr.Textbox(label="Track a question", placeholder="How many fighters does the group have?",
                                      scale=4, elem_id="track-question")
                track_button = gr.Button("Track", variant="primary", scale=1, elem_id="track")
            with gr.Row():
                chosen_question = gr.Dropdown(label="Tracked question to stop tracking", choices=[], scale=4,
                                              elem_id="untrack-id")
                untrack_button = gr.Button("Stop tracking", variant="stop", scale=1, elem_id="untrack")
            track_status = gr.HTML(elem_id="track-status")
            tracked_list = gr.HTML(elem_id="tracked")

        answered = [box, chatbot, evidence, export, export_note, asked_note]
        for trigger in (box.submit, send.click):
            trigger(respond, [box, chatbot, since, until, outlets, recent], answered)
        new.click(clear, None, [chatbot, evidence, export, export_note])
        add.click(upload, [files, search], [status, table, files]).then(
            lambda: gr.update(choices=library.outlets()), None, outlets)
        for fetched in (address.submit, fetch.click):
            fetched(add_url, [address, search], [status, table, address]).then(
                lambda: gr.update(choices=library.outlets()), None, outlets)
        search.change(lambda q: library_html(library, q), search, table)
        table.select(pick, None, chosen)
        drop.click(remove, [chosen, search], [status, table, chosen])
        listed = [tracked_list, chosen_question]
        tracked_tab.select(tracked_now, None, listed)
        for tracking in (to_track.submit, track_button.click):
            tracking(track, to_track, [track_status, *listed, to_track])
        untrack_button.click(untrack, chosen_question, [track_status, *listed])
        editing = [files, add, address, fetch, chosen, drop, to_track, track_button, chosen_question, untrack_button]

        def role(request: gr.Request) -> list[Any]:
            """A reader's page has no upload, address or removal controls (the handlers refuse them too)."""
            return [gr.update(visible=access.may_edit(request.username))] * len(editing)

        app.load(role, None, editing)

        def ask(question: str) -> dict[str, Any]:
            """Answer a question from the articles; returns the Answer as JSON (like `qa ask --json`)."""
            try:
                return answer_data(library.ask(question))
            except QAError as exc:
                return {"error": str(exc)}

        gr.api(ask, api_name="ask")
    built: gr.Blocks = app
    return built
