"""Files written whole or not at all: views, reports, synthetic worlds.

A file is written to a temporary name in its folder, flushed to disk and then renamed
over the target, so a full disk, a read-only folder or a kill mid-way never leaves a
truncated or empty file where a complete one is expected: the target is either the old
file (or absent) or the new one. Failures are one EncircleError line. Files that a rerun
writes again anyway skip the flush to disk (`sync=False`, see `atomic_open`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(folder / "a.txt", "hello\\n").read_text()
'hello\\n'
>>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
['a.txt']
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from encircle.graph.errors import EncircleError

__all__ = ["atomic_open", "atomic_open_bytes", "atomic_write", "cannot_write", "write_changed"]


_NUMBERS = itertools.count()  # temporary names: this process's id and a number
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def cannot_write(path: Path, error: OSError) -> EncircleError:
    """The one-line error for a file that could not be written, naming the cause."""
    reason = error.strerror or str(error) or type(error).__name__
    return EncircleError(f"cannot write {path}: {reason}")


@contextmanager
def atomic_open(path: str | os.PathLike[str], newline: str | None = None, sync: bool = True) -> Iterator[IO[str]]:
    """A UTF-8 text file to write into; it replaces `path` only if the block completes.

    With `sync` (the default) its bytes are on disk before it does, so even a power cut
    leaves the old file or the new one. Without, a killed process still does; only a
    crash of the machine itself may leave an empty file. That is for files a rerun
    writes again anyway, by the hundred, where the sync is most of the cost (a report's
    views: 0.3 ms each)."""
    with _replacing(Path(path), sync, mode="w", encoding="utf-8", newline=newline) as handle:
        yield handle


@contextmanager
def atomic_open_bytes(path: str | os.PathLike[str], sync: bool = True) -> Iterator[IO[bytes]]:
    """`atomic_open` for bytes: for text made as UTF-8 already (findings.json)."""
    with _replacing(Path(path), sync, mode="wb") as handle:
        yield handle


@contextmanager
def _replacing(target: Path, sync: bool, **how: Any) -> Iterator[IO[Any]]:
    try:
        handle, name = _temporary(target, how)
    except OSError as error:
        raise cannot_write(target, error) from None
    try:
        with handle:
            yield handle
            handle.flush()
            if sync:
                os.fsync(handle.fileno())  # on disk before the rename makes it the file
        os.replace(name, target)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(name)
        if isinstance(error, OSError):
            raise cannot_write(target, error) from None
        raise


def _temporary(target: Path, how: dict[str, Any]) -> tuple[IO[Any], str]:
    """A new file beside `target`, created with the mode a plain open() gives (the
    renamed file keeps it), under a name no other writer uses: O_EXCL refuses a
    leftover of the same name. tempfile's random names cost a report 0.06 ms a view."""
    while True:
        name = str(target.parent / f".{target.name}.{os.getpid()}-{next(_NUMBERS)}.tmp")
        try:
            descriptor = os.open(name, _CREATE, 0o666)
        except FileExistsError:
            continue
        try:
            return open(descriptor, **how), name  # the caller closes it
        except BaseException:
            os.close(descriptor)
            os.unlink(name)
            raise


def atomic_write(path: str | os.PathLike[str], text: str, newline: str | None = None, sync: bool = True) -> Path:
    """Write `text` to `path` (UTF-8) all or nothing (`sync`: see `atomic_open`); returns
    the path."""
    with atomic_open(path, newline=newline, sync=sync) as handle:
        handle.write(text)
    return Path(path)


def write_changed(path: Path, text: str, sync: bool = True) -> bool:
    """`atomic_write` `text` to `path` unless the file already holds exactly it; whether
    it wrote. A report run again over the same case draws the same views: reading one
    back costs a tenth of renaming a new copy over it, and its mtime stays honest."""
    data = text.encode("utf-8")
    with suppress(OSError):  # absent or unreadable: written below, which says why it fails
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    atomic_write(path, text, newline="", sync=sync)
    return True
