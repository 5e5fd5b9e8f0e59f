"""Files written whole or not at all (graph/files.py)."""

from __future__ import annotations

import itertools
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from encircle.graph import files
from encircle.graph.errors import EncircleError
from encircle.graph.files import atomic_open, atomic_open_bytes, atomic_write, write_changed


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("old\n")

    assert atomic_write(path, "new\n") == path

    assert path.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_a_failure_mid_way_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "entities.csv"
    path.write_text("old\n")

    with pytest.raises(RuntimeError), atomic_open(path) as handle:
        handle.write("half a file")
        raise RuntimeError("the generator failed")

    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["entities.csv"]


def test_a_missing_folder_is_one_error_line(tmp_path: Path) -> None:
    with pytest.raises(EncircleError) as caught:
        atomic_write(tmp_path / "nowhere" / "view.html", "x")
    assert str(caught.value) == f"cannot write {tmp_path / 'nowhere' / 'view.html'}: No such file or directory"


# A child whose files may not grow beyond 1,000 bytes: a full disk, as the program sees
# it (EFBIG instead of ENOSPC), without needing one.
CHILD = """
import sys
from encircle.graph.errors import EncircleError
from encircle.graph.files import atomic_write
try:
    atomic_write(sys.argv[1], "x" * 100_000)
except EncircleError as error:
    print(error)
"""


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))


def test_a_full_disk_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("old\n")

    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, preexec_fn=_limit_file_size
    )

    assert child.stdout == f"cannot write {path}: File too large\n"
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("sync", [True, False])
def test_only_a_synced_write_waits_for_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sync: bool) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    path = tmp_path / "view.html"
    path.write_text("old\n")

    atomic_write(path, "new\n", sync=sync)

    assert len(synced) == (1 if sync else 0)
    assert path.read_text() == "new\n"  # whole and in place either way
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_write_changed_leaves_a_file_that_holds_the_text_alone(tmp_path: Path) -> None:
    path = tmp_path / "view.html"

    assert write_changed(path, "é\n") is True  # absent: written
    first = path.stat()
    assert write_changed(path, "é\n") is False  # the same bytes: the same file, not rewritten
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (first.st_ino, first.st_mtime_ns)

    assert write_changed(path, "e\n!") is True  # another text, even of the same length
    assert write_changed(path, "é\n") is True
    assert path.read_bytes() == "é\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


def test_write_changed_replaces_what_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "view.html"
    path.mkdir()  # reading fails; writing then says why in one line

    with pytest.raises(EncircleError, match=r"cannot write .*view\.html"):
        write_changed(path, "new\n")


def test_atomic_open_bytes_writes_whole_or_not_at_all(tmp_path: Path) -> None:
    path = tmp_path / "findings.json"
    with atomic_open_bytes(path) as handle:
        handle.write('["钱"]\n'.encode())
    assert path.read_text(encoding="utf-8") == '["钱"]\n'
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()

    with pytest.raises(RuntimeError), atomic_open_bytes(path) as handle:
        handle.write(b"[half")
        raise RuntimeError("detection failed")

    assert path.read_text(encoding="utf-8") == '["钱"]\n'
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]


def test_a_leftover_temporary_file_is_neither_used_nor_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "_NUMBERS", itertools.count(7))
    leftover = tmp_path / f".view.html.{os.getpid()}-7.tmp"  # a killed writer's, under the next name
    leftover.write_text("half", encoding="utf-8")

    atomic_write(tmp_path / "view.html", "new\n")

    assert (tmp_path / "view.html").read_text() == "new\n"
    assert leftover.read_text(encoding="utf-8") == "half"
    assert sorted(p.name for p in tmp_path.iterdir()) == [leftover.name, "view.html"]
