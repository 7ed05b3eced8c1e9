"""The single writer: the index folder (``CURRENT``, generations, the update lock), the update
as named steps (scan, diff, extract, write, relate, publish), the worker processes and child
processes it runs, and where an index lives.

Nothing here is needed to read an index that exists.
"""
