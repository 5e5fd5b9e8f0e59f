"""Bulk import into an empty Neo4j database with Neo4j's offline importer.

``neo4j-admin database import full`` builds a database from CSV files without
transactions, an order of magnitude faster than the transactional loader, but only
offline: the database must not be running, and in Neo4j Community (one user database,
no ``STOP DATABASE``) that means the whole server is stopped. :func:`bulk_import` does
the whole procedure:

1. over Bolt: refuse a database that holds any node, and note its name;
2. check and merge the records exactly as a one-transaction load would (bad input
   raises its usual error here, and nothing has been touched);
3. write the admin-import CSV files (stores/neo4j_import_files.py) to a temporary folder;
4. ``NEO4J_HOME/bin/neo4j stop``; check the server no longer answers (else the home is
   not the server's, and it is started again untouched);
5. ``NEO4J_HOME/bin/neo4j-admin database import full --overwrite-destination``;
6. ``NEO4J_HOME/bin/neo4j start``; wait until the database answers;
7. create the constraints and indexes the store needs (as opening a store does) and wait
   until they are online; check the counts against what was written. Opening the store
   also writes each entity's full-text search text (``:EntitySearch``, graph/search.py)
   in transactions: that text holds line breaks, which would make the importer parse
   every file single-threaded (``--multiline-fields``).

A failure after step 4 leaves the database empty: the server is stopped, an import of no
records replaces whatever the failed one left, and the server is started again. The
import is then all or nothing, like a load, and the error says what failed.

The home may be a Neo4j installation or any folder with ``bin/neo4j`` (stop, start) and
``bin/neo4j-admin`` that act on the server behind the URI, such as the test server's
(services/neo4j) or two small scripts around a service manager (docs/stores.md).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from encircle.graph.errors import StoreError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores.base import Progress, WriteSummary, merge_and_put
from encircle.graph.stores.neo4j import Neo4jStore, cypher
from encircle.graph.stores.neo4j_import_files import ImportFiles, write_import_files

__all__ = ["Neo4jHome", "bulk_import"]

START_TIMEOUT = 300.0  # seconds the server may take to answer again after `neo4j start`
INDEX_TIMEOUT = 3600  # seconds the constraints' and indexes' population may take


@dataclass(frozen=True)
class Neo4jHome:
    """The folder of ``bin/neo4j`` and ``bin/neo4j-admin`` of the server to import into."""

    path: Path

    @classmethod
    def at(cls, path: str | Path) -> Neo4jHome:
        """The home at `path`, checked: both scripts exist and may be run."""
        home = cls(Path(path).expanduser().resolve())
        for tool in ("neo4j", "neo4j-admin"):
            script = home.path / "bin" / tool
            if not (script.is_file() and os.access(script, os.X_OK)):
                raise StoreError(f"{home.path} is not a Neo4j home: no executable bin/{tool} (give --neo4j-home)")
        return home

    def run(self, log: Path, tool: str, *args: str) -> None:
        """Run ``bin/<tool> args``, its output appended to `log`; a failure is a StoreError
        with the tool's last line of output."""
        command = [str(self.path / "bin" / tool), *args]
        with log.open("a", encoding="utf-8") as out:
            out.write(f"$ {' '.join(command)}\n")
            out.flush()
            try:
                code = subprocess.run(
                    command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=self._env()
                ).returncode
            except OSError as error:
                raise StoreError(f"cannot run {command[0]}: {error.strerror}") from None
        if code:
            raise StoreError(f"`{tool} {' '.join(args[:3])}` failed (exit {code}): {_last_line(log)}")

    def _env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.path)}


def bulk_import(
    uri: str,
    entities: Sequence[Entity],
    relations: Sequence[Relation],
    home: Neo4jHome,
    options: Sequence[str] = (),
    progress: Progress | None = None,
    start_timeout: float = START_TIMEOUT,
) -> WriteSummary:
    """Import `entities` and `relations` into the empty Neo4j database at `uri` with the
    offline importer of `home` (see the module docstring); `options` are passed on to
    ``neo4j-admin database import full`` (``--threads=2``, ``--max-off-heap-memory=2g``).
    The database holds exactly what one transactional load of the records would write."""
    with closing(Neo4jStore(uri)) as store:
        database = _empty_database(store)
    with tempfile.TemporaryDirectory(prefix="encircle-bulk-") as tmp:
        folder = Path(tmp)
        files = _checked_files(folder, entities, relations, progress)
        _import(_Run(uri, database, home, folder, start_timeout), files, options)
    count = files.stats
    return WriteSummary(count.entities, count.relations, count.entities, count.relations)


def _empty_database(store: Neo4jStore) -> str:
    """The database's name; a StoreError unless it holds no node at all."""
    [row] = store.read(cypher("database_nodes"))
    if row["nodes"]:
        raise StoreError(
            f"the Neo4j database {row['name']!r} at {store.location} is not empty ({row['nodes']:,} nodes): "
            "--bulk imports only into an empty database (load without --bulk to add to it)"
        )
    return str(row["name"])


class _FilesWriter:
    """The WriteTransaction of a load into an empty database whose `put` writes the
    import files: merge_and_put checks and merges the records exactly as a
    one-transaction load does, then hands them over here."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: ImportFiles | None = None

    def fetch_entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        return {}

    def fetch_relations(self, ids: Sequence[str]) -> dict[str, Relation]:
        return {}

    def entity_types(self, ids: set[str]) -> dict[str, str]:
        return {}

    def put(self, entities: Sequence[Entity], relations: Sequence[Relation], progress: Progress | None) -> None:
        self.files = write_import_files(self.folder, entities, relations, progress)


def _checked_files(
    folder: Path, entities: Sequence[Entity], relations: Sequence[Relation], progress: Progress | None
) -> ImportFiles:
    writer = _FilesWriter(folder)
    merge_and_put(writer, entities, relations, progress)
    assert writer.files is not None  # put() always runs once the checks pass
    return writer.files


@dataclass(frozen=True)
class _Run:
    """One import: where to, with what, and where its work files and log go."""

    uri: str
    database: str
    home: Neo4jHome
    folder: Path
    start_timeout: float

    @property
    def log(self) -> Path:
        return self.folder / "neo4j.log"

    def tool(self, name: str, *args: str) -> None:
        self.home.run(self.log, name, *args)

    def admin_import(self, *args: str) -> None:
        report = f"--report-file={self.folder / 'import.report'}"
        # The database goes first: --multiline-fields takes a variable number of values.
        self.tool("neo4j-admin", "database", "import", "full", self.database, "--overwrite-destination", report, *args)


def _import(run: _Run, files: ImportFiles, options: Sequence[str]) -> None:
    run.tool("neo4j", "stop")
    _check_stopped(run)
    try:
        # Bad entries are never skipped: the records were checked, so one is a bug.
        # Options before the files: --nodes and --relationships take any number of values.
        run.admin_import("--bad-tolerance=0", "--skip-bad-relationships=false", *options, *files.arguments())
        run.tool("neo4j", "start")
        _finish(run, files)
    except (Exception, KeyboardInterrupt) as error:
        outcome = _leave_empty(run)
        if isinstance(error, KeyboardInterrupt):
            raise
        raise StoreError(f"the bulk import into {run.database!r} failed: {_text(error)}; {outcome}") from None


def _check_stopped(run: _Run) -> None:
    """After `neo4j stop` the URI must not answer: if it does, the home runs another
    server, and importing would write into that one's files (or fail on its lock)."""
    try:
        store = Neo4jStore(run.uri, timeout=10)
    except StoreError:
        return
    store.close()
    run.tool("neo4j", "start")
    raise StoreError(
        f"{run.uri} still answers after `{run.home.path}/bin/neo4j stop`: that home does not run this server "
        "(nothing was imported)"
    )


def _finish(run: _Run, files: ImportFiles) -> None:
    """Constraints and indexes (opening the store creates them), then the counts."""
    with closing(_wait_for(run)) as store:
        store.read(cypher("await_indexes"), seconds=INDEX_TIMEOUT)
        stats = store.stats()
        [names] = store.read(cypher("name_count"))
    if stats != files.stats or names["names"] != files.names:
        raise StoreError(
            f"the database holds other counts than were imported: {stats.entities:,} entities, "
            f"{stats.relations:,} relations and {names['names']:,} name keys instead of {files.stats.entities:,}, "
            f"{files.stats.relations:,} and {files.names:,}"
        )


def _wait_for(run: _Run) -> Neo4jStore:
    """The store, once the restarted server answers (`neo4j start` may return first)."""
    deadline = time.monotonic() + run.start_timeout
    while True:
        try:
            return Neo4jStore(run.uri)
        except StoreError as error:
            if time.monotonic() > deadline:
                raise StoreError(f"the server did not answer {run.start_timeout:g} s after starting: {error}") from None
        time.sleep(1)


def _leave_empty(run: _Run) -> str:
    """Stop the server, replace the database by an import of no records, start it."""
    empty = run.folder / "empty.csv"

    def write_empty() -> None:
        empty.write_text(":ID\n", encoding="utf-8")

    steps: list[Callable[[], None]] = [
        lambda: run.tool("neo4j", "stop"),
        write_empty,
        lambda: run.admin_import(f"--nodes={empty}"),
        lambda: run.tool("neo4j", "start"),
        lambda: _wait_for(run).close(),
    ]
    try:
        for step in steps:
            step()
    except (Exception, KeyboardInterrupt) as error:
        return (
            f"leaving the database empty failed too ({_text(error)}): stop the server, run `neo4j-admin database "
            f"import full {run.database} --overwrite-destination --nodes=FILE` with a FILE holding the line ':ID', "
            "and start it again"
        )
    return "the database was left empty"


def _text(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _last_line(log: Path) -> str:
    """The tool's own message: its last line that says what went wrong (not a stack frame,
    not a hint such as picocli's "Possible solutions"), else its last line."""
    lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    useful = [line for line in lines if line and not line.startswith(("at ", "...", "$ "))]
    telling = [line for line in useful if _TELLING.search(line)]
    return (telling or useful or ["no output"])[-1]


_TELLING = re.compile(r"error|exception|unknown|invalid|missing|not |cannot|can't|failed", re.IGNORECASE)
