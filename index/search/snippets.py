"""The snippet of a hit: the best short passage of its body, with the matched words marked.

Whoosh's highlighter runs the whole analyzer chain (tokenizer, lowercase, stop words, stemmer,
each a Python generator) over every token of every hit's body, a large part of a query's
time. Here a body is cut into words with the analyzer's own token pattern and each
distinct word is stemmed once per process (a bounded memo), so a result page of twenty hits
costs little. The passage is the window with the most distinct matched terms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter2 import stem as porter2_stem

from ..models import Snippet, Span

SNIPPET_CHARS = 220
SURROUND = 90
"""Characters of context kept before the first matched word of the passage."""
TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
"""Whoosh's default RegexTokenizer pattern: the words the index was built from."""
_MEMO_LIMIT = 200_000
_stems: dict[str, str | None] = {}


def stem_of(word: str) -> str | None:
    """The index term a word becomes (None for a stop word or a one-letter word)."""
    found = _stems.get(word, "")
    if found != "":
        return found
    lower = word.lower()
    term = None if len(lower) < 2 or lower in STOP_WORDS else porter2_stem(lower)
    if len(_stems) >= _MEMO_LIMIT:
        _stems.clear()
    _stems[word] = term
    return term


HEAD = 2
"""Letters a word shares with its stem: Porter2 changes a word's end, and short words' second
letter at most from "y" to "i" ("dying" -> "die", "try" -> "tri")."""


def word_heads(terms: Collection[str]) -> frozenset[str]:
    """The first ``HEAD`` letters a word must have to stem to one of ``terms``, so that only
    those words are stemmed (most of a body is not)."""
    heads = set()
    for term in terms:
        heads.add(term[:HEAD])
        if term[1:2] == "i":
            heads.add(term[0] + "y")
    return frozenset(heads)


def best_snippet(body: str, terms: Collection[str]) -> Snippet | None:
    """The passage of ``body`` with the most distinct ``terms`` (analysed forms), or None when
    no word of the body is one of them."""
    if not terms:
        return None
    heads = word_heads(terms)
    found = [
        (m.start(), m.end(), term)
        for m in TOKEN.finditer(body)
        if m.group()[:HEAD].lower() in heads
        and (term := stem_of(m.group())) is not None
        and term in terms
    ]
    if not found:
        return None
    start, end = _window(body, found)
    spans = [(s - start, e - start) for s, e, _t in found if start <= s and e <= end]
    return _cut(body, start, end, spans)


def _window(body: str, found: list[tuple[int, int, str]]) -> Span:
    """The window of about ``SNIPPET_CHARS``, starting a little before a match, that holds the
    most distinct terms (then the most matches, then the earliest); cut at spaces."""
    best: tuple[int, int] | None = None
    start = anchor = 0
    # The matches in the window of each candidate are found[lo:hi]: both ends only move on
    # (matches are in body order and do not overlap), so a body with 12,500 matches of the
    # query takes one pass, not one pass per match.
    counts: Counter[str] = Counter()
    lo = hi = 0
    for first, _end, _term in found:
        begin = max(0, first - SURROUND)
        while lo < len(found) and found[lo][0] < begin:
            if lo < hi:
                term = found[lo][2]
                counts[term] -= 1
                if not counts[term]:
                    del counts[term]
            lo += 1
        hi = max(hi, lo)
        while hi < len(found) and found[hi][1] <= begin + SNIPPET_CHARS:
            counts[found[hi][2]] += 1
            hi += 1
        score = (len(counts), hi - lo)
        if best is None or score > best:
            best, start, anchor = score, begin, first
    if start > 0:
        space = body.find(" ", start, anchor)
        start = space + 1 if space != -1 else anchor
    end = min(len(body), start + SNIPPET_CHARS)
    if end < len(body):
        space = body.rfind(" ", anchor, end)
        end = space if space > anchor else end
    return start, end


def _cut(body: str, start: int, end: int, spans: list[Span]) -> Snippet:
    """The passage as one line, with "…" where it was cut from the body."""
    text = body[start:end]
    snippet = collapse(text, merge_spans(text, spans))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(body) else ""
    shift = len(prefix)
    return Snippet(
        prefix + snippet.text + suffix,
        tuple((s + shift, e + shift) for s, e in snippet.highlights),
    )


def merge_spans(text: str, spans: list[Span]) -> list[Span]:
    """Join marks split by one hyphen or space, so "de-escalation" is marked as one piece."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] <= 1 and not text[merged[-1][1] : start].strip("-‐ "):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def lead_snippet(body: str) -> Snippet:
    """The opening of a body, for hits that matched on title or date only."""
    flat = " ".join(body[: SNIPPET_CHARS * 2].split())
    if len(flat) > SNIPPET_CHARS:
        flat = flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return Snippet(flat)


def collapse(text: str, spans: list[Span]) -> Snippet:
    """Fold whitespace runs to single spaces, carrying the spans along."""
    out: list[str] = []
    new_index = [0] * (len(text) + 1)
    last_space = True
    for i, ch in enumerate(text):
        new_index[i] = len(out)
        if ch.isspace():
            if not last_space:
                out.append(" ")
            last_space = True
        else:
            out.append(ch)
            last_space = False
    new_index[len(text)] = len(out)
    moved = [(new_index[s], new_index[e]) for s, e in spans]
    flat = "".join(out)
    stripped = flat.rstrip()
    return Snippet(stripped, tuple((s, min(e, len(stripped))) for s, e in moved if s < e))
