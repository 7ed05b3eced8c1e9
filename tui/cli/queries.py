"""The commands that read the index: ``search``, ``show``, ``entities`` and ``events``.

Each prints text for people (every untrusted string :func:`shown`) or, with ``--json``, the
records of ``records``.
"""

from __future__ import annotations

import argparse
import sys

from corpus_reader.index import Article, ArticleNotFound, Corpus, EventGroup, Hit

from .escaping import shown, shown_lines, unshown
from .parser import UsageError
from .records import (
    article_json,
    entity_json,
    event_json,
    group_json,
    link_json,
    print_json,
    search_json,
)


def cmd_search(corpus: Corpus, args: argparse.Namespace) -> int:
    """The best hits of a query, each with its snippet."""
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    result = corpus.search(
        args.query,
        limit=args.limit,
        sort=args.sort,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    if args.json:
        print_json(search_json(result))
        return 0
    if result.notice:
        print(shown(result.notice), file=sys.stderr)
    print(f"{result.total:,} article{'s' if result.total != 1 else ''} match {result.query!r}")
    if result.also_matched:
        print(f"also matched: {shown(', '.join(result.also_matched))}")
    for hit in result.hits:
        print(hit_line(hit))
        print(f"    {shown(hit.snippet.text)}")
    return 0


def hit_line(hit: Hit) -> str:
    """Id, date, source and title of a hit, in columns."""
    when = hit.published.isoformat() if hit.published else "----------"
    source = shown(hit.source or "")[:22]
    return f"{shown(hit.id):<28} {when} {source:<22} {shown(hit.title)}"


def cmd_show(corpus: Corpus, args: argparse.Namespace) -> int:
    """One article: title, date, source, id, body, then the articles linked to it."""
    article = find_article(corpus, args.id)
    links = corpus.links(article.id)
    if args.json:
        print_json({**article_json(article), "links": [link_json(k) for k in links]})
        return 0
    print(shown(article.title))
    meta = [
        article.published.isoformat() if article.published else "no date",
        article.source or "",
        article.url or "",
    ]
    print(shown(" · ".join(m for m in meta if m)))
    print(f"[{shown(article.id)}]")
    print()
    print(shown_lines(article.body))
    if links:
        print()
        print("Linked articles:")
        for link in links:
            print(f"  {link.score:.2f}  {shown(link.id):<28} {shown(link.title)}")
            print(f"        {shown('; '.join(link.reasons))}")
    return 0


def find_article(corpus: Corpus, ident: str) -> Article:
    """The article ``ident`` names: as typed, or as :func:`shown` printed its id."""
    try:
        return corpus.article(ident)
    except ArticleNotFound:
        if unshown(ident) == ident:
            raise
        return corpus.article(unshown(ident))


def cmd_entities(corpus: Corpus, args: argparse.Namespace) -> int:
    """The named entities, most mentioned first, with their other spellings."""
    if args.limit < 0:
        raise UsageError("--limit must not be negative")
    entities = corpus.entities(args.kind)
    if args.json:
        print_json({"entities": [entity_json(e) for e in entities]})
        return 0
    for e in entities[: args.limit or None]:
        others = [a for a in e.aliases if a != e.name]
        also = f"  (also: {', '.join(others)})" if others else ""
        print(f"{e.mentions:>5} {e.articles:>4}  {e.kind:<6} {e.name}{also}")
    return 0


def cmd_events(corpus: Corpus, args: argparse.Namespace) -> int:
    """The dated events by date, or with ``--groups`` those several articles report."""
    if args.groups:
        if args.query:
            raise UsageError("--groups does not take --query")
        return print_groups(
            corpus.event_groups(date_from=args.date_from, date_to=args.date_to), args.json
        )
    events = corpus.events(date_from=args.date_from, date_to=args.date_to, query_text=args.query)
    if args.json:
        print_json({"events": [event_json(e) for e in events]})
        return 0
    for e in events:
        group = f"  [group {e.group}]" if e.group is not None else ""
        print(f"{e.date:<10} {e.expression!r:<24} {shown(e.article)}{group}")
        print(f"    {shown(' '.join(e.sentence.split()))}")
        if e.other_dates:
            print(f"    other sources say: {', '.join(e.other_dates)}")
    return 0


def print_groups(groups: list[EventGroup], as_json: bool) -> int:
    """``events --groups``: each group's date and articles, then its events."""
    if as_json:
        print_json({"groups": [group_json(g) for g in groups]})
        return 0
    for g in groups:
        others = f"  (other sources say: {', '.join(g.other_dates)})" if g.other_dates else ""
        print(f"group {g.group}  {g.date}  {len(g.articles)} articles{others}")
        for e in g.events:
            sentence = shown(" ".join(e.sentence.split()))
            print(f"    {shown(e.article):<28} {e.expression!r}: {sentence}")
    return 0
