"""File → Article: walk the corpus folder, read each file safely, decode it, and turn it into
articles with one reader per format (plain text, Markdown, HTML, JSON, JSON Lines).

Owns the size limits, the symbolic-link rules and the titles. Knows nothing of extraction or
of the index: one bad file is skipped with a reason, never a stop.
"""
