"""Tokens and capitalised runs: the raw candidates the entity rules classify.

A candidate is a run of capitalised words (lower-case particles and connectors allowed inside:
"Bank of England", "Jean-Yves Le Drian"). Lines written in capitals or in Title Case (headlines,
datelines) carry no capitalisation signal, so they are marked and only known names are looked up
in them. Offsets always index the original text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from .aliases import normalise
from .entity_rules import CONNECTORS, HONORIFICS, NEVER, TITLES

__all__ = ["Token", "heading_lines", "runs", "tokenize", "word_counts"]

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S. U.K.
    r"|[A-Z]\.(?=\s?[A-Z][a-z'’])"  # an initial: "P. Simmons"
    r"|[^\W\d_](?:[\w&]|['’](?=[^\W\d_])|-(?=\w))*"  # words, O'Brien, Jean-Yves, COVID-19
    r"|\d[\d.,:/-]*"
    r"|[^\w\s]",
    re.UNICODE,
)
_SENTENCE_END = frozenset(".!?…:;")
_OPENERS = frozenset("\"'“‘«([—–-")
_QUOTE_OPENERS = frozenset("“«„")
"""Unambiguous opening quotes: quoted speech starts a sentence, so a capital after one tells
nothing ("... on the need for a de-escalation “Reports the Elysee”)."""
_POSSESSIVE = re.compile(r"['’]s?$")
_KEEP_POSSESSIVE = frozenset({"people"})
"""Words whose possessive is part of a name ("Lugansk People’s Republic")."""


class Token(NamedTuple):
    """One token: its span, text, whether it opens a sentence or a line, starts with a capital
    (acronyms included), and is a word (starts with a letter); stored, since rules ask often.

    A named tuple: an article has hundreds of tokens, each made twice per build (statistics,
    then candidates), and a frozen dataclass took five times as long to make."""

    start: int
    end: int
    text: str
    initial: bool
    cap: bool
    word: bool
    new_line: bool = False
    """A line break lies between this token and the one before: names never span lines."""


def tokenize(text: str) -> list[Token]:
    """Tokens with possessive endings cut off ("Macron’s" → "Macron") and sentence starts."""
    tokens: list[Token] = []
    append, find, make = tokens.append, text.find, Token
    initial = True
    last_end = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        value = match.group()
        new_line = find("\n", last_end, start) >= 0
        last_end = end
        if new_line:
            initial = True
        first = value[0]  # a match is never empty
        if first.isalpha():
            cap = first.isupper()
            if cap and ("'" in value or "’" in value):  # only then a possessive to cut
                cut = _POSSESSIVE.search(value)
                if cut and cut.start() > 0 and not _kept(value[: cut.start()]):
                    end -= len(cut.group())
                    value = value[: cut.start()]
            append(make(start, end, value, initial, cap, True, new_line))
            initial = False
        else:
            append(make(start, end, value, initial, first.isupper(), False, new_line))
            if value in _SENTENCE_END or value in _QUOTE_OPENERS:
                initial = True
            elif value not in _OPENERS:
                initial = False
    return tokens


def _kept(word: str) -> bool:
    return word.lower() in _KEEP_POSSESSIVE


def heading_lines(tokens: list[Token]) -> set[int]:
    """Indexes of tokens on lines in capitals or Title Case, where case tells nothing.

    A line is a heading when its words of two letters or more are all capitals (at least one:
    "LONDON 1996-08-30"), or when it has four or more such words, at least three quarters of
    them capitalised, a function word among them ("French FM Says 'Absolutely Necessary' to
    Maintain Communication With Russia"); lists of names ("Essex 6 Surrey 3") are not headings.
    """
    marked: set[int] = set()
    line: list[int] = []

    def close() -> None:
        words = [tokens[i] for i in line if tokens[i].word and len(tokens[i].text) > 1]
        if not words:
            return
        upper = sum(1 for t in words if t.text.isupper())
        capital = sum(1 for t in words if t.cap)
        titled = len(words) >= 4 and capital * 4 >= len(words) * 3
        if upper == len(words) or (titled and any(_function(t) for t in words[1:])):
            marked.update(line)

    for i, token in enumerate(tokens):
        if token.new_line:  # no token holds a line break: one lies before this token
            close()
            line = []
        line.append(i)
    close()
    return marked


def _function(token: Token) -> bool:
    """A capitalised function word ("With", "Are"): only headlines capitalise those."""
    return token.cap and normalise(token.text) in NEVER


def _joins(tokens: list[Token], i: int) -> bool:
    """Whether the lower-case token ``i`` continues a name ("of", "de", "Le Drian")."""
    token = tokens[i]
    return (
        normalise(token.text) in CONNECTORS
        and i + 1 < len(tokens)
        and tokens[i + 1].cap
        and tokens[i + 1].word
        and _adjacent(tokens[i - 1], token)
        and _adjacent(token, tokens[i + 1])
    )


def _adjacent(before: Token, after: Token) -> bool:
    """Two words of one name: at most one space apart, on the same line."""
    return after.start - before.end <= 1 and not after.new_line


def runs(tokens: list[Token], skip: set[int]) -> list[list[int]]:
    """Maximal runs of capitalised words (token indexes), outside the ``skip`` tokens."""
    found: list[list[int]] = []
    current: list[int] = []
    for i, token in enumerate(tokens):
        adjacent = not current or _adjacent(tokens[current[-1]], token)
        if (i not in skip and token.word and token.cap and adjacent) or (
            current and token.word and not token.cap and adjacent and _joins(tokens, i)
        ):
            current.append(i)
        else:
            if current:
                found.append(current)
            current = [i] if i not in skip and token.word and token.cap else []
    if current:
        found.append(current)
    return found


def person_cue_before(tokens: list[Token], first: int) -> bool:
    """A lower-case title or an honorific right before a run cues a person ("Mr. Smith")."""
    j = first - 1
    if j >= 0 and tokens[j].text == ".":
        j -= 1
    if j < 0:
        return False
    word = normalise(tokens[j].text)
    return word in HONORIFICS or (not tokens[j].cap and word in TITLES)


def word_counts(tokens: list[Token]) -> tuple[Counter[str], Counter[str]]:
    """(lower-case uses, capitalised uses not at a sentence start) of each word, normalised."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for token in tokens:
        if token.word:
            if token.text.islower():
                lower[normalise(token.text)] += 1
            elif not token.initial and token.cap:
                capital[normalise(token.text)] += 1
    return lower, capital
