"""Articles related to each other: event groups (the same happening in several reports),
linked articles with their reasons, and the stemmed words they are compared by.

Computes from stored documents; keeping the results beside the index is ``state``'s work.
"""
