"""Thinned progress: at most one report an interval, but never a step's last or a phase's first."""

from __future__ import annotations

from corpus_reader.index import Progress, throttled


def test_reports_are_thinned_but_ends_and_new_phases_pass() -> None:
    sent: list[Progress] = []
    report = throttled(sent.append, every=3600.0)
    for done in range(1, 6):
        report(Progress("read", done, 5))
    report(Progress("commit", 0, 1))
    report(Progress("links", 0, 0))
    report(Progress("links", 3, 10))
    assert [(p.phase, p.done) for p in sent] == [
        ("read", 1),  # the first
        ("read", 5),  # the last of the step
        ("commit", 0),  # a new phase
        ("links", 0),  # done == total (unknown total), and a new phase
    ]
