"""Build a benchmark corpus of N news articles as ``.txt`` files, recombined from Reuters-21578.

Reuters articles are short (about 1 KB) and all from 1987; today's web news is 2-4 KB and spread
over years. So each generated article takes one Reuters article as its main story, adds
paragraphs of a few others until it reaches 2-4 KB, and gets a shifted date, a news host, a URL
and a file name of its own. Files follow the ``seeds/`` layout::

    date YYYY-MM-DD https://<host>/<year>/<slug>-<n>

    Title

    Paragraph one.

    Paragraph two.

Article ``i`` depends only on the seed and ``i`` (one random generator per article), so a
corpus is reproducible and ``generate(..., start=N)`` makes more articles that fit it (the
benchmark's "added files"). The index number is in the URL, so no two files are identical.
Usage: ``make_corpus.py N OUT [--seed S] [--source PATH]``. The data is read from
``../shared/corpora`` and never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"

FILES_PER_FOLDER = 1000
MIN_BYTES = 2048
MAX_BYTES = 4096
FIRST_YEAR = 2019
YEARS = 6
"""Dates are moved from 1987 into FIRST_YEAR .. FIRST_YEAR + YEARS - 1."""

HOSTS = (
    "www.worldnewswire.com",
    "www.dailyledger.net",
    "news.marketcourier.com",
    "www.globalbusinesspost.com",
    "www.theeveningherald.co.uk",
    "www.tradejournal.org",
    "www.capitaltimes-online.com",
    "www.economicreview.net",
    "www.atlanticdispatch.com",
    "www.pacificobserver.com.au",
    "www.commoditiesweekly.com",
    "www.metropolitanstar.ca",
)

_TITLE_PREFIXES = ("UPDATE 1-", "UPDATE 2-", "Analysis: ", "Factbox: ", "Exclusive: ")
_TITLE_SUFFIXES = (" - sources", " (corrected)", ", report says", " - statement")
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to")
)
_ACRONYMS = frozenset(
    [
        *("US", "UK", "EC", "EEC", "OPEC", "GATT", "IMF", "USDA", "FED", "NYSE", "NASDAQ"),
        *("SEC", "FCC", "FDA", "CEO", "GNP", "GDP", "UN", "NATO", "ICO", "ICCO", "LME", "ECU"),
        *("BP", "IBM", "GM", "GE", "ITT", "CBT", "CME", "OTC", "EMS", "FOB", "CIF"),
    ]
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]+")
_TRAILER = re.compile(r"\s*\bREUTER\b\s*$", re.IGNORECASE)
_SLUG_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Source:
    """One Reuters article, ready to recombine: all paragraphs, and those that read as prose."""

    title: str
    day: date
    paragraphs: tuple[str, ...]
    prose: tuple[str, ...]


def title_case(upper: str) -> str:
    """Reuters titles are in capitals; news sites use title case. Keep acronyms and tickers."""
    words = []
    for n, word in enumerate(upper.split()):
        bare = word.strip("()<>,.:;'\"")
        keep = bare in _ACRONYMS or any(c.isdigit() or c in ".&/" for c in word)
        if keep or word.startswith("<"):
            words.append(word)
        elif n > 0 and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)


def load_sources(path: Path) -> list[Source]:
    """Read the JSON lines; split bodies at the wire's indented lines and unwrap each paragraph."""
    sources = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = _TRAILER.sub("", row["text"])
            paragraphs = tuple(
                p for p in (" ".join(chunk.split()) for chunk in _PARAGRAPH_BREAK.split(text)) if p
            )
            if not paragraphs or not row.get("title"):
                continue
            prose = tuple(
                p for p in paragraphs if 80 <= len(p) <= 1200 and p.endswith((".", '"', "'"))
            )
            sources.append(
                Source(
                    title=title_case(" ".join(row["title"].split())),
                    day=date.fromisoformat(row["date"]),
                    paragraphs=paragraphs,
                    prose=prose,
                )
            )
    donors = [s for s in sources if s.prose]
    if not donors:
        raise ValueError(f"{path}: no usable articles")
    return sources


def _slug(title: str) -> str:
    words = _SLUG_WORD.findall(title.lower())[:8]
    return "-".join(words) or "article"


def _title(main: Source, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(_TITLE_PREFIXES) + main.title
    if roll < 0.22:
        return main.title + rng.choice(_TITLE_SUFFIXES)
    return main.title


def _body(main: Source, donors: list[Source], rng: random.Random, budget: int) -> list[str]:
    """The main story's paragraphs, then runs of other stories' prose, up to ``budget`` bytes."""
    target = rng.randint(MIN_BYTES, MAX_BYTES)
    paragraphs: list[str] = []
    size = 0
    for p in main.paragraphs:
        if paragraphs and size + len(p) + 2 > min(target, budget):
            break
        if len(p) + 2 > budget:  # a table the wire sent as one block: cut it at a word
            p = p[: budget - 2].rsplit(" ", 1)[0]
        paragraphs.append(p)
        size += len(p) + 2
    misses = 0
    while size < target and misses < 20:
        donor = rng.choice(donors)
        start = rng.randrange(len(donor.prose))
        for p in donor.prose[start : start + rng.randint(1, 3)]:
            if size + len(p) + 2 > budget:
                misses += 1
                break
            paragraphs.append(p)
            size += len(p) + 2
    return paragraphs


def render(i: int, sources: list[Source], donors: list[Source], seed: int) -> tuple[str, str]:
    """Article ``i`` of the corpus for ``seed``: its path relative to the corpus, and its text."""
    rng = random.Random(f"{seed}:{i}")
    main = sources[rng.randrange(len(sources))]
    day = main.day.replace(year=FIRST_YEAR + rng.randrange(YEARS)) + timedelta(
        days=rng.randint(-20, 20)
    )
    title = _title(main, rng)
    url = f"https://{rng.choice(HOSTS)}/{day.year}/{_slug(main.title)}-{i}"
    head = f"date {day.isoformat()} {url}\n\n{title}\n\n"
    paragraphs = _body(main, donors, rng, MAX_BYTES - len(head.encode("utf-8")) - 1)
    text = head + "\n\n".join(paragraphs) + "\n"
    short = hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()
    return f"{i // FILES_PER_FOLDER:04d}/{i:06d}_{short}.txt", text


def generate(
    sources: list[Source], count: int, seed: int, start: int = 0
) -> Iterator[tuple[str, str]]:
    """Articles ``start`` .. ``start + count - 1`` as (relative path, text)."""
    donors = [s for s in sources if s.prose]
    for i in range(start, start + count):
        yield render(i, sources, donors, seed)


@dataclass(frozen=True)
class CorpusStats:
    """What ``write_corpus`` made, for the summary line and the benchmark report."""

    articles: int
    folders: int
    total_bytes: int
    min_bytes: int
    max_bytes: int
    seconds: float

    def line(self, out: Path, seed: int) -> str:
        mean = self.total_bytes / max(self.articles, 1)
        return (
            f"wrote {self.articles:,} articles in {self.folders} folders to {out} "
            f"({self.total_bytes / 1e6:.1f} MB, {self.min_bytes}-{self.max_bytes} bytes, "
            f"mean {mean:.0f}; seed {seed}) in {self.seconds:.1f} s"
        )


def write_corpus(sources: list[Source], count: int, out: Path, seed: int) -> CorpusStats:
    """Write the corpus; fail if two files would be identical (the index number prevents it)."""
    started = time.perf_counter()
    seen: set[bytes] = set()
    folders: set[str] = set()
    total = 0
    smallest, largest = sys.maxsize, 0
    for rel, text in generate(sources, count, seed):
        data = text.encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if digest in seen:
            raise RuntimeError(f"{rel} duplicates an earlier article")
        seen.add(digest)
        folder = rel.split("/", 1)[0]
        if folder not in folders:
            (out / folder).mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        (out / rel).write_bytes(data)
        total += len(data)
        smallest, largest = min(smallest, len(data)), max(largest, len(data))
    return CorpusStats(
        count, len(folders), total, smallest if count else 0, largest, time.perf_counter() - started
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output folder (must be empty or absent)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--force", action="store_true", help="empty OUT first if it has files")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("N must be >= 0")
    if args.out.exists() and any(args.out.iterdir()):
        if not args.force:
            parser.error(f"{args.out} is not empty (use --force to replace it)")
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sources = load_sources(args.source)
    stats = write_corpus(sources, args.count, args.out, args.seed)
    print(stats.line(args.out, args.seed) + f" (total {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
