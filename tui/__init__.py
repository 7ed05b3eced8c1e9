"""The Textual app and the ``corpus-reader`` command; reaches the engine only via its public API."""
