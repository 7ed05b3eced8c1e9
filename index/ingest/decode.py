"""Turn the raw bytes of an article file into text, or say in a few words why not.

This module owns :func:`decode_bytes` and :class:`UndecodableError`. The rules follow what was
measured on this machine: a BOM wins; then UTF-8; then Windows-1252 (a superset of Latin-1's
printable range) when the bytes decode cleanly as such and look like Western European text;
then Latin-1 with a few stray C1 bytes; and only then ``charset_normalizer``, which misreads
short Latin-1 French as cp1250 and so must not have the first word. Files with NUL bytes or
many control bytes are binary.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["UndecodableError", "decode_bytes"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bytes that do not occur in text: C0 controls other than \t \n \f \r and ESC, and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_SAMPLE = 65536
_MAX_CONTROL_SHARE = 0.10

# Non-ASCII characters that Western European text uses beside letters, and that may sit inside
# a word (apostrophe, Catalan middle dot, soft hyphen).
_IN_WORD = frozenset("’·\xad")
# Runs of this many non-ASCII letters are rare in Western European words ("ção" is two).
_LONG_RUN = 3
_MAX_LONG_RUNS = 0.05
_MAX_STRAY_C1 = 0.005
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))
_HIGH_BYTES = bytes(range(0x80, 0x100))
_NON_ASCII = re.compile("[^\x00-\x7f]")


class UndecodableError(ValueError):
    """The bytes are not text this reader can decode; ``str()`` is a short reason."""


def decode_bytes(data: bytes) -> str:
    """Decode an article file's bytes; raise :class:`UndecodableError` with a short reason.

    Reasons: ``"empty file"``, ``"binary file"``, ``"unknown text encoding"``.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise UndecodableError("binary file") from None
            if "\x00" in text:
                raise UndecodableError("binary file")
            return _non_empty(text.removeprefix("\ufeff"))
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data.strip():
        raise UndecodableError("empty file")
    sample = data[:_SAMPLE]
    if b"\x00" in data or len(sample.translate(None, _NOT_CONTROL)) > _MAX_CONTROL_SHARE * len(
        sample
    ):
        raise UndecodableError("binary file")
    try:
        return _non_empty(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
        pass
    else:
        if _looks_western(data, text):
            return _non_empty(text)
    text = data.decode("latin-1")
    if _looks_western(data, text, stray_c1=True):
        return _non_empty(text)
    return _non_empty(_detect(data))


def _non_empty(text: str) -> str:
    if not text.strip():
        raise UndecodableError("empty file")
    return text


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported late: only odd files need it

    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError("unknown text encoding")
    return str(best)


def _looks_western(data: bytes, text: str, *, stray_c1: bool = False) -> bool:
    """Whether ``text``, a single-byte decoding of ``data``, reads as Western European text.

    Western European words mix ASCII letters with the odd accented one; Cyrillic or Greek read
    as cp1252 gives words made only of accented letters (``Ïðèâåò``). So runs of three or more
    non-ASCII letters must be rare, and no non-ASCII symbol may sit between two letters
    (``Za¿ó³æ`` is Polish read in the wrong code page). With ``stray_c1``, a very few C1
    control characters (bytes 0x80–0x9F read as Latin-1) are tolerated.
    """
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    high = len(data) - len(data.translate(None, _HIGH_BYTES))  # one byte, one character
    if len(data) > 200 and high > ascii_letters:
        return False  # a cheap bound before looking at each character of a long text
    non_ascii_letters = long_runs = c1 = run = 0
    last_letter = -2
    end = len(text) - 1
    for match in _NON_ASCII.finditer(text):
        ch, i = match.group(), match.start()
        if ch <= "\x9f":
            c1 += 1
        elif ch.isalpha():
            non_ascii_letters += 1
            run = run + 1 if i == last_letter + 1 else 1
            last_letter = i
            long_runs += run == _LONG_RUN
        elif (
            ch not in _IN_WORD
            and 0 < i < end
            and text[i - 1].isalpha()
            and text[i + 1].isalpha()
            and not ch.isspace()
        ):
            return False
    if c1 and (not stray_c1 or c1 > _MAX_STRAY_C1 * len(text)):
        return False
    if non_ascii_letters > ascii_letters + 2:  # slack for very short texts
        return False
    return long_runs <= _MAX_LONG_RUNS * non_ascii_letters
