"""Walk a corpus folder: every supported file in it, and why each other entry is skipped.

This module owns the corpus walk (:func:`scan`) and its symbolic-link rules: links are not
followed unless asked (the walk then stays inside the corpus and cannot loop), and when they
are, each file and folder is read once, at one path. It never opens a file, so a FIFO, socket
or device cannot block it, and it only reads the corpus folder, never writes into it. Reasons
for skipping are short, human, one line.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..models import Skipped
from .formats import READERS

__all__ = [
    "SUPPORTED_SUFFIXES",
    "FileEntry",
    "NotRegularFile",
    "os_error_reason",
    "scan",
    "suffix_of",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(READERS)
"""File suffixes read as articles, lower case; matching is case-insensitive."""


@dataclass(frozen=True)
class FileEntry:
    """A supported file found by :func:`scan`."""

    path: str  # relative to the corpus root, POSIX separators
    size: int
    mtime_ns: int


class NotRegularFile(OSError):
    """The path is a FIFO, socket, device or folder, not a regular file."""


def suffix_of(name: str) -> str:
    """The lower-case suffix of a file name (``""`` if it has none)."""
    return os.path.splitext(name)[1].lower()


def os_error_reason(error: OSError) -> str:
    """Why a file or folder could not be listed or read, as a skip's reason says it."""
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
        return None, f"symbolic link ({os_error_reason(error)})"


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

    def __init__(self, root: Path, follow_symlinks: bool) -> None:
        self.real_root = os.path.realpath(root)
        self.follow_symlinks = follow_symlinks
        self.entries: list[FileEntry] = []
        self.skipped: list[Skipped] = []
        self.stack: list[tuple[str, str]] = [(os.fspath(root), "")]
        self.met: dict[tuple[int, int], str] = {}  # (device, inode) -> the path it was read at
        if follow_symlinks:
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
                reason = os_error_reason(error).replace("file", "folder")
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
                if not self.follow_symlinks:
                    self.skipped.append(Skipped(rel, _link_reason(entry.path, self.real_root)))
                    return
                self._follow(entry, rel)
                return
            info = entry.stat(follow_symlinks=False)  # never opens the file
        except OSError as error:
            self.skipped.append(Skipped(_display(rel), os_error_reason(error)))
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
        if self.follow_symlinks:
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


def scan(root: Path, follow_symlinks: bool = False) -> tuple[list[FileEntry], list[Skipped]]:
    """Every supported file under ``root``, sorted by path, and what was skipped, sorted.

    Hidden files and folders (names starting with ``.``) are ignored; FIFOs, sockets and
    devices are never opened. Symbolic links are not followed (each is skipped with where it
    leads) unless ``follow_symlinks``: then a link to a file or folder outside the corpus is
    read as if it were there, each file and folder once (a loop ends), and a link to a place
    inside the corpus is skipped (that place is read at its own path). Raises ``OSError`` only
    if ``root`` itself cannot be listed.
    """
    return _Walk(root, follow_symlinks).run()
