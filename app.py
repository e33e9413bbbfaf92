"""Gradio entry point: ``python app.py [--index DIR] [--host H] [--port P] [--share] [--auth USER:PASS]``.

The same as ``qa serve``; see ``python app.py --help``.
"""

from __future__ import annotations

import sys

from qa.config import configure_process

if __name__ == "__main__":
    configure_process()  # before NumPy loads
    from qa.cli import cli

    cli(["serve", *sys.argv[1:]], prog_name="app.py")
