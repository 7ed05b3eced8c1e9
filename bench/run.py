"""Benchmark the engine against bare Whoosh on generated corpora, and record the figures.

For each size: make (or reuse) a corpus with ``make_corpus``, copy it into a scratch folder,
then, each step in a fresh process (see ``steps.py``): a cold build with our engine, a no-op
update, ~50 queries sorted by score and by date, a bare Whoosh build and the same queries with
bare Whoosh, and last an incremental update after touching, editing, adding and removing files.
Same machine, same run, same files, same queries: the ratios compare like with like.

Usage: ``.venv/bin/python bench/run.py [--sizes 10000,100000] [--out bench/RESULTS.md] [--keep]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import make_corpus
import tables
from queries import QUERIES

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
STEPS = BENCH / "steps.py"
DEFAULT_WORK = Path(tempfile.gettempdir()) / "corpus-reader-bench"
SORTS = ("score", "date")
RESULTS_INTRO = (
    "Appended by `bench/run.py`, one dated section per run; `bench/README.md` says what each "
    "figure means.\n\n"
)
TOUCHED, EDITED, ADDED, REMOVED = 50, 50, 100, 100
TYPED_WORD = "petroleum"
"""Typed into the TUI's search box letter by letter, each keystroke timed."""
CLI_STRIDE, CLI_REPEATS = 6, 3
"""Whole-process CLI timings are slow (an interpreter start each): a few queries suffice."""


@dataclass(frozen=True)
class StepResult:
    """What one step process reported, plus what the parent saw of it."""

    data: dict[str, Any]
    wall: float
    maxrss_mb: float


def run_step(step: str, args: dict[str, Any], scratch: Path) -> StepResult:
    """Run one step in a fresh interpreter; its peak RSS comes from ``wait4``, its own only."""
    args_path, result_path = scratch / f"{step}.args.json", scratch / f"{step}.result.json"
    args_path.write_text(json.dumps(args), "utf-8")
    result_path.unlink(missing_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(STEPS), step, str(args_path), str(result_path)], cwd=REPO
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"step {step} failed with exit code {proc.returncode}")
    data = json.loads(result_path.read_text("utf-8"))
    return StepResult(data, wall, usage.ru_maxrss / 1024)


def folder_bytes(path: Path) -> int:
    """Bytes of all files under ``path`` (apparent size, as ``du --apparent-size``)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_bytes(path: Path) -> int:
    """Size of an index: a folder's files, or one database file."""
    return path.stat().st_size if path.is_file() else folder_bytes(path)


def ensure_corpus(
    size: int, seed: int, work: Path, sources: list[make_corpus.Source]
) -> tuple[Path, str, bool]:
    """The cached corpus for (size, seed), made if missing; a stamp file marks it complete."""
    corpus = work / f"corpus-{size}-seed{seed}"
    stamp = work / f"corpus-{size}-seed{seed}.done"
    if stamp.exists() and corpus.is_dir():
        return corpus, stamp.read_text("utf-8").strip() + " (made earlier, reused)", False
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    line = make_corpus.write_corpus(sources, size, corpus, seed).line(corpus, seed)
    stamp.write_text(line + "\n", "utf-8")
    return corpus, line, True


def mutate(corpus: Path, size: int, seed: int, sources: list[make_corpus.Source]) -> str:
    """Touch, edit and remove existing files and add new ones, chosen by the seed."""
    files = sorted(corpus.rglob("*.txt"))
    picked = random.Random(f"mutate:{seed}").sample(files, TOUCHED + EDITED + REMOVED)
    now = time.time_ns()
    for path in picked[:TOUCHED]:
        os.utime(path, ns=(now, now))
    for path in picked[TOUCHED : TOUCHED + EDITED]:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("\nThis story has been updated with a correction.\n")
    for path in picked[TOUCHED + EDITED :]:
        path.unlink()
    for rel, text in make_corpus.generate(sources, ADDED, seed, start=size):
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        (corpus / rel).write_text(text, "utf-8")
    return f"{TOUCHED} touched, {EDITED} edited, {ADDED} added, {REMOVED} removed"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was measured, not an interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def samples(timings: dict[str, Any], sort: str, kind: str | None = None) -> list[float]:
    """All timed runs (seconds) for one sort order, optionally of one kind of query."""
    return [
        s
        for q, row in zip(QUERIES, timings[sort], strict=True)
        if kind is None or q.kind == kind
        for s in row["s"]
    ]


def machine() -> str:
    """CPU model and count, memory, Python and Whoosh versions: what the figures depend on."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{mem_kb / 1024**2:.1f} GiB RAM"
    except (OSError, StopIteration):
        memory = "memory unknown"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{model}, nproc {cpus}, {memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; whoosh-reloaded {metadata.version('whoosh-reloaded')}"
    )


def engine_origin() -> str:
    """Where ``corpus_reader`` is imported from: the checkout, or a tree on PYTHONPATH."""
    spec = importlib.util.find_spec("corpus_reader.index")
    origin = spec.origin if spec and spec.origin else "nowhere"
    return f"`{Path(origin).parent}`"


def git_commit() -> str:
    """The short commit, noting uncommitted changes; "uncommitted" when there is no commit."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        )
        if head.returncode != 0:
            return "uncommitted"
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        return head.stdout.strip() + (" + uncommitted changes" if dirty else "")
    except OSError:
        return "uncommitted"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _mb1(value: float) -> str:
    return f"{value:.1f} MB"


def _ratio(ours: float, bare: float) -> str:
    return f"{ours / bare:.2f}" if bare > 0 else "—"


def _row(label: str, ours: float, bare: float | None, fmt: Callable[[float], str]) -> str:
    """A table row: our figure, the peer's, and their ratio (ours / bare)."""
    if bare is None:
        return f"| {label} | {fmt(ours)} | — | |"
    return f"| {label} | {fmt(ours)} | {fmt(bare)} | {_ratio(ours, bare)} |"


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


PEERS = (("bare", "bare Whoosh"), ("fts5", "FTS5"), ("tantivy", "tantivy"))
"""Each peer's step-name prefix and its column title."""


def _peer_row(
    label: str, ours: float | None, peers: list[float | None], fmt: Callable[[float], str]
) -> str:
    """A row of ours, each peer's figure, and each ratio ours / peer."""
    cells = [fmt(ours) if ours is not None else "—"]
    cells += [fmt(v) if v is not None else "—" for v in peers]
    cells += [_ratio(ours, v) if ours is not None and v is not None else "" for v in peers]
    return f"| {label} | " + " | ".join(cells) + " |"


def report(size: int, corpus_line: str, steps: dict[str, StepResult], extra: dict[str, Any]) -> str:
    """One size's section of RESULTS.md, in Markdown."""
    cold, search = steps["cold"], steps["search"]
    builds = [steps[f"{p}-build"] for p, _t in PEERS]
    searches = [steps[f"{p}-search"] for p, _t in PEERS]
    heads = [t for _p, t in PEERS]
    lines = [
        f"### {size:,} articles",
        "",
        f"Corpus: {corpus_line}.",
        "",
        "| figure | ours | "
        + " | ".join(heads)
        + " | "
        + " | ".join(f"ours / {t}" for t in heads)
        + " |",
        "|---|" + "---:|" * (1 + 2 * len(heads)),
        _peer_row("cold build", cold.data["seconds"], [b.data["seconds"] for b in builds], _s),
        _peer_row(
            "build: articles per second",
            size / cold.data["seconds"],
            [size / b.data["seconds"] for b in builds],
            lambda v: f"{v:.0f}",
        ),
        _peer_row("build peak RSS", cold.maxrss_mb, [b.maxrss_mb for b in builds], _mb),
        _peer_row(
            "index size on disk",
            extra["ours_bytes"] / 1e6,
            [extra[f"{p}_bytes"] / 1e6 for p, _t in PEERS],
            _mb1,
        ),
        _peer_row("no-op update", steps["noop"].data["seconds"], [None] * len(PEERS), _s),
        _peer_row(
            f"update ({extra['mutation']})",
            steps["update"].data["seconds"],
            [None] * len(PEERS),
            _s,
        ),
        _peer_row(
            "open + first query",
            search.data["first_seconds"],
            [s.data["first_seconds"] for s in searches],
            _ms,
        ),
    ]
    for sort in SORTS:
        for pct in (50, 95):
            lines.append(
                _peer_row(
                    f"query p{pct}, by {sort}",
                    percentile(samples(search.data["timings"], sort), pct),
                    [percentile(samples(s.data["timings"], sort), pct) for s in searches],
                    _ms,
                )
            )
    lines.append(
        _peer_row("search process peak RSS", search.maxrss_mb, [s.maxrss_mb for s in searches], _mb)
    )
    lines += [
        "",
        "Query latency by kind of query, p50 / p95, by score (by date in the second table):",
        "",
    ]
    for sort in SORTS:
        lines += [
            f"| kind (by {sort}) | n | ours | " + " | ".join(heads) + " |",
            "|---|---:|---|" + "---|" * len(heads),
        ]
        for kind in dict.fromkeys(q.kind for q in QUERIES):
            cells = [
                f"{_ms(percentile(times, 50))} / {_ms(percentile(times, 95))}"
                for times in [
                    samples(step.data["timings"], sort, kind) for step in [search, *searches]
                ]
            ]
            count = sum(1 for q in QUERIES if q.kind == kind)
            lines.append(f"| {kind} | {count} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += tables.app_section(steps["tui"].data, steps["tui"].maxrss_mb, steps["cli"].data)
    lines += ["", *checks(size, steps, extra)]
    return "\n".join(lines) + "\n"


def checks(size: int, steps: dict[str, StepResult], extra: dict[str, Any]) -> list[str]:
    """What the engine reported against what was done: counts, skips, and differing totals."""
    cold, noop, upd = steps["cold"].data, steps["noop"].data, steps["update"].data
    notes = [
        f"- Cold build: {cold['articles']:,} articles ({cold['indexed']:,} in the index), "
        f"{cold['skipped_count']} skipped, rebuilt={cold['rebuilt']}.",
        f"- No-op update: added {noop['added']}, updated {noop['updated']}, "
        f"removed {noop['removed']}, rebuilt={noop['rebuilt']}.",
        f"- Update after {extra['mutation']}: added {upd['added']}, updated {upd['updated']}, "
        f"removed {upd['removed']}, rebuilt={upd['rebuilt']}, {upd['indexed']:,} in the index "
        f"(expected added {ADDED}, updated {EDITED}, removed {REMOVED}, "
        f"{size + ADDED - REMOVED:,} in the index).",
    ]
    for name in ("cold", "noop", "update"):
        data = steps[name].data
        if data["skipped"]:
            notes.append(f"- Skipped in {name}: " + "; ".join(data["skipped"][:5]))
        if data["notice"]:
            notes.append(f"- Notice in {name}: {data['notice']}")
    notes += tables.differing_totals(
        steps["search"].data, [(t, steps[f"{p}-search"].data) for p, t in PEERS]
    )
    unmarked = [
        f"`{ours}` {row['page'] - row['marked']} of {row['page']}"
        for ours, row in zip(
            (q.ours for q in QUERIES), steps["search"].data["timings"]["score"], strict=True
        )
        if row["page"] and row["marked"] < row["page"]
    ]
    if unmarked:
        notes.append(
            "- Hits whose snippet marks no word (fine when the hit matched on its title only): "
            + ", ".join(unmarked)
            + "."
        )
    for text, notice in steps["search"].data["notices"].items():
        notes.append(f"- Notice for `{text}`: {notice}")
    return notes


def bench_size(
    size: int, args: argparse.Namespace, sources: list[make_corpus.Source], created: list[Path]
) -> str:
    """All steps for one size; returns the report section, and lists in ``created`` what it made."""
    cached, corpus_line, made = ensure_corpus(size, args.seed, args.work, sources)
    if made:
        created += [cached, cached.with_suffix(".done")]
    print(corpus_line, flush=True)
    scratch = args.work / f"run-{size}-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    created.append(scratch)
    corpus, ours_ix = scratch / "corpus", scratch / "index"
    shutil.copytree(cached, corpus)
    ours = {"corpus": str(corpus), "index": str(ours_ix)}
    queries = {"sorts": list(SORTS), "repeats": args.repeats}
    steps: dict[str, StepResult] = {}
    peer_queries = {**queries, "queries": [q.peer for q in QUERIES]}
    ours_queries = [[q.ours, q.partial] for q in QUERIES]
    indexes = {p: scratch / f"{p}-index" for p, _t in PEERS}
    indexes["fts5"] = scratch / "fts5.db"
    plan: list[tuple[str, str, dict[str, Any]]] = [
        ("cold", "update", ours),
        ("noop", "update", ours),
        ("search", "search", {**ours, **queries, "queries": ours_queries}),
        ("tui", "tui", {**ours, "word": TYPED_WORD}),
    ]
    for peer, _title in PEERS:
        peer_ix = {"corpus": str(corpus), "index": str(indexes[peer])}
        plan += [
            (f"{peer}-build", f"{peer}-build", peer_ix),
            (f"{peer}-search", f"{peer}-search", {**peer_ix, **peer_queries}),
        ]
    cli = {**ours, "bare_index": str(indexes["bare"]), "repeats": CLI_REPEATS}
    cli["queries"] = [[q.ours, q.peer] for q in QUERIES[::CLI_STRIDE] if not q.partial]
    plan.append(("cli", "cli-search", cli))
    for name, step, step_args in plan:
        steps[name] = run_step(step, step_args, scratch)
        print(
            f"  {name}: {steps[name].wall:.1f} s wall, {steps[name].maxrss_mb:.0f} MB", flush=True
        )
    extra: dict[str, Any] = {
        "ours_bytes": folder_bytes(ours_ix),
        **{f"{p}_bytes": index_bytes(indexes[p]) for p, _t in PEERS},
        "mutation": mutate(corpus, size, args.seed, sources),
    }
    steps["update"] = run_step("update", ours, scratch)
    print(f"  update: {steps['update'].wall:.1f} s wall", flush=True)
    timings = steps["search"].data["timings"]
    figures = tables.goal_figures(steps, {s: samples(timings, s) for s in SORTS})
    return report(size, corpus_line, steps, extra), figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--source", type=Path, default=make_corpus.DEFAULT_SOURCE)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="scratch and cache folder")
    parser.add_argument("--keep", action="store_true", help="keep corpora and indexes in --work")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="'-': print only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    when = datetime.now().astimezone()
    load_before = os.getloadavg()[0]
    sources = make_corpus.load_sources(args.source)
    sections: list[str] = []
    goals: dict[int, dict[str, float]] = {}
    created: list[Path] = []
    try:
        for size in sizes:
            section, goals[size] = bench_size(size, args, sources, created)
            sections.append(section)
    finally:
        if not args.keep:
            for path in created:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
    took = time.perf_counter() - started
    command = "bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = "\n".join(
        [
            f"## {when:%Y-%m-%d %H:%M %Z} — sizes {', '.join(f'{s:,}' for s in sizes)}",
            "",
            f"- Machine: {machine()}",
            f"- Commit: {git_commit()}; engine and TUI imported from {engine_origin()}",
            f"- Command: `{command.strip()}`; the whole run took {took:.0f} s "
            f"({args.repeats} timed runs of each of {len(QUERIES)} queries per sort order, "
            "after one warm-up).",
            f"- Load average (1 min) at start / end: {load_before:.2f} / {os.getloadavg()[0]:.2f} "
            f"on {os.cpu_count()} CPUs (other work on the machine slows both sides).",
            "",
            "Goals of issue 6 (judged at the largest size run; the 100k goals are for 100k):",
            "",
            *tables.goals_table(goals),
            "",
            *sections,
        ]
    )
    print("\n" + text)
    if str(args.out) != "-":
        exists = args.out.exists() and args.out.stat().st_size > 0
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write("\n" + text if exists else "# Benchmark results\n\n" + RESULTS_INTRO + text)
        print(f"appended to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
