"""Make untrusted article text safe to store and to show in a terminal.

This module owns :func:`clean_text`, which every ingested title and body goes through: it
normalises newlines, removes terminal escape sequences (7-bit and 8-bit C1 forms) and drops
control characters and bidirectional override/isolate controls, so that article text can never
drive the terminal.
"""

from __future__ import annotations

import re

__all__ = ["ESCAPES", "INVISIBLE", "REPLACEMENT", "clean_text"]

REPLACEMENT = "\ufffd"
"""What a NUL character becomes: visible, so that the damage is not silently hidden."""

# Escape sequences, longest forms first. OSC and the string commands (DCS, SOS, PM, APC) end at
# BEL (OSC only), ST (ESC \) or the 8-bit ST U+009C; an unterminated one is left for the control
# character pass, which drops its introducer and leaves the rest as harmless text. A string's
# body stops at the next introducer too: else each of n unterminated introducers would be
# scanned to the end of the text (n² steps: a file of many U+009D would never finish).
ESCAPES = re.compile(
    r"""
      (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]                      # CSI
    | (?:\x1b\]|\x9d) [^\x07\x1b\x90\x98\x9c-\x9f]* (?:\x07|\x1b\\|\x9c)         # OSC
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]) [^\x1b\x90\x98\x9c-\x9f]* (?:\x1b\\|\x9c) # DCS SOS PM APC
    | \x1b [\x20-\x2f]* [\x30-\x7e]                                              # two-char and nF
    """,
    re.VERBOSE,
)

INVISIBLE = re.compile(
    "[\u061c\u180e\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]"
)
"""Characters ``clean_text`` keeps (they are text) but a screen must not get as they are: bidi
marks, zero-width and invisible format characters. The app drops them for display, the CLI
escapes them; ZWJ and ZWNJ are not among them (scripts and emoji need them)."""

# C0 controls except \t and \n, DEL, C1 controls, bidi embedding/override/isolate controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(s: str) -> str:
    """Return ``s`` with newlines normalised and escape sequences and controls removed.

    ``\\r\\n`` and lone ``\\r`` become ``\\n``; NUL becomes U+FFFD; tabs and newlines are kept;
    every other character that could steer a terminal or reorder text is removed.
    """
    if _CONTROLS.search(s) is None:  # the common case: one scan, nothing to do (\r is a C0)
        return s
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in s:
        s = s.replace("\x00", REPLACEMENT)
    s = ESCAPES.sub("", s)
    return _CONTROLS.sub("", s)
