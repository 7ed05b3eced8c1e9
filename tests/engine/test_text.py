"""clean_text: terminal escape sequences and controls out, text and newlines kept."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus_reader.index.text import clean_text

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_plain_text_is_unchanged() -> None:
    text = "Élysée — “quoted”, 世界 😀\n\n\tIndented line.\n"
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("\x1b[?1049hscreen\x1b[?1049l", "screen"),
        ("\x1b]0;evil title\x07after", "after"),
        ("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ end", "link end"),
        ("\x1bPq#0;2;0;0;0#0!10~\x1b\\after DCS", "after DCS"),
        ("\x1b_apc payload\x1b\\x", "x"),
        ("\x1b^pm\x1b\\y", "y"),
        ("\x1bXsos\x1b\\z", "z"),
        ("\x1bcreset", "reset"),
        ("\x1b(Bcharset", "charset"),
        ("\x1b7saved\x1b8", "saved"),
        ("\x9b31mred8bit", "red8bit"),
        ("\x9d0;title\x07osc8bit", "osc8bit"),
        ("\x9d0;title\x9cst8bit", "st8bit"),
        ("\x90dcs data\x9cdcs8bit", "dcs8bit"),
        ("next\x85line", "nextline"),
        ("a\u202eevil\u202cb", "aevilb"),
        ("\u2066isolated\u2069 \u2067rtl\u2068", "isolated rtl"),
        ("bell\x07 back\x08 vt\x0b ff\x0c del\x7f", "bell back vt ff del"),
        ("nul\x00here", "nul\ufffdhere"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\x1b]0;unterminated", "0;unterminated"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=["Cs"])))
def test_nothing_that_steers_a_terminal_survives(text: str) -> None:
    cleaned = clean_text(text)
    assert FORBIDDEN.search(cleaned) is None
    assert "\r" not in cleaned


@given(
    st.text(
        alphabet=st.characters(exclude_categories=["Cc", "Cs"]).filter(
            lambda ch: not ("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069")
        )
    )
)
def test_printable_text_is_kept(text: str) -> None:
    assert clean_text(text) == text


HANG_CHECK = """
import sys
from corpus_reader.index.text import clean_text
for introducer in "\\x9d\\x90\\x98\\x9e\\x9f":
    assert clean_text(introducer * 1_000_000 + "end") == "end"
assert clean_text("\\x1b]0;" * 300_000 + "end") == "0;" * 300_000 + "end"
"""


def test_unterminated_string_commands_take_linear_time() -> None:
    """A million unterminated OSC/DCS introducers are cleaned in well under a second; each
    scanned to the end of the text, they took hours (so a timeout, not a speed goal)."""
    done = subprocess.run([sys.executable, "-c", HANG_CHECK], timeout=60, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
