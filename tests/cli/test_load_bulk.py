"""`encircle load --bulk` on the real test server: the demo case and a generated world give
the same `encircle stats` and the same findings as the transactional load; a non-empty
database and bad input are refused in one line with nothing written; options that do
not go together are usage errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import open_store
from encircle.loaders.demo import demo_bundle
from encircle.queries.synth.generate import generate

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def observed(uri: str) -> tuple[object, object]:
    """What a user sees of a loaded case: `stats --json` and `detect --all --json`."""
    code, stats, err = run("stats", "--store", uri, "--json")
    assert code == 0, err
    code, findings, err = run("detect", "--store", uri, "--all", "--json")
    assert code == 0, err
    return json.loads(stats), json.loads(findings)


def clear(uri: str) -> None:
    with open_store(uri) as store:
        store.clear()


def server_pid() -> str:
    return (
        subprocess.run(["bash", str(REPO / "services/neo4j/run.sh"), "status"], capture_output=True, text=True)
        .stdout.split("pid ")[1]
        .split(",")[0]
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated world: about 1,200 entities and 3,600 relations with planted cases."""
    folder = tmp_path_factory.mktemp("world")
    generate(folder, entities=1000, seed=1)
    return folder


@pytest.mark.neo4j
@pytest.mark.parametrize("case", ["demo", "world"])
def test_bulk_gives_the_stats_and_findings_of_the_transactional_load(
    bulk_neo4j: tuple[str, Path], world: Path, case: str
) -> None:
    uri, home = bulk_neo4j
    path = str(demo_bundle() if case == "demo" else world)
    code, _, err = run("load", path, "--store", uri)
    assert code == 0, err
    expected = observed(uri)
    clear(uri)

    code, out, err = run("load", path, "--store", uri, "--bulk", "--neo4j-home", str(home))

    assert code == 0, err
    stats, findings = observed(uri)
    assert out == f"bulk-imported {stats['entities']} entities and {stats['relations']} relations into {uri}\n"
    assert (stats, findings) == expected
    assert any(f["verdict"] == "flagged" for f in findings)


@pytest.mark.neo4j
def test_a_database_holding_anything_is_refused(bulk_neo4j: tuple[str, Path]) -> None:
    uri, home = bulk_neo4j
    run("load", str(demo_bundle()), "--store", uri)
    before = observed(uri)

    code, out, err = run("load", str(demo_bundle()), "--store", uri, "--bulk", "--neo4j-home", str(home))

    assert (code, out) == (1, "")
    assert err == (  # 43 entities, their 88 name keys and 43 search texts
        f"error: the Neo4j database 'neo4j' at {uri} is not empty (174 nodes): --bulk imports only into an "
        "empty database (load without --bulk to add to it)\n"
    )
    assert observed(uri) == before


@pytest.mark.neo4j
def test_bad_input_is_refused_with_its_place_and_nothing_is_written(
    bulk_neo4j: tuple[str, Path], tmp_path: Path
) -> None:
    uri, home = bulk_neo4j
    bundle = tmp_path / "bad"
    bundle.mkdir()
    (bundle / "entities.csv").write_text("id,type,name\np1,Person,Li\np2,Person,Wang\n", encoding="utf-8")
    (bundle / "relations.csv").write_text(
        "type,source_id,target_id,date\nGIFT,p1,p2,2016-13\nGIFT,p1,p3,2016\n", encoding="utf-8"
    )
    pid = server_pid()

    code, out, err = run("load", str(bundle), "--store", uri, "--bulk", "--neo4j-home", str(home))

    assert (code, out) == (1, "")
    assert err.startswith(f"error: {bundle / 'relations.csv'}:2:") and err.count("\n") == 1
    assert server_pid() == pid  # never stopped
    with open_store(uri) as store:
        assert store.is_empty()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store", "case.db"], "--bulk imports into a Neo4j database: give --store bolt://HOST:PORT"),
        (["--commit-every", "10"], "--bulk and --commit-every do not go together"),
        ([], "--bulk needs the server's folder: --neo4j-home DIR or $NEO4J_HOME"),
    ],
)
def test_bulk_options_that_do_not_go_together(args: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_HOME", raising=False)
    code, _, err = run("load", str(demo_bundle()), "--bulk", "--store", "bolt://127.0.0.1:1", *args)
    assert code == 2
    assert message in err


def test_a_folder_that_is_not_a_neo4j_home_is_said(tmp_path: Path) -> None:
    code, _, err = run(
        "load", str(demo_bundle()), "--store", "bolt://127.0.0.1:1", "--bulk", "--neo4j-home", str(tmp_path)
    )
    assert (code, err) == (1, f"error: {tmp_path} is not a Neo4j home: no executable bin/neo4j (give --neo4j-home)\n")


def test_import_options_go_with_bulk() -> None:
    code, _, err = run("load", str(demo_bundle()), "--store", "x.db", "--import-option", "--threads=2")
    assert code == 2 and "--import-option goes with --bulk" in err
