"""The timeline's selection: the same positions by document index as by a scan of all."""

from __future__ import annotations

import random
from array import array
from datetime import date

import pytest

from corpus_reader.index.state.timeline import Timeline


def timeline(events: int, documents: int, seed: int = 7) -> Timeline:
    rng = random.Random(seed)
    values = ("2022-02", "2022-02-24", "2022", "2023-W05", "2021-12-31")
    docnums = [rng.randrange(documents) for _ in range(events)]
    return Timeline(
        generation=1,
        values=values,
        value_of=array("i", (rng.randrange(len(values)) for _ in range(events))),
        docnum=array("i", docnums),
        ordinal=array("i", range(events)),
        group=array("i", [-1] * events),
        other_dates={},
    )


def scanned(line: Timeline, docs: set[int], values: set[int] | None = None) -> list[int]:
    return [
        i
        for i, d in enumerate(line.docnum)
        if d in docs and (values is None or line.value_of[i] in values)
    ]


@pytest.mark.parametrize("picked", [0, 1, 3, 40, 100, 400])
def test_selecting_by_document_matches_a_scan(picked: int) -> None:
    line = timeline(5000, 400)
    docs = set(random.Random(picked).sample(range(400), picked))
    assert line.select(docs) == scanned(line, docs)
    assert line.select(frozenset(docs | {10_000})) == scanned(line, docs)  # no such document
    february = {n for n, v in enumerate(line.values) if v.startswith("2022-02")}
    dated = line.select(docs, date(2022, 2, 1), date(2022, 2, 28))
    assert dated == scanned(line, docs, february | {line.values.index("2022")})


def test_every_event_and_the_document_index() -> None:
    line = timeline(50, 10)
    assert line.select() == list(range(50))
    starts, positions = line.by_doc
    for d in range(10):
        assert [line.docnum[p] for p in positions[starts[d] : starts[d + 1]]] == [d] * (
            starts[d + 1] - starts[d]
        )
    assert sorted(positions) == list(range(50))
