"""Errors the engine raises: each carries a one-line message meant for the user."""

from __future__ import annotations


class CorpusError(Exception):
    """Base of every error the engine reports to its callers; ``str()`` is one user-facing line."""


class CorpusNotFound(CorpusError):
    """The corpus folder does not exist or is not a folder."""


class ArticleNotFound(CorpusError):
    """No article has this id (or unique id prefix), or the prefix is ambiguous."""


class EntityNotFound(CorpusError):
    """No entity has this key in the corpus."""


class IndexBusy(CorpusError):
    """Another process is updating this index and did not finish in time."""


class IndexUnavailable(CorpusError):
    """The index cannot be opened or written (permissions, disk full, damage)."""
