"""Queries in, plain Hits out: parsing, bounded expansion, date filters, sorting and snippets.

Everything that needs a Whoosh searcher happens here while it is open; what leaves is frozen
dataclasses with character offsets, never Whoosh objects or markup.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, time
from typing import Any, Literal

from whoosh import query
from whoosh.qparser import GtLtPlugin, MultifieldPlugin, QueryParser, SingleQuotePlugin
from whoosh.searching import Searcher

from ..models import Hit, SearchResult, Span
from ..text import clean_text
from ..whoosh_ext import ranking
from ..whoosh_ext.docsets import DocSets
from ..whoosh_ext.keyword_terms import has_terms, one_set
from .snippets import best_snippet, lead_snippet, merge_spans

SortOrder = Literal["score", "date"]

TEXT_FIELDS = ("title", "body")
MAX_PREFIX_TERMS = 8
"""A prefix expands to at most this many of its most frequent completions in the index."""
MAX_PREFIX_SCAN = 5000
"""How many index terms a prefix may scan to find them (bounds a one-letter prefix)."""

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
_MINUS = re.compile(r'(?:(?<=\s)|(?<=\()|^)-(?=[\w"(])')
_PLUS = re.compile(r'(?:(?<=\s)|(?<=\()|^)\+(?=[\w"(])')
_LAST_WORD = re.compile(r"(?:(?<=\s)|(?<=\()|^)(?:[A-Za-z_]+:)?[\w'’-]*\w$")
_DATE_VALUE = re.compile(r"\bdate:(\[[^\]]*\]?|[<>]=?\S*|\S+)", re.IGNORECASE)
_VALID_DATE = re.compile(
    r"(?:[<>]=?)?\d{4}(?:-?\d{2}(?:-?\d{2})?)?"
    r"|\[\s*(?:\d{4}(?:-?\d{2}(?:-?\d{2})?)?)?\s*(?:TO|to)\s*(?:\d{4}(?:-?\d{2}(?:-?\d{2})?)?)?\s*\]"
)
_SYNTAX = re.compile(r'[\\"()\[\]{}^~*?:+\-]')
_QUESTION = re.compile(r"\?+(?=[.,;:!)\]}\"']*(?:\s|$))")
"""A question mark that ends a word ("why?", "is Putin ready?", "(Kyiv?)") is punctuation,
not Whoosh's one-letter wildcard ("ready" plus a letter finds nothing); inside a word
("wom?n", "id:a01?.txt", "event:2022-0?-07") or before ``*`` it stays a wildcard."""
MAX_QUERY_CHARS = 4000
"""Longer queries are cut (with a notice): Whoosh's tagger is quadratic in a word's length (a
very long word takes long to parse). Entity widening (``entity_search``) reads 1,000."""


class _Parser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser, except that prefixes and wildcards keep the letters the reader typed.

    Whoosh runs them through the stemmer ("elys*" became "eli*", which matches nothing);
    ``bound_expansions`` handles stems itself.
    """

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        if termclass in (query.Prefix, query.Wildcard) and fieldname in TEXT_FIELDS:
            return termclass(fieldname, text.lower(), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def make_parser(schema: Any) -> QueryParser:
    """Words must all match (in the title or body); field, phrase, range and date syntax."""
    parser = _Parser(None, schema)
    parser.add_plugin(MultifieldPlugin(list(TEXT_FIELDS)))
    parser.remove_plugin_class(SingleQuotePlugin)  # apostrophes in names are not quotes
    parser.add_plugin(GtLtPlugin())
    return parser


MIN_PREFIX = 3
"""Letters a word being typed needs before it completes: "p" would score every posting of
the most frequent p-words (slow in a large corpus); "p" and "pe" are taken as typed."""


def prepare(text: str, partial: bool) -> str:
    """Rewrite user syntax Whoosh lacks: ``-word`` means NOT; a word being typed is a prefix."""
    pieces = text.split('"')
    for i in range(0, len(pieces), 2):  # outside quotes only
        pieces[i] = _PLUS.sub("", _MINUS.sub("NOT ", _QUESTION.sub(" ", pieces[i])))
    out = '"'.join(pieces)
    last = _LAST_WORD.search(out) if partial and len(pieces) % 2 == 1 else None
    if last is not None and last.group(0).upper() not in _OPERATORS:
        typed = re.findall(r"\w+", last.group(0).rsplit(":", 1)[-1])
        if typed and len(typed[-1]) >= MIN_PREFIX:
            out += "*"
    return out


def parse(parser: QueryParser, text: str, partial: bool = False) -> tuple[Any, str | None]:
    """Parse a query. What Whoosh cannot read is repaired to plain words, with a one-line notice.

    Returns ``(None, notice)`` when nothing searchable is left.
    """
    if not text.strip():
        return query.Every(), None
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", MAX_QUERY_CHARS // 2, MAX_QUERY_CHARS)
        text = text[: cut if cut > 0 else MAX_QUERY_CHARS]
        notices.append(f"The query is too long; searched its first {len(text):,} characters.")
    for value in _DATE_VALUE.findall(text):
        if not _VALID_DATE.fullmatch(value):
            notices.append(
                f"date:{_one_line(value)} is not a date (use date:YYYY-MM-DD, date:YYYY-MM, "
                "date:[2022-01-01 TO 2022-02-28] or date:>2022-03); ignored it."
            )
    cleaned = _DATE_VALUE.sub(
        lambda m: m.group(0) if _VALID_DATE.fullmatch(m.group(1)) else " ", text
    )
    try:
        q = parser.parse(prepare(cleaned, partial))
        problem = _first_error(q)
    except Exception as exc:  # the parser's failures are not typed
        problem = str(exc) or type(exc).__name__
    if problem is not None:
        words = " ".join(_SYNTAX.sub(" ", cleaned).split())
        notices.append(
            f"Could not read the query as written ({_one_line(problem)}); searched its words."
        )
        try:
            q = parser.parse(prepare(words, partial)) if words else query.NullQuery
        except Exception:
            q = query.NullQuery
    if q is query.NullQuery:
        shown = text.strip() if len(text.strip()) <= 80 else text.strip()[:79] + "…"
        notices.append(
            f"Nothing to search for in {shown!r}: the words are too common "
            "to be indexed, or only syntax."
        )
        return None, " ".join(notices)
    return q, " ".join(notices) or None


def _one_line(text: str) -> str:
    """Typed text quoted in a notice: one line, no control characters (it is shown as is)."""
    return " ".join(clean_text(text).split())


def _first_error(q: Any) -> str | None:
    if (message := getattr(q, "error", None)) is not None:
        return str(message)
    for child in q.children():
        if (found := _first_error(child)) is not None:
            return found
    return None


def bound_expansions(q: Any, reader: Any, schema: Any) -> Any:
    """Replace each prefix, wildcard or word range by its few most frequent terms in the index.

    Whoosh would otherwise expand ``a*`` over the body to thousands of terms (slow in a large
    corpus); the reader typing a word wants its likely completions, fast. Over the other
    fields (``id:0001/*``, ``event:[2022 TO 2023]``, ``source:reu*``) they match all their
    documents, found as one set (``keyword_terms``).
    """
    if (
        isinstance(q, (query.MultiTerm, query.Every))
        and q.fieldname not in TEXT_FIELDS
        and has_terms(schema, q.fieldname)
    ):
        return one_set(q)
    if isinstance(q, query.Prefix):
        return _completions(q.fieldname, q.text, reader, schema, None, q.boost)
    if isinstance(q, query.Wildcard):
        text = q.text
        literal = re.split(r"[*?]", text, maxsplit=1)[0]
        pattern = re.compile(re.escape(text).replace(r"\*", ".*").replace(r"\?", ".") + r"\Z")
        return _completions(q.fieldname, literal, reader, schema, pattern, q.boost)
    if isinstance(q, query.Every) and q.fieldname not in (None, "*"):
        # "title:*": Whoosh reads every posting of the field to find its documents (slow in a
        # large corpus); the document sets already count it as every document.
        return query.Every(boost=q.boost)
    if isinstance(q, query.MultiTerm) and q.fieldname in TEXT_FIELDS:
        # A word range ("[a TO z]") would expand to most of the vocabulary, like "a*".
        btexts = itertools.islice(q._btexts(reader), MAX_PREFIX_SCAN)
        found = {t.decode("utf-8"): reader.doc_frequency(q.fieldname, t) for t in btexts}
        best = sorted(found, key=lambda t: (-found[t], t))[:MAX_PREFIX_TERMS]
        if not best:
            return query.NullQuery
        return query.Or([query.Term(q.fieldname, t) for t in best], boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda child: bound_expansions(child, reader, schema))


def _completions(
    field: str, prefix: str, reader: Any, schema: Any, pattern: re.Pattern[str] | None, boost: float
) -> Any:
    parts = re.findall(r"\w+", prefix)
    if pattern is None and len(parts) > 1 and field in TEXT_FIELDS:
        # "de-escalat" is being typed: the index has "de" and "escal", not one term.
        head = [t.text for t in schema[field].analyzer(" ".join(parts[:-1]), mode="query")]
        tail = _completions(field, parts[-1], reader, schema, None, boost)
        return query.And([*(query.Term(field, t) for t in head), tail])
    found: dict[str, int] = {}
    if field in schema:
        for n, (btext, info) in enumerate(reader.iter_prefix(field, prefix)):
            if n >= MAX_PREFIX_SCAN:
                break
            term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if pattern is None or pattern.match(term):
                found[term] = info.doc_frequency()
        if pattern is None and field in TEXT_FIELDS:
            # A whole word typed ("escalation") is also its stem ("escal") in the index.
            stems = [t.text for t in schema[field].analyzer(prefix, mode="query")]
            if len(stems) == 1 and (freq := reader.doc_frequency(field, stems[0])) > 0:
                found[stems[0]] = freq
        if not found and pattern is None and field in TEXT_FIELDS:
            # The index holds stems, which are mostly a word's beginning: a word being typed,
            # "escalat", may already run past its stem, "escal". Try its shorter prefixes.
            for k in range(len(prefix) - 1, max(3, len(prefix) - 4) - 1, -1):
                if (freq := reader.doc_frequency(field, prefix[:k])) > 0:
                    found[prefix[:k]] = freq
                    break
    best = sorted(found, key=lambda t: (-found[t], t))[:MAX_PREFIX_TERMS]
    if not best:
        return query.NullQuery
    return query.Or([query.Term(field, t) for t in best], boost=boost)


def date_filter(date_from: date | None, date_to: date | None) -> Any | None:
    """A filter on the publication date, both ends inclusive and optional."""
    if date_from is None and date_to is None:
        return None
    start = datetime.combine(date_from, time.min) if date_from else None
    end = datetime.combine(date_to, time.max) if date_to else None
    return query.DateRange("date", start, end)


def run(
    searcher: Searcher,
    parser: QueryParser,
    text: str,
    *,
    docsets: DocSets,
    limit: int = 20,
    sort: SortOrder = "score",
    date_from: date | None = None,
    date_to: date | None = None,
    partial: bool = False,
) -> SearchResult:
    """Search and build the hits, snippets included, while the searcher is open.

    The total is counted, and a date order taken, from the query's document set
    (``docsets``); the best-scoring page is ranked by ``ranking`` (Whoosh's collector for
    queries with phrases or ranges).
    """
    q, notice = parse(parser, text, partial)
    if q is None:
        return SearchResult(query=text, total=0, notice=notice)
    q = bound_expansions(q, searcher.reader(), searcher.schema)
    when = date_filter(date_from, date_to)
    allowed = docsets.of(when) if when is not None else None
    matched = docsets.of(q) if allowed is None else docsets.of(q) & allowed
    page: list[tuple[int, float]] = []
    if not matched or limit <= 0:
        pass
    elif sort == "date" or isinstance(q, query.Every):
        page = [(docnum, 0.0) for docnum in docsets.newest(matched, limit, "day")]
    elif (ranked := ranking.best(q, searcher, docsets, matched, limit)) is not None:
        page = ranked
    else:
        only = set(allowed) if allowed is not None else None  # Whoosh takes a set, not frozenset
        results = searcher.search(q, limit=limit, filter=only)
        page = [(hit.docnum, float(hit.score or 0.0)) for hit in results[:limit]]
    marked = {_term_text(t) for f, t in positive_terms(q) if f == "body"}
    hits = tuple(_hit(searcher.stored_fields(docnum), score, marked) for docnum, score in page)
    terms = sorted({_term_text(t) for f, t in q.iter_all_terms() if f in TEXT_FIELDS})
    return SearchResult(
        query=text, total=len(matched), hits=hits, notice=notice, terms=tuple(terms)
    )


def _hit(fields: dict[str, Any], score: float, marked: set[str]) -> Hit:
    body = fields.get("body", "")
    when = fields.get("date")
    return Hit(
        id=fields["id"],
        title=fields.get("title", ""),
        published=when.date() if isinstance(when, datetime) else None,
        source=fields.get("source"),
        url=fields.get("url"),
        score=round(score, 4),
        snippet=best_snippet(body, marked) or lead_snippet(body),
    )


def positive_terms(q: Any) -> set[tuple[str, Any]]:
    """The (field, term) pairs a match may contain: not those under NOT, which no hit has.

    Per-hit ``matched_terms`` would be exact, but Whoosh skips blocks while collecting and
    then misses terms a hit does contain; the query's own terms are what the reader typed.
    """
    if isinstance(q, query.Not):
        return set()
    if isinstance(q, query.AndNot):
        return positive_terms(q.a)
    if q.is_leaf():
        return set(q.iter_all_terms())
    found: set[tuple[str, Any]] = set()
    for child in q.children():
        found |= positive_terms(child)
    return found


def _term_text(t: Any) -> str:
    return t.decode("utf-8") if isinstance(t, bytes) else str(t)


def term_spans(schema: Any, text: str, terms: tuple[str, ...] | set[str]) -> tuple[Span, ...]:
    """Where the (analysed) query terms occur in ``text``: the marks of the article pane."""
    wanted = set(terms)
    if not wanted or not text:
        return ()
    analyzer = schema["body"].analyzer
    spans = [
        (tok.startchar, tok.endchar)
        for tok in analyzer(text, chars=True, mode="index", removestops=False)
        if tok.text in wanted
    ]
    return tuple(merge_spans(text, spans))
