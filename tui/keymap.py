"""The user's keymap: ``keymap.toml`` in the user config folder rebinds keys by binding id.

::

    # ~/.config/corpus-reader/keymap.toml: binding id = "key[,key...]"
    "article.next_hit" = "n,f3"
    back = "alt+left,ctrl+o"

An unquoted dotted id (``article.next_hit = "n"``) is a TOML table; it is read as the same id.

Every binding of the app has an id (``Binding(..., id=...)``); Textual's ``App.set_keymap``
puts the new keys in place of the old ones. A reader's typo must not cost them the app: a
malformed file, a value that is not a string or an unknown id gives one warning (returned for
the app to show), and whatever is valid still applies.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

FILE_NAME = "keymap.toml"
MAX_LISTED = 8
"""Ids named in a warning at most (the rest are counted)."""


def keymap_path() -> Path:
    """Where the user's keymap lives (``$XDG_CONFIG_HOME`` is honoured)."""
    return Path(user_config_dir("corpus-reader")) / FILE_NAME


def _node_classes(root: type[DOMNode] = DOMNode) -> Iterator[type[DOMNode]]:
    """Every loaded class of app, screen and widget (so ids of screens not shown yet count)."""
    seen: set[type[DOMNode]] = set()
    stack = [root]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        stack.extend(cls.__subclasses__())


def known_binding_ids() -> set[str]:
    """The ids of every binding declared by a loaded app, screen or widget class."""
    ids: set[str] = set()
    for cls in _node_classes():
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def read_keymap(path: Path, known: set[str]) -> tuple[dict[str, str], list[str]]:
    """The valid entries of the keymap file at ``path`` and at most one warning about the rest.

    A missing file is an empty keymap and no warning.
    """
    try:
        raw: Mapping[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path} was not read ({exc}); the default keys apply."]
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    invalid: list[str] = []
    for binding_id, keys in _flat(raw):
        if binding_id not in known:
            unknown.append(binding_id)
        elif not isinstance(keys, str) or not _key_list(keys):
            invalid.append(binding_id)
        else:
            keymap[binding_id] = _key_list(keys)
    problems = []
    if unknown:
        problems.append(f"unknown binding ids: {_listed([_guess(u, known) for u in unknown])}")
    if invalid:
        problems.append(f'not a key list like "n,f3": {_listed([repr(i) for i in invalid])}')
    if not problems:
        return keymap, []
    return keymap, [f"{path}: {'; '.join(problems)}. Those entries are ignored."]


def _flat(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``(id, value)`` pairs, nested tables joined with dots."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _guess(unknown: str, known: set[str]) -> str:
    """``'article.nex_hit' (did you mean 'article.next_hit'?)``, or just the id quoted."""
    close = difflib.get_close_matches(unknown, known, n=1)
    return f"{unknown!r} (did you mean {close[0]!r}?)" if close else repr(unknown)


def _key_list(keys: str) -> str:
    """``keys`` tidied (``"n, f3"`` → ``"n,f3"``); empty when it names no key."""
    return ",".join(key.strip() for key in keys.split(",") if key.strip())


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    more = len(names) - MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def apply_user_keymap(app: App[Any], path: Path | None = None) -> list[str]:
    """Read the user's keymap and give it to ``app``; the warnings for the app to show."""
    keymap, warnings = read_keymap(path or keymap_path(), known_binding_ids())
    if keymap:
        app.set_keymap(keymap)
    return warnings
