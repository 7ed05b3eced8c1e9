"""A damaged index: detected when opened, searches meanwhile answer or say why in one line,
and the next update rebuilds what is damaged with a one-line notice, losing nothing."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus_reader.index import Corpus, CorpusError

S000 = "000_97abde8a9f432db6.txt"
S002 = "002_dc3610e44bff4c5d.txt"


def generation(index_dir: Path) -> Path:
    (gen,) = index_dir.glob("gen-*")
    return gen


def largest(folder: Path, pattern: str) -> Path:
    return max(folder.glob(pattern), key=lambda p: p.stat().st_size)


def truncate_segment(index_dir: Path) -> None:
    seg = largest(generation(index_dir), "*.seg")
    os.truncate(seg, seg.stat().st_size // 2)


def overwrite_segment(index_dir: Path) -> None:
    seg = largest(generation(index_dir), "*.seg")
    seg.write_bytes(random.Random(1).randbytes(seg.stat().st_size))


def zero_segment_middle(index_dir: Path) -> None:
    seg = largest(generation(index_dir), "*.seg")
    size = seg.stat().st_size
    with open(seg, "r+b") as fh:
        fh.seek(size // 4)
        fh.write(b"\0" * (size // 2))


def remove_toc(index_dir: Path) -> None:
    for toc in generation(index_dir).glob("*.toc"):
        toc.unlink()


def garble(pattern: str) -> Callable[[Path], None]:
    def damage(index_dir: Path) -> None:
        (path,) = generation(index_dir).glob(pattern)
        path.write_bytes(b"this is not what the file should be\n" * 50)

    damage.__name__ = f"garble {pattern}"
    return damage


def truncate(pattern: str) -> Callable[[Path], None]:
    def damage(index_dir: Path) -> None:
        (path,) = generation(index_dir).glob(pattern)
        os.truncate(path, path.stat().st_size // 2)

    damage.__name__ = f"truncate {pattern}"
    return damage


def remove_generation(index_dir: Path) -> None:
    gen = generation(index_dir)
    for path in gen.iterdir():
        path.unlink()
    gen.rmdir()


def garble_current(index_dir: Path) -> None:
    (index_dir / "CURRENT").write_text("{not json")


DAMAGES = [
    truncate_segment,
    overwrite_segment,
    zero_segment_middle,
    remove_toc,
    garble("*.toc"),
    garble("catalog-*.json"),
    garble("timeline-*.bin"),
    garble("links-*.sqlite"),
    garble("spellings-*.sqlite"),
    garble("relate.sqlite"),
    truncate("catalog-*.json"),
    truncate("timeline-*.bin"),
    truncate("links-*.sqlite"),
    truncate("spellings-*.sqlite"),
    truncate("relate.sqlite"),
    remove_generation,
    garble_current,
]


def everything_works(corpus: Corpus) -> None:
    """Search, entities, events and links of the whole seeds, as a reader uses them."""
    assert corpus.search("de-escalation").total == 2
    assert corpus.search("", limit=100).total == 5
    assert any(e.name == "Emmanuel Macron" for e in corpus.entities())
    assert corpus.events()
    assert corpus.links(S002)
    assert corpus.article(S000).title


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__)
def test_damage_is_detected_and_repaired(
    seeds_copy: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    index_dir = tmp_path / "index"
    with Corpus(seeds_copy, index_dir) as corpus:
        corpus.update()
    before = sorted(p.name for p in seeds_copy.iterdir())
    damage(index_dir)

    with Corpus(seeds_copy, index_dir) as reader:
        try:  # meanwhile: the answer, or why there is none, in one line
            found = reader.search("de-escalation").total
        except CorpusError as exc:
            assert "\n" not in str(exc) and "corpus-reader" in str(exc), exc
        else:
            assert found in (0, 2)

    with Corpus(seeds_copy, index_dir) as corpus:
        summary = corpus.update()
        assert summary.notice is not None and "\n" not in summary.notice, summary
        everything_works(corpus)
        assert corpus.update().notice is None  # repaired for good
    with Corpus(seeds_copy, index_dir) as corpus:
        everything_works(corpus)
    assert sorted(p.name for p in seeds_copy.iterdir()) == before  # the corpus untouched


def test_temporary_files_of_writes_killed_midway_are_removed(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """A write killed between creating its temporary file and renaming it (seen at a kill
    point of an app update: ``.relate.sqlite.<pid>.<thread>``) leaves nothing after the next
    update, and that update needs no rebuild."""
    index_dir = tmp_path / "index"
    with Corpus(seeds_copy, index_dir) as corpus:
        corpus.update()
    gen = generation(index_dir)
    left = [
        gen / ".relate.sqlite.6879.139697751960448",
        gen / ".catalog-1.json.77.1",
        index_dir / ".CURRENT.4242",
    ]
    for path in left:
        path.write_bytes(b"half written")
    with Corpus(seeds_copy, index_dir) as corpus:
        summary = corpus.update()
        assert (summary.notice, summary.rebuilt) == (None, False)
        everything_works(corpus)
    assert [path for path in left if path.exists()] == []
