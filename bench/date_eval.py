"""Score the date extractor on TempEval-3 (TimeBank + AQUAINT) as ../shared/eval/README.md says.

Each record's text goes through :func:`corpus_reader.index.extract.dates.extract_events` with the
record's ``dct`` as anchor. A predicted event matches a gold DATE timex whose span overlaps it
(relaxed match, each gold timex matched once); value accuracy is the share of matched events
whose ``date`` equals the gold ``value``; the headline is value F1 = relaxed F1 × value accuracy.

Two figures are given. ``calendar`` scores against the gold DATE timexes whose value is a
calendar value the data model can hold (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY-Www``);
a prediction overlapping only another DATE (``PRESENT_REF``, ``1998-Q1``, ``1998-SU``) is left
out of precision. ``all`` scores against every DATE timex. Predictions overlapping TIME,
DURATION or SET timexes are counted apart: they are the false positives that matter.

Usage: ``python bench/date_eval.py [PATH] [--errors N]``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from datetime import date
from typing import Any

from corpus_reader.index.extract.dates import extract_events

__all__ = ["score_dates"]

DEFAULT_PATH = "/work/shared/eval/tbaq-dev.jsonl"
_CALENDAR = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d)?$")


def _load(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_dates(path: str = DEFAULT_PATH, errors: int = 0) -> dict[str, Any]:
    """Relaxed P/R/F1, value accuracy and value F1 for DATE, false positives by type, speed.

    With ``errors`` > 0 the result also holds up to that many examples per error class
    (``missed``, ``spurious``, ``wrong_value``) under ``"errors"``.
    """
    records = _load(path)
    anchors = [date.fromisoformat(r["dct"][:10]) for r in records]
    start = time.perf_counter()
    predictions = [extract_events(r["text"], a) for r, a in zip(records, anchors, strict=True)]
    seconds = time.perf_counter() - start
    words = sum(len(r["text"].split()) for r in records)

    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {"missed": [], "spurious": [], "wrong_value": []}
    for record, events in zip(records, predictions, strict=True):
        timexes = record["timexes"]
        dates = [t for t in timexes if t["type"] == "DATE"]
        calendar = [t for t in dates if _CALENDAR.match(t["value"])]
        counts["gold_date"] += len(dates)
        counts["gold_calendar"] += len(calendar)
        used: set[int] = set()
        for e in events:
            counts["pred"] += 1
            hits = [t for t in timexes if t["start"] < e.end and t["end"] > e.start]
            date_hits = [t for t in hits if t["type"] == "DATE" and id(t) not in used]
            if not hits:
                counts["spurious"] += 1
                examples["spurious"].append(f"{e.expression!r} -> {e.date} | {e.sentence[:90]}")
                continue
            if not date_hits:
                counts[f"fp_{hits[0]['type']}"] += 1
                continue
            gold = next((t for t in date_hits if _CALENDAR.match(t["value"])), date_hits[0])
            used.add(id(gold))
            counts["match_date"] += 1
            good = e.date == gold["value"]
            counts["value_ok_date"] += good
            if _CALENDAR.match(gold["value"]):
                counts["match_calendar"] += 1
                counts["value_ok_calendar"] += good
                if not good:
                    examples["wrong_value"].append(
                        f"{e.expression!r} -> {e.date} gold {gold['text']!r} {gold['value']} "
                        f"dct {record['dct']} | {e.sentence[:80]}"
                    )
            else:
                counts["other_date"] += 1
        for t in calendar:
            if id(t) not in used:
                examples["missed"].append(f"{t['text']!r} {t['value']} dct {record['dct']}")

    result: dict[str, Any] = {"records": len(records), "counts": dict(counts)}
    n_pred = counts["pred"]
    for name, n_gold, extra in (
        ("calendar", counts["gold_calendar"], counts["other_date"]),
        ("all", counts["gold_date"], 0),
    ):
        tp = counts["match_date"] - extra if name == "calendar" else counts["match_date"]
        ok = counts["value_ok_calendar"] if name == "calendar" else counts["value_ok_date"]
        p, r, f1 = _prf(tp, n_pred - extra, tp, n_gold)
        accuracy = ok / tp if tp else 0.0
        result[name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "value_accuracy": round(accuracy, 4),
            "value_f1": round(f1 * accuracy, 4),
        }
    result["false_positives"] = {k: counts[f"fp_{k}"] for k in ("TIME", "DURATION", "SET")} | {
        "none": counts["spurious"]
    }
    result["speed"] = {
        "seconds": round(seconds, 4),
        "articles_per_s": round(len(records) / seconds, 1),
        "words_per_s": round(words / seconds),
        "articles_600_words_per_s": round(words / seconds / 600, 1),
    }
    if errors:
        result["errors"] = {k: v[:errors] for k, v in examples.items()}
        result["error_counts"] = {k: len(v) for k, v in examples.items()}
    return result


def main() -> None:
    """Print the figures (and error classes with ``--errors N``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=DEFAULT_PATH)
    parser.add_argument("--errors", type=int, default=0, help="examples per error class")
    args = parser.parse_args()
    result = score_dates(args.path, args.errors)
    errors = result.pop("errors", None)
    print(json.dumps(result, indent=2))
    for kind, lines in (errors or {}).items():
        print(f"\n## {kind}")
        for line in lines:
            print("  " + line)


if __name__ == "__main__":
    main()
