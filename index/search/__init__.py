"""Queries → Hits: parsing and repair of what the user typed, entity-aware rewriting (any
spelling of an entity), date filters and sorting, snippets and the mentions of one entity.

Everything that needs an open searcher runs here; what leaves is frozen dataclasses with plain
character offsets.
"""
