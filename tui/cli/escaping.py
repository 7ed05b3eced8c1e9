"""What the commands print, made unable to drive the terminal: escaped, yet readable back.

File names, ids and messages come from untrusted files; each character that could forge a
line, start an escape sequence or reorder text is printed as Python writes it (``\\n``,
``\\x1b``, ``\\u202e``), and :func:`unshown` reads such an escape back.
"""

from __future__ import annotations

import json
import re

from corpus_reader.index import INVISIBLE

# What must never reach a terminal raw from a file name, an id or a message: C0 controls (a
# newline would forge a line, ESC starts a sequence), DEL, C1 controls (U+009B is an 8-bit
# CSI), bidi embedding/override/isolate controls, lone surrogates (bytes of a name that is
# not UTF-8, which stdout could not even encode), and the engine's INVISIBLE characters.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|" + INVISIBLE.pattern
)
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrt])")


def shown(text: str) -> str:
    """``text`` with every control character escaped as Python writes it (``\\n``,
    ``\\x1b``, ``\\u202e``; an undecodable byte of a file name as ``\\xff``): visible,
    one line, and unable to drive the terminal."""
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape of byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_lines(text: str) -> str:
    """``text`` of several lines (an article's body) with each line :func:`shown`."""
    return "\n".join(shown(line) for line in text.split("\n"))


def unshown(text: str) -> str:
    """The text that :func:`shown` printed as ``text``: ``\\n``, ``\\x1b`` and ``\\uXXXX``
    read back, so that an id copied from the output finds its article."""
    return _ESCAPE.sub(_unescape_match, text)


def _unescape_match(match: re.Match[str]) -> str:
    escape = match.group()
    named = {"\\n": "\n", "\\r": "\r", "\\t": "\t"}
    return named[escape] if escape in named else chr(int(escape[2:], 16))


def json_text(obj: object, indent: int | None = 2) -> str:
    """``obj`` as JSON (one line if ``indent`` is None), non-ASCII text as is, except what
    :func:`shown` escapes, written as ``\\u`` escapes (JSON escapes C0 controls itself, not C1
    or bidi controls): the output is safe on a terminal and parses to the same strings."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
