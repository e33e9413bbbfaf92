"""Gradio entry point: ``python app.py [--index DIR] [--host H] [--port P]``."""

from __future__ import annotations

import argparse
import sys

from qa import Library, QAError
from qa.config import default_index
from qa.web import serve


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the article chat.")
    parser.add_argument("--index", default=default_index(), help="index folder (env QA_INDEX)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    args = parser.parse_args()
    try:
        library = Library(args.index, create=False)
    except QAError as exc:
        sys.exit(f"Error: {exc}")
    serve(library, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
