"""The engine's patches to Whoosh: installed only when it opens an index, and written against
the Whoosh that is installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus_reader.index.whoosh_ext import patches


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda patch: patch.label)
def test_each_patch_replaces_the_whoosh_code_it_was_written_for(patch: patches.Patch) -> None:
    """An upgrade of Whoosh that changes a replaced function must be read before it ships: the
    replacement may no longer do what the new upstream code does."""
    upstream = patches.ORIGINALS[(patch.owner, patch.name)]
    assert patches.source_digest(upstream) == patch.upstream, (
        f"{patch.label} changed upstream: review {patch.replacement.__module__}."
        f"{patch.replacement.__name__} against it, then record the new digest"
    )


def test_every_patch_is_listed_once() -> None:
    targets = [(patch.owner, patch.name) for patch in patches.PATCHES]
    assert len(set(targets)) == len(targets) == len(patches.ORIGINALS)


FENCE = """
import sys
from whoosh import externalsort, writing
from whoosh.codec import whoosh3
from whoosh.filedb import structfile

def current():
    return [patch.owner.__dict__[patch.name] for patch in patches.PATCHES]

before = [structfile.BufferFile.__init__, externalsort.SortingPool._write_run,
          externalsort.SortingPool._read_run, whoosh3.W3PerDocReader._cached_reader,
          writing.PostingPool.add, writing.SegmentWriter._flush_segment]
import corpus_reader.index
from corpus_reader.index.whoosh_ext import patches
assert current() == before, "importing the engine changed Whoosh"
assert not patches.installed()
with corpus_reader.index.Corpus(sys.argv[1], sys.argv[2]) as corpus:
    corpus.update()
    assert corpus.search("Macron").total > 0
assert patches.installed()
assert current() == [patch.replacement for patch in patches.PATCHES], "not installed on open"
print("fenced")
"""


def test_importing_the_engine_leaves_whoosh_alone_until_an_index_is_opened(
    seeds_copy: Path, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FENCE, str(seeds_copy), str(tmp_path / "index")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "fenced"
