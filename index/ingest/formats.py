"""Readers for the article file formats: decoded text in, :class:`Article` records out.

This module owns the per-format rules: plain text as in ``seeds/`` (optional ``date`` header
line, title line, repeated title), Markdown (front matter, ``#`` heading), HTML (through
trafilatura, boilerplate dropped) and JSON / JSON Lines records. Every reader takes the file's
path relative to the corpus root and its decoded text, cleans what it keeps with
:func:`clean_text`, and returns the articles it found and the parts it had to skip. The title
rules live in ``titles``; walking the corpus in ``walk``, reading and decoding bytes in ``read``
and ``decode``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from ..models import Article, DateSource, Skipped
from ..text import clean_text
from .titles import derive_title, is_paragraph, one_line, title_key

__all__ = [
    "READERS",
    "Parsed",
    "read_html",
    "read_json",
    "read_jsonl",
    "read_markdown",
    "read_txt",
]

Parsed = tuple[list[Article], list[Skipped]]
"""What a reader returns: the articles found, and what was skipped (with reasons)."""

_HTML_MIN_WORDS = 3  # fewer words than this is a menu or a lone link, no article
_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(\S+))?\s*$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:$|[T\s])")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_HTML_HEAD = 65536  # where a <title> element is looked for: the head of the page
_MAX_TITLE_CHARS = 1000  # a title line or field longer than this is cut (a hostile file)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TITLE_OPEN = re.compile("<title", re.IGNORECASE)  # literals: linear searches
_TITLE_CLOSE = re.compile("</title", re.IGNORECASE)


# --- shared helpers -------------------------------------------------------------------------


def _no_surrogates(s: str) -> str:
    """``s`` with lone surrogates (JSON's ``"\\udcff"``) as U+FFFD: the index stores UTF-8,
    which cannot hold them, and one would fail the whole update."""
    return _SURROGATE.sub("\ufffd", s)


def _atx_title(line: str) -> str | None:
    """The text of a Markdown ``# heading`` line, or None if the line is not one.

    Plain string operations, no regular expression: ``^ {0,3}#[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$``
    took quadratic time on a line of many spaces (a hostile file hung the run).
    """
    text = line.lstrip(" ")
    if len(line) - len(text) > 3 or not text.startswith("#") or text[1:2] not in (" ", "\t"):
        return None
    text = text[1:].strip(" \t")
    closed = text.rstrip("#")
    if closed != text and closed[-1:] in (" ", "\t"):
        text = closed.rstrip(" \t")  # a closing sequence: "# Title ##"
    return text


def _html_title(text: str) -> str:
    """The content of the first ``<title>`` element in the head of a page ('' if none).

    String searches, no regular expression: a lazy ``<title[^>]*>(.*?)</title>`` scanned
    to the end of the page from each ``<title`` of a hostile one (quadratic time).
    """
    head = text[:_HTML_HEAD]
    start = _TITLE_OPEN.search(head)
    opened = head.find(">", start.end()) + 1 if start else 0
    end = _TITLE_CLOSE.search(head, opened) if opened else None
    return html.unescape(head[opened : end.start()]) if end else ""


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _parse_date(value: object) -> date | None:
    """``YYYY-MM-DD``, or the date part of an ISO datetime; anything else is no date."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value)
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _strip_blank_lines(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def _without(lines: list[str], start: int, end: int) -> str:
    """The text of ``lines`` without ``lines[start:end]``, not leaving two blank lines for one."""
    before, after = lines[:start], lines[end:]
    if before and after and not before[-1].strip() and not after[0].strip():
        after = after[1:]
    return _strip_blank_lines(before + after)


def _next_non_empty(lines: list[str], start: int) -> int:
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def _title_and_body(lines: list[str], start: int) -> tuple[str, str]:
    """The plain-text title rule, applied from ``lines[start]`` on."""
    i = _next_non_empty(lines, start)
    if i == len(lines):
        return "", ""
    line = lines[i]
    if is_paragraph(line):
        return derive_title(line), _strip_blank_lines(lines[i:])
    title = one_line(line)
    j = _next_non_empty(lines, i + 1)
    if j < len(lines) and title_key(lines[j]) == title_key(title) and title_key(title):
        i = j  # the title repeated: it counts once
    return title, _strip_blank_lines(lines[i + 1 :])


def _article(
    id_: str,
    path: str,
    title: str,
    body: str,
    url: str | None = None,
    source: str | None = None,
    published: date | None = None,
    date_source: DateSource = "unknown",
) -> Article:
    url = one_line(url) if url else None  # a URL with escape sequences must not reach a screen
    return Article(
        id=id_,
        path=path,
        title=(title or derive_title(body))[:_MAX_TITLE_CHARS],
        body=body,
        url=url or None,
        source=one_line(source or "") or _host(url),
        published=published,
        date_source=date_source if published is not None else "unknown",
    )


# --- plain text and Markdown ----------------------------------------------------------------


def read_txt(path: str, text: str) -> Parsed:
    """Plain text: optional ``date YYYY-MM-DD [URL]`` line, title line, body."""
    lines = clean_text(text).split("\n")
    published: date | None = None
    url: str | None = None
    start = 0
    header = _HEADER.match(lines[0])
    if header is not None:
        published = _parse_date(header.group(1))
        url = header.group(2)
        start = 1
    title, body = _title_and_body(lines, start)
    if not title and not body:
        return [], [Skipped(path, "no article text")]
    return [_article(path, path, title, body, url, None, published, "header")], []


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """``key: value`` pairs between a first ``---`` line and the next; and where the rest starts."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for i in range(1, len(lines)):
        line = lines[i]
        if line.strip() in ("---", "..."):
            return fields, i + 1
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[key.strip().lower()] = value
    return {}, 0  # no closing line: not front matter after all


def read_markdown(path: str, text: str) -> Parsed:
    """Markdown: optional front matter (title, date, url), first ``#`` heading as the title."""
    lines = clean_text(text).split("\n")
    meta, start = _front_matter(lines)
    rest = lines[start:]
    title, body = "", ""
    fenced = False
    for i, line in enumerate(rest):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue  # a "# comment" in a code block is no heading
        atx = _atx_title(line)
        if atx:
            title, body = one_line(atx), _without(rest, i, i + 1)
            break
        if i > 0 and _SETEXT_H1.match(line) and rest[i - 1].strip():
            title = one_line(rest[i - 1])
            body = _without(rest, i - 1, i + 1)
            break
    else:
        if meta.get("title"):
            title, body = one_line(meta["title"]), _strip_blank_lines(rest)
        else:
            title, body = _title_and_body(rest, 0)
    if not title and not body:
        return [], [Skipped(path, "no article text")]
    url = meta.get("url") or meta.get("link")
    published = _parse_date(meta.get("date"))
    article = _article(path, path, title, body, url, meta.get("source"), published, "metadata")
    return [article], []


# --- HTML -----------------------------------------------------------------------------------


def read_html(path: str, text: str) -> Parsed:
    """HTML: title, date, site and main text through trafilatura; boilerplate dropped."""
    import trafilatura  # imported late: it is slow to import, and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=True
        )
    except (ValueError, TypeError, AttributeError):
        doc = None
    body_text = clean_text(getattr(doc, "text", None) or "").strip("\n")
    if not body_text.strip():
        return [], [Skipped(path, "no article text found in HTML")]
    title = one_line(getattr(doc, "title", None) or "")
    if not title:
        title = one_line(_html_title(text))
    lines = body_text.split("\n")
    if title and title_key(lines[0]) == title_key(title):
        lines = lines[1:]  # trafilatura's text starts with the page's <h1>
    # One paragraph a line from trafilatura; a blank line between them reads as in the seeds.
    body = "\n\n".join(line for line in _strip_blank_lines(lines).split("\n") if line.strip())
    url = getattr(doc, "url", None)
    hostname = getattr(doc, "hostname", None)
    source = _host(url) or (hostname.lower().removeprefix("www.") if hostname else None)
    published = _parse_date(getattr(doc, "date", None))
    if len(body.split()) < _HTML_MIN_WORDS:  # a menu or a lone link is no article
        return [], [Skipped(path, "no article text found in HTML")]
    return [_article(path, path, title, body, url, source, published, "metadata")], []


# --- JSON and JSON Lines --------------------------------------------------------------------


def _record(path: str, record_id: str | None, where: str, value: object) -> Article | Skipped:
    """One JSON record as an article, or why not; ``where`` names it in reasons."""
    if not isinstance(value, dict):
        return Skipped(path, f"{where}: not a JSON object")
    rec: dict[str, Any] = {
        k: _no_surrogates(v) if isinstance(v, str) else v for k, v in value.items()
    }
    # The text, cleaned and otherwise verbatim (offsets into it must mean something); a field
    # of escape sequences alone is no text.
    texts = [clean_text(f) for f in (rec.get("text"), rec.get("body")) if isinstance(f, str)]
    body = next((text for text in texts if text.strip()), None)
    if body is None:
        return Skipped(path, f"{where}: no text or body field")
    own_id = rec.get("id")
    if isinstance(own_id, (str, int)) and not isinstance(own_id, bool) and one_line(str(own_id)):
        record_id = one_line(str(own_id))  # shown in lists and typed back: one clean line
    title = rec.get("title")
    url = rec.get("url")
    source = rec.get("source")
    return _article(
        f"{path}#{record_id}" if record_id is not None else path,
        path,
        one_line(title) if isinstance(title, str) else "",
        body,
        url.strip() if isinstance(url, str) else None,
        one_line(source) if isinstance(source, str) else None,
        _parse_date(rec.get("date")),
        "metadata",
    )


def _collect(path: str, results: Iterator[tuple[str, Article | Skipped]]) -> Parsed:
    """Split records into articles and skips; a repeated id keeps its first record only."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for where, result in results:
        if isinstance(result, Skipped):
            skipped.append(result)
        elif result.id in seen:
            record_id = result.id.rpartition("#")[2]
            skipped.append(Skipped(path, f"{where}: duplicate id {record_id!r}"))
        else:
            seen.add(result.id)
            articles.append(result)
    return articles, skipped


def _json_error(error: json.JSONDecodeError) -> str:
    return f"invalid JSON ({error.msg})"


def read_json(path: str, text: str) -> Parsed:
    """A ``.json`` file: one record object, or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Skipped(path, f"line {error.lineno}: {_json_error(error)}")]
    except RecursionError:
        return [], [Skipped(path, "invalid JSON (nested too deeply)")]
    if isinstance(data, dict):
        result = _record(path, None, "record", data)
        if isinstance(result, Skipped):
            return [], [Skipped(path, result.reason.removeprefix("record: "))]
        return [result], []
    if not isinstance(data, list):
        return [], [Skipped(path, "JSON is neither a record nor a list of records")]
    return _collect(
        path,
        (
            (f"record {n}", _record(path, str(n), f"record {n}", item))
            for n, item in enumerate(data, 1)
        ),
    )


def read_jsonl(path: str, text: str) -> Parsed:
    """A ``.jsonl`` file: one record a line; blank lines are ignored, bad lines skipped alone."""

    def records() -> Iterator[tuple[str, Article | Skipped]]:
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            where = f"line {n}"
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield where, Skipped(path, f"{where}: {_json_error(error)}")
            except RecursionError:
                yield where, Skipped(path, f"{where}: invalid JSON (nested too deeply)")
            else:
                yield where, _record(path, str(n), where, value)

    return _collect(path, records())


READERS: dict[str, Callable[[str, str], Parsed]] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
}
"""The reader for each supported suffix (lower case)."""
