"""Everything that knows Whoosh's internals: the schema and its one-pass text field, exact
document sets, term-at-a-time ranking, keyword-field expansions, reading segments in place,
the writer's speed-ups, and the patches to Whoosh (installed explicitly, see ``patches``).
"""
