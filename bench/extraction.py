"""Score entity (and date) extraction on the development sets, as ../shared/eval/README.md says.

Entities: every ``conll-dev.jsonl`` record's text goes through the rule extractor as one corpus
(corpus statistics and corpus-level unification included, as at index time); predicted
person/place/org mentions are compared with gold PER/LOC/ORG by exact span. MISC is not scored:
a prediction on a MISC span counts neither way. Precision, recall and F1 overall and per kind,
the biggest error classes (wrong kind, partial span, missed, spurious) and throughput.

Dates come from ``bench/date_eval.py`` (``score_dates``) when it is there.

Tune by error class, never on single documents: final figures are taken on held-out sets.

Usage: ``.venv/bin/python bench/extraction.py [--conll PATH] [--errors N] [--record]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_reader.index.extract.entities import CorpusStats, RuleExtractor

CONLL = "/work/shared/eval/conll-dev.jsonl"
KINDS = {"PER": "person", "LOC": "place", "ORG": "org"}
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _load(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score_entities(path: str = CONLL, examples: int = 0) -> dict[str, Any]:
    """P/R/F1 overall and per kind, error classes with counts (and examples), speed."""
    records = _load(path)
    texts = {r["id"]: r["text"] for r in records}
    extractor = RuleExtractor()  # gazetteer and aliases loaded before the clock starts
    start = time.perf_counter()
    extractor.stats = CorpusStats.from_texts(texts.values())
    predicted = extractor.extract_corpus(texts)
    seconds = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts.values())

    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    for record in records:
        gold = {(e["start"], e["end"]): e for e in record["entities"]}
        scored_gold = {span: KINDS[e["type"]] for span, e in gold.items() if e["type"] in KINDS}
        preds = [m for m in predicted[record["id"]] if m.kind in KINDS.values()]
        for kind in scored_gold.values():
            counts[f"gold:{kind}"] += 1
        matched: set[tuple[int, int]] = set()
        for m in preds:
            span = (m.start, m.end)
            g = gold.get(span)
            if g is not None and g["type"] == "MISC":
                continue
            counts[f"pred:{m.kind}"] += 1
            if scored_gold.get(span) == m.kind:
                counts[f"tp:{m.kind}"] += 1
                matched.add(span)
                continue
            overlap = [s for s in gold if s[0] < m.end and s[1] > m.start]
            if span in scored_gold:
                cls = f"wrong kind: {scored_gold[span]} as {m.kind}"
            elif overlap:
                cls = f"partial span ({m.kind})"
            else:
                cls = f"spurious {m.kind}"
            errors[cls] += 1
            _example(shown, cls, examples, f"{m.text!r} gold {[gold[s]['text'] for s in overlap]}")
        for span, kind in scored_gold.items():
            if span not in matched:
                overlapping = [m for m in preds if m.start < span[1] and m.end > span[0]]
                if not overlapping:
                    cls = f"missed {kind}"
                    errors[cls] += 1
                    _example(shown, cls, examples, repr(gold[span]["text"]))

    result: dict[str, Any] = {"records": len(records)}
    for kind in KINDS.values():
        result[kind] = _prf(counts[f"tp:{kind}"], counts[f"pred:{kind}"], counts[f"gold:{kind}"])
    total = [sum(counts[f"{p}:{k}"] for k in KINDS.values()) for p in ("tp", "pred", "gold")]
    result["overall"] = _prf(*total)
    result["errors"] = errors.most_common()
    result["examples"] = shown
    result["speed"] = {
        "seconds": seconds,
        "articles_per_s": len(records) / seconds,
        "words_per_s": words / seconds,
        "articles_600_words_per_s": words / seconds / 600,
    }
    return result


def _example(shown: dict[str, list[str]], cls: str, limit: int, text: str) -> None:
    if limit and len(shown.setdefault(cls, [])) < limit:
        shown[cls].append(text)


def _dates() -> dict[str, Any] | None:
    try:
        from date_eval import score_dates
    except ImportError:
        return None
    result: dict[str, Any] = score_dates()
    return result


def report(entities: dict[str, Any], dates: dict[str, Any] | None) -> str:
    """The figures as Markdown."""
    lines = [
        f"Entities on CoNLL-2003 dev ({entities['records']} documents), exact span, "
        "PER/LOC/ORG (MISC not scored):",
        "",
        "| kind | precision | recall | F1 |",
        "|---|---:|---:|---:|",
    ]
    for kind in ("person", "place", "org", "overall"):
        f = entities[kind]
        lines.append(f"| {kind} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} |")
    s = entities["speed"]
    lines += [
        "",
        f"Extraction speed: {s['articles_per_s']:.0f} articles/s, {s['words_per_s']:,.0f} words/s "
        f"(= {s['articles_600_words_per_s']:.0f} articles of 600 words/s, one core, corpus "
        "statistics included).",
        "",
        "Biggest error classes: "
        + "; ".join(f"{cls} {n}" for cls, n in entities["errors"][:8])
        + ".",
        "",
    ]
    if dates is None:
        lines.append("Dates: date scoring not available yet.")
    else:
        lines.append("Dates on TempEval-3 dev (DATE):")
        lines.append("")
        lines.append("| set | precision | recall | F1 | value accuracy | value F1 |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for name in ("calendar", "all"):
            d = dates.get(name)
            if d:
                lines.append(
                    f"| {name} | {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} | "
                    f"{d['value_accuracy']:.3f} | {d['value_f1']:.3f} |"
                )
        if "false_positives" in dates:
            fp = ", ".join(f"{k} {v}" for k, v in dates["false_positives"].items())
            lines += ["", f"Date predictions on non-DATE timexes: {fp}."]
        if "speed" in dates:
            lines.append(f"Date extraction: {dates['speed']['articles_per_s']:.0f} articles/s.")
    return "\n".join(lines) + "\n"


def record(text: str) -> None:
    """Append a dated section (machine, date, commit) to bench/RESULTS.md."""
    from run import git_commit, machine

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"\n## {stamp} — extraction quality\n\n- Machine: {machine()}\n- Commit: {git_commit()}\n"
        f"- Command: `bench/extraction.py --record`\n\n{text}"
    )
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conll", default=CONLL)
    parser.add_argument("--errors", type=int, default=0, help="examples per error class")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args()
    entities = score_entities(args.conll, args.errors)
    text = report(entities, _dates())
    print(text)
    for cls, n in entities["errors"]:
        print(f"{n:6d}  {cls}")
        for example in entities["examples"].get(cls, []):
            print(f"          {example}")
    if args.record:
        record(text)
        print(f"recorded in {RESULTS}")


if __name__ == "__main__":
    main()
