"""Who may do what on a shared link, and a server that shrugs off abuse.

Two kinds of login: editors (``--auth``, ``QA_AUTH``) may change the library, readers
(``--reader-auth``, ``QA_READER_AUTH``) may ask, filter, open evidence and export, and nothing else.
The app hides the editing controls from a reader, and its handlers refuse a reader's edit however it
arrives (the page, ``gradio_client``, plain HTTP): hiding a button is not a permission.

``Guard`` sits in front of the whole app (an ASGI middleware): failed logins from one address are
slowed, then refused with HTTP 429 for a while, without locking out other addresses; each user's
questions are limited to so many a minute (429 past that), so one client's flood leaves the others
answered.  Changes made through the app are recorded by ``Changes`` in the index folder (``qa log``).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hmac
import json
import os
import re
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

QUESTIONS_PER_MINUTE = 30  # each user's questions through the app and its API (--questions-per-minute)
SLOW_AFTER = 3  # failed logins from one address before each further try is slowed (0.1 s, doubling, up to 2 s)
LOCK_AFTER = 10  # failed logins from one address (in LOCK_WINDOW) before it is refused for a while
LOCK_WINDOW = 15 * 60  # seconds
MAX_FILES = 50  # files in one upload
LOG = "changes.jsonl"  # in the index folder: what was added, fetched or removed through the app, by whom

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Access:
    """The app's logins.

    Attributes:
        editors: user -> password of those who may change the library.
        readers: user -> password of those who may only ask.
        questions_per_minute: each user's (or, without logins, each address's) questions a minute.
    """

    editors: Mapping[str, str] = field(default_factory=dict)
    readers: Mapping[str, str] = field(default_factory=dict)
    questions_per_minute: int = QUESTIONS_PER_MINUTE

    @property
    def required(self) -> bool:
        """A login is asked for (else everyone on the page may do everything, as on one's own machine)."""
        return bool(self.editors or self.readers)

    def login(self, user: str, password: str) -> bool:
        """Whether ``user`` and ``password`` are an editor's or a reader's (compared in constant time)."""
        known = self.editors.get(user, self.readers.get(user))
        return known is not None and hmac.compare_digest(known.encode(), password.encode())

    def may_edit(self, user: str | None) -> bool:
        """Whether ``user`` may add, fetch and remove articles."""
        return not self.required or (user is not None and user in self.editors)


def read_logins(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Editors and readers from a file, so passwords stay out of shell history: one per line,
    ``editor USER:PASS`` or ``reader USER:PASS``; ``#`` starts a comment.

    Raises:
        ValueError: a line is not one of those (its number says which).
    """
    editors: dict[str, str] = {}
    readers: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        role, _, login = line.partition(" ")
        user, sep, password = login.strip().partition(":")
        if role not in ("editor", "reader") or not sep or not user or not password:
            raise ValueError(f"line {n} is not 'editor USER:PASS' or 'reader USER:PASS'")
        (editors if role == "editor" else readers)[user] = password
    return editors, readers


class Throttle:
    """Events per key in a sliding window: how many, and whether one more is allowed."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.events: dict[str, deque[float]] = defaultdict(deque)

    def count(self, key: str) -> int:
        now, events = self.clock(), self.events[key]
        while events and events[0] <= now - self.window:
            events.popleft()
        if not events:
            self.events.pop(key, None)
        return len(events)

    def full(self, key: str) -> bool:
        """``limit`` events or more in the window: the next is refused."""
        return self.count(key) >= self.limit

    def add(self, key: str) -> None:
        self.events[key].append(self.clock())

    def clear(self, key: str) -> None:
        self.events.pop(key, None)

    def wait(self, key: str) -> int:
        """Seconds until the oldest event leaves the window."""
        events = self.events.get(key)
        return max(1, int(events[0] + self.window - self.clock()) + 1) if events else 0


QUESTION_ENDPOINTS = ("respond", "ask")  # the app's API names that answer a question (the page's, and /ask)
_QUESTION_ROUTE = re.compile(rf"/(?:call|run|api)/(?:{'|'.join(QUESTION_ENDPOINTS)})/?$")
_NAMED_ROUTE = re.compile(r"/(?:call|run|api)/([^/]+)/?$")


class Guard:
    """The ASGI middleware in front of the app (``launch(app_kwargs={"middleware": [...]})``).

    Args:
        app: the app it guards.
        access: the logins and the question limit.
        question_functions: the Gradio function ids that answer a question (a ``queue/join`` names one).
        endpoints: the app's API names: a call to another is a 404 (Gradio answers it with a 500).
    """

    def __init__(self, app: ASGIApp, access: Access, question_functions: Iterable[int] = (),
                 endpoints: Iterable[str] = ()) -> None:
        self.app = app
        self.access = access
        self.question_functions = frozenset(question_functions)
        self.endpoints = frozenset(endpoints)
        self.failures = Throttle(LOCK_AFTER, LOCK_WINDOW)
        self.questions = Throttle(access.questions_per_minute, 60)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _basic(scope) is not None and self.access.required and not await self._basic_login(scope, send):
            return
        if scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        named = _NAMED_ROUTE.search(path)
        if named and self.endpoints and named.group(1) not in self.endpoints:
            await _refuse(send, f"No such endpoint: {named.group(1)}.", 404)
        elif path.rstrip("/").endswith("/login"):
            await self._login(scope, receive, send)
        elif _QUESTION_ROUTE.search(path) or path.rstrip("/").endswith(("/queue/join", "/mcp")):
            await self._question(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _basic_login(self, scope: Scope, send: Send) -> bool:
        """Count an HTTP Basic login (``/api``, ``/mcp``) as the login form's are counted: a wrong password
        is a failure from its address, and a locked address is refused whatever it sends."""
        address = _address(scope)
        if self.failures.full(address):
            minutes = -(-self.failures.wait(address) // 60)
            await _refuse(send, f"Too many failed logins from this address; try again in {minutes} minutes.")
            return False
        if basic_user(scope, self.access) is None:
            self.failures.add(address)  # the request goes on, and is answered 401
        return True

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        address = _address(scope)
        if self.failures.full(address):
            minutes = -(-self.failures.wait(address) // 60)
            await _refuse(send, f"Too many failed logins from this address; try again in {minutes} minutes.")
            return
        failed = self.failures.count(address)
        if failed >= SLOW_AFTER:  # each further guess costs more time
            await asyncio.sleep(min(2.0, 0.1 * 2 ** (failed - SLOW_AFTER)))
        status = 0

        async def watch(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status == 200:
            self.failures.clear(address)
        elif 400 <= status < 500:
            self.failures.add(address)

    async def _question(self, scope: Scope, receive: Receive, send: Send) -> None:
        body, receive = await read_body(receive)
        if not _QUESTION_ROUTE.search(scope["path"]) and not self._asks(body):
            await self.app(scope, receive, send)
            return
        key = user_of(scope) or basic_user(scope, self.access) or _address(scope)
        if self.questions.full(key):
            await _refuse(send, f"Too many questions: at most {self.access.questions_per_minute} a minute; "
                                f"ask again in {self.questions.wait(key)} seconds.")
            return
        self.questions.add(key)
        await self.app(scope, receive, send)


    def _asks(self, body: bytes) -> bool:
        """Whether a queue request or an MCP message (a ``tools/call`` of ask) asks a question."""
        try:
            message = json.loads(body or b"{}")
            if message.get("method") == "tools/call":
                return bool(message["params"]["name"] == "ask")
            return message.get("fn_index") in self.question_functions
        except (ValueError, AttributeError, TypeError, KeyError):
            return False


def _basic(scope: Scope) -> bytes | None:
    """The credentials of an HTTP Basic ``Authorization`` header (still Base64), if the request has one."""
    return next((value[6:] for name, value in scope.get("headers", ())
                 if name == b"authorization" and value[:6].lower() == b"basic "), None)


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def user_of(scope: Scope) -> str | None:
    """The logged-in user the request's cookie names (Gradio keeps its tokens on the app)."""
    app = scope.get("app")
    tokens = getattr(app, "tokens", None)
    if not tokens:
        return None
    cookie = SimpleCookie()
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            with contextlib.suppress(Exception):
                cookie.load(value.decode("latin-1"))
    for morsel in cookie.values():
        if morsel.key.startswith("access-token") and morsel.value in tokens:
            return str(tokens[morsel.value])
    return None


def basic_user(scope: Scope, access: Access) -> str | None:
    """The user an HTTP Basic ``Authorization`` header logs in (``curl -u``), when its password is right."""
    credentials = _basic(scope)
    if credentials is None:
        return None
    try:
        user, _, password = base64.b64decode(credentials).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user if access.login(user, password) else None


async def read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The request body, and a ``receive`` that hands it on again to the app."""
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = bool(message.get("more_body"))
    body = b"".join(chunks)
    sent = False

    async def again() -> MutableMapping[str, Any]:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return body, again


async def _refuse(send: Send, message: str, status: int = 429) -> None:
    await reply_json(send, status, {"detail": message})


async def reply_json(send: Send, status: int, payload: Any, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """Answer the request with ``payload`` as JSON."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class Changes:
    """What was added, fetched or removed through the app, by whom: one JSON line each in the index
    folder (``qa log``).  A line is written whole with one ``write`` to a file opened for appending."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.path = Path(folder) / LOG

    def record(self, user: str | None, action: str, what: Iterable[str]) -> None:
        if not self.path.parent.is_dir():
            return  # a database store: there is no folder to keep the log in
        entry = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "user": user or "",
                 "action": action, "what": list(what)}
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> list[dict[str, Any]]:
        """Every change recorded, oldest first (a line cut by a crash is left out)."""
        if not self.path.is_file():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
        return out
