"""An index folder given as a relative path (``--index i``) works like an absolute one."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_reader.index import Corpus

S002 = "002_dc3610e44bff4c5d.txt"


def test_a_relative_index_folder(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Corpus(seeds_copy, Path("index")) as corpus:
        corpus.update()
    with Corpus(seeds_copy, Path("index")) as corpus:  # a new reader: the files beside it
        assert corpus.search("Macron").total == 5
        assert corpus.search("Kiev").total == corpus.search("Kyiv").total > 0
        assert corpus.links(S002)
