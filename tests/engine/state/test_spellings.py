"""The entity spellings beside the index: a search looks up its own words in them."""

from __future__ import annotations

from pathlib import Path

from corpus_reader.index import Corpus
from corpus_reader.index.models import Entity
from corpus_reader.index.state import catalog, spellings
from corpus_reader.index.state.spellings import EntityTable


def spellings_files(index_dir: Path) -> list[Path]:
    return sorted(index_dir.glob("gen-*/spellings-*.sqlite"))


def test_a_search_looks_its_words_up_without_the_catalog(corpus: Corpus, tmp_path: Path) -> None:
    corpus.update()
    assert len(spellings_files(tmp_path / "index")) == 1
    with Corpus(corpus.root, corpus.index_dir) as other:
        assert other.search("Kiev").also_matched == ("Kyiv",)
        assert [h.id for h in other.search("place:Kiev").hits]
        assert other._snapshot is not None
        assert other._snapshot._catalog is None  # no catalog loaded, no table of spellings


def test_every_spelling_names_what_the_catalog_table_says(corpus: Corpus, tmp_path: Path) -> None:
    corpus.update()
    [path] = spellings_files(tmp_path / "index")
    gen = int(path.stem.split("-")[1])
    listed = catalog.load(path.parent, gen)
    assert listed is not None and listed.entities
    table, looked_up = listed.table, spellings.Spellings(path)
    for entity in listed.entities:
        for alias in (entity.name, *entity.aliases, entity.name.upper()):
            assert looked_up.find(alias) == table.find(alias), alias
    assert looked_up.find("no such name at all") is None


def test_a_spelling_two_entities_share_goes_to_the_most_mentioned(tmp_path: Path) -> None:
    paris = Entity("place:paris", "Paris", "place", ("Paris",), 3, 9)
    hilton = Entity("person:paris-hilton", "Paris Hilton", "person", ("Paris",), 1, 2)
    spellings.save(tmp_path, 4, [hilton, paris])
    looked_up = spellings.Spellings(spellings.path_for(tmp_path, 4))
    assert looked_up.find("paris") == paris == EntityTable.of([hilton, paris]).find("paris")
    assert looked_up.find("Paris Hilton") == hilton
    spellings.update(tmp_path, 4, 5, {"place:paris": None})  # no article names it now
    updated = spellings.Spellings(spellings.path_for(tmp_path, 5))
    assert updated.find("Paris") == hilton
    assert looked_up.find("Paris") == paris  # the previous state's file is untouched


def test_without_the_file_a_search_uses_the_catalog_table(corpus: Corpus, tmp_path: Path) -> None:
    corpus.update()
    for path in spellings_files(tmp_path / "index"):
        path.unlink()
    with Corpus(corpus.root, corpus.index_dir) as other:
        other.prepare_search()
        assert other._snapshot is not None and other._snapshot._catalog is not None
        assert "table" in vars(other._snapshot._catalog)  # built ahead of the first keystroke
        assert other.search("Kiev").also_matched == ("Kyiv",)
