"""Named entities: the extractor interface, the rule-based extractor and corpus-level steps.

Our own rules (capitalised runs, title and organisation cues, gazetteers, corpus statistics) are
deterministic and fast (no model to load or run) and on news as accurate as a
small statistical model. They sit behind :class:`EntityExtractor` so another backend could be
plugged in. Corpus-level steps make one thing one entity across articles: a word the corpus
mostly writes in lower case is not a name, a guessed kind takes the corpus's vote, and a
surname alone ("Le Drian") joins the one full name the corpus gives it.

Typical use over a corpus::

    mentions = extract_corpus({article.id: article.body for article in articles})
    entities = build_entities(mentions)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from ..models import Entity, EntityKind, Mention
from .aliases import AliasTable, entity_key, load_aliases, normalise
from .entity_classify import Candidate, Classifier, surname_map, unify_article
from .entity_counts import EntityCounts
from .entity_scan import heading_lines, tokenize, word_counts
from .gazetteer import Gazetteer, load_gazetteer

__all__ = [
    "CorpusStats",
    "EntityExtractor",
    "RuleExtractor",
    "build_entities",
    "extract_corpus",
    "to_mentions",
    "unify_corpus",
]


class EntityExtractor(Protocol):
    """What the indexer needs from an entity extractor."""

    def extract(self, text: str) -> list[Mention]:
        """The mentions in one article body, unified within the article, in text order."""
        ...

    def extract_corpus(self, texts: Mapping[str, str]) -> dict[str, list[Mention]]:
        """The mentions of every article (by id), unified across the corpus."""
        ...


@dataclass
class CorpusStats:
    """How often each word is written in lower case and capitalised (not opening a sentence).

    Gathered over all bodies once, before extraction; a capitalised word that the corpus mostly
    writes in lower case ("Later", "Absolutely") is not a name. Mergeable, so that worker
    processes can count their share.
    """

    lower: Counter[str] = field(default_factory=Counter)
    capital: Counter[str] = field(default_factory=Counter)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> CorpusStats:
        stats = cls()
        for text in texts:
            stats.add(text)
        return stats

    def add(self, text: str) -> None:
        lower, capital = word_counts(tokenize(text))
        self.lower.update(lower)
        self.capital.update(capital)

    def merge(self, other: CorpusStats) -> None:
        self.lower.update(other.lower)
        self.capital.update(other.capital)

    def common(self, word: str) -> bool:
        """Whether the (normalised) word is mostly written in lower case."""
        return self.lower.get(word, 0) > self.capital.get(word, 0)


class RuleExtractor:
    """The rule-based extractor; ``stats`` are the corpus's counts, else each article's own."""

    def __init__(
        self,
        stats: CorpusStats | None = None,
        aliases: AliasTable | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.stats = stats
        self.aliases = aliases if aliases is not None else load_aliases()
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()

    def candidates(self, text: str) -> list[Candidate]:
        """Classified candidates of one article, unified within it (before corpus steps)."""
        tokens = tokenize(text)
        stats = self.stats
        if stats is None:
            stats = CorpusStats(*word_counts(tokens))
        classifier = Classifier(
            self.aliases, self.gazetteer, stats.common, stats.capital.__getitem__
        )
        lines = heading_lines(tokens)
        found = _teams(text, unify_article(classifier.body(text, tokens, lines)), self.gazetteer)
        known = {c.folded: c for c in sorted(found, key=lambda c: c.strength)}
        for c in found:
            if c.kind == "person" and normalise(c.name) != c.folded:
                known.setdefault(c.folded, c)
        found += classifier.headings(text, tokens, lines, known)
        return _dedupe(found)

    def extract(self, text: str) -> list[Mention]:
        return [_mention(c) for c in drop_unconfirmed(self.candidates(text))]

    def extract_corpus(self, texts: Mapping[str, str]) -> dict[str, list[Mention]]:
        if self.stats is None:
            self.stats = CorpusStats.from_texts(texts.values())
        found = {key: self.candidates(text) for key, text in texts.items()}
        return {key: to_mentions(cands) for key, cands in unify_corpus(found).items()}


def extract_corpus(texts: Mapping[str, str]) -> dict[str, list[Mention]]:
    """Mentions of every article (id → body), with corpus statistics and corpus unification."""
    return RuleExtractor().extract_corpus(texts)


_SCORE = re.compile(r"[ \t]+\d{1,3}(?![\d.,:/-]\d)")
COUNTRY_WEIGHT = 10**10


def _teams(text: str, candidates: list[Candidate], gazetteer: Gazetteer) -> list[Candidate]:
    """In a results line ("Essex 6 Surrey 3", "Leicestershire 296"), towns and counties
    followed by a score are teams, i.e. organisations; countries stay places (national sides
    are named by their country)."""
    scored: Counter[int] = Counter()
    for c in candidates:
        if _SCORE.match(text, c.end):
            scored[text.count("\n", 0, c.start)] += 1
    if not scored:
        return candidates
    out = []
    for c in candidates:
        line = text.count("\n", 0, c.start)
        if (
            scored[line] >= 2
            and _SCORE.match(text, c.end)
            and (
                (c.kind == "place" and gazetteer.weight(c.text) < COUNTRY_WEIGHT) or c.strength == 1
            )
        ):
            c = replace(c, kind="org", name=c.text, strength=3)
        out.append(c)
    return out


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """Text order, no two overlapping candidates (the longer, then the earlier, wins)."""
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Candidate] = []
    for c in ordered:
        if not out or c.start >= out[-1].end:
            out.append(c)
    return out


def _mention(c: Candidate) -> Mention:
    return Mention(c.start, c.end, c.text, c.kind, entity_key(c.kind, c.name))


def to_mentions(candidates: Iterable[Candidate]) -> list[Mention]:
    """Mentions (with entity keys) of candidates that have been through :func:`unify_corpus`."""
    return [_mention(c) for c in candidates]


def unify_corpus(found: Mapping[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """Across articles: a lone surname takes the corpus's one full name; weak kinds vote; a
    name seen as a team in a results line is a team wherever the corpus names it alone."""
    everything = [c for cands in found.values() for c in cands]
    full = surname_map(everything)
    votes: dict[str, Counter[EntityKind]] = {}
    names: dict[tuple[str, EntityKind], str] = {}
    for c in everything:
        if c.strength >= 2:
            votes.setdefault(c.folded, Counter())[c.kind] += c.strength
            names.setdefault((c.folded, c.kind), c.name)
    teams = {c.folded for c in everything if c.kind == "org" and c.strength == 3}
    out: dict[str, list[Candidate]] = {}
    for key, cands in found.items():
        unified = []
        for c in cands:
            target = full.get(c.folded)
            if c.folded in teams and c.kind != "org" and c.strength <= 3 and c.kind != "group":
                c = replace(c, kind="org", name=c.text, strength=3)
            elif target is not None and c.strength <= 2 and normalise(c.name) == c.folded:
                c = replace(c, kind="person", name=target, strength=2)
            elif c.strength == 1 and c.folded in votes:
                kind = votes[c.folded].most_common(1)[0][0]
                c = replace(c, kind=kind, name=names[(c.folded, kind)], strength=2)
            unified.append(c)
        out[key] = drop_unconfirmed(unified)
    return out


def drop_unconfirmed(candidates: list[Candidate]) -> list[Candidate]:
    """A guessed person (no cue, gazetteer, given name, full name or vote) is kept only as two
    words: a lone capitalised word is a team, place, company or headline noun ("Reports",
    "Rotor", "Chechnya") far more often than a person, and a longer run without a given name
    is a title or an event ("Hands of Stone"). A guessed kind would mislead."""
    return [c for c in candidates if not (c.strength == 1 and c.kind == "person" and _not_two(c))]


def _not_two(c: Candidate) -> bool:
    return len(c.text.split()) != 2


def build_entities(mentions_by_article: Mapping[str, list[Mention]]) -> list[Entity]:
    """One entity per key: display name, aliases seen, counts; most-mentioned first (see
    ``EntityCounts``, which an update keeps up to date)."""
    return EntityCounts.of(mentions_by_article).entities()
