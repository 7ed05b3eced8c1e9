"""Property tests of entity mentions: every span lies in the body and reads as its text.

The article pane marks mentions by offset and the entity view quotes the sentence around
them, so an offset that drifts (a title cue trimmed, a possessive cut, a heading re-read)
would mark the wrong characters. Texts are built from words, capitalised names, titles,
organisation cues, punctuation, quotes and newlines (headings, datelines, score lines).
"""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_reader.index.extract.entities import RuleExtractor
from corpus_reader.index.models import Mention

EXAMPLES = 500
"""Per test; the module runs 1,000 texts in about 5 s on 2 cores."""

NAMES = [
    "Putin", "Vladimir Putin", "Emmanuel Macron", "Le Drian", "Jean-Yves Le Drian", "Kyiv",
    "Kiev", "Ukraine", "NATO", "the Kremlin", "Élysée", "Zelenskyy", "Mr. Smith", "Dr. Jones",
    "President Biden", "Gen. Milley", "U.S.", "United Nations", "Bank of England", "Essex",
    "Surrey", "Leicestershire", "Reuters", "O'Brien", "McDonald's", "São Paulo", "Müller",
    "Al-Assad", "DE GAULLE", "iPhone", "eBay", "MOSCOW", "Russian", "French", "Europe",
    "İlham Aliyev", "İstanbul", "STRAßE", "José", "Jose\u0301 Garci\u0301a", "Ｔｏｋｙｏ",
    "ＮＡＴＯ", "Angela\u00a0Merkel", "Merkel\u200b", "Putin\u00ad", "ǅoković",
]  # fmt: skip
"""Names, with Unicode whose case mapping or normal form changes its length (İ, ß, ǅ)."""
WORDS = [
    "the", "said", "on", "in", "of", "and", "talks", "minister", "met", "with", "spokesman",
    "told", "a", "news", "conference", "later", "Later", "Absolutely", "Reports", "It",
    "officials", "army", "bank", "president", "Inc", "Corp", "Ltd", "group", "party",
]  # fmt: skip
PUNCTUATION = [
    ".", ",", ";", ":", "!", "?", "'s", "’s", '"', "“", "”", "(", ")", "-", "—", "–", "…",
    " 6", " 296", "\n", "\n\n", "\t", "  ", " (Reuters) - ", "By ", "#", "*", "\u2028", "\u00a0",
]  # fmt: skip

tokens = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.from_regex(r"[A-Z][a-zà-ÿ]{1,8}", fullmatch=True),  # a made-up capitalised name
    st.from_regex(r"[A-Z]{2,5}", fullmatch=True),  # an acronym
    st.text(max_size=4),
)
separators = st.sampled_from([" ", " ", " ", "", "\n"])
bodies = st.lists(st.tuples(tokens, separators), max_size=60).map(
    lambda parts: "".join(t + s for t, s in parts)
)


@cache
def extractor() -> RuleExtractor:
    """One extractor (its gazetteer and aliases load once)."""
    return RuleExtractor()


def check_spans(body: str, mentions: list[Mention]) -> None:
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(body), m
        assert body[m.start : m.end] == m.text, (m, body[m.start : m.end])
        assert m.start >= last_end, "mentions overlap or are out of text order"
        last_end = m.end


@settings(max_examples=EXAMPLES, deadline=2000)
@given(bodies)
def test_mention_spans_read_as_their_text(body: str) -> None:
    check_spans(body, extractor().extract(body))


@settings(max_examples=EXAMPLES, deadline=4000)
@given(st.lists(bodies, min_size=1, max_size=4))
def test_corpus_unification_keeps_the_spans(texts: list[str]) -> None:
    """Corpus steps (surnames joining full names, votes, teams) change kinds, not spans."""
    found = RuleExtractor(aliases=extractor().aliases, gazetteer=extractor().gazetteer)
    mentions = found.extract_corpus({f"a{n}": body for n, body in enumerate(texts)})
    for n, body in enumerate(texts):
        check_spans(body, mentions[f"a{n}"])
