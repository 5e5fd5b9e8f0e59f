"""SQLite store failures said plainly: locked by a reader or a writer, disk full,
read-only, not a store. Each is one StoreError line, and the store is as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.errors import StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store
from encircle.graph.stores import sqlite as sqlite_store
from encircle.loaders import load

FIXTURES = Path(__file__).parents[1] / "fixtures"
READ_ONLY = "the store is read-only (the file, or its folder, cannot be written)"
LOCKED = (
    "the store is locked by another process (a load writing, or a reader still open) "
    "and stayed locked for 0.2 s; try again when it has finished"
)

# Another process holding the store: `mode` is BEGIN (a reader, once it has read) or
# BEGIN IMMEDIATE (a writer); it says "held" and keeps the lock until stdin closes.
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute(sys.argv[2])
conn.execute("SELECT count(*) FROM entity").fetchall()
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT", 0.2)


@pytest.fixture
def case_a(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    path = str(tmp_path / "case.db")
    with open_store(path) as store:
        load([FIXTURES / "csv" / "case-a"], store)
        yield store, path


def _contents(store: Store) -> tuple[list[Entity], list[Relation]]:
    return list(store.entities()), list(store.relations())


@pytest.fixture
def held(case_a: tuple[Store, str]) -> Iterator[tuple[Store, str]]:
    """The store while another process holds its write lock (a load in progress)."""
    yield from _held_by(case_a, "BEGIN IMMEDIATE")


def _held_by(case_a: tuple[Store, str], begin: str) -> Iterator[tuple[Store, str]]:
    store, path = case_a
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, path, begin], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    try:
        yield store, path
    finally:
        holder.communicate("")


def test_a_locked_store_is_one_error_line(short_wait: None, held: tuple[Store, str]) -> None:
    store, path = held
    before = _contents(store)

    with pytest.raises(StoreError) as caught:
        load([FIXTURES / "csv" / "case-b"], store)

    assert str(caught.value) == f"cannot write {path!r}: {LOCKED}"
    assert _contents(store) == before


def test_the_cli_says_the_store_is_locked(short_wait: None, held: tuple[Store, str]) -> None:
    _, path = held
    result = CliRunner().invoke(cli, ["load", str(FIXTURES / "csv" / "case-b"), "--store", path])
    assert (result.exit_code, result.stderr) == (1, f"error: cannot write {path!r}: {LOCKED}\n")


def test_a_reader_does_not_block_a_load(short_wait: None, case_a: tuple[Store, str]) -> None:
    # WAL: another process reading (a detection, the workbench) never makes a load fail.
    for store, _ in _held_by(case_a, "BEGIN"):
        before = len(_contents(store)[0])
        _, bundle = load([FIXTURES / "csv" / "case-b"], store)
        assert bundle.entities and len(_contents(store)[0]) > before


def test_reading_while_a_load_commits(short_wait: None, case_a: tuple[Store, str]) -> None:
    store, path = case_a
    before = store.stats()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # what a load holds while it commits
    try:
        writer.execute("DELETE FROM relation")
        assert store.stats() == before  # readers see the last committed state
    finally:
        writer.execute("ROLLBACK")


def test_a_full_disk_is_said_and_writes_nothing(case_a: tuple[Store, str]) -> None:
    store, path = case_a
    assert isinstance(store, sqlite_store.SqliteStore)
    (pages,) = store.conn.execute("PRAGMA page_count").fetchone()
    store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own "disk full"
    before = _contents(store)
    many = [Entity(f"x{i}", "Person", "x" * 200) for i in range(2000)]

    with pytest.raises(StoreError) as caught:
        store.write(many, [])

    # Not "cannot rollback - no transaction is active": SQLite had rolled back already.
    assert str(caught.value) == f"cannot write {path!r}: the disk is full (or the store has reached its size limit)"
    assert _contents(store) == before
    store.write(many[:1], [])  # the store still works
    assert store.stats().entities == len(before[0]) + 1


def test_a_read_only_connection(case_a: tuple[Store, str]) -> None:
    store, path = case_a
    assert isinstance(store, sqlite_store.SqliteStore)
    store.conn.execute("PRAGMA query_only = ON")

    with pytest.raises(StoreError) as caught:
        load([FIXTURES / "csv" / "case-b"], store)

    assert str(caught.value) == (
        f"cannot write {path!r}: the store is read-only (the file, or its folder, cannot be written)"
    )


def test_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "entities.csv"
    path.write_text("id,type,name\n")
    with pytest.raises(StoreError) as caught:
        open_store(str(path))
    assert str(caught.value) == (
        f"cannot open SQLite store {str(path)!r}: not an encircle store, or a damaged one (not a SQLite database)"
    )


# --- read-only files and folders, as a user who cannot write them -------------------


def _as_reader() -> list[str]:
    """A command prefix running as a user the permissions apply to: root ignores them, so
    as root the command runs as nobody (setpriv, from util-linux)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    encircle = Path(sys.executable).with_name("encircle")
    if subprocess.run([*prefix, sys.executable, str(encircle), "--version"], capture_output=True).returncode:
        # A checkout in a private folder (mktemp -d is 0700): nobody cannot run its venv.
        pytest.skip(f"an unprivileged user cannot run {encircle}: file permissions cannot be tested here")
    return prefix


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    # Not under pytest's tmp_path: that is private to the user running the tests.
    folder = Path(tempfile.mkdtemp(prefix="encircle-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ("ro.db", f"cannot open SQLite store 'ro.db': {READ_ONLY}"),
        ("ro/case.db", f"cannot open SQLite store 'ro/case.db': {READ_ONLY}"),
        ("ro/new.db", "cannot open SQLite store 'ro/new.db': cannot open the store's files (is its folder writable?)"),
    ],
)
def test_read_only_file_or_folder(shared_folder: Path, store: str, message: str) -> None:
    encircle = Path(sys.executable).with_name("encircle")
    for name in ("ro.db", "case.db"):
        with open_store(str(shared_folder / name)) as opened:
            load([FIXTURES / "csv" / "case-a"], opened)
    (shared_folder / "ro").mkdir()
    (shared_folder / "case.db").rename(shared_folder / "ro" / "case.db")
    (shared_folder / "ro" / "case.db").chmod(0o666)  # the file may be written, its folder not
    (shared_folder / "ro.db").chmod(0o444)
    (shared_folder / "ro").chmod(0o555)
    bundle = shared_folder / "bundle"
    shutil.copytree(FIXTURES / "csv" / "case-b", bundle)
    before = (shared_folder / store).read_bytes() if (shared_folder / store).exists() else None

    child = subprocess.run(
        [*_as_reader(), str(encircle), "load", str(bundle), "--store", store],
        cwd=shared_folder,
        capture_output=True,
        text=True,
    )

    assert (child.returncode, child.stdout, child.stderr) == (1, "", f"error: {message}\n")
    after = (shared_folder / store).read_bytes() if (shared_folder / store).exists() else None
    assert after == before
