"""The collector is paused while the index is written, and on again after, as it was."""

from __future__ import annotations

import gc
import threading

import pytest

from corpus_reader.index import Corpus, Progress
from corpus_reader.index.write.gc_pause import paused


def test_paused_nests_and_restores() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer writer is not done yet
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_update_pauses_the_collector_until_it_ends(corpus: Corpus) -> None:
    seen: list[bool] = []
    corpus.update(progress=lambda _p: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()


def test_writers_in_two_threads_share_the_pause() -> None:
    inside, leave = threading.Event(), threading.Event()

    def writer() -> None:
        with paused():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    assert inside.wait(10)
    with paused():
        pass
    assert not gc.isenabled()  # the other thread's writer still runs
    leave.set()
    thread.join()
    assert gc.isenabled()


def test_a_failed_update_switches_the_collector_back_on(corpus: Corpus) -> None:
    def fail(progress: Progress) -> None:
        if progress.phase == "read":
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        corpus.update(progress=fail)
    assert gc.isenabled()
