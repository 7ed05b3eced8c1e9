"""An update that touches few articles relates only those (relate_delta), and its files agree
with relating every article again."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from corpus_reader.index.extract.entity_counts import EntityCounts
from corpus_reader.index.models import Mention, Progress
from corpus_reader.index.relate import derive
from corpus_reader.index.state import catalog, links_file, relate_store, spellings, timeline
from corpus_reader.index.state import files as relate
from corpus_reader.index.write import relate_delta
from corpus_reader.index.write.relate_delta import linking
from corpus_reader.index.write.store import IndexStore

NEW = "005_new.txt"


def generation(index_dir: Path) -> tuple[Path, int]:
    store = IndexStore(index_dir)
    ix = store.open()
    assert ix is not None
    with ix.reader() as reader:
        return Path(ix.storage.folder), int(reader.generation())


def change(corpus: Path) -> None:
    """Remove one article, edit one, add one that retells another."""
    (corpus / "004_65e64c825baad34a.txt").unlink()
    edited = corpus / "001_413afbb7d4f14754.txt"
    edited.write_text(
        edited.read_text("utf-8") + "\nLe Drian spoke again with Lavrov on Tuesday.\n", "utf-8"
    )
    told = (corpus / "000_97abde8a9f432db6.txt").read_text("utf-8")
    head, rest = told.split("\n", 1)
    (corpus / NEW).write_text(
        head.replace("https://", "https://mirror.") + "\n" + rest.replace("Sputnik", "Agencies"),
        "utf-8",
    )


def related_in_full(folder: Path, at: int, into: Path) -> None:
    """The files of state ``at`` from every article, written to ``into``."""
    ix = IndexStore(folder.parent).open()
    assert ix is not None
    with ix.reader() as reader:
        relate.write_all(into, at, *derive.reader_documents(reader))


def events(line: timeline.Timeline) -> list[tuple[str, int, int]]:
    return [
        (line.values[line.value_of[k]], line.docnum[k], line.ordinal[k]) for k in range(len(line))
    ]


def partition(line: timeline.Timeline) -> set[frozenset[tuple[int, int]]]:
    """The event groups as sets of (document, position), whatever their numbers."""
    groups: dict[int, set[tuple[int, int]]] = {}
    for k in range(len(line)):
        if line.group[k] >= 0:
            groups.setdefault(line.group[k], set()).add((line.docnum[k], line.ordinal[k]))
    return {frozenset(g) for g in groups.values()}


@pytest.fixture
def small_updates_relate_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any update is small enough (the seeds are five articles)."""
    monkeypatch.setattr(relate_delta, "SHARE", 1.0)


@pytest.fixture
def delta_outcomes(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """What each ``relate_delta.apply`` returned (None: done; else why it was not)."""
    outcomes: list[str | None] = []
    apply = relate_delta.apply

    def spy(*args: Any) -> str | None:
        outcomes.append(why := apply(*args))
        return why

    monkeypatch.setattr(relate_delta, "apply", spy)
    return outcomes


def test_a_small_update_relates_only_its_articles_and_agrees_with_a_full_relate(
    seeds_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_updates_relate_alone: None,
) -> None:
    index_dir = tmp_path / "index"
    IndexStore(index_dir).update(seeds_copy)
    old = catalog.load(*generation(index_dir))
    assert old is not None
    change(seeds_copy)

    def no_full_relate(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("related every article")

    monkeypatch.setattr(derive, "derive", no_full_relate)
    reports: list[Progress] = []
    summary = IndexStore(index_dir).update(seeds_copy, reports.append)
    monkeypatch.undo()
    assert (summary.added, summary.updated, summary.removed) == (1, 1, 1)
    linking = [(p.done, p.total) for p in reports if p.phase == "links"]
    assert linking[0] == (0, 1) and (3, 6) in linking and linking[-1] == (1, 1)
    folder, at = generation(index_dir)
    with relate_store.opened(folder, at) as db:
        assert db is not None  # the store describes the new state

    full = tmp_path / "full"
    full.mkdir()
    related_in_full(folder, at, full)
    mine, theirs = catalog.load(folder, at), catalog.load(full, at)
    assert mine is not None and theirs is not None
    assert mine.entities == theirs.entities
    assert mine.labels == theirs.labels and mine.published == theirs.published
    assert "004_65e64c825baad34a.txt" not in mine.labels
    looked_up = spellings.Spellings(spellings.path_for(folder, at))
    for entity in theirs.entities + old.entities:  # every spelling, the gone ones too
        for alias in (entity.name, *entity.aliases):
            assert looked_up.find(alias) == theirs.table.find(alias), alias
    line, whole = timeline.load(folder, at), timeline.load(full, at)
    assert line is not None and whole is not None
    assert events(line) == events(whole)
    assert partition(line) == partition(whole)
    assert sorted(line.group_dates.values()) == sorted(whole.group_dates.values())

    new_id = next(a for a in mine.labels if a.startswith("005"))
    found = links_file.links_of(folder, at, new_id)
    assert found is not None
    retold = {link.id: link for link in found}
    assert "000_97abde8a9f432db6.txt" in retold
    # the article it retells is linked by what they share (its vector is the last full
    # relate's, weighed without the new article: too little to call them near-duplicates)
    assert "similar text" in retold["000_97abde8a9f432db6.txt"].reasons
    assert any(r.startswith("same event") for r in retold["000_97abde8a9f432db6.txt"].reasons)
    back = links_file.links_of(folder, at, "000_97abde8a9f432db6.txt") or ()
    assert new_id in {link.id for link in back}  # put into its target's list too
    for article in mine.labels:
        assert "004_65e64c825baad34a.txt" not in {
            link.id for link in links_file.links_of(folder, at, article) or ()
        }


def test_a_large_update_relates_everything_and_writes_the_store_anew(
    seeds_copy: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    IndexStore(index_dir).update(seeds_copy)
    change(seeds_copy)  # three of five articles: more than SHARE
    IndexStore(index_dir).update(seeds_copy)
    folder, at = generation(index_dir)
    with relate_store.opened(folder, at) as db:
        assert db is not None
        (count,) = db.execute("SELECT COUNT(*) FROM articles").fetchone()
    assert count == 5
    assert relate.written(folder, at)


def test_a_store_of_another_state_is_not_used(
    seeds_copy: Path,
    tmp_path: Path,
    small_updates_relate_alone: None,
    delta_outcomes: list[str | None],
) -> None:
    index_dir = tmp_path / "index"
    IndexStore(index_dir).update(seeds_copy)
    folder, at = generation(index_dir)
    with relate_store.opened(folder, at) as db:
        assert db is not None
        relate_store.set_meta(db, at + 7, 5)
        db.commit()
    change(seeds_copy)
    IndexStore(index_dir).update(seeds_copy)
    assert delta_outcomes == ["no store of the previous state"]
    folder, at = generation(index_dir)
    assert relate.written(folder, at)
    with relate_store.opened(folder, at) as db:
        assert db is not None  # written anew by the full relate


def test_a_failing_delta_rolls_back_and_the_update_relates_in_full(
    seeds_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_updates_relate_alone: None,
    delta_outcomes: list[str | None],
) -> None:
    index_dir = tmp_path / "index"
    IndexStore(index_dir).update(seeds_copy)
    _, old = generation(index_dir)
    change(seeds_copy)

    def broken(*_args: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(linking.Linker, "link", broken)
    IndexStore(index_dir).update(seeds_copy)
    assert delta_outcomes == ["OperationalError: disk I/O error"]
    folder, at = generation(index_dir)
    assert at != old and relate.written(folder, at)
    full = tmp_path / "full"
    full.mkdir()
    related_in_full(folder, at, full)
    line, whole = timeline.load(folder, at), timeline.load(full, at)
    assert line is not None and whole is not None
    assert events(line) == events(whole) and list(line.group) == list(whole.group)


def test_entity_counts_taken_away_are_as_if_never_counted() -> None:
    def m(text: str, key: str) -> Mention:
        return Mention(0, len(text), text, "person", key)

    first = [
        m("Le Drian", "person:jean-yves-le-drian"),
        m("Jean-Yves Le Drian", "person:jean-yves-le-drian"),
    ]
    second = [m("Le Drian", "person:jean-yves-le-drian"), m("Lavrov", "person:sergei-lavrov")]
    both = EntityCounts.of({"a": first, "b": second})
    both.add(second, -1)
    assert both.entities() == EntityCounts.of({"a": first}).entities()
    assert both.entity("person:sergei-lavrov") is None
    only = both.entity("person:jean-yves-le-drian")
    assert only is not None and (only.articles, only.mentions) == (1, 2)
    assert only.name == "Jean-Yves Le Drian"


def test_new_events_join_their_groups_and_disputed_days_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_updates_relate_alone: None
) -> None:
    said = "the ministers of France and Germany signed the grain export treaty in Brussels"
    root, index_dir = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()

    def article(name: str, day: str, text: str) -> None:
        (root / name).write_text(f"{name} report\n\nOn {day} 2022 {text} after long talks.\n")

    article("a.txt", "3 March", said)
    for n, topic in enumerate(["football league results", "weather over the Alps", "bank rates"]):
        article(f"f{n}.txt", f"{n + 10} May", f"readers heard about {topic}")
    IndexStore(index_dir).update(root)
    article("b.txt", "4 March", said)  # a day later: disputed on both
    article("c.txt", "3 March", said)  # the same day: joins a's event
    (root / "f2.txt").unlink()
    monkeypatch.setattr(derive, "derive", lambda *_a, **_k: pytest.fail("related all"))
    IndexStore(index_dir).update(root)
    monkeypatch.undo()

    folder, at = generation(index_dir)
    line = timeline.load(folder, at)
    assert line is not None
    said_on = [
        (line.values[line.value_of[k]], line.group[k], line.other_dates.get(k, ()))
        for k in range(len(line))
    ]
    assert ("2022-03-04", -1, ("2022-03-03",)) in said_on
    grouped = [key for key in said_on if key[0] == "2022-03-03"]
    assert len(grouped) == 2 and grouped[0][1] == grouped[1][1] >= 0
    assert all(key[2] == ("2022-03-04",) for key in grouped)
    full = tmp_path / "full"
    full.mkdir()
    related_in_full(folder, at, full)
    whole = timeline.load(full, at)
    assert whole is not None
    assert partition(line) == partition(whole)
    assert {(line.docnum[k], v) for k, v in line.other_dates.items()} == {
        (whole.docnum[k], v) for k, v in whole.other_dates.items()
    }
