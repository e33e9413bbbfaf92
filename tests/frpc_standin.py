"""A loopback stand-in for Gradio's frpc share client (tests only).

Gradio runs ``frpc http -n TOKEN -l LOCAL_PORT -i LOCAL_HOST ... --server_addr HOST:PORT``
and waits for a line ``start proxy success: URL``.  No frp server can be
installed here, so this stand-in plays both ends on loopback: it listens on
the share server's address itself and forwards each connection to the local
app, making the share URL ``http://HOST:PORT``.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


def main(args: list[str]) -> None:
    def value(flag: str) -> str:
        return args[args.index(flag) + 1]

    local = (value("-i"), int(value("-l")))
    host, port = value("--server_addr").rsplit(":", 1)
    try:
        server = socket.create_server((host, int(port)))
    except OSError as exc:
        print(f"login to server failed: {exc}", flush=True)
        sys.exit(1)
    print(f"start proxy success: http://{host}:{port}", flush=True)
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection(local)
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


if __name__ == "__main__":
    main(sys.argv[1:])
