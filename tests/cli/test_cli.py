"""The headless commands: the JSON they promise, readable text, one-line errors with status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from corpus_reader.tui.cli import main

S000 = "000_97abde8a9f432db6.txt"
S002 = "002_dc3610e44bff4c5d.txt"
S003 = "003_7b698886cd674502.txt"
S004 = "004_65e64c825baad34a.txt"


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def where(seeds_copy: Path, tmp_path: Path) -> list[str]:
    return ["--corpus", str(seeds_copy), "--index", str(tmp_path / "index")]


def test_index_json(capsys: pytest.CaptureFixture[str], where: list[str], seeds_copy: Path) -> None:
    (seeds_copy / "empty.txt").write_bytes(b"")
    out = run_json(capsys, "index", *where, "--json")
    assert set(out) == {"articles", "added", "updated", "removed", "skipped", "cut", "seconds"}
    assert (out["articles"], out["added"], out["updated"], out["removed"]) == (5, 5, 0, 0)
    assert out["skipped"] == [{"path": "empty.txt", "reason": "empty file"}]
    again = run_json(capsys, "index", *where, "--json")
    assert (again["articles"], again["added"]) == (5, 0)
    rebuilt = run_json(capsys, "index", *where, "--json", "--rebuild")
    assert (rebuilt["articles"], rebuilt["added"]) == (5, 5)


def test_search_json(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    out = run_json(capsys, "search", "de-escalation", *where, "--json")
    assert set(out) == {"query", "total", "hits"}
    assert out["query"] == "de-escalation" and out["total"] == 2
    assert {h["id"] for h in out["hits"]} == {S002, S004}
    hit = out["hits"][0]
    assert set(hit) == {"id", "title", "date", "source", "url", "score", "snippet"}
    assert set(hit["snippet"]) == {"text", "highlights"}
    for start, end in hit["snippet"]["highlights"]:
        assert hit["snippet"]["text"][start:end].lower() == "de-escalation"


def test_search_flags(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    out = run_json(capsys, "search", "Macron", *where, "--json", "--sort", "date", "--limit", "2")
    assert out["total"] == 5 and len(out["hits"]) == 2
    assert [(h["id"], h["date"]) for h in out["hits"]] == [
        (S003, "2022-03-28"),
        (S000, "2022-03-07"),
    ]
    dated = run_json(capsys, "search", "Macron", *where, "--json", "--from", "2022-03-07")
    assert {h["id"] for h in dated["hits"]} == {S000, S003}
    early = run_json(capsys, "search", "Macron", *where, "--json", "--to", "2022-03-06")
    assert early["total"] == 3 and S000 not in {h["id"] for h in early["hits"]}


def test_show_json_by_prefix(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    out = run_json(capsys, "show", "000", *where, "--json")
    assert set(out) == {
        *("id", "title", "date", "date_source", "source", "url", "body"),
        *("mentions", "events", "links"),
    }
    assert out["id"] == S000
    assert out["date"] == "2022-03-07" and out["date_source"] == "header"
    assert out["source"] == "sputniknews.com"
    assert out["title"].startswith("'We Are Not at War': French FM Says")
    assert out["body"].startswith("PARIS (Sputnik) - It is necessary")


def test_show_json_links(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    out = run_json(capsys, "show", "002", *where, "--json")
    first = out["links"][0]
    assert set(first) == {"id", "title", "score", "reasons"}
    assert first["id"] == S004 and first["title"].startswith("Macron and Putin agree")
    assert "same event 2022-01-28" in first["reasons"]
    assert any(r.startswith("shared: ") for r in first["reasons"])
    assert {e["group"] for e in out["events"] if e["date"] == "2022-01-28"} == {1, None}


def test_events_groups_json(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    out = run_json(capsys, "events", "--groups", *where, "--json")
    assert [(g["group"], g["date"], g["granularity"], g["articles"]) for g in out["groups"]] == [
        (1, "2022-01-28", "day", [S002, S004]),
        (2, "2022-02-24", "day", [S000, S003]),
    ]
    assert set(out["groups"][0]) == {"group", "date", "granularity", "articles", "events"} | {
        "other_dates"
    }
    events = run_json(capsys, "events", *where, "--json")["events"]
    grouped = {(e["article"], e["date"]): e["group"] for e in events if e["group"] is not None}
    assert grouped == {
        (S002, "2022-01-28"): 1,
        (S004, "2022-01-28"): 1,
        (S000, "2022-02-24"): 2,
        (S003, "2022-02-24"): 2,
    }


def test_text_output(capsys: pytest.CaptureFixture[str], where: list[str]) -> None:
    assert main(["search", '"Le Drian"', *where]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 articles match '\"Le Drian\"'")
    assert S000 in out and S002 in out
    assert main(["show", "002", *where]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Putin and Macron agree on the need")
    assert "\nLinked articles:\n  0." in shown and "same event 2022-01-28; shared: " in shown
    assert main(["events", "--groups", *where]) == 0
    assert capsys.readouterr().out.startswith("group 1  2022-01-28  2 articles\n    002_")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "999"], "no article with id '999'"),
        (["show", "00"], "is ambiguous"),
        (["search", "x", "--from", "March"], "not a date"),
        (["search", "x", "--sort", "random"], "invalid choice"),
        (["index", "--bogus"], "unrecognized arguments"),
    ],
)
def test_errors_are_one_line_with_status_2(
    capsys: pytest.CaptureFixture[str], where: list[str], argv: list[str], message: str
) -> None:
    assert main([*argv, *where]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("corpus-reader: error: ")
    assert message in err


def test_missing_corpus_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["search", "x", "--corpus", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main([str(tmp_path / "nowhere")]) == 2  # the TUI too, before any screen opens


def test_headless_commands_do_not_import_textual(seeds_copy: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from corpus_reader.tui.cli import main; "
        f"rc = main(['search', 'Macron', '--corpus', {str(seeds_copy)!r}, "
        f"'--index', {str(tmp_path / 'ix')!r}, '--json']); "
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules, 'textual imported'; "
        "sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == 5


def test_a_search_of_an_existing_index_imports_no_extraction(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Extraction and relating are an update's: a search process starts without them."""
    index = str(tmp_path / "ix")
    assert main(["index", "--corpus", str(seeds_copy), "--index", index, "--json"]) == 0
    code = (
        "import sys; from corpus_reader.tui.cli import main; "
        f"rc = main(['search', 'Macron', '--corpus', {str(seeds_copy)!r}, "
        f"'--index', {index!r}, '--json', '--no-update']); "
        "heavy = [m for m in ('analysis', 'entities', 'event_groups', 'links', 'ingest') "
        "if 'corpus_reader.index.' + m in sys.modules]; "
        "assert not heavy, heavy; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == 5


def test_text_output_escapes_bidi_marks_and_invisible_characters(
    capsys: pytest.CaptureFixture[str], seeds_copy: Path, tmp_path: Path
) -> None:
    (seeds_copy / "hidden.txt").write_text(
        "Hidden\u200e marks\n\nPara one with \u200fmarks\u061c and zero\u200bwidth\u2060"
        "\ufeff here about Berlin.\n\nA second paragraph.\n"
    )
    where = ["--corpus", str(seeds_copy), "--index", str(tmp_path / "index")]
    assert main(["index", *where]) == 0
    capsys.readouterr()
    assert main(["show", "hidden.txt", *where]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\u200e\u200f\u061c\u200b\u2060\ufeff")
    assert "Hidden\\u200e marks" in out
    assert "zero\\u200bwidth\\u2060\\ufeff here" in out
    assert "\n\nA second paragraph." in out  # the body keeps its lines
    assert main(["search", "Berlin", *where]) == 0
    out = capsys.readouterr().out
    assert "zero\\u200bwidth" in out and "\u200b" not in out
