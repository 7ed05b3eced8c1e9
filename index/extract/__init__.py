"""Article → what the index learns of it: sentences, named entities (tokens, candidates,
their kinds, aliases and gazetteers, unification across a batch), dated events and inferred
publication dates.

Deterministic and offline. Works on text and dates alone: it reads no file and no index.
"""
