"""`encircle load --commit-every N`: the same store as one transaction, bad input writes
nothing, a partial load keeps what it committed and says how to complete it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

from encircle.cli import load as load_command
from encircle.cli.main import cli
from encircle.graph.errors import StoreError
from encircle.graph.stores.base import WriteTransaction
from encircle.graph.stores.sqlite import SqliteStore
from encircle.loaders.demo import demo_bundle

T = TypeVar("T")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def stats(db: Path) -> dict[str, object]:
    code, out, _ = run("stats", "--store", str(db), "--json")
    assert code == 0
    return dict(json.loads(out))


def test_commit_every_gives_the_same_store(tmp_path: Path) -> None:
    one, chunked = tmp_path / "one.db", tmp_path / "chunked.db"
    run("load", str(demo_bundle()), "--store", str(one))

    code, out, err = run("load", str(demo_bundle()), "--store", str(chunked), "--commit-every", "10")

    assert (code, err) == (0, "")
    assert out == f"loaded 43 entities (43 new) and 73 relations (73 new) into {chunked}\n"
    assert stats(chunked) == stats(one)
    code, out, _ = run("load", str(demo_bundle()), "--store", str(chunked), "--commit-every", "10")
    assert code == 0 and out.count("(0 new)") == 2


def test_commit_every_bad_input_writes_nothing(tmp_path: Path) -> None:
    bundle = tmp_path / "bad"
    bundle.mkdir()
    (bundle / "entities.csv").write_text("id,type,name\np1,Person,Li\np2,Person,Wang\n", encoding="utf-8")
    (bundle / "relations.csv").write_text(
        "type,source_id,target_id,date\nGIFT,p1,p2,2020\nGIFT,p1,p3,2021\n", encoding="utf-8"
    )
    db = tmp_path / "case.db"

    code, out, err = run("load", str(bundle), "--store", str(db), "--commit-every", "1")

    assert (code, out) == (1, "")
    assert err == f"error: {bundle / 'relations.csv'}:3:3: unknown entity id 'p3'\n"
    assert not db.exists()


def test_partial_load_keeps_what_it_committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "case.db"

    class DropsTheThirdTransaction(SqliteStore):
        """A real SQLite store whose third write transaction fails after its work (rolled back)."""

        transactions = 0

        def _in_write_transaction(self, work: Callable[[WriteTransaction], T]) -> T:
            DropsTheThirdTransaction.transactions += 1
            if DropsTheThirdTransaction.transactions != 3:
                return super()._in_write_transaction(work)

            def fail(tx: WriteTransaction) -> T:
                work(tx)
                raise StoreError("disk I/O error")

            return super()._in_write_transaction(fail)

    monkeypatch.setattr(load_command, "open_store", DropsTheThirdTransaction)
    code, out, err = run("load", str(demo_bundle()), "--store", str(db), "--commit-every", "30")

    # 1 check + 2 entity chunks (43) + 3 relation chunks (73): the 2nd entity chunk fails.
    assert (code, out) == (1, "")
    assert err == (
        "error: the load is partial: 1 of 5 transactions committed (30 of 116 records; entities first, then "
        "relations), then it failed: disk I/O error. Re-run the same load to complete it: records already "
        "written are merged again and do not change\n"
    )
    assert stats(db)["entities"] == 30  # the store is kept, with the committed chunk

    monkeypatch.undo()
    code, out, _ = run("load", str(demo_bundle()), "--store", str(db), "--commit-every", "30")
    assert code == 0
    assert out == f"loaded 43 entities (13 new) and 73 relations (73 new) into {db}\n"
    assert (stats(db)["entities"], stats(db)["relations"]) == (43, 73)


def test_commit_every_must_be_positive(tmp_path: Path) -> None:
    code, _, err = run("load", str(demo_bundle()), "--store", str(tmp_path / "x.db"), "--commit-every", "0")
    assert code == 2 and "--commit-every" in err
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("chunked", [(), ("--commit-every", "10")])
def test_a_load_leaves_the_snapshot_the_first_detection_reads(tmp_path: Path, chunked: tuple[str, ...]) -> None:
    db = tmp_path / "case.db"
    code, _, err = run("load", str(demo_bundle()), "--store", str(db), *chunked)
    assert code == 0, err
    with sqlite3.connect(db) as conn:
        kinds = [kind for (kind,) in conn.execute("SELECT kind FROM snapshot ORDER BY kind, part")]
    assert kinds == ["endpoint", "entity", "layout", "relation", "stats"]  # written by the load, before any read
    with SqliteStore(str(db)) as store:
        assert store.read_case() == (list(store.entities()), list(store.relations()))
