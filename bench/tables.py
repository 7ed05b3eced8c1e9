"""Parts of the report beyond the engine's table: the TUI and CLI figures, hit totals that differ
from the peers', and the goals of issue 6 with where we stand.

Kept apart from ``run.py`` (which runs the steps) so that each stays readable; pure functions
from the steps' data to Markdown lines.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any

from queries import QUERIES


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile, as ``run.percentile``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def app_section(tui: dict[str, Any], tui_peak_mb: float, cli: dict[str, Any]) -> list[str]:
    """The TUI's figures (Pilot, 160×48) and the CLI's whole-process times against bare."""
    keys = tui["keys"]
    settled = tui.get("keys_settled", keys)
    ours, bare = cli["ours"], cli["bare"]
    return [
        "The TUI (Pilot, 160×48, existing index; seconds from constructing the app):",
        "",
        "| figure | value |",
        "|---|---:|",
        f"| launch → first results painted (empty query) | {_ms(tui['launch_seconds'])} |",
        f"| peak RSS at that moment (VmHWM) | {tui['launch_rss_kb'] / 1024:.0f} MB |",
        f"| launch → events pane filled | {_ms(tui['events_seconds'])} |",
        f"| launch → background no-op update done | {_ms(tui['index_done_seconds'])} |",
        f"| launch → every worker finished | {_ms(tui['idle_seconds'])} |",
        f"| process peak RSS (whole session) | {tui_peak_mb:.0f} MB |",
        f"| keystroke → results painted, p50 / p95 over {len(keys)} keys | "
        f"{_ms(pct(keys, 50))} / {_ms(pct(keys, 95))} |",
        f"| keystroke → app settled (every follow-up frame), p50 / p95 | "
        f"{_ms(pct(settled, 50))} / {_ms(pct(settled, 95))} |",
        f"| events pane: 'a' (every event) → painted | {_ms(tui['all_events_seconds'])} |",
        f"| events pane: rows (events + date headers) | {tui['event_rows']:,} |",
        f"| events pane: 'end' / 'home' → row painted | {_ms(tui['end_seconds'])} / "
        f"{_ms(tui['home_seconds'])} |",
        f"| events pane: 'end' / 'home' → app settled | "
        f"{_ms(tui.get('end_settled_seconds', tui['end_seconds']))} / "
        f"{_ms(tui.get('home_settled_seconds', tui['home_seconds']))} |",
        "",
        "Keystrokes, painted, ms: " + ", ".join(f"{k * 1000:.0f}" for k in keys) + "; "
        "settled: " + ", ".join(f"{k * 1000:.0f}" for k in settled) + ".",
        "",
        f"CLI, whole process (median of runs per query, median over {len(ours)} queries): "
        f"`corpus-reader search Q --json --no-update` {_ms(statistics.median(ours))}, "
        f"bare-Whoosh script {_ms(statistics.median(bare))}, ratio "
        f"{statistics.median(ours) / statistics.median(bare):.2f}.",
        "",
    ]


def differing_totals(ours: dict[str, Any], peers: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """One note per peer listing the queries whose hit totals (by score) differ from ours."""
    notes = []
    for title, data in peers:
        differ = [
            f"`{q.ours}` {o['total']} vs {p['total']}"
            for q, o, p in zip(
                QUERIES, ours["timings"]["score"], data["timings"]["score"], strict=True
            )
            if o["total"] != p["total"]
        ]
        if differ:
            notes.append(
                f"- Hit totals (by score) that differ from {title}, ours vs theirs "
                f"({len(differ)} of {len(QUERIES)}): " + ", ".join(differ) + "."
            )
    return notes


@dataclass(frozen=True)
class Goal:
    """One goal of issue 6: its wording, how a size's figures give a value, and the bar."""

    text: str
    key: str
    limit: float
    unit: str


GOALS = (
    Goal("cold build with extraction ≤ 10 min (at 100k)", "cold", 600, "s"),
    Goal("cold build ≤ 1.5× bare Whoosh", "cold_ratio", 1.5, "×"),
    Goal("no-op update ≤ 3 s (at 100k)", "noop", 3, "s"),
    Goal("300 changed files ≤ 10 s", "update", 10, "s"),
    Goal("query p95 with 20 snippets ≤ 50 ms (by score)", "p95_score", 0.05, "ms"),
    Goal("query p95 with 20 snippets ≤ 50 ms (by date)", "p95_date", 0.05, "ms"),
    Goal("keystroke → results painted p95 ≤ 100 ms", "key_p95", 0.1, "ms"),
    Goal("TUI start with an existing index ≤ 1 s", "launch", 1, "s"),
    Goal("TUI RSS ≤ 400 MB (at first results)", "launch_rss", 400, "MB"),
    Goal("TUI RSS ≤ 400 MB (whole session)", "tui_rss", 400, "MB"),
    Goal("events pane scrolls without lag: 'end' → painted ≤ 100 ms", "events_end", 0.1, "ms"),
    Goal("CLI `search --json` ≤ 1.5× a bare-Whoosh process", "cli_ratio", 1.5, "×"),
)


def goal_figures(steps: dict[str, Any], search: dict[str, list[float]]) -> dict[str, float]:
    """The value of each goal's figure at one size; ``steps`` maps names to step results."""
    tui, cli = steps["tui"].data, steps["cli"].data
    return {
        "cold": steps["cold"].data["seconds"],
        "cold_ratio": steps["cold"].data["seconds"] / steps["bare-build"].data["seconds"],
        "noop": steps["noop"].data["seconds"],
        "update": steps["update"].data["seconds"],
        "p95_score": pct(search["score"], 95),
        "p95_date": pct(search["date"], 95),
        "key_p95": pct(tui["keys"], 95),
        "launch": tui["launch_seconds"],
        "launch_rss": tui["launch_rss_kb"] / 1024,
        "tui_rss": steps["tui"].maxrss_mb,
        "events_end": tui["end_seconds"],
        "cli_ratio": statistics.median(cli["ours"]) / statistics.median(cli["bare"]),
    }


def _fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f} s"


def goals_table(by_size: dict[int, dict[str, float]]) -> list[str]:
    """ "goal | 10k | 100k | met?", judged on the largest size run (the goals are for 100k)."""
    sizes = (10_000, 100_000, *sorted(s for s in by_size if s not in (10_000, 100_000)))
    largest = max(by_size)
    lines = [
        "| goal | " + " | ".join(f"{s // 1000}k" for s in sizes) + " | met? |",
        "|---|" + "---:|" * len(sizes) + "---|",
    ]
    for goal in GOALS:
        cells = [
            _fmt(by_size[s][goal.key], goal.unit) if s in by_size else "not run" for s in sizes
        ]
        met = by_size[largest][goal.key] <= goal.limit
        verdict = ("yes" if met else "no") + ("" if largest >= 100_000 else f" (at {largest:,})")
        lines.append(f"| {goal.text} | " + " | ".join(cells) + f" | {verdict} |")
    return lines
