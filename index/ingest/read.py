"""Read one corpus file and turn it into articles, one bad file never stopping a run.

This module owns reading a file's bytes without ever opening a FIFO, socket or device or
following a symbolic link (:func:`read_bytes`), the size limits that keep a huge file cheap
(:data:`MAX_FILE_BYTES`, :data:`MAX_BODY_CHARS`), content digests (:func:`digest`) and the
dispatch from a file's suffix to its format reader (:func:`parse`, :func:`read_file`). The
corpus walk is :mod:`.walk`. Reasons for skipping are short, human,
one line.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from ..models import Article, Skipped
from .decode import UndecodableError, decode_bytes
from .formats import READERS
from .walk import NotRegularFile, os_error_reason, suffix_of

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_FILE_BYTES",
    "MAX_RECORDS_FILE_BYTES",
    "FileRead",
    "digest",
    "parse",
    "read_bytes",
    "read_file",
    "read_limit",
]

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Bytes read of a file holding one article (text, Markdown, HTML): the rest is not read, so a
huge file is read in bounded time and memory (HTML extraction takes time in proportion to
the bytes it is given)."""

MAX_RECORDS_FILE_BYTES = 64 * 1024 * 1024
"""Bytes read of a JSON Lines file (whole lines only); a larger ``.json`` file is not read,
as a JSON document cannot be read in part."""

MAX_BODY_CHARS = 250_000
"""Characters of an article's text kept (and so searched and analysed): extraction time grows
with the text, and a long report has some 50,000."""

_RECORD_SUFFIXES = frozenset({".json", ".jsonl"})
_CUT_SEARCH = 4096  # how far back from a limit a cut looks for whitespace


@dataclass(frozen=True)
class FileRead:
    """What one file yielded: its articles and what of it was skipped."""

    path: str
    digest: str  # blake2b-128 hex of the raw bytes ('' if unreadable)
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


def read_limit(path: str) -> int:
    """How many bytes of ``path`` are read: see :data:`MAX_FILE_BYTES`."""
    return MAX_RECORDS_FILE_BYTES if suffix_of(path) in _RECORD_SUFFIXES else MAX_FILE_BYTES


def read_bytes(
    root: Path, path: str, limit: int | None = None, follow_symlinks: bool = False
) -> bytes:
    """The bytes of ``root/path``, at most ``limit + 1`` of them (so that a caller can tell
    that the file was longer); raises ``OSError`` (``NotRegularFile`` for FIFOs etc.).

    The file is opened non-blocking, without following a symbolic link (unless
    ``follow_symlinks``, as :func:`scan`), and checked to be a regular file before it is read,
    so a FIFO or a link that replaced a file since the scan can neither block the reader nor
    lead it out of the corpus.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    fd = os.open(os.path.join(root, path), flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    finally:
        os.close(fd)


def digest(data: bytes) -> str:
    """The blake2b-128 hex digest of ``data``: the file's content identity."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32's LE BOM starts as UTF-16's


def _text_cut(data: bytes) -> int:
    """Where to cut a file's first bytes: after the last space or newline near the end, or
    at least at a character boundary, so that the cut neither splits a word nor fails to
    decode."""
    cut = len(data)
    if not data.startswith(_WIDE_BOMS):
        space = max(data.rfind(b" ", cut - _CUT_SEARCH), data.rfind(b"\n", cut - _CUT_SEARCH))
        return space if space > 0 else _utf8_boundary(data)
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return cut - cut % 4
    cut -= cut % 2
    high = data[cut - 1] if data.startswith(codecs.BOM_UTF16_LE) else data[cut - 2]
    return cut - 2 if 0xD8 <= high <= 0xDB else cut  # not inside a surrogate pair


def _utf8_boundary(data: bytes) -> int:
    """``len(data)``, less a UTF-8 sequence that the end of ``data`` leaves incomplete."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: is its sequence whole?
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= length else len(data) - back
    return len(data)


def _cut_file(path: str, data: bytes, size: int) -> tuple[bytes, Skipped]:
    """The part of an over-long file that is read, and the notice that says so."""
    read = _megabytes(len(data))
    suffix = suffix_of(path)
    if suffix == ".json":
        why = f"file is {_megabytes(size)}: a JSON file over {read} is not read (use JSON Lines)"
        return b"", Skipped(path, why)
    if suffix == ".jsonl":
        end = data.rfind(b"\n") + 1  # whole records only
        lines = data.count(b"\n", 0, end)
        notice = f"file is {_megabytes(size)}: only its first {read} ({lines} lines) were read"
        return data[:end], Skipped(path, notice, partial=True)
    notice = f"file is {_megabytes(size)}: only its first {read} were read"
    return data[: _text_cut(data)], Skipped(path, notice, partial=True)


def _cut_body(path: str, article: Article) -> tuple[Article, Skipped | None]:
    """The article with its text cut to :data:`MAX_BODY_CHARS` (at a space), and a notice."""
    body = article.body
    if len(body) <= MAX_BODY_CHARS:
        return article, None
    cut = body.rfind(" ", MAX_BODY_CHARS - _CUT_SEARCH, MAX_BODY_CHARS)
    kept = body[: cut if cut > 0 else MAX_BODY_CHARS].rstrip()
    record = article.id.removeprefix(path).removeprefix("#")
    where = f"record {record}: " if record else ""
    notice = f"{where}text cut to its first {len(kept):,} characters (of {len(body):,})"
    return replace(article, body=kept), Skipped(path, notice, partial=True)


def _jsonl_by_line(data: bytes) -> bool:
    """Whether a JSON Lines file must be decoded line by line: it holds a NUL byte (binary
    garbage), or it is not all UTF-8 although some of its non-ASCII lines are, so that one
    bad line must neither turn the file into "binary" nor the whole file into mojibake."""
    if b"\x00" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return any(not line.isascii() and _utf8_text(line) for line in data.split(b"\n"))
    return False


def _utf8_text(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _jsonl_text(path: str, data: bytes) -> tuple[str, list[Skipped]]:
    """The text of a JSON Lines file, each line UTF-8 on its own: a line that is not (binary
    data, another encoding) becomes a blank line, so line numbers stay, and one skip."""
    lines: list[str] = []
    skipped: list[Skipped] = []
    for n, raw in enumerate(data.removeprefix(codecs.BOM_UTF8).split(b"\n"), 1):
        if b"\x00" in raw:
            skipped.append(Skipped(path, f"line {n}: binary data"))
            raw = b""
        elif not _utf8_text(raw):
            skipped.append(Skipped(path, f"line {n}: not UTF-8 text"))
            raw = b""
        lines.append(raw.decode("utf-8"))
    text = "\n".join(lines)
    if not text.strip():
        raise UndecodableError("binary file")
    return text, skipped


def _decode(path: str, data: bytes) -> tuple[str, list[Skipped]]:
    """Decoded text, and the lines of it that had to be dropped (JSON Lines only)."""
    if suffix_of(path) != ".jsonl":
        return decode_bytes(data), []
    if _jsonl_by_line(data):
        return _jsonl_text(path, data)
    try:
        return decode_bytes(data), []
    except UndecodableError as error:
        if str(error) != "binary file":
            raise
        return _jsonl_text(path, data)


def parse(path: str, data: bytes, size: int | None = None) -> FileRead:
    """The articles in one file's bytes; bad content becomes ``skipped``, never an exception.

    ``size`` is the file's length when ``data`` holds only the start of it: what is read is
    then cut to whole lines or words and a notice says so. Article texts longer than
    :data:`MAX_BODY_CHARS` are cut too, with a notice each.
    """
    file_digest = digest(data)
    notices: list[Skipped] = []
    if size is not None and size > len(data):
        data, notice = _cut_file(path, data, size)
        notices.append(notice)
        if not data:
            return FileRead(path, file_digest, (), tuple(notices))
    suffix = suffix_of(path.rpartition("/")[2])
    reader = READERS.get(suffix)
    if reader is None:
        kind = f"({suffix})" if suffix else "(no extension)"
        return FileRead(path, file_digest, (), (Skipped(path, f"unsupported file type {kind}"),))
    try:
        text, dropped = _decode(path, data)
        found, skipped = reader(path, text)
    except UndecodableError as error:
        return FileRead(path, file_digest, (), (*notices, Skipped(path, str(error))))
    except Exception as error:  # a reader bug or a library failure must not stop the run
        reason = f"could not be read ({type(error).__name__})"
        return FileRead(path, file_digest, (), (*notices, Skipped(path, reason)))
    articles: list[Article] = []
    for article in found:
        kept, cut = _cut_body(path, article)
        articles.append(kept)
        notices.extend([cut] if cut else [])
    return FileRead(path, file_digest, tuple(articles), (*notices, *dropped, *skipped))


def read_file(root: Path, path: str, follow_symlinks: bool = False) -> FileRead:
    """Read and parse ``root/path``; a file that cannot be read becomes one skip.

    Only the first :func:`read_limit` bytes are read: a huge file costs no more than that.
    ``follow_symlinks``: whether the :func:`scan` that listed ``path`` followed symbolic links.
    """
    limit = read_limit(path)
    try:
        data = read_bytes(root, path, limit, follow_symlinks)
        size = os.stat(os.path.join(root, path), follow_symlinks=follow_symlinks).st_size
    except OSError as error:
        return FileRead(path, "", (), (Skipped(path, os_error_reason(error)),))
    if len(data) > limit:
        return parse(path, data[:limit], max(size, len(data)))
    return parse(path, data)
