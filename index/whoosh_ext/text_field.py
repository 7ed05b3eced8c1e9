"""The article text field: Whoosh's TEXT, its postings computed in one pass instead of a chain.

Whoosh indexes a text by running it through its analyzer, a chain of generators that hands
one ``Token`` object from filter to filter (tokenizer, lower case, stop words, stemmer), then
through the format, which groups positions by word; the stemmer's cache is a Python function
too. A build's profile put a third of the writer's time there. For the chain
this schema uses (regular-expression tokens, lower case, stop words renumbered, a stemmer),
:class:`ArticleText` computes the same postings, byte for byte, in one loop over the matches,
with the stems kept in a dictionary. Any other analyzer, format or keyword argument takes
Whoosh's own path. Queries and highlighting use the analyzer as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import fields, formats
from whoosh.analysis import (
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.tokenizers import default_pattern

Posting = tuple[bytes, int, float, bytes]
"""One word of a text as Whoosh's writer takes it: term, frequency, weight, encoded positions."""

MAX_STEMS = 500_000
"""Stems remembered per chain; past that, words not seen yet are stemmed each time."""


_UNSEEN = b"\0"
"""What looking up a word not yet in :attr:`_Chain.stems` gives (no stem is a NUL)."""

_LOWER_FIRST = {
    default_pattern.pattern: re.compile(
        default_pattern.pattern.replace("(", "(?:"), default_pattern.flags
    )
}
"""Tokenizer patterns (Whoosh's default) that match an ASCII text lowered as a whole exactly
where they match it word by word, each with its group made non-capturing (so that ``findall``
gives whole matches)."""


@dataclass
class _Chain:
    """The steps of a tokenizer | lower case | stop words | stemmer analyzer, as data."""

    pattern: Any  # a compiled regular expression
    stops: frozenset[str]
    minsize: int
    maxsize: int | None
    renumber: bool
    ignore: frozenset[str]
    stemfn: Callable[[str], str]
    stems: dict[str, bytes | None] = field(default_factory=dict)
    """Each lower-case word seen and its stem in UTF-8, or None for a word the stop filter
    drops."""

    def steps(self) -> tuple[Any, ...]:
        """What the chain does, as a key: equal for analyzers that analyse alike."""
        return (
            self.pattern.pattern,
            self.pattern.flags,
            self.stops,
            self.minsize,
            self.maxsize,
            self.renumber,
            self.ignore,
            self.stemfn,
        )

    def words(self, text: str) -> list[str]:
        """The tokenizer's matches in ``text``, lower case."""
        lower_first = _LOWER_FIRST.get(self.pattern.pattern)
        if lower_first is not None and text.isascii():
            return lower_first.findall(text.lower())
        return [match.group(0).lower() for match in self.pattern.finditer(text)]

    def stem(self, word: str) -> bytes | None:
        """A lower-case word's stem in UTF-8, or None: the stop filter's test, then the
        stemmer."""
        size = len(word)
        if (
            size < self.minsize
            or (self.maxsize is not None and size > self.maxsize)
            or word in self.stops
        ):
            stem = None
        else:
            stem = (word if word in self.ignore else self.stemfn(word)).encode("utf-8")
        if len(self.stems) < MAX_STEMS:
            self.stems[word] = stem
        return stem

    def positions(self, text: str) -> dict[bytes, list[int]]:
        """Each stem of ``text`` (UTF-8) and the positions it takes, numbered as the analyzer
        numbers them."""
        known, learn, renumber = self.stems.get, self.stem, self.renumber
        found: dict[bytes, list[int]] = {}
        pos = -1
        for n, word in enumerate(self.words(text)):
            stem = known(word, _UNSEEN)
            if stem is _UNSEEN:
                stem = learn(word)
            if stem is None:
                continue
            # Renumbered, the first word kept keeps its place and the rest follow it.
            pos = pos + 1 if renumber and pos >= 0 else n
            places = found.get(stem)
            if places is None:
                found[stem] = [pos]
            else:
                places.append(pos)
        return found


_SEEN: dict[int, tuple[Any, _Chain | None]] = {}
"""Analyzer objects seen lately, by id, each kept alive beside its chain (so that its id is
not reused); cleared past ``MAX_SEEN``, since every opening of an index unpickles new ones."""
MAX_SEEN = 64

_CHAINS: dict[tuple[Any, ...], _Chain] = {}
"""One chain (and one stem cache) per set of steps, shared by every analyzer that has them."""


def chain_of(analyzer: Any) -> _Chain | None:
    """The analyzer's steps if it is the chain computed here, else None (Whoosh's path)."""
    seen = _SEEN.get(id(analyzer))
    if seen is not None and seen[0] is analyzer:
        return seen[1]
    chain = _derive(analyzer)
    if chain is not None:
        chain = _CHAINS.setdefault(chain.steps(), chain)
    if len(_SEEN) >= MAX_SEEN:
        _SEEN.clear()
    _SEEN[id(analyzer)] = (analyzer, chain)
    return chain


def _derive(analyzer: Any) -> _Chain | None:
    if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
        return None
    tokenizer, lower, stop, stem = analyzer.items
    if (
        type(tokenizer) is not RegexTokenizer
        or tokenizer.gaps
        or type(lower) is not LowercaseFilter
        or type(stop) is not StopFilter
        or type(stem) is not StemFilter
        or stem.lang
    ):
        return None
    return _Chain(
        pattern=tokenizer.expression,
        stops=frozenset(stop.stops),
        minsize=stop.min,
        maxsize=stop.max,
        renumber=stop.renumber,
        ignore=frozenset(stem.ignore or ()),
        stemfn=stem.stemfn,
    )


class ArticleText(fields.TEXT):  # type: ignore[misc]
    """Whoosh's TEXT field, whose postings for an index writer come from :class:`_Chain`."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[Posting] | list[Posting]:
        chain = chain_of(self.analyzer)
        if kwargs or chain is None or not isinstance(value, str):
            return super().index(value, **kwargs)  # type: ignore[no-any-return]
        if type(self.format) is not formats.Positions:
            return super().index(value, **kwargs)  # type: ignore[no-any-return]
        boost, encode = self.format.field_boost, self.format.encode
        postings: list[Posting] = []
        for stem, places in chain.positions(value).items():
            freq = len(places)
            if freq == 1:  # most words of a text: their one position's bytes are kept
                vbytes = _ONE_PLACE.get(places[0]) or _one_place(places[0], encode)
            else:
                vbytes = encode(places)
            postings.append((stem, freq, float(freq) * boost, vbytes))
        return postings


_ONE_PLACE: dict[int, bytes] = {}
"""The encoding of a single position, by position (``Positions.encode`` is the same for every
field)."""


def _one_place(pos: int, encode: Callable[[list[int]], bytes]) -> bytes:
    vbytes = encode([pos])
    if len(_ONE_PLACE) < MAX_STEMS:
        _ONE_PLACE[pos] = vbytes
    return vbytes
