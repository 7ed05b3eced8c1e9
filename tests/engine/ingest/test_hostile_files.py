"""Hostile or odd files in a corpus: indexing never hangs, crashes, leaves the corpus or loses
anything, and the command line never prints a control character raw."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_reader.index import Corpus, Skipped, UpdateSummary
from corpus_reader.index.ingest import read as ingest
from corpus_reader.index.ingest.read import MAX_BODY_CHARS, MAX_FILE_BYTES, parse, read_file
from corpus_reader.index.ingest.walk import scan
from corpus_reader.tui.cli import main
from corpus_reader.tui.cli.escaping import json_text, shown, unshown

BODY = "Officials in Paris said on Monday that the talks would continue next week."
CLI = [sys.executable, "-c", "import sys; from corpus_reader.tui.cli import main; sys.exit(main())"]


def article(title: str, word: str = "") -> str:
    return f"{title}\n\n{BODY} {word}\n"


def write(root: Path, name: str | bytes, text: str) -> None:
    """Write a file whose name may be any bytes (``os.open`` takes them as they are)."""
    path = os.path.join(os.fsencode(root), os.fsencode(name))
    with open(path, "wb") as handle:
        handle.write(text.encode("utf-8"))


def update(corpus: Corpus, seconds: float = 120) -> UpdateSummary:
    """``corpus.update()`` in a thread, failing (not hanging) if it has not ended in time."""
    result: list[UpdateSummary] = []
    thread = threading.Thread(target=lambda: result.append(corpus.update()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the update blocked"
    return result[0]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, "plain.txt", article("Plain article", "zebra"))
    return folder


@pytest.fixture
def where(root: Path, tmp_path: Path) -> list[str]:
    return ["--corpus", str(root), "--index", str(tmp_path / "index")]


# --- file names -----------------------------------------------------------------------------


def odd_names(root: Path) -> None:
    write(root, "new\nline.txt", article("Newline name", "aardvark"))
    write(root, "esc\x1b[31mred.txt", article("Escape name", "buffalo"))
    write(root, "csi\u009b2Jx.txt", article("C1 name", "cheetah"))
    write(root, b"bad\xffname.txt", article("Bad bytes", "dingo"))
    os.mkdir(os.path.join(os.fsencode(root), b"dir\xfe"))
    write(root, b"dir\xfe/inner.txt", article("Inside a bad folder", "emu"))


def test_scan_indexes_control_names_and_skips_names_that_are_not_utf8(root: Path) -> None:
    odd_names(root)
    entries, skipped = scan(root)
    assert [e.path for e in entries] == [
        "csi\u009b2Jx.txt",
        "esc\x1b[31mred.txt",
        "new\nline.txt",
        "plain.txt",
    ]
    assert skipped == [
        Skipped("bad\\xffname.txt", "file name is not valid UTF-8"),
        Skipped("dir\\xfe", "folder name is not valid UTF-8"),
    ]


def test_shown_escapes_controls_and_unshown_reads_them_back() -> None:
    raw = "a\nb\tc\x1b[31md\u009be\u202ef\udcffg\\h"
    assert shown(raw) == "a\\nb\\tc\\x1b[31md\\x9be\\u202ef\\xffg\\h"
    assert unshown("a\\nb\\tc\\x1b[31md\\x9be\\u202ef\\h") == "a\nb\tc\x1b[31md\u009be\u202ef\\h"
    assert json.loads(json_text({"k": "\u009b\u202e\x1b"})) == {"k": "\u009b\u202e\x1b"}
    assert json_text({"k": "\u009b\u202e\x1b"}) == '{\n  "k": "\\u009b\\u202e\\u001b"\n}'


def test_cli_index_prints_odd_names_escaped(
    root: Path, where: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    odd_names(root)
    assert main(["index", *where]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("4 articles in the index (4 added, 0 updated, 0 removed)")
    assert out.splitlines()[2:] == [
        "skipped 2:",
        "  bad\\xffname.txt: file name is not valid UTF-8",
        "  dir\\xfe: folder name is not valid UTF-8",
    ]
    assert main(["index", *where, "--json"]) == 0
    raw = capsys.readouterr().out
    assert "\u009b" not in raw and "\x1b" not in raw
    assert json.loads(raw)["skipped"] == [
        {"path": "bad\\xffname.txt", "reason": "file name is not valid UTF-8"},
        {"path": "dir\\xfe", "reason": "folder name is not valid UTF-8"},
    ]


@pytest.mark.parametrize(
    ("word", "shown_id", "typed_id"),
    [
        ("aardvark", "new\\nline.txt", "new\nline.txt"),
        ("aardvark", "new\\nline.txt", "new\\nline.txt"),
        ("buffalo", "esc\\x1b[31mred.txt", "esc\\x1b[31mred.txt"),
        ("cheetah", "csi\\x9b2Jx.txt", "csi\u009b2Jx.txt"),
    ],
)
def test_cli_search_and_show_an_article_of_an_odd_name(
    root: Path,
    where: list[str],
    capsys: pytest.CaptureFixture[str],
    word: str,
    shown_id: str,
    typed_id: str,
) -> None:
    odd_names(root)
    assert main(["search", word, *where]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"1 article match {word!r}"
    assert lines[1].split()[0] == shown_id
    assert main(["show", typed_id, "--no-update", *where]) == 0
    out = capsys.readouterr().out
    assert f"[{shown_id}]" in out.splitlines()
    assert f"{BODY} {word}" in out.splitlines()
    assert "\x1b" not in out and "\u009b" not in out


def test_cli_export_escapes_c1_and_bidi_controls_in_json(
    root: Path, where: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    odd_names(root)
    assert main(["export", *where]) == 0
    out = capsys.readouterr().out
    assert "\u009b" not in out and "\x1b" not in out and "\\u009b" in out
    assert [json.loads(line)["id"] for line in out.splitlines()] == [
        "csi\u009b2Jx.txt",
        "esc\x1b[31mred.txt",
        "new\nline.txt",
        "plain.txt",
    ]


def test_cli_export_csv_writes_text_cells_shown(
    root: Path, where: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    dated = "Talks \u202eresumed\n\nThe talks resumed in Paris on 3 March 2022 \u200bquietly.\n"
    write(root, "esc\x1b[31mred.txt", dated)
    assert main(["export", "--format", "csv", *where]) == 0
    out = capsys.readouterr().out
    assert not re.search("[\x1b\u009b\u202e\u200b]", out)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["article"], r["title"], r["date"]) for r in rows] == [
        ("esc\\x1b[31mred.txt", "Talks resumed", "2022-03-03")
    ]
    assert rows[0]["sentence"] == "The talks resumed in Paris on 3 March 2022 \\u200bquietly."
    assert unshown(rows[0]["article"]) == "esc\x1b[31mred.txt"


def test_cli_errors_escape_what_they_quote(
    root: Path, where: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    odd_names(root)
    assert main(["show", "zz\x1b]0;title\x07", *where]) == 2
    assert capsys.readouterr().err == (
        "corpus-reader: error: no article with id 'zz\\x1b]0;title\\x07'\n"
    )
    assert main(["show", "new\nline.txt\x1b", "--no-update", *where]) == 2
    assert capsys.readouterr().err == (
        "corpus-reader: error: no article with id 'new\\nline.txt\\x1b'\n"
    )


# --- symbolic links -------------------------------------------------------------------------


def test_links_are_never_followed_and_loops_end(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(article("Secret"))
    (root / "sub").mkdir()
    write(root, "sub/real.txt", article("Real", "ferret"))
    (root / "loop-a.txt").symlink_to("loop-b.txt")
    (root / "loop-b.txt").symlink_to("loop-a.txt")
    (root / "self.txt").symlink_to("self.txt")
    (root / "up").symlink_to("..", target_is_directory=True)
    (root / "sub" / "parent").symlink_to("..", target_is_directory=True)
    (root / "twin.txt").symlink_to("sub/real.txt")
    (root / "out.txt").symlink_to(outside / "secret.txt")
    (root / "outdir").symlink_to(outside, target_is_directory=True)
    (root / "abs-etc").symlink_to("/etc", target_is_directory=True)
    (root / "dangling.txt").symlink_to("nowhere.txt")

    entries, skipped = scan(root)

    assert [e.path for e in entries] == ["plain.txt", "sub/real.txt"]
    assert skipped == [
        Skipped("abs-etc", "symbolic link to outside the corpus (not followed)"),
        Skipped("dangling.txt", "broken symbolic link"),
        Skipped("loop-a.txt", "symbolic link loop"),
        Skipped("loop-b.txt", "symbolic link loop"),
        Skipped("out.txt", "symbolic link to outside the corpus (not followed)"),
        Skipped("outdir", "symbolic link to outside the corpus (not followed)"),
        Skipped("self.txt", "symbolic link loop"),
        Skipped("sub/parent", "symbolic link to a folder (not followed)"),
        Skipped("twin.txt", "symbolic link to a file in the corpus (not followed)"),
        Skipped("up", "symbolic link to outside the corpus (not followed)"),
    ]


def test_a_file_swapped_for_a_link_after_the_scan_is_not_read(root: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(article("Secret"))
    (root / "plain.txt").unlink()
    (root / "plain.txt").symlink_to(tmp_path / "secret.txt")
    assert read_file(root, "plain.txt").skipped == (
        Skipped("plain.txt", "symbolic link (not followed)"),
    )


# --- FIFOs, sockets, unreadable files -------------------------------------------------------


@pytest.fixture
def bound_socket(root: Path) -> Iterator[None]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(root / "sock.txt"))
    sock.listen(1)
    yield
    sock.close()


def test_cli_index_skips_fifos_and_sockets_without_blocking(
    root: Path, where: list[str], bound_socket: None
) -> None:
    os.mkfifo(root / "pipe.txt")
    os.mkfifo(root / "pipe.jsonl")
    done = subprocess.run([*CLI, "index", *where, "--json"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["articles"], out["added"]) == (1, 1)
    assert out["skipped"] == [
        {"path": "pipe.jsonl", "reason": "not a regular file"},
        {"path": "pipe.txt", "reason": "not a regular file"},
        {"path": "sock.txt", "reason": "not a regular file"},
    ]


def test_a_fifo_that_replaced_a_file_is_not_opened(root: Path, tmp_path: Path) -> None:
    write(root, "other.txt", article("Other"))
    with Corpus(root, tmp_path / "index") as corpus:
        assert update(corpus).articles == 2
        (root / "plain.txt").unlink()
        os.mkfifo(root / "plain.txt")
        summary = update(corpus)
    assert (summary.articles, summary.removed) == (1, 1)
    assert summary.skipped == (Skipped("plain.txt", "not a regular file"),)


def test_an_unreadable_file_is_skipped_and_keeps_what_was_indexed(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(root, "secret.txt", article("Secret", "gazelle"))
    with Corpus(root, tmp_path / "index") as corpus:
        assert update(corpus).articles == 2
        write(root, "secret.txt", article("Secret, edited", "hyena"))
        write(root, "new.txt", article("New one", "ibis"))
        real_open = os.open

        def denied(path: str | bytes, flags: int, *args: int, **kw: int) -> int:
            if os.fsdecode(path).endswith("secret.txt"):
                raise PermissionError(13, "Permission denied", path)
            return real_open(path, flags, *args, **kw)

        monkeypatch.setattr(ingest.os, "open", denied)
        summary = update(corpus)
        monkeypatch.undo()
        assert (summary.articles, summary.added) == (3, 1)
        assert summary.skipped == (Skipped("secret.txt", "permission denied"),)
        kept = corpus.article("secret.txt")
        assert (kept.title, kept.body) == ("Secret", f"{BODY} gazelle")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_chmod_000_file_is_skipped(root: Path, tmp_path: Path) -> None:
    write(root, "secret.txt", article("Secret"))
    (root / "secret.txt").chmod(0)
    try:
        with Corpus(root, tmp_path / "index") as corpus:
            summary = update(corpus)
    finally:
        (root / "secret.txt").chmod(0o644)
    assert summary.articles == 1
    assert summary.skipped == (Skipped("secret.txt", "permission denied"),)


# --- huge files -----------------------------------------------------------------------------


def words(n: int) -> bytes:
    return b"abcd " * n


def test_a_huge_single_line_text_is_read_up_to_the_limits(root: Path) -> None:
    data = b"Huge\n\n" + words(2 * MAX_FILE_BYTES // 5)  # 16 MB, one line
    (root / "huge.txt").write_bytes(data)
    started = time.monotonic()
    read = read_file(root, "huge.txt")
    assert time.monotonic() - started < 10
    read_part = data.rfind(b" ", 0, MAX_FILE_BYTES) - len(b"Huge\n\n")
    kept = (MAX_BODY_CHARS // 5) * 5 - 1  # the last space before the limit
    assert [(a.title, len(a.body)) for a in read.articles] == [("Huge", kept)]
    assert read.articles[0].body == "abcd " * (kept // 5) + "abcd"
    assert read.skipped == (
        Skipped("huge.txt", "file is 16.0 MB: only its first 8.0 MB were read", partial=True),
        Skipped(
            "huge.txt",
            f"text cut to its first {kept:,} characters (of {read_part:,})",
            partial=True,
        ),
    )


def test_a_cut_never_splits_a_character(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 5001)  # no space in its last 4,096 bytes
    (root / "accents.txt").write_bytes(("Titre\n\n" + "é" * 3000).encode("utf-8"))
    read = read_file(root, "accents.txt")
    assert [a.body for a in read.articles] == ["é" * 2497]  # (5001 - 7) // 2 whole ones
    assert read.skipped == (
        Skipped("accents.txt", "file is 0.0 MB: only its first 0.0 MB were read", partial=True),
    )


def test_json_lines_over_the_limit_keep_their_whole_records(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "MAX_RECORDS_FILE_BYTES", 100)
    record = json.dumps({"text": "Some text of a record."}).encode() + b"\n"  # 35 bytes
    (root / "feed.jsonl").write_bytes(record * 10)
    (root / "one.json").write_bytes(b"[" + record.strip() * 10 + b"]")
    read = read_file(root, "feed.jsonl")
    assert [a.id for a in read.articles] == ["feed.jsonl#1", "feed.jsonl#2"]
    assert read.skipped == (
        Skipped(
            "feed.jsonl", "file is 0.0 MB: only its first 0.0 MB (2 lines) were read", partial=True
        ),
    )
    read = read_file(root, "one.json")
    assert read.articles == ()
    assert read.skipped == (
        Skipped("one.json", "file is 0.0 MB: a JSON file over 0.0 MB is not read (use JSON Lines)"),
    )


def test_cli_index_lists_files_read_in_part_apart_from_those_skipped(
    root: Path,
    where: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)
    (root / "long.txt").write_text("Long\n\n" + "word " * 100, encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "zz-link.txt").symlink_to("plain.txt")  # skipped by the walk, before any read
    assert main(["index", *where]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2 articles in the index (2 added,")
    assert lines[2:] == [  # by path, whether the walk or the read skipped them
        "skipped 2:",
        "  empty.txt: empty file",
        "  zz-link.txt: symbolic link to a file in the corpus (not followed)",
        "read in part 1:",
        "  long.txt: file is 0.0 MB: only its first 0.0 MB were read",
    ]


def test_a_huge_record_text_is_cut() -> None:
    body = "word " * (MAX_BODY_CHARS // 4)
    read = parse("feed.jsonl", json.dumps({"id": "x", "text": body}).encode())
    kept = MAX_BODY_CHARS - 1
    assert [(a.id, len(a.body)) for a in read.articles] == [("feed.jsonl#x", kept)]
    assert read.skipped == (
        Skipped(
            "feed.jsonl",
            f"record x: text cut to its first {kept:,} characters (of 312,500)",
            partial=True,
        ),
    )


def test_cli_index_of_a_huge_file_takes_seconds_and_stays_searchable(
    root: Path, where: list[str]
) -> None:
    filler = b"alpha beta gamma delta. " * (MAX_BODY_CHARS // 24 - 100)  # 247,584 bytes
    data = b"Huge\n\n" + filler + b"quokka " + filler + b"wombat " + filler * 40
    (root / "huge.txt").write_bytes(data)
    body = data[6 : data.rfind(b" ", 0, MAX_FILE_BYTES)].decode()
    kept = body.rfind(" ", 0, MAX_BODY_CHARS)
    started = time.monotonic()
    done = subprocess.run([*CLI, "index", *where, "--json"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 60
    summary = json.loads(done.stdout)
    assert summary["skipped"] == []  # nothing was left out whole
    assert [s["reason"] for s in summary["cut"]] == [
        "file is 9.9 MB: only its first 8.0 MB were read",
        f"text cut to its first {kept:,} characters (of {len(body):,})",
    ]
    for word, total in (("quokka", 1), ("wombat", 0)):
        found = subprocess.run(
            [*CLI, "search", word, *where, "--no-update", "--json"],
            capture_output=True,
            timeout=60,
        )
        assert json.loads(found.stdout)["total"] == total


# --- NUL bytes and binary garbage -----------------------------------------------------------


@pytest.mark.parametrize("name", ["nul.txt", "nul.html", "nul.md", "nul.json"])
def test_nul_bytes_make_a_binary_file(name: str) -> None:
    assert parse(name, b"Title\n\nText with a NUL\x00 in it.").skipped == (
        Skipped(name, "binary file"),
    )


def test_garbage_in_text_is_skipped_or_cleaned() -> None:
    garbage = bytes(range(0x80, 0x100)) * 4 + b"\x1b[2J\x9b31m"
    read = parse("garbage.txt", b"Title\n\nWords before. " + garbage + b" Words after.")
    assert read == type(read)(
        "garbage.txt", read.digest, (), (Skipped("garbage.txt", "unknown text encoding"),)
    )
    read = parse(
        "controls.txt", b"Title\n\nWords before. \x01\x02\x1b[2J\xc2\x9b31m\x7f Words after."
    )
    assert [(a.title, a.body) for a in read.articles] == [("Title", "Words before.  Words after.")]
    assert read.skipped == ()


def test_json_lines_lose_only_their_bad_lines() -> None:
    data = b"\n".join(
        [
            json.dumps({"text": "Première ligne, très bien."}, ensure_ascii=False).encode(),
            b'{"text": "binary \x00\x01\x02 junk"}',
            b'{"text": "not utf-8 \xff\xfe here"}',
            json.dumps({"text": "Dernière ligne, déjà lue."}, ensure_ascii=False).encode(),
        ]
    )
    read = parse("feed.jsonl", data)
    assert [(a.id, a.body) for a in read.articles] == [
        ("feed.jsonl#1", "Première ligne, très bien."),
        ("feed.jsonl#4", "Dernière ligne, déjà lue."),
    ]
    assert read.skipped == (
        Skipped("feed.jsonl", "line 2: binary data"),
        Skipped("feed.jsonl", "line 3: not UTF-8 text"),
    )


def test_cp1252_json_lines_are_still_read_whole() -> None:
    data = "\n".join(['{"text": "Été à Genève, déjà."}'] * 3).encode("cp1252")
    read = parse("feed.jsonl", data)
    assert [a.body for a in read.articles] == ["Été à Genève, déjà."] * 3
    assert read.skipped == ()


def test_lone_surrogates_in_json_do_not_fail_the_update(root: Path, tmp_path: Path) -> None:
    write(
        root, "feed.jsonl", '{"id": "a\\udcff", "title": "T\\ud800", "text": "Lone \\udc80 x."}\n'
    )
    with Corpus(root, tmp_path / "index") as corpus:
        assert update(corpus).articles == 2
        found = corpus.article("feed.jsonl#a\ufffd")
    assert (found.title, found.body) == ("T\ufffd", "Lone \ufffd x.")


def test_hostile_markup_takes_linear_time() -> None:
    started = time.monotonic()
    heading = parse("h.md", b"# x" + b" " * 1_000_000 + b"y\n\nBody text.")
    assert [a.title for a in heading.articles] == ["x y"]
    titles = parse("t.html", b"<html><head>" + b"<title" * 200_000 + b"</head></html>")
    assert titles.articles == ()
    assert time.monotonic() - started < 10
