"""The reader's settings that outlive a session: ``settings.json`` in the user config folder.

Today it holds the theme chosen in the palette ("Theme"), restored at the next start. The file
is written whole to a temporary file and renamed over the old one, so a crash never leaves half
of it; keys this version does not know are kept. A missing, unreadable or malformed file reads
as no settings: a setting is a convenience, never a reason not to start.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir
from textual.app import App
from textual.theme import Theme

FILE_NAME = "settings.json"


def settings_path() -> Path:
    """Where the settings live (``$XDG_CONFIG_HOME`` is honoured)."""
    return Path(user_config_dir("corpus-reader")) / FILE_NAME


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """The saved settings, or ``{}`` when there are none that can be read."""
    try:
        data = json.loads((path or settings_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(changes: dict[str, Any], path: Path | None = None) -> None:
    """Merge ``changes`` into the saved settings, atomically (temporary file, then rename)."""
    path = path or settings_path()
    settings = {**load_settings(path), **changes}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{FILE_NAME}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(settings, out, indent=2, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def persist_theme(app: App[Any], path: Path | None = None) -> None:
    """Restore the saved theme if the app knows it, then save the theme whenever it changes.

    Call from ``on_mount``. A theme that cannot be saved (read-only folder, full disk) is
    logged and the session goes on with it.
    """
    saved = load_settings(path).get("theme")
    if isinstance(saved, str) and saved in app.available_themes:
        app.theme = saved
    last = [app.theme]  # a default theme is not saved: a later default may be better

    def remember(theme: Theme) -> None:
        if theme.name == last[0]:
            return  # the restore itself, or a theme already saved
        try:
            save_settings({"theme": theme.name}, path)
        except OSError as exc:
            app.log.warning(f"theme not saved: {exc}")
            return
        last[0] = theme.name

    app.theme_changed_signal.subscribe(app, remember)
