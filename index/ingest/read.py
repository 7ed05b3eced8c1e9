"""Walk a corpus folder and turn its files into articles, one bad file never stopping a run.

This module owns the corpus walk (:func:`scan`), reading a file's bytes without ever opening a
FIFO, socket or device or following a symbolic link (:func:`read_bytes`), the size limits that
keep a huge file to seconds (:data:`MAX_FILE_BYTES`, :data:`MAX_BODY_CHARS`), content digests
(:func:`digest`) and the dispatch from a file's suffix to its format reader (:func:`parse`,
:func:`read_file`). It only reads the corpus folder, never writes into it. Reasons for skipping
are short, human, one line. It imports no Textual or Rich.
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

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_FILE_BYTES",
    "MAX_RECORDS_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "FileEntry",
    "FileRead",
    "digest",
    "parse",
    "read_bytes",
    "read_file",
    "scan",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(READERS)
"""File suffixes read as articles, lower case; matching is case-insensitive."""

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Bytes read of a file holding one article (text, Markdown, HTML): the rest is not read, so a
huge file costs seconds and megabytes, not minutes and gigabytes (trafilatura takes about a
second a megabyte of HTML)."""

MAX_RECORDS_FILE_BYTES = 64 * 1024 * 1024
"""Bytes read of a JSON Lines file (whole lines only); a larger ``.json`` file is not read,
as a JSON document cannot be read in part."""

MAX_BODY_CHARS = 250_000
"""Characters of an article's text kept (and so searched and analysed): extraction takes about
12 s a million characters, and a long report has some 50,000."""

_RECORD_SUFFIXES = frozenset({".json", ".jsonl"})
_CUT_SEARCH = 4096  # how far back from a limit a cut looks for whitespace


@dataclass(frozen=True)
class FileEntry:
    """A supported file found by :func:`scan`."""

    path: str  # relative to the corpus root, POSIX separators
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class FileRead:
    """What one file yielded: its articles and what of it was skipped."""

    path: str
    digest: str  # blake2b-128 hex of the raw bytes ('' if unreadable)
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


class NotRegularFile(OSError):
    """The path is a FIFO, socket, device or folder, not a regular file."""


def suffix_of(name: str) -> str:
    """The lower-case suffix of a file name (``""`` if it has none)."""
    return os.path.splitext(name)[1].lower()


def _reason(error: OSError) -> str:
    if isinstance(error, NotRegularFile):
        return "not a regular file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "file not found"
    if isinstance(error, IsADirectoryError):
        return "not a regular file"
    if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link that replaced a file since the scan
        return "symbolic link (not followed)"
    if error.errno is not None:
        return os.strerror(error.errno).lower()
    return "could not read file"


def _display(name: str) -> str:
    """A file name that is not UTF-8, made printable: each undecodable byte as ``\\xNN``.

    The engine's strings must stay encodable (the index stores UTF-8, JSON output writes it),
    and the escapes name the bytes so that the user can find the file.
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    """Whether a name from ``os.scandir`` was valid UTF-8 (no surrogate escapes in it)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _inside(path: str, real_root: str) -> bool:
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


def _link_target(path: str) -> tuple[str | None, str]:
    """Where the symbolic link at ``path`` leads (its real path), or None and why not."""
    try:
        return os.path.realpath(path, strict=True), ""
    except FileNotFoundError:
        return None, "broken symbolic link"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, "symbolic link loop"
        return None, f"symbolic link ({_reason(error)})"


def _link_reason(path: str, real_root: str) -> str:
    """Why the symbolic link at ``path`` is skipped when links are not followed (the default).

    Not following them keeps the walk inside the corpus, makes a loop impossible and reads
    each file once, at its own path. The reason says where the link leads.
    """
    target, why = _link_target(path)
    if target is None:
        return why
    if not _inside(target, real_root):
        return "symbolic link to outside the corpus (not followed)"
    if os.path.isdir(target):
        return "symbolic link to a folder (not followed)"
    return "symbolic link to a file in the corpus (not followed)"


def _unsupported(name: str) -> str | None:
    """Why a file of this name is not read (its suffix), or None if it is."""
    suffix = suffix_of(name)
    if suffix in SUPPORTED_SUFFIXES:
        return None
    return f"unsupported file type ({suffix})" if suffix else "unsupported file type (no extension)"


class _Walk:
    """One walk of a corpus folder: what it found, and, when links are followed, every folder
    and file already met (by device and inode), so that a loop ends and each is read once."""

    def __init__(self, root: Path, follow_links: bool) -> None:
        self.real_root = os.path.realpath(root)
        self.follow_links = follow_links
        self.entries: list[FileEntry] = []
        self.skipped: list[Skipped] = []
        self.stack: list[tuple[str, str]] = [(os.fspath(root), "")]
        self.met: dict[tuple[int, int], str] = {}  # (device, inode) -> the path it was read at
        if follow_links:
            info = os.stat(root)
            self.met[(info.st_dev, info.st_ino)] = "the corpus"

    def run(self) -> tuple[list[FileEntry], list[Skipped]]:
        first = True
        while self.stack:
            folder, prefix = self.stack.pop()
            try:
                with os.scandir(folder) as it:
                    children = sorted(it, key=lambda e: e.name)
            except OSError as error:
                if first:
                    raise
                reason = _reason(error).replace("file", "folder")
                self.skipped.append(Skipped(prefix.rstrip("/"), reason))
                continue
            first = False
            pushed = len(self.stack)
            for entry in children:
                if not entry.name.startswith("."):
                    self._visit(entry, prefix + entry.name)
            self.stack[pushed:] = self.stack[pushed:][::-1]  # its folders walked in name order
        self.entries.sort(key=lambda e: e.path)
        self.skipped.sort(key=lambda s: s.path)
        return self.entries, self.skipped

    def _visit(self, entry: os.DirEntry[str], rel: str) -> None:
        """Take one folder entry: a folder to walk, a file to read, or a reason to skip it.
        Never opens a file; follows a link only when asked."""
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
            if not _is_utf8(entry.name):
                what = "folder" if is_folder else "file"
                self.skipped.append(Skipped(_display(rel), f"{what} name is not valid UTF-8"))
                return
            if entry.is_symlink():
                if not self.follow_links:
                    self.skipped.append(Skipped(rel, _link_reason(entry.path, self.real_root)))
                    return
                self._follow(entry, rel)
                return
            info = entry.stat(follow_symlinks=False)  # never opens the file
        except OSError as error:
            self.skipped.append(Skipped(_display(rel), _reason(error)))
            return
        self._take(entry.name, rel, entry.path, info)

    def _follow(self, entry: os.DirEntry[str], rel: str) -> None:
        """A link, followed on request: to a folder or file outside the corpus. One to a place
        inside is skipped: what it leads to is read at its own path."""
        target, why = _link_target(entry.path)
        if target is None:
            self.skipped.append(Skipped(rel, why))
            return
        if _inside(target, self.real_root):
            what = "folder" if os.path.isdir(target) else "file"
            reason = f"symbolic link to a {what} in the corpus (read at its own path)"
            self.skipped.append(Skipped(rel, reason))
            return
        self._take(entry.name, rel, entry.path, os.stat(target))

    def _take(self, name: str, rel: str, path: str, info: os.stat_result) -> None:
        """A folder (walked) or a regular file of a supported type (listed), else a skip."""
        if self.follow_links:
            key = (info.st_dev, info.st_ino)
            if key in self.met:
                what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
                where = self.met[key]
                self.skipped.append(Skipped(rel, f"same {what} as {where} (read there)"))
                return
            self.met[key] = rel
        if stat.S_ISDIR(info.st_mode):
            self.stack.append((path, rel + "/"))
            return
        unsupported = _unsupported(name)
        if unsupported is not None:
            self.skipped.append(Skipped(rel, unsupported))
        elif not stat.S_ISREG(info.st_mode):
            self.skipped.append(Skipped(rel, "not a regular file"))
        else:
            self.entries.append(FileEntry(rel, info.st_size, info.st_mtime_ns))


def scan(root: Path, follow_links: bool = False) -> tuple[list[FileEntry], list[Skipped]]:
    """Every supported file under ``root``, sorted by path, and what was skipped, sorted.

    Hidden files and folders (names starting with ``.``) are ignored; FIFOs, sockets and
    devices are never opened. Symbolic links are not followed (each is skipped with where it
    leads) unless ``follow_links``: then a link to a file or folder outside the corpus is read
    as if it were there, each file and folder once (a loop ends), and a link to a place inside
    the corpus is skipped (that place is read at its own path). Raises ``OSError`` only if
    ``root`` itself cannot be listed.
    """
    return _Walk(root, follow_links).run()


def read_limit(path: str) -> int:
    """How many bytes of ``path`` are read: see :data:`MAX_FILE_BYTES`."""
    return MAX_RECORDS_FILE_BYTES if suffix_of(path) in _RECORD_SUFFIXES else MAX_FILE_BYTES


def read_bytes(
    root: Path, path: str, limit: int | None = None, follow_links: bool = False
) -> bytes:
    """The bytes of ``root/path``, at most ``limit + 1`` of them (so that a caller can tell
    that the file was longer); raises ``OSError`` (``NotRegularFile`` for FIFOs etc.).

    The file is opened non-blocking, without following a symbolic link (unless
    ``follow_links``, as :func:`scan`), and checked to be a regular file before it is read,
    so a FIFO or a link that replaced a file since the scan can neither block the reader nor
    lead it out of the corpus.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
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


def read_file(root: Path, path: str, follow_links: bool = False) -> FileRead:
    """Read and parse ``root/path``; a file that cannot be read becomes one skip.

    Only the first :func:`read_limit` bytes are read: a huge file costs no more than that.
    ``follow_links`` is the :func:`scan` that listed ``path`` followed links.
    """
    limit = read_limit(path)
    try:
        data = read_bytes(root, path, limit, follow_links)
        size = os.stat(os.path.join(root, path), follow_symlinks=follow_links).st_size
    except OSError as error:
        return FileRead(path, "", (), (Skipped(path, _reason(error)),))
    if len(data) > limit:
        return parse(path, data[:limit], max(size, len(data)))
    return parse(path, data)
