"""End to end: the installed ``corpus-reader`` in a real terminal (tmux), read off the screen
(and killed there in the middle of a build).

This is the only test that sees what a user sees: the console script, the terminal driver,
key input through a pty and a clean exit status. It polls the screen instead of sleeping.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from corpus_reader.index import Corpus

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TIMEOUT = 20.0
TITLE_002 = "Putin and Macron agree on the need for a"  # wraps in the results pane
TITLE_004 = "Macron and Putin agree “on the need for"
BODY_004 = "In the midst of rising tensions on the borders of Ukraine"


def _command() -> Path:
    local = Path(sys.executable).parent / "corpus-reader"
    if local.exists():
        return local
    found = shutil.which("corpus-reader")
    if found is None:
        pytest.skip("the corpus-reader console script is not installed (pip install -e .)")
    return Path(found)


class Tmux:
    """One detached tmux session running a command."""

    def __init__(self, name: str) -> None:
        self.name = name

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", *args], check=True, capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def wait_until_size(self, width: int, height: int) -> None:
        size = f"{width}x{height}"
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            shown = self.run("display", "-p", "-t", self.name, "#{window_width}x#{window_height}")
            if shown.strip() == size:
                return
            time.sleep(0.05)
        raise AssertionError(f"the tmux window never reached {size}")

    def wait_for(self, condition: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    session = Tmux(f"corpus-reader-e2e-{uuid.uuid4().hex[:8]}")
    try:
        yield session
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session.name], capture_output=True)


def test_search_open_and_quit_in_a_real_terminal(
    tmux: Tmux, seeds_copy: Path, tmp_path: Path
) -> None:
    exit_file = tmp_path / "exit-status"
    env = f"XDG_CACHE_HOME={shlex.quote(str(tmp_path / 'cache'))} TERM=xterm-256color"
    program = (
        f"{shlex.quote(str(_command()))} {shlex.quote(str(seeds_copy))} "
        f"--index {shlex.quote(str(tmp_path / 'index'))}"
    )
    # The program waits until the window has its final size: a resize that lands while the
    # app starts up could otherwise be missed, and the app would draw for 80x24.
    channel = f"{tmux.name}-go"
    shell = (
        f"tmux wait-for {channel}; env {env} {program}; "
        f"echo EXIT=$? > {shlex.quote(str(exit_file))}"
    )
    tmux.run("new-session", "-d", "-s", tmux.name, "-x", "120", "-y", "40", shell)
    tmux.wait_until_size(120, 40)
    tmux.run("wait-for", "-S", channel)

    screen = tmux.wait_for(lambda s: "Results 5" in s and "5 articles" in s, "the indexed results")
    assert len(screen.splitlines()[0]) == 120, "the app does not fill the terminal"
    tmux.wait_for(lambda s: re.search(r"Events \d+ · results", s) is not None, "the events")

    tmux.keys("de-escalation", literal=True)
    screen = tmux.wait_for(lambda s: "Results 2" in s, "the two de-escalation results")
    assert TITLE_002 in screen
    assert TITLE_004 in screen
    assert "2 results" in screen

    tmux.keys("Enter")  # to the results; the footer then offers "Open"
    tmux.wait_for(lambda s: "⏎ Open" in s, "the focus to move to the results")
    tmux.keys("Enter")  # open the highlighted one
    # The article's title can be painted a frame before its body: wait for the body.
    screen = tmux.wait_for(
        lambda s: (
            ".txt" in s
            and "no offensive" in s.lower()
            and (BODY_004 in s or "French President Emmanuel Macron and his Russian" in s)
        ),
        "the article and its body",
    )

    # Follow the link to the other report of the same call, then come back.
    first, other = ("004_", "002_") if "004_65e64c82" in screen else ("002_", "004_")
    tmux.keys("l")
    screen = tmux.wait_for(lambda s: "Linked articles" in s, "the linked articles")
    assert "same event 2022-01-28" in screen
    tmux.keys("Enter")
    tmux.wait_for(lambda s: re.search(rf"{other}\w+\.txt", s) is not None, "the linked article")
    tmux.keys("M-Left")
    # Back on the first article, the focus on its links as the reader left it.
    tmux.wait_for(
        lambda s: re.search(rf"{first}\w+\.txt", s) is not None and "⏎ Follow link" in s,
        "going back to the links",
    )

    tmux.keys("C-q")
    deadline = time.monotonic() + TIMEOUT
    while not exit_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert exit_file.exists(), f"the app did not exit; the screen shows:\n{tmux.screen()}"
    assert exit_file.read_text().strip() == "EXIT=0"


def test_killing_the_app_while_it_builds_loses_nothing(tmux: Tmux, tmp_path: Path) -> None:
    """kill -9 of the app in the middle of its first build (in a real terminal): the next
    ``corpus-reader index`` carries on and ends with every article indexed once."""
    root, index_dir = tmp_path / "corpus", tmp_path / "index"
    root.mkdir()
    for n in range(400):
        words = " ".join(f"w{(n * 7 + k) % 97}" for k in range(60))
        (root / f"a{n:04d}.txt").write_text(f"Article {n}\n\nOn March 3, 2021, {words}.\n")
    env = f"XDG_CACHE_HOME={shlex.quote(str(tmp_path / 'cache'))} TERM=xterm-256color"
    program = (
        f"{shlex.quote(str(_command()))} {shlex.quote(str(root))} "
        f"--index {shlex.quote(str(index_dir))}"
    )
    tmux.run(
        "new-session", "-d", "-s", tmux.name, "-x", "120", "-y", "40", f"exec env {env} {program}"
    )
    tmux.wait_for(lambda s: "Building the index" in s and "indexing" in s, "the build under way")
    pid = int(tmux.run("display", "-p", "-t", tmux.name, "#{pane_pid}"))
    subprocess.run(["kill", "-9", str(pid)], check=True)

    done = subprocess.run(
        [str(_command()), "index", "--json", "--corpus", str(root), "--index", str(index_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with Corpus(root, index_dir) as corpus:
        ids = [hit.id for hit in corpus.search("", limit=1000).hits]
        assert len(ids) == len(set(ids)) == 400
        assert corpus.update().added == 0
    assert len(list(index_dir.glob("gen-*"))) == 1
