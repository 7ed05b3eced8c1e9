"""From capitalised runs to classified candidates, within one article.

Each candidate carries a strength saying how sure its kind is: 4 from the reviewed alias table,
3 from a gazetteer, 2 from a cue (a title, an organisation head, a given name), 1 a guess. Weak
candidates take the kind their name gets elsewhere (:mod:`.entities` votes
over the corpus); a short form after a full name joins the full name's entity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from ..models import EntityKind
from .aliases import Alias, AliasTable, normalise
from .entity_rules import (
    COMBINING_FORMS,
    GROUP_NOUNS,
    MONTHS,
    NAME_MODIFIERS,
    NEVER,
    ORG_HEADS,
    PARTICLES,
    PLACE_HEADS,
    TITLE_MODIFIERS,
    TITLES,
    WEEKDAYS,
)
from .entity_scan import Token, person_cue_before, runs
from .gazetteer import Gazetteer

__all__ = ["Candidate", "Classifier"]

KNOWN_PLACE = 100_000
"""A single word is taken as a place on the gazetteer's word alone only for places this large
(or countries); smaller ones need the word to be unknown otherwise."""


@dataclass(frozen=True)
class Candidate:
    """A mention before keys: span, surface, kind, canonical name, strength (1–4)."""

    start: int
    end: int
    text: str
    kind: EntityKind
    name: str
    strength: int

    @cached_property
    def folded(self) -> str:
        """The surface folded for comparison (kept: unifying a corpus asks for it often)."""
        return normalise(self.text)


class Classifier:
    """The rules for one article: which runs are names, of what kind, under which name."""

    def __init__(
        self,
        aliases: AliasTable,
        gazetteer: Gazetteer,
        common: Callable[[str], bool],
        capitalised: Callable[[str], int],
    ) -> None:
        self.aliases = aliases
        self.gazetteer = gazetteer
        self.common = common
        self.capitalised = capitalised

    def body(self, text: str, tokens: list[Token], skip: set[int]) -> list[Candidate]:
        """Candidates from the capitalised runs of ordinary (non-heading) lines."""
        found: list[Candidate] = []
        for run in runs(tokens, skip):
            cue = person_cue_before(tokens, run[0])
            for piece, piece_cue in self._split(tokens, run):
                found.extend(self._piece(text, tokens, piece, cue or piece_cue))
                cue = False
        found.extend(self._pro_groups(text, tokens))
        return found

    def _split(self, tokens: list[Token], run: list[int]) -> list[tuple[list[int], bool]]:
        """Cut a run at weekdays, months and titles; the piece after a title cues a person."""
        folded = [normalise(tokens[i].text) for i in run]
        org_like = folded[-1] in ORG_HEADS
        pieces: list[tuple[list[int], bool]] = []
        current: list[int] = []
        cue = False
        for k, i in enumerate(run):
            word = folded[k]
            nxt = folded[k + 1] if k + 1 < len(run) else ""
            if (
                word in WEEKDAYS
                or (word in MONTHS and not (word == "may" and current))
                or (
                    word in TITLE_MODIFIERS
                    and (nxt in TITLES or nxt in TITLE_MODIFIERS)
                    and not org_like
                )
            ):
                pieces.append((current, cue))
                current, cue = [], False
            elif word in NEVER and tokens[i].text.isupper() and not tokens[run[0]].text.isupper():
                pieces.append((current, False))  # "Times of Israel WITHOUT ADVERTISING"
                current, cue = [], False
            elif word in TITLES and not org_like and tokens[i].text[:1].isupper():
                pieces.append((current, cue))
                current, cue = [], True
            else:
                current.append(i)
        pieces.append((current, cue))
        return [(p, c) for p, c in pieces if p]

    def _trim(self, tokens: list[Token], piece: list[int]) -> list[int]:
        """Drop sentence-opening common words, function words and dangling particles."""
        while piece:
            token = tokens[piece[0]]
            word = normalise(token.text)
            if self._known_acronym(token.text) or self._opens_name(tokens, piece):
                break
            if (
                word in NEVER
                or (word in PARTICLES and not token.text[:1].isupper())
                or (token.initial and self.common(word) and not self._known(token.text))
            ):
                piece = piece[1:]
            else:
                break
        while piece and not self._known_acronym(tokens[piece[-1]].text):
            if normalise(tokens[piece[-1]].text) not in NEVER | PARTICLES:
                break
            piece = piece[:-1]
        return piece

    def _opens_name(self, tokens: list[Token], piece: list[int]) -> bool:
        """Whether a leading "New", "National", "Foreign"... belongs to the name: it does when
        the piece ends (or its part before "of" ends) like an organisation or a place, or is a
        known name as a whole."""
        if normalise(tokens[piece[0]].text) not in NAME_MODIFIERS or len(piece) < 2:
            return False
        words = [normalise(tokens[i].text) for i in piece]
        head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
        surface = " ".join(tokens[i].text for i in piece)
        return (
            head in ORG_HEADS
            or head in PLACE_HEADS
            or self.aliases.lookup(surface) is not None
            or self.gazetteer.place(surface) is not None
        )

    def _known_acronym(self, word: str) -> bool:
        """ "US", "U.S.", "WHO" in running text are names, not the function words they spell."""
        return _acronym(word) and self._known(word)

    def _alias(self, surface: str) -> Alias | None:
        """The alias table's entity, also for a plural ("Donetsk and Lugansk People's
        Republics" names the Lugansk one, as the singular would)."""
        alias = self.aliases.lookup(surface)
        if alias is None and " " in surface and surface.endswith("s"):
            alias = self.aliases.lookup(surface[:-1])
        return alias

    def _known(self, surface: str) -> bool:
        return (
            self.aliases.lookup(surface) is not None
            or self.aliases.demonym(surface) is not None
            or self.gazetteer.weight(surface) >= KNOWN_PLACE
        )

    # One ordered rule table (the first rule that holds names the kind): kept in one piece.
    def _piece(
        self, text: str, tokens: list[Token], piece: list[int], cue: bool
    ) -> list[Candidate]:
        piece = self._trim(tokens, piece)
        if not piece:
            return []
        start, end = tokens[piece[0]].start, tokens[piece[-1]].end
        surface = text[start:end]
        words = [normalise(tokens[i].text) for i in piece]

        def make(kind: EntityKind, name: str, strength: int) -> list[Candidate]:
            return [Candidate(start, end, surface, kind, name, strength)]

        alias = self._alias(surface)
        if alias is not None:
            return make(alias.kind, alias.name, 4)
        group = self.aliases.demonym(surface)
        if group is not None:
            return make("group", group, 3)
        place = self.gazetteer.place(surface)
        weight = self.gazetteer.weight(surface)
        if len(piece) == 1 and "-" in surface and not place:
            parts = self._compound(start, surface)
            if parts is not None:
                return parts
        if len(piece) > 1 and words[-1] not in ORG_HEADS and not place:
            lead = self.aliases.demonym(tokens[piece[0]].text)
            if lead is not None:  # "Russian Vladimir Putin": the nationality stands apart
                first = tokens[piece[0]]
                head = Candidate(first.start, first.end, first.text, "group", lead, 3)
                return [head, *self._piece(text, tokens, piece[1:], cue)]
        if cue and not (place and weight >= KNOWN_PLACE and len(piece) == 1):
            return make("person", surface, 2)
        if place and (len(piece) > 1 or weight >= KNOWN_PLACE):
            return make("place", place, 3)
        if words[-1] in ORG_HEADS:
            return make("org", surface, 2)
        if len(piece) > 1 and words[-1] in PLACE_HEADS:
            return make("place", surface, 2)
        if "of" in words[1:-1]:  # "Times of Israel", "Palace of Versailles"
            before = words[: words.index("of")]
            if before[-1] in PLACE_HEADS:
                return make("place", surface, 2)
            if before[-1] in ORG_HEADS:
                return make("org", surface, 2)
        if len(piece) > 1 and (
            self.gazetteer.is_given_name(words[0]) or _is_initial(tokens[piece[0]].text)
        ):
            return make("person", surface, 2)
        if any(ch.isdigit() for ch in surface):
            return []
        if place:
            return make("place", place, 2)
        if surface.isupper() and len(piece) == 1 and surface.isalpha():
            return make("org", surface, 1)
        if len(piece) == 1 and (
            self.common(words[0]) or (tokens[piece[0]].initial and not self.capitalised(words[0]))
        ):  # a sentence opener never capitalised elsewhere is a word ("Shelling hit...")
            return []
        if len(piece) > 1 and any(self._known(tokens[i].text) for i in piece):
            return make("org", surface, 1)  # "Air France", "Dynamo Moscow", "NSW Treasury"
        return make("person", surface, 1)

    def _compound(self, start: int, surface: str) -> list[Candidate] | None:
        """A compound of places or peoples ("Russia-Ukraine", "Franco-Russian") names no one:
        its known parts are what they are, places or groups. Compounds of months, weekdays or
        titles ("January-June", "Major-General") are no names at all. None: not such a compound.
        """
        found: list[Candidate] = []
        offset = start
        for part in surface.split("-"):
            word = normalise(part)
            place = (
                self.gazetteer.place(part) if self.gazetteer.weight(part) >= KNOWN_PLACE else None
            )
            alias = self.aliases.lookup(part)
            group = self.aliases.demonym(part)
            end = offset + len(part)
            if alias is not None and alias.kind in ("place", "group"):
                found.append(Candidate(offset, end, part, alias.kind, alias.name, 3))
            elif group is not None:
                found.append(Candidate(offset, end, part, "group", group, 3))
            elif place is not None:
                found.append(Candidate(offset, end, part, "place", place, 3))
            elif not (
                word in COMBINING_FORMS or word in MONTHS or word in WEEKDAYS or word in TITLES
            ):
                return None
            offset = end + 1
        return found

    def _pro_groups(self, text: str, tokens: list[Token]) -> list[Candidate]:
        """ "pro-Russian separatists" and the like: a political group, noun included."""
        found: list[Candidate] = []
        for i, token in enumerate(tokens[:-1]):
            low = token.text.lower()
            if low.startswith(("pro-", "anti-")) and normalise(tokens[i + 1].text) in GROUP_NOUNS:
                nation = self.aliases.demonym(token.text.split("-", 1)[1])
                if nation is not None:
                    end = tokens[i + 1].end
                    surface = text[token.start : end]
                    alias = self.aliases.lookup(surface)
                    name = alias.name if alias else surface
                    found.append(Candidate(token.start, end, surface, "group", name, 3))
        return found

    def headings(
        self, text: str, tokens: list[Token], lines: set[int], known: dict[str, Candidate]
    ) -> list[Candidate]:
        """In capitals or Title Case lines, only names known from elsewhere are tagged."""
        found: list[Candidate] = []
        order = sorted(lines)
        k = 0
        while k < len(order):
            i = order[k]
            if not (tokens[i].word and tokens[i].cap):
                k += 1
                continue
            match = None
            for n in (4, 3, 2, 1):
                span = order[k : k + n]
                if len(span) < n or span[-1] - span[0] != n - 1:
                    continue
                if any(not (tokens[j].word and tokens[j].cap) for j in span):
                    continue
                surface = text[tokens[span[0]].start : tokens[span[-1]].end]
                after = span[-1] + 1
                dateline = after < len(tokens) and tokens[after].text[:1].isdigit()
                match = self._known_in_heading(surface, known, dateline or n > 1)
                if match is not None:
                    start, end = tokens[span[0]].start, tokens[span[-1]].end
                    found.append(replace(match, start=start, end=end, text=surface))
                    k += n
                    break
            if match is None:
                k += 1
        return found

    def _known_in_heading(
        self, surface: str, known: dict[str, Candidate], sure: bool
    ) -> Candidate | None:
        """A known name; a lone capitalised word is a place only if a big one ("TOKYO"), or
        a dateline's ("LEICESTER 1996-08-30"): headlines are full of words like "SURPRISE"."""
        folded = normalise(surface)
        if folded in known:
            return known[folded]
        alias = self.aliases.lookup(surface)
        if alias is not None:
            return Candidate(0, 0, surface, alias.kind, alias.name, 4)
        group = self.aliases.demonym(surface)
        if group is not None:
            return Candidate(0, 0, surface, "group", group, 3)
        place = self.gazetteer.place(surface)
        weight = self.gazetteer.weight(surface)
        if place and weight >= (KNOWN_PLACE if sure else 10 * KNOWN_PLACE) and folded not in NEVER:
            return Candidate(0, 0, surface, "place", place, 3)
        return None


def _acronym(word: str) -> bool:
    return word.isupper() and sum(ch.isalpha() for ch in word) >= 2


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[1] == "." and word[0].isupper()


def unify_article(candidates: list[Candidate]) -> list[Candidate]:
    """One thing, one entity within an article: short forms join full names, weak kinds vote.

    "Putin" after "Vladimir Putin" and "Le Drian" after "Jean-Yves Le Drian" take the full name;
    a name guessed (strength 1) takes the kind its other mentions in the article were given.
    """
    full = surname_map(candidates)
    votes: dict[str, Counter[str]] = {}
    for c in candidates:
        if c.strength >= 2:
            votes.setdefault(c.folded, Counter())[c.kind] += c.strength
    out: list[Candidate] = []
    for c in candidates:
        target = full.get(c.folded)
        if target is not None and c.strength <= 3 and normalise(target) != c.folded:
            c = replace(c, kind="person", name=target, strength=max(c.strength, 2))
        elif c.strength == 1 and c.folded in votes:
            kind = votes[c.folded].most_common(1)[0][0]
            same = next(o for o in candidates if o.folded == c.folded and o.kind == kind)
            c = replace(c, kind=same.kind, name=same.name, strength=2)
        out.append(c)
    return out


def surname_map(candidates: Iterable[Candidate]) -> dict[str, str]:
    """Short forms (trailing words) of multi-word person names → the full name, if unique.

    Only names that are surely persons (a given name, a title) or look like one (two words)
    lend their short forms: a longer guess like "Republic of Yugoslavia" must not make
    "Yugoslavia" a person."""
    owners: dict[str, set[str]] = {}
    for c in candidates:
        words = c.name.split()
        if c.kind != "person" or (c.strength < 2 and len(words) != 2):
            continue
        if len(words) < 2:
            continue
        for k in range(1, len(words)):
            tail = normalise(" ".join(words[k:]))
            if tail and tail not in PARTICLES:
                owners.setdefault(tail, set()).add(c.name)
    return {tail: next(iter(names)) for tail, names in owners.items() if len(names) == 1}
