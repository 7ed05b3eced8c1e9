"""Keeping Python's cycle collector off the long-lived heap.

At 100,000 articles what the app loads once per index state (the catalog's entities and
labels, the spellings table, the palette's lists) is millions of objects. Each full collection
walks all of them on the event loop, every few keystrokes while typing, and made the slowest
keystrokes slower still. Once they are loaded, one collection runs and the survivors are
frozen (``gc.freeze``): later collections skip them.
"""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Collect once, then exempt every surviving object from later collections.

    Whatever an earlier call froze is unfrozen first, so the state a reload replaced is
    collected rather than kept for ever."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
