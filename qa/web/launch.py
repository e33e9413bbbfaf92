"""Serving the app: its look, one line for what started (or for a share link that could not be made),
and a clean stop on SIGTERM as on Ctrl-C.
"""

from __future__ import annotations

import contextlib
import io
import signal
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from qa.assistants import HttpTools
from qa.library import Library
from qa.web.access import QUESTION_ENDPOINTS, Access, Guard
from qa.web.api import ROUTES, JsonApi

CONCURRENCY = 4
MAX_UPLOAD = "25mb"
ASSETS = Path(__file__).resolve().parent  # web.css and web.js


def theme() -> gr.themes.Base:
    """Gradio's default look with one font throughout.

    Gradio's bundled Source Sans Pro SemiBold (weight 600, for headings and
    buttons) holds only a few capitals, so "Ask" was drawn half in it and half
    in a fallback font.  The Regular and Bold files are complete; asked for 600,
    the browser takes the 700 face.
    """
    font = gr.themes.LocalFont("Source Sans Pro", weights=(400, 700))
    return gr.themes.Default(font=[font, "ui-sans-serif", "system-ui", "sans-serif"])


def launch(app: gr.Blocks, *, host: str = "127.0.0.1", port: int = 7860, share: bool = False,
           share_server: str | None = None, access: Access | None = None, api: Library | None = None,
           root_path: str | None = None, mcp: bool = False, block: bool = True) -> Any:
    """Start serving; prints one clear line when a requested share link could not be made.

    ``access`` gives the logins (editors and readers) and each user's questions a minute; ``Guard``
    enforces the limits in front of the whole app (``qa.web.access``).  With ``api``, ``POST /api/ask``
    and ``/api/search`` answer from that Library as plain JSON (``qa.web.api``), and with ``mcp`` too
    its MCP tools at ``/mcp`` (``qa.assistants.HttpTools``), behind the same logins.

    Returns:
        The launched app (its ``share_url`` is None when sharing failed or was not asked).
    """
    access = access or Access()
    app.queue(default_concurrency_limit=CONCURRENCY)
    questions = [i for i, fn in app.fns.items() if fn.api_name in QUESTION_ENDPOINTS]
    endpoints = [fn.api_name for fn in app.fns.values() if isinstance(fn.api_name, str)]
    layers = [Middleware(Guard, access=access, question_functions=questions, endpoints=[*endpoints, *ROUTES])]
    if api is not None:
        tools = HttpTools(api, host, public=share or bool(share_server)) if mcp else None
        layers.append(Middleware(JsonApi, library=api, access=access, tools=tools))
    script = (ASSETS / "web.js").read_text(encoding="utf-8")
    # Gradio reports a failed share link in several printed paragraphs (and a
    # log on stderr); we say it in one line below instead.
    noise = io.StringIO()
    with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
        app.launch(server_name=host, server_port=port, share=share, share_server_address=share_server,
                   auth=access.login if access.required else None, root_path=root_path,
                   app_kwargs={"middleware": layers}, max_file_size=MAX_UPLOAD, show_error=False,
                   prevent_thread_lock=True, theme=theme(), css_paths=[ASSETS / "web.css"],
                   head=f"<script>\n{script}</script>", quiet=True)
    print(f"Serving on http://{host}:{app.server_port}{root_path or ''}", flush=True)
    if mcp and api is not None:
        print(f"MCP tools at http://{host}:{app.server_port}{root_path or ''}/mcp", flush=True)
    if share:
        if app.share_url:
            print(f"Share link: {app.share_url}", flush=True)
        else:
            where = share_server or "Gradio's share server"
            print(f"Could not create a share link (no connection to {where}); still serving locally.",
                  flush=True)
    if block:
        # A service manager stops with SIGTERM: close as on Ctrl-C, so Gradio deletes the
        # app's exports and uploads and ends a share tunnel, instead of dying mid-request.
        signal.signal(signal.SIGTERM, _interrupt)
        app.block_thread()
    return app


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
