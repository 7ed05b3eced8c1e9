"""Walk a corpus folder and turn its files into articles, one bad file never stopping a run.

This module owns the corpus walk (:func:`scan`), reading a file's bytes without ever opening a
FIFO, socket or device (:func:`read_bytes`), content digests (:func:`digest`) and the dispatch
from a file's suffix to its format reader (:func:`parse`, :func:`read_file`). It only reads the
corpus folder, never writes into it. Reasons for skipping are short, human, one line. It
imports no Textual or Rich.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .decode import UndecodableError, decode_bytes
from .formats import READERS
from .models import Article, Skipped

__all__ = [
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
    if error.errno is not None:
        return os.strerror(error.errno).lower()
    return "could not read file"


def _display(name: str) -> str:
    """A file name that could not be encoded, made printable."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def scan(root: Path) -> tuple[list[FileEntry], list[Skipped]]:
    """Every supported file under ``root``, sorted by path, and what was skipped, sorted.

    Hidden files and folders (names starting with ``.``) are ignored. Symbolic links to files
    inside the corpus are read; symbolic links to folders are not followed. Raises ``OSError``
    only if ``root`` itself cannot be listed.
    """
    real_root = os.path.realpath(root)
    entries: list[FileEntry] = []
    skipped: list[Skipped] = []
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    first = True
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                children = list(it)
        except OSError as error:
            if first:
                raise
            skipped.append(Skipped(prefix.rstrip("/"), _reason(error).replace("file", "folder")))
            continue
        first = False
        for entry in children:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                skipped.append(Skipped(_display(rel), "file name is not valid UTF-8"))
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, rel + "/"))
                    continue
                if entry.is_symlink():
                    if entry.is_dir():
                        skipped.append(Skipped(rel, "symbolic link to a folder (not followed)"))
                        continue
                    target = os.path.realpath(entry.path)
                    if os.path.commonpath([real_root, target]) != real_root:
                        skipped.append(Skipped(rel, "symbolic link out of the corpus"))
                        continue
                suffix = suffix_of(name)
                if suffix not in SUPPORTED_SUFFIXES:
                    kind = f"({suffix})" if suffix else "(no extension)"
                    skipped.append(Skipped(rel, f"unsupported file type {kind}"))
                    continue
                info = entry.stat()  # follows a symbolic link; never opens the file
            except FileNotFoundError:
                skipped.append(Skipped(rel, "broken symbolic link"))
                continue
            except OSError as error:
                skipped.append(Skipped(rel, _reason(error)))
                continue
            if not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(rel, "not a regular file"))
                continue
            entries.append(FileEntry(rel, info.st_size, info.st_mtime_ns))
    entries.sort(key=lambda e: e.path)
    skipped.sort(key=lambda s: s.path)
    return entries, skipped


def read_bytes(root: Path, path: str) -> bytes:
    """The bytes of ``root/path``; raises ``OSError`` (``NotRegularFile`` for FIFOs etc.).

    The file is opened non-blocking and checked to be a regular file before it is read, so a
    FIFO that replaced a file since the scan cannot block the reader.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(os.path.join(root, path), flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file", path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def digest(data: bytes) -> str:
    """The blake2b-128 hex digest of ``data``: the file's content identity."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def parse(path: str, data: bytes) -> FileRead:
    """The articles in one file's bytes; bad content becomes ``skipped``, never an exception."""
    file_digest = digest(data)
    suffix = suffix_of(path.rpartition("/")[2])
    reader = READERS.get(suffix)
    if reader is None:
        kind = f"({suffix})" if suffix else "(no extension)"
        return FileRead(path, file_digest, (), (Skipped(path, f"unsupported file type {kind}"),))
    try:
        text = decode_bytes(data)
        articles, skipped = reader(path, text)
    except UndecodableError as error:
        return FileRead(path, file_digest, (), (Skipped(path, str(error)),))
    except Exception as error:  # a reader bug or a library failure must not stop the run
        reason = f"could not be read ({type(error).__name__})"
        return FileRead(path, file_digest, (), (Skipped(path, reason),))
    return FileRead(path, file_digest, tuple(articles), tuple(skipped))


def read_file(root: Path, path: str) -> FileRead:
    """Read and parse ``root/path``; a file that cannot be read becomes one skip."""
    try:
        data = read_bytes(root, path)
    except OSError as error:
        return FileRead(path, "", (), (Skipped(path, _reason(error)),))
    return parse(path, data)
