"""The ``corpus-reader`` command: the TUI by default, and headless subcommands for scripts.

Headless commands (``index``, ``search``, ``show``, ``entities``, ``events``, ``export``) use
the engine's public API only, so they start fast; the app is imported only to launch it.
Errors are one line on stderr with exit status 2.
"""

from __future__ import annotations

from .entry import main

__all__ = ["main"]
