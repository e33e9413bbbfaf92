"""The Gradio chat over a Library; ``app.py`` and ``qa serve`` start it.

Imported only to serve (gradio is slow to import).  It holds no logic of its
own beyond presentation: every answer comes from ``Library.chat()``, one
conversation per browser session.  Article text is untrusted, so it is
escaped before it reaches Markdown.
"""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from typing import Any

import gradio as gr

from qa.answer import Answer
from qa.errors import QAError
from qa.library import Chat, Library

EXAMPLES = ["Who warned about a resurgence?", "How many fighters did the Islamic State have?"]
MAX_SESSIONS = 1000


def escape(text: str) -> str:
    """Text shown literally in Markdown: no HTML, no formatting, no links."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>])", r"\\\1", html.escape(text, quote=False))


def render(answer: Answer) -> str:
    """An answer as Markdown: the text, then each citation with its passage and place."""
    if answer.refused:
        return f"_{escape(answer.text)}_"
    body = re.sub(r"\\\[(\d+)\\\]", r"**[\1]**", escape(answer.text))
    lines = [body, "", "---"]
    for c in answer.citations:
        lines.append(f"**[{c.n}]** {escape(c.title)} · `{escape(c.article_id)}` · "
                     f"characters {c.start}–{c.end}")
        lines.append(f"> {escape(c.text)}")
        lines.append("")
    return "\n".join(lines)


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


def build(library: Library) -> Any:
    """The Gradio Blocks app for ``library``."""
    sessions = Sessions(library)

    def respond(message: str, history: list[Any], request: gr.Request) -> str:
        key = request.session_hash or "default"
        try:
            return render(sessions.get(key).ask(message))
        except QAError as exc:
            return f"_{escape(str(exc))}_"

    return gr.ChatInterface(
        respond, title="Ask your articles",
        description="Answers quote the articles; every claim carries a numbered citation.",
        examples=EXAMPLES, api_name="chat",
    )


def serve(library: Library, *, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve the app until interrupted."""
    app = build(library)
    app.queue(default_concurrency_limit=4).launch(server_name=host, server_port=port, show_error=False)
