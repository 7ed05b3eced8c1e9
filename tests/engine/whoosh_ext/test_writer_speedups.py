"""Whoosh's writer with chunked run files and kept length lookups: the same index."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import fields, index
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import FileStorage

from corpus_reader.index.whoosh_ext import patches, writer_speedups
from corpus_reader.index.whoosh_ext.schema import build_schema

SEEDS = Path(__file__).resolve().parents[3] / "seeds"

WORDS = [f"w{n}" for n in range(400)]


@pytest.fixture(autouse=True, scope="module")
def _patched() -> None:
    patches.install()  # as the engine does when it opens an index


def _build(folder: Path, limitmb: float) -> dict[tuple[str, bytes], list[tuple[int, bytes]]]:
    """An index of 300 random documents; every posting (docnum and value) of every term."""
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(phrase=True))
    folder.mkdir()
    ix = index.create_in(str(folder), schema)
    rng = random.Random(5)
    writer = ix.writer(limitmb=limitmb)
    for n in range(300):
        writer.add_document(id=f"d{n}", body=" ".join(rng.choices(WORDS, k=60)))
    writer.commit()
    with ix.reader() as reader:
        return {(field, text): _postings(reader, field, text) for field, text in reader.all_terms()}


def _postings(reader: Any, field: str, text: bytes) -> list[tuple[int, bytes]]:
    matcher = reader.postings(field, text)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.value()))
        matcher.next()
    return found


def test_runs_on_disk_give_the_postings_kept_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_speedups, "CHUNK", 7)  # many chunks, a partial last one
    runs: list[str] = []
    read_run = writer_speedups.read_run

    def counted(self: Any, path: str) -> Any:
        runs.append(path)
        return read_run(self, path)

    monkeypatch.setattr("whoosh.externalsort.SortingPool._read_run", counted)
    spilled = _build(tmp_path / "spilled", limitmb=0.05)  # a run every few documents
    assert len(runs) > 5
    runs.clear()
    in_memory = _build(tmp_path / "in-memory", limitmb=256)
    assert not runs
    assert spilled == in_memory and len(spilled) > 400


def test_a_missing_length_column_is_looked_up_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    exists = FileStorage.file_exists

    def counting(self: Any, name: str) -> bool:
        asked.append(name)
        return bool(exists(self, name))

    monkeypatch.setattr(FileStorage, "file_exists", counting)
    _build(tmp_path / "ix", limitmb=256)
    ix = index.open_dir(str(tmp_path / "ix"))
    with ix.reader() as reader:
        asked.clear()
        per_doc = reader._perdoc
        assert isinstance(per_doc, whoosh3.W3PerDocReader)
        for docnum in range(50):
            assert per_doc.doc_field_length(docnum, "id") == 0  # ids keep no lengths
            assert per_doc.doc_field_length(docnum, "body") > 0
    assert len(asked) <= 2, asked


def _article_index(folder: Path, whooshs_own: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An index of 200 documents in the article schema, by the writer as installed or by
    Whoosh's own writer and TEXT fields; everything a search reads from it."""
    schema = build_schema()
    if whooshs_own:
        with monkeypatch.context() as patched:
            for (owner, name), function in patches.ORIGINALS.items():
                patched.setattr(owner, name, function)
            for name in ("title", "body"):
                schema[name].__class__ = fields.TEXT
            return _article_index_with(folder, schema)
    return _article_index_with(folder, schema)


def _article_index_with(folder: Path, schema: Any) -> Any:
    folder.mkdir()
    ix = index.create_in(str(folder), schema)
    rng = random.Random(3)
    words = (SEEDS / "000_97abde8a9f432db6.txt").read_text("utf-8").split()
    writer = ix.writer(limitmb=0.2)  # several runs on disk
    for n in range(200):
        writer.add_document(
            id=f"a{n}",
            file=f"f{n % 50}.txt",
            title=" ".join(rng.choices(words, k=rng.randint(0, 12))),
            body=" ".join(rng.choices(words, k=rng.randint(0, 300))),
            day=20220000 + n,
            place=" ".join(rng.choices(["kyiv", "mariupol", "lviv"], k=rng.randint(0, 2))),
            event="2022-02-24 2022-02 2022" if n % 3 else "",
        )
    writer.commit()
    with ix.reader() as reader:
        terms = list(reader.all_terms())
        lengths = [
            reader.doc_field_length(n, name) for n in range(200) for name in ("title", "body")
        ]
        return (
            {term: _postings(reader, *term) for term in terms},
            {term: tuple(vars(reader.term_info(*term)).items()) for term in terms},
            lengths,
            [reader.stored_fields(n) for n in range(200)],
        )


def test_the_article_index_is_whooshs_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = _article_index(tmp_path / "ours", False, monkeypatch)
    whooshs = _article_index(tmp_path / "whoosh", True, monkeypatch)
    assert ours == whooshs
    postings, infos, lengths, _ = ours
    assert len(postings) > 500 and any(lengths) and len(infos) == len(postings)
