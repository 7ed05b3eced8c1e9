"""How things look on screen: safe text, dates, excerpts, highlight styles, fixed-height rows.

Pure helpers the panes and views share; none holds state or talks to the engine beyond
``corpus_reader.index``'s value types and text rules.
"""
