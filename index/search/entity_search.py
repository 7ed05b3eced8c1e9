"""Alias-aware search: any spelling of an entity finds the articles that use another one.

``place:Kyiv`` is rewritten to the entity's index term (``place:kyiv``), which the articles
writing "Kiev" carry too; a plain word or quoted phrase that names an entity also matches the
entity (``Kyiv`` → ``(Kyiv OR entity:kyiv)``), and the search says which other spellings it
matched. Works on the query text, before Whoosh parses it.
"""

from __future__ import annotations

import re

from ..extract.aliases import normalise, slug
from ..state.spellings import Spelled
from ..whoosh_ext.schema import ENTITY_FIELDS, entity_slug

_FIELD_VALUE = re.compile(
    r"(?<![\w:])(?P<field>person|place|org|group|entity):"
    r'(?P<value>"[^"]*"|[\[{][^\]}]*[\]}]?|[^\s()"]+)',
    re.IGNORECASE,
)
_PLAIN = re.compile(r'(?<![\w:*?\-])(?P<value>"[^"]+"|[^\W\d_][\w\'’.-]*\w)(?![\w:*]|\?+[\w*])')
"""A word or phrase; one ending in "?" is a question ("Kyiv?"), not a wildcard ("Ky?v")."""
MAX_REWRITE_CHARS = 1000
"""Only the start of a longer query is widened: each word costs a spelling look-up, and the
search cuts a long query anyway (``query.MAX_QUERY_CHARS``)."""
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def rewrite(text: str, table: Spelled) -> tuple[str, tuple[str, ...]]:
    """The query with entity fields resolved and entity names widened; the other spellings."""
    also: dict[str, None] = {}

    def field_value(m: re.Match[str]) -> str:
        field = m.group("field").lower()
        value = m.group("value").strip('"')
        if value.startswith(("[", "{", "<", ">")):
            return f"{field}:{value.lower()}"  # a range of keys: "person:[a TO m]"
        if "*" in value or "?" in value:  # a pattern of keys: "person:macron*", "place:*"
            parts = re.split(r"([*?]+)", value)
            return f"{field}:" + "".join(
                p if "*" in p or "?" in p else _slug_part(p) for p in parts
            )
        entity = table.find(value)
        term = entity_slug(entity.key) if entity else slug(value)
        return f"{field}:{term}"

    cut = text.rfind(" ", 0, MAX_REWRITE_CHARS) if len(text) > MAX_REWRITE_CHARS else len(text)
    text, rest = text[: max(cut, 0)], text[max(cut, 0) :]
    pieces = _split_fields(text)
    out = []
    for piece, is_field in pieces:
        if is_field:
            out.append(_FIELD_VALUE.sub(field_value, piece))
            continue

        def plain(m: re.Match[str]) -> str:
            value = m.group("value")
            before = m.string[: m.start()].rstrip()
            if value.upper() in _OPERATORS or before.endswith(("NOT", "-")):
                return value  # a negated spelling stays literal: "Kiev NOT Kyiv"
            if before.count("[") > before.count("]") or before.count("{") > before.count("}"):
                return value  # an end of a range: "title:[paris TO rome]"
            entity = table.find(value.strip('"'))
            if entity is None:
                return value
            bare = value.strip('"')
            typed = f" {normalise(bare)} "
            # Other spellings, not fuller forms of the same one ("Emmanuel Macron" for "Macron").
            others = [
                a
                for a in (entity.name, *entity.aliases)
                if typed not in f" {normalise(a)} " and f" {normalise(a)} " not in typed
            ]
            if not others:
                return value
            also.update(dict.fromkeys(others))
            return f"({value} OR entity:{entity_slug(entity.key)})"

        out.append(_PLAIN.sub(plain, piece))
    return "".join(out) + rest, tuple(also)


def _slug_part(text: str) -> str:
    """A piece of a key pattern written as keys are (``slug``); a piece of only punctuation
    or spaces is dropped, not written as ``unnamed``."""
    return slug(text) if re.search(r"\w", text) else ""


def _split_fields(text: str) -> list[tuple[str, bool]]:
    """Cut the query into entity-field expressions and the text between them."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in _FIELD_VALUE.finditer(text):
        pieces.append((text[last : m.start()], False))
        pieces.append((m.group(0), True))
        last = m.end()
    pieces.append((text[last:], False))
    return [p for p in pieces if p[0]]


__all__ = ["ENTITY_FIELDS", "rewrite"]
