"""Title rules shared by the format readers.

This module owns how a title is recognised and made: when a title line is really a paragraph,
how a title is derived from a first sentence (abbreviations do not end sentences; long titles
are cut at a word with "…"), and when two titles are the same (a title repeated with other
quotes or hyphens counts once).
"""

from __future__ import annotations

import re

from ..text import clean_text

__all__ = ["TITLE_MAX", "derive_title", "first_sentence", "is_paragraph", "one_line", "title_key"]

TITLE_MAX = 160
"""A title derived from a sentence is cut to at most this many characters, at a word."""

_PARAGRAPH_WORDS = 25
_PARAGRAPH_CHARS = 160
_NEVER_A_TITLE_CHARS = 300  # no headline is this long, sentence end or not
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A sentence break: end punctuation, optional closing quote, space, then a capital or a digit.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])")
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sgt|Gov|Sen|Rep|Jr|Sr|Mt|No"
    r"|Vol|vs|etc|approx|U\.S|U\.K|U\.N|E\.U)\.$"
)


def title_key(s: str) -> str:
    """Case-folded letters and digits only: two titles with the same key are the same title."""
    return "".join(ch for ch in s.casefold() if ch.isalnum())


def one_line(s: str) -> str:
    """``s`` cleaned, with every run of whitespace (newlines too) made one space."""
    return " ".join(clean_text(s).split())


def _shorten(s: str, limit: int = TITLE_MAX) -> str:
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def first_sentence(line: str) -> str:
    """The first sentence of a line: up to the first sentence break that ends no abbreviation."""
    for match in _SENTENCE_BREAK.finditer(line):
        head = line[: match.start() + 1]
        if not _ABBREVIATION.search(head):
            return line[: match.end()].rstrip()
    return line.strip()


def derive_title(text: str) -> str:
    """A title made from the first sentence of the first non-empty line of ``text``.

    A final full stop is dropped; a sentence longer than :data:`TITLE_MAX` is cut at a word
    and ends with "…".
    """
    for line in text.split("\n"):
        if line.strip():
            sentence = one_line(first_sentence(line.strip()))
            if sentence.endswith(".") and not sentence.endswith(".."):
                sentence = sentence[:-1]
            return _shorten(sentence)
    return ""


def is_paragraph(line: str) -> bool:
    """Whether a would-be title line is clearly a paragraph: long, and ending like a sentence."""
    line = line.strip()
    if len(line) > _NEVER_A_TITLE_CHARS:
        return True
    long = len(line) > _PARAGRAPH_CHARS or len(line.split()) > _PARAGRAPH_WORDS
    return long and _SENTENCE_END.search(line) is not None
