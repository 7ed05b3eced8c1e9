"""Linked articles: for each article the few others most related to it, with their reasons.

Four kinds of evidence, each scored from 0 to 1 and weighted into the link's score:

- **same event**: the two articles have events in one event group (see ``event_groups``);
- **shared entities**: cosine of entity vectors weighted by rarity (inverse document frequency),
  so "Le Drian" counts for more than "Ukraine" in a corpus about Ukraine;
- **similar text**: cosine of the articles' top TF-IDF terms; a near-duplicate (wire copy: most
  word 5-grams of the shorter text are in the other) is marked as such, not hidden;
- **citation**: one article's URL appears in the other's text (``cites`` / ``cited by``).

Candidates come from inverted lists of top terms and entities short enough to tell articles
apart (a common term still counts in the score, it just proposes no candidates), from event
groups and from citations; only the best candidates of each article are scored exactly, so
the work grows with the articles, not with their pairs. Pure functions.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .stems import stem_counts

TEXT_WEIGHT = 0.35
ENTITY_WEIGHT = 0.3
EVENT_WEIGHT = 0.25
CITE_WEIGHT = 0.1
"""A link's score is the weighted sum of its evidence; the weights add up to 1."""

TOP_TERMS = 40
"""Each article's text is its this many heaviest TF-IDF terms."""
PROBES = 8
"""An article's this many heaviest terms, and as many entities, propose its candidates."""
LIST_CAP = 60
"""A term, entity or event group carried by more articles proposes no candidates."""
CANDIDATES = 15
"""Candidates of one article scored exactly."""
MIN_SCORE = 0.1
SIMILAR_TEXT = 0.2
SHARED_ENTITIES = 0.05
NEAR_DUPLICATE_TEXT = 0.5
NEAR_DUPLICATE_SHINGLES = 0.8
"""Thresholds: a link needs MIN_SCORE; a reason names evidence above its threshold. A pair is
checked for near-duplication once its text cosine reaches NEAR_DUPLICATE_TEXT, and is one when
this share of the shorter text's word 5-grams are in the other."""
SHINGLE = 5
PROGRESS_EVERY = 500
"""Articles between two progress reports (linking a large corpus takes a while)."""
NAMED_ENTITIES = 3
"""A "shared:" reason names at most this many entities, the weightiest (rarest) first."""

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”‘’()\[\]{}]+", re.IGNORECASE)
_WORD = re.compile(r"\w+")

Vector = dict[str, float]


@dataclass(frozen=True)
class LinkSource:
    """What linking needs of one article: its words and cited URLs, not its text."""

    id: str
    terms: Mapping[str, int]
    """Content stems of the title and body, with their counts."""
    url: str | None = None
    cited: tuple[str, ...] = ()
    """URLs that appear in the text, as ``url_key`` gives them."""
    entities: Mapping[str, int] | None = None
    """Mentions per entity key."""
    groups: Mapping[int, str] | None = None
    """The article's event groups and their dates."""


def link_source(
    article: str,
    text: str,
    url: str | None = None,
    entities: Mapping[str, int] | None = None,
    groups: Mapping[int, str] | None = None,
) -> LinkSource:
    """The link source of an article whose text (title and body) is ``text``."""
    cited = tuple(dict.fromkeys(url_key(found) for found in _URL.findall(text)))
    return LinkSource(article, stem_counts(text), url, cited, entities, groups)


@dataclass(frozen=True)
class ScoredLink:
    """One link of an article: the other article, the score and the reasons."""

    target: str
    score: float
    reasons: tuple[str, ...]


def link_articles(
    sources: Sequence[LinkSource],
    names: Mapping[str, str],
    text_of: Callable[[str], str],
    limit: int = 10,
    progress: Callable[[int], object] | None = None,
    features: Features | None = None,
) -> dict[str, list[ScoredLink]]:
    """The best ``limit`` links of every article, by score, then id.

    ``names`` gives entity display names by key; ``text_of`` an article's text by id (read
    again only for the few pairs close enough to be near-duplicates); ``progress(done)`` is
    told every ``PROGRESS_EVERY`` articles how many are linked; ``features`` are the
    sources' (``Features.of``) when the caller keeps them.
    """
    corpus = features or Features.of(sources)
    shingles = Shingles(text_of)
    links: dict[str, list[ScoredLink]] = {}
    for i, source in enumerate(sources):
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(i)
        found = []
        for j in corpus.candidates(i):
            link = score_pair(corpus, i, j, sources, names, shingles)
            if link is not None:
                found.append(link)
        found.sort(key=lambda link: (-link.score, link.target))
        links[source.id] = found[:limit]
    return links


@dataclass
class Features:
    """Per-article vectors and the inverted lists that propose candidates."""

    text: list[Vector]
    entities: list[Vector]
    groups: list[Mapping[int, str]]
    cites: list[set[int]]
    cited_by: list[set[int]]
    text_lists: dict[str, list[tuple[int, float]]]
    entity_lists: dict[str, list[tuple[int, float]]]
    group_lists: dict[int, list[int]]
    text_df: Counter[str]
    """How many articles have each content stem (an update weighs new articles by it)."""

    @classmethod
    def of(cls, sources: Sequence[LinkSource]) -> Features:
        text, text_df = tfidf([s.terms for s in sources], TOP_TERMS)
        entities, _ = tfidf([s.entities or {} for s in sources], None)
        groups = [s.groups or {} for s in sources]
        cites = _citations(sources)
        cited_by: list[set[int]] = [set() for _ in sources]
        for i, targets in enumerate(cites):
            for j in targets:
                cited_by[j].add(i)
        group_lists: dict[int, list[int]] = defaultdict(list)
        for i, article_groups in enumerate(groups):
            for g in article_groups:
                group_lists[g].append(i)
        return cls(
            text,
            entities,
            groups,
            cites,
            cited_by,
            _inverted(text),
            _inverted(entities),
            group_lists,
            text_df,
        )

    @classmethod
    def local(
        cls,
        text: list[Vector],
        entities: list[Vector],
        groups: list[Mapping[int, str]],
        cites: list[set[int]],
        cited_by: list[set[int]],
    ) -> Features:
        """The features of a few articles, to score pairs of them (no candidate lists)."""
        return cls(text, entities, groups, cites, cited_by, {}, {}, {}, Counter())

    def candidates(self, i: int) -> list[int]:
        """The articles most likely linked to article ``i``, by a cheap partial score over its
        heaviest terms and entities."""
        partial: dict[int, float] = defaultdict(float)
        for vectors, lists, weight in (
            (self.text, self.text_lists, TEXT_WEIGHT),
            (self.entities, self.entity_lists, ENTITY_WEIGHT),
        ):
            for term, w in itertools.islice(vectors[i].items(), PROBES):  # heaviest first
                postings = lists[term]
                if len(postings) <= LIST_CAP:
                    for j, wj in postings:
                        partial[j] += weight * w * wj
        for g in self.groups[i]:
            members = self.group_lists[g]
            if len(members) <= LIST_CAP:
                for j in members:
                    partial[j] += EVENT_WEIGHT
        for j in self.cites[i] | self.cited_by[i]:
            partial[j] += CITE_WEIGHT
        partial.pop(i, None)
        return heapq.nlargest(CANDIDATES, partial, key=partial.__getitem__)


def tfidf(
    counts: Sequence[Mapping[str, int]], top: int | None
) -> tuple[list[Vector], Counter[str]]:
    """The ``weigh``-ed vectors of all articles, and the document frequencies they used."""
    total = len(counts)
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    idf = {t: math.log(total / n) for t, n in df.items() if n > 1 and n < total}
    return [weigh(c, idf, top) for c in counts], df


def idf_of(features: Iterable[str], df: Mapping[str, int], total: int) -> dict[str, float]:
    """The inverse document frequencies of ``features`` among ``total`` articles, for those at
    least two articles share (and not all)."""
    return {t: math.log(total / n) for t in features if 1 < (n := df.get(t, 0)) < total}


def weigh(counts: Mapping[str, int], idf: Mapping[str, float], top: int | None) -> Vector:
    """A unit vector of (1 + log tf) x idf over the features ``idf`` weighs, heaviest first,
    cut to the ``top`` heaviest when given."""
    weights = [(t, (1 + math.log(n)) * idf[t]) for t, n in counts.items() if t in idf]
    weights.sort(key=lambda tw: (-tw[1], tw[0]))
    if top is not None:
        del weights[top:]
    norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
    return {t: w / norm for t, w in weights}


def _inverted(vectors: list[Vector]) -> dict[str, list[tuple[int, float]]]:
    lists: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, w in vector.items():
            lists[term].append((i, w))
    return lists


def url_key(url: str) -> str:
    """A URL as compared for citation: no scheme, no ``www.``, no fragment or trailing slash."""
    key = url.strip().lower().split("#", 1)[0]
    key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", key)
    key = key.removeprefix("www.")
    return key.rstrip(".,;:!?/")


def _citations(sources: Sequence[LinkSource]) -> list[set[int]]:
    """For each article, the articles whose URL its text contains."""
    owners: dict[str, list[int]] = defaultdict(list)
    for i, source in enumerate(sources):
        if source.url:
            owners[url_key(source.url)].append(i)
    if not owners:
        return [set() for _ in sources]
    return [
        {j for key in s.cited for j in owners.get(key, ()) if j != i} for i, s in enumerate(sources)
    ]


def _dot(a: Vector, b: Vector) -> float:
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


class Shingles:
    """Word 5-gram sets, computed on demand and kept for the articles asked about."""

    def __init__(self, text_of: Callable[[str], str]) -> None:
        self.text_of = text_of
        self.cache: dict[str, set[int]] = {}

    def of(self, article: str) -> set[int]:
        if article not in self.cache:
            words = _WORD.findall(self.text_of(article).lower())
            self.cache[article] = {
                hash(tuple(words[k : k + SHINGLE])) for k in range(len(words) - SHINGLE + 1)
            }
        return self.cache[article]

    def near_duplicates(self, a: str, b: str) -> bool:
        sa, sb = self.of(a), self.of(b)
        smaller = min(len(sa), len(sb))
        return smaller > 0 and len(sa & sb) >= NEAR_DUPLICATE_SHINGLES * smaller


def score_pair(
    corpus: Features,
    i: int,
    j: int,
    sources: Sequence[LinkSource],
    names: Mapping[str, str],
    shingles: Shingles,
) -> ScoredLink | None:
    """Article ``j`` as a link of article ``i``, or None when the evidence is too thin."""
    text = _dot(corpus.text[i], corpus.text[j])
    entities = _dot(corpus.entities[i], corpus.entities[j])
    events = sorted({corpus.groups[i][g] for g in corpus.groups[i].keys() & corpus.groups[j]})
    cites, cited_by = j in corpus.cites[i], j in corpus.cited_by[i]
    score = (
        TEXT_WEIGHT * text
        + ENTITY_WEIGHT * entities
        + EVENT_WEIGHT * bool(events)
        + CITE_WEIGHT * (cites or cited_by)
    )
    reasons = []
    if text >= NEAR_DUPLICATE_TEXT and shingles.near_duplicates(sources[i].id, sources[j].id):
        reasons.append("near-duplicate")
    if events:
        reasons.append("same event " + ", ".join(events[:3]))
    if entities >= SHARED_ENTITIES:
        reasons.append("shared: " + ", ".join(_shared_names(corpus, i, j, names)))
    if text >= SIMILAR_TEXT and "near-duplicate" not in reasons:
        reasons.append("similar text")
    if cites:
        reasons.append("cites")
    if cited_by:
        reasons.append("cited by")
    if score < MIN_SCORE or not reasons:
        return None
    return ScoredLink(sources[j].id, round(score, 3), tuple(reasons))


def _shared_names(corpus: Features, i: int, j: int, names: Mapping[str, str]) -> list[str]:
    a, b = corpus.entities[i], corpus.entities[j]
    shared = sorted(a.keys() & b.keys(), key=lambda k: (-a[k] * b[k], k))
    return [names.get(k, k.split(":", 1)[-1]) for k in shared[:NAMED_ENTITIES]]
