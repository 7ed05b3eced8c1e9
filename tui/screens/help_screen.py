"""The help screen (? or F1): every key that works where the reader is, by what it does.

The rows are taken from the bindings active when help was asked for (those of the focused pane
and its parents, then the app's), so the screen can never disagree with the keys themselves,
including a user's keymap. Disabled bindings are listed dim, hidden ones listed too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

TITLE = "Keys"
CLOSE_HINT = "Esc, q, ? or F1 closes this screen. Rebind keys by id in keymap.toml (see README)."


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: the keys, what they do, whether they work right now, and the
    binding ids a user keymap can rebind them by."""

    keys: str
    description: str
    enabled: bool = True
    ids: str = ""


def key_rows(app: App[Any], active: Iterable[ActiveBinding]) -> tuple[list[KeyRow], list[KeyRow]]:
    """The rows of the focused pane's own keys and those that work everywhere.

    Keys with the same description share one row ("alt+←  backspace  Back").
    """
    pane: dict[str, KeyRow] = {}
    everywhere: dict[str, KeyRow] = {}
    for node, binding, enabled, _tooltip in active:
        where = everywhere if isinstance(node, App | Screen) else pane
        description = binding.description or binding.action.replace("_", " ")
        display = app.get_key_display(binding)
        ident = binding.id or ""
        if description in where:
            row = where[description]
            keys = row.keys if display in row.keys.split("  ") else f"{row.keys}  {display}"
            ids = row.ids if not ident or ident in row.ids.split() else f"{row.ids} {ident}"
            where[description] = KeyRow(keys, description, row.enabled, ids.strip())
        else:
            where[description] = KeyRow(display, description, enabled, ident)
    return list(pane.values()), list(everywhere.values())


def help_text(pane_name: str, pane: list[KeyRow], everywhere: list[KeyRow]) -> Content:
    """The help as one block of text: a heading per group, a key column, a description, the
    binding ids (dim, for keymap.toml)."""
    width = max((len(row.keys) for row in (*pane, *everywhere)), default=4) + 2
    said = max((len(row.description) for row in (*pane, *everywhere)), default=4) + 2
    lines: list[Content] = []
    for heading, rows in ((pane_name, pane), ("Everywhere", everywhere)):
        if not rows:
            continue
        if lines:
            lines.append(Content(""))
        lines.append(Content(heading).stylize("bold $text-primary"))
        for row in rows:
            keys = Content(row.keys.ljust(width)).stylize("bold $text-accent")
            line = keys + Content(row.description.ljust(said))
            if row.ids:
                line += Content(row.ids).stylize("$text-muted")
            lines.append(line if row.enabled else line.stylize("dim"))
    lines.extend([Content(""), Content(CLOSE_HINT).stylize("$text-muted")])
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """A modal list of the keys; any of its closing keys goes back to where the reader was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, pane_name: str, pane: list[KeyRow], everywhere: list[KeyRow]) -> None:
        super().__init__()
        self.pane_name = pane_name
        self.pane = pane
        self.everywhere = everywhere

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = TITLE
            yield Static(help_text(self.pane_name, self.pane, self.everywhere), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
