"""Every command that reads a store refuses a store path that names nothing (a typo) and
creates nothing; `load` and `demo` create their store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.errors import StoreError
from encircle.graph.stores import open_store
from encircle.loaders.demo import demo_bundle

READERS = [
    ["stats"],
    ["paths", "a", "b"],
    ["neighbors", "a"],
    ["common", "a", "b"],
    ["connect", "a", "b"],
    ["detect"],
    ["groups"],
    ["brokers"],
    ["report", "-o", "out"],
    ["view", "--around", "a", "-o", "a.html"],
    ["serve"],
    ["export", "--format", "csv", "-o", "out"],
    ["search", "a"],
    ["xref"],
    ["judge", "a", "b", "same"],
    ["merge", "a", "b"],
    ["judgements", "list"],
    ["judgements", "export", "out.jsonl"],
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_store_that_does_not_exist_is_refused_and_not_created(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*command, "--store", "typo.db")
    assert (code, out, err) == (1, "", "error: no store at typo.db; load something first\n")
    assert list(tmp_path.iterdir()) == []


def test_the_default_store_is_refused_too_when_nothing_was_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENCIRCLE_STORE", raising=False)
    assert run("stats") == (1, "", "error: no store at encircle.db; load something first\n")
    assert list(tmp_path.iterdir()) == []


def test_load_creates_the_store_and_then_the_readers_read_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("load", str(demo_bundle()), "--store", "case.db")[0] == 0
    code, out, _ = run("stats", "--store", "case.db")
    assert (code, out.splitlines()[0]) == (0, "case.db: 43 entities, 73 relations")


def test_open_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"^no store at .*typo\.db; load something first$"):
        open_store(str(tmp_path / "typo.db"), must_exist=True)
    assert not (tmp_path / "typo.db").exists()
    with open_store(":memory:", must_exist=True) as store:
        assert store.is_empty()
