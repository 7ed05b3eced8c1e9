"""The index update in a child process: the same summary, progress and errors as in-process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from corpus_reader.index import Corpus, CorpusNotFound, Progress


def test_update_in_a_child_builds_what_the_parent_then_searches(corpus: Corpus) -> None:
    seen: list[Progress] = []
    summary = corpus.update(progress=seen.append, in_child=True)
    assert (summary.articles, summary.added, summary.rebuilt) == (5, 5, True)
    assert {"scan", "read", "commit"} <= {p.phase for p in seen}
    assert corpus.search("Macron").total == 5
    again = corpus.update(in_child=True)
    assert (again.added, again.updated, again.removed, again.rebuilt) == (0, 0, 0, False)


def test_a_failure_in_the_child_is_raised_here(corpus: Corpus) -> None:
    corpus.update()
    shutil.rmtree(corpus.root)
    with pytest.raises(CorpusNotFound, match=r"the corpus folder .* is gone"):
        corpus.update(in_child=True)
    assert corpus.search("Macron").total == 5  # the index is as it was


def test_spawns_where_stderr_has_no_file(seeds_copy: Path, tmp_path: Path) -> None:
    """Textual captures stderr (its fileno is -1), which multiprocessing passes on."""
    script = textwrap.dedent(
        f"""
        import io, sys
        from corpus_reader.index import Corpus

        class Captured(io.StringIO):
            def fileno(self):
                return -1

        if __name__ == "__main__":
            sys.stderr = Captured()
            summary = Corpus({str(seeds_copy)!r}, {str(tmp_path / "index")!r}).update(
                in_child=True
            )
            print(summary.articles)
        """
    )
    path = tmp_path / "spawn_check.py"
    path.write_text(script, "utf-8")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5"
