"""The catalog beside the index: entities and article labels, gathered once per index state."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_reader.index import Corpus
from corpus_reader.index.state import catalog, files

S002 = "002_dc3610e44bff4c5d.txt"


def catalog_files(index_dir: Path) -> list[Path]:
    return sorted(index_dir.glob("gen-*/catalog-*.json"))


def test_the_writer_leaves_the_catalog_and_readers_use_it(corpus: Corpus, tmp_path: Path) -> None:
    corpus.update()
    [stored] = catalog_files(tmp_path / "index")
    names = {e.name for e in corpus.entities()}
    assert {"Vladimir Putin", "Emmanuel Macron", "Kyiv"} <= names
    assert corpus.labels([S002, "no-such-id"]) == {
        S002: (
            "Putin and Macron agree on the need for a “de-escalation” in Ukraine, "
            "according to France",
            "",
        )
    }
    with Corpus(corpus.root, corpus.index_dir) as other:
        assert [h.id for h in other.search("place:Kyiv").hits]  # the alias table from the file
        assert other.entities() == corpus.entities()
    assert stored.exists()


def test_a_missing_or_damaged_catalog_is_gathered_again(corpus: Corpus, tmp_path: Path) -> None:
    corpus.update()
    [stored] = catalog_files(tmp_path / "index")
    expected = corpus.entities()
    for damage in ("", "{not json"):
        if damage:
            stored.write_text(damage, "utf-8")
        else:
            stored.unlink()
        with Corpus(corpus.root, corpus.index_dir) as other:
            assert other.entities() == expected
            assert other.search("Kiev").also_matched  # "Kyiv" found through the table
        assert catalog_files(tmp_path / "index") == [stored]  # written back


def test_an_update_replaces_the_catalog(corpus: Corpus, seeds_copy: Path, tmp_path: Path) -> None:
    corpus.update()
    (seeds_copy / "extra.txt").write_text(
        "A new report\n\nAngela Merkel met Olaf Scholz in Berlin on Monday.\n", "utf-8"
    )
    corpus.update()
    [_newer] = catalog_files(tmp_path / "index")  # the former state's file is gone
    assert "extra.txt" in corpus.labels(["extra.txt"])
    assert any(e.name == "Angela Merkel" for e in corpus.entities())


def test_listing_every_article_does_not_read_the_catalog(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.update()
    with Corpus(corpus.root, corpus.index_dir) as other:

        def refuse(*args: object) -> None:
            raise AssertionError("the catalog was read")

        monkeypatch.setattr(catalog, "load", refuse)
        monkeypatch.setattr(catalog, "gather", refuse)
        assert other.search("").total == 5


def test_titles_newest_first_from_the_catalog(corpus: Corpus) -> None:
    corpus.update()
    titles = corpus.titles()
    assert [a for a, _t, _d in titles] == [h.id for h in corpus.search("").hits]
    assert titles[0][2] is not None and titles[0][2].isoformat() == "2022-03-28"
    assert corpus.titles(limit=2) == titles[:2]


def test_readers_write_beside_the_index_only_through_fill_missing(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without its files a reader gathers the catalog, the timeline and the relations; with
    ``fill_missing`` doing nothing, it writes nothing, and answers all the same."""
    corpus.update()
    expected = (corpus.entities(), corpus.events(), corpus.links(S002))
    [folder] = (tmp_path / "index").glob("gen-*")
    for pattern in ("catalog-*", "timeline-*", "links-*"):
        for path in folder.glob(pattern):
            path.unlink()
    before = sorted(folder.iterdir())
    monkeypatch.setattr(files, "fill_missing", lambda _folder, gathered: gathered)
    with Corpus(corpus.root, corpus.index_dir) as other:
        assert (other.entities(), other.events(), other.links(S002)) == expected
        assert other.search("Kiev").also_matched and other.article(S002).events
    assert sorted(folder.iterdir()) == before
