"""Web addresses -> bytes, fetched carefully: the one way the package reaches the network.

A hosted app that fetches what its users type must not become a way into the
network it runs on (a cloud's metadata service at 169.254.169.254, an admin page
on 127.0.0.1).  So every connection, the first and each redirect's, resolves the
host name here, refuses private, loopback and link-local addresses unless the
operator allowed them, and then connects to the very address it checked: a name
that resolves differently a second time (DNS rebinding) cannot slip past.
Fetches have timeouts, an overall deadline, a size cap, a few redirects at most
and a content type checked against what the caller can read.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import httpcore

from qa.errors import AddressRefused, FetchError

# Ranges no public article lives in; the operator opens them with --allow-private-urls.
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.168.0.0/16", "::/128", "::1/128", "fc00::/7", "fe80::/10",
))
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/pdf",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
              "application/feed+json")
USER_AGENT = "qa/0.1 (article question answering; fetches what its user asked for)"


@dataclass(frozen=True)
class FetchPolicy:
    """How careful a fetch is.

    Attributes:
        allow_private: connect to private, loopback and link-local addresses too
            (127.0.0.0/8, 10/8, 172.16/12, 192.168/16, 169.254/16, ::1, fc00::/7 and the like).
        trusted_hosts: host names (as written in the address) allowed even when they resolve to
            such an address: a server the operator vouches for.  A redirect elsewhere is checked anew.
        timeout: seconds to connect, and to wait for each piece of the reply.
        deadline: seconds the whole fetch may take, redirects included.
        max_bytes: the largest reply read.
        max_redirects: redirects followed at most.
    """

    allow_private: bool = False
    trusted_hosts: frozenset[str] = field(default_factory=frozenset)
    timeout: float = 15.0
    deadline: float = 60.0
    max_bytes: int = 20 * 2**20
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    """A reply: ``status`` 200 with its body, or 304 (not modified since the ETag / date given) with none.

    Attributes:
        url: the address finally read, after redirects.
        content_type: the media type, lower case, without parameters.
        charset: the charset the reply names, if any.
        etag, last_modified: the validators to send next time.
    """

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an http(s) address rather than a path."""
    return text.lower().startswith(("http://", "https://"))


def is_private(address: str) -> bool:
    """Whether an IP address lies in a private, loopback, link-local or otherwise local range."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_multicast or ip.is_reserved or any(ip in net for net in PRIVATE_NETWORKS
                                                     if net.version == ip.version)


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the policy allows, and to exactly the address it checked."""

    def __init__(self, policy: FetchPolicy, url: str) -> None:
        self.policy = policy
        self.url = url  # for messages

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchError(self.url, f"the host {host!r} is not known; check the address") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not self.policy.allow_private and host.lower() not in self.policy.trusted_hosts:
            refused = [a for a in addresses if is_private(a)]
            if refused:
                raise AddressRefused(self.url, host, refused[0])
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or FetchError(self.url, f"the host {host!r} has no address")


def fetch(url: str, policy: FetchPolicy, *, accept: tuple[str, ...] = PAGE_TYPES, etag: str | None = None,
          last_modified: str | None = None) -> Fetched:
    """GET ``url`` under ``policy``, following redirects.

    Args:
        url: an http or https address.
        policy: what may be reached, how long to wait, how much to read.
        accept: the media types the caller can read; another is refused.
        etag, last_modified: validators of the copy the caller has: an unchanged resource
            then comes back as status 304 without a body.

    Raises:
        AddressRefused: the address, or one it redirects to, is private and not allowed.
        FetchError: anything else that keeps the page from being read, in one line.
    """
    started = time.monotonic()
    try:
        address = _ascii(url)
    except ValueError:
        raise FetchError(url, "not a valid web address; check it (e.g. https://example.com/news/story)") from None
    for _ in range(policy.max_redirects + 1):
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not a web address; give one that starts with http:// or https://")
        headers = [("User-Agent", USER_AGENT), ("Accept", ", ".join((*accept, "*/*;q=0.1")))]
        headers += [("If-None-Match", etag)] if etag else []
        headers += [("If-Modified-Since", last_modified)] if last_modified else []
        remaining = policy.deadline - (time.monotonic() - started)
        if remaining <= 0:
            raise FetchError(url, f"took longer than {policy.deadline:.0f} s; try again later")
        step = min(policy.timeout, remaining)
        timeouts = {"connect": step, "read": step, "write": step, "pool": step}
        try:
            with httpcore.ConnectionPool(network_backend=_GuardedBackend(policy, url), retries=0) as pool, \
                    pool.stream("GET", address, headers=headers, extensions={"timeout": timeouts}) as reply:
                found = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in reply.headers}
                if reply.status in (301, 302, 303, 307, 308) and "location" in found:
                    try:
                        address = _ascii(urljoin(address, found["location"]))
                    except ValueError:
                        raise FetchError(url, "redirects to an invalid address") from None
                    continue
                return _read(url, address, reply, found, policy, accept, started)
        except (FetchError, AddressRefused):
            raise
        except httpcore.TimeoutException:
            raise FetchError(url, f"no reply within {policy.timeout:.0f} s; try again later") from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.ProxyError, ssl.SSLError, OSError) as exc:
            raise FetchError(url, f"could not be fetched ({type(exc).__name__}: {exc}); check the address "
                                  "and the connection") from None
    raise FetchError(url, f"redirected more than {policy.max_redirects} times; give the final address")


def _read(url: str, address: str, reply: Any, headers: dict[str, str], policy: FetchPolicy,
          accept: tuple[str, ...], started: float) -> Fetched:
    """The body of a reply that is not a redirect, checked and capped."""
    media, _, params = headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = next((p.split("=", 1)[1].strip(" \"'") for p in params.split(";") if p.strip().lower()
                    .startswith("charset=")), None)
    etag, last_modified = headers.get("etag"), headers.get("last-modified")
    if reply.status == 304:
        return Fetched(address, 304, content_type=media, etag=etag, last_modified=last_modified)
    if reply.status >= 400:
        raise FetchError(url, f"the server answered {reply.status}; check the address")
    if reply.status != 200:
        raise FetchError(url, f"the server answered {reply.status}, not a page")
    if media and media not in accept:
        raise FetchError(url, f"is {media}, not something that can be read here ({', '.join(accept)})")
    size = int(headers["content-length"]) if headers.get("content-length", "").isdigit() else 0
    too_big = FetchError(url, f"is larger than {policy.max_bytes / 2**20:.0f} MB; save it and ingest the file "
                              "if it is an article")
    if size > policy.max_bytes:
        raise too_big
    body = bytearray()
    for chunk in reply.iter_stream():
        body += chunk
        if len(body) > policy.max_bytes:
            raise too_big
        if time.monotonic() - started > policy.deadline:
            raise FetchError(url, f"took longer than {policy.deadline:.0f} s; try again later")
    return Fetched(address, 200, bytes(body), media, charset, etag, last_modified)


def _ascii(url: str) -> str:
    """``url`` as ASCII: the host in IDNA, the rest percent-encoded where needed."""
    parts = urlsplit(url.strip())
    try:
        host = (parts.hostname or "").encode("idna").decode()
    except UnicodeError:
        host = parts.hostname or ""
    netloc = host if ":" not in host else f"[{host}]"
    netloc += f":{parts.port}" if parts.port else ""
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    safe = "/%:@!$&'()*+,;=-._~"
    path = quote(parts.path or "/", safe=safe)
    query = quote(parts.query, safe=safe + "?")
    return f"{parts.scheme.lower()}://{netloc}{path}{'?' + query if query else ''}"
