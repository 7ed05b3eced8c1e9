"""Content words of a text, stemmed, for comparing texts (links, event groups), not for search.

Search goes through the Whoosh analyzer; comparing every article with every other needs
something cheaper: a regular expression, a stop list and a light, memoised stemmer, so that
"talks" and "talked" meet.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]{3,}")
"""Words of three letters or more: numbers and short function words carry no topic."""

_STOP_LIST = """
    about after again against all also and any are around back because been before being
    between both but can could did does doing down during each even ever few for from further
    had has have having her here hers herself him himself his how into its itself just last
    least less like made make many more most much must near new next not now off once one only
    other our ours out over own per said same say says several she should since some still
    such than that the their theirs them then there these they this those though three through
    thus too two under until upon very was way well were what when where which while who whom
    whose why will with within without would year years yet you your
    """
STOP_WORDS = frozenset(_STOP_LIST.split())


_stems: dict[str, str] = {}
_MAX_CACHED = 500_000


def stem_of(word: str) -> str:
    """A light stem of a lower-case word: plural, possessive, -ing and -ed endings dropped.

    Porter2 (the index's stemmer) is costly a word in pure Python; comparing texts needs only
    that "talks", "talked" and "talking" meet, at a dictionary lookup a word.
    """
    found = _stems.get(word)
    if found is None:
        found = _strip(word)
        if len(_stems) < _MAX_CACHED:
            _stems[word] = found
    return found


def _strip(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            word = word[: -len(ending)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # "planned" -> "plan"
            break
    return word


def content_stems(text: str) -> list[str]:
    """The stems of the words of ``text`` that are not stop words, in order."""
    known = _stems.get
    return [known(w) or stem_of(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def stem_counts(text: str) -> Counter[str]:
    """How often each content stem occurs in ``text``."""
    return Counter(content_stems(text))
