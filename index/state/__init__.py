"""The files kept beside one index generation: the catalog (entities, article labels), the
timeline (every event by date), the spellings, the links file and the store an update relates
from; how each is saved atomically and checked before an update.

Each file is named by the Whoosh generation it was computed from, so a reader never mixes two
states.
"""
