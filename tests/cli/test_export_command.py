"""`encircle export` through CliRunner: each format, the slices, the errors."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import open_store
from encircle.loaders import load, read
from encircle.loaders.demo import demo_bundle


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    with open_store(db) as store:
        load([demo_bundle()], store)
    return db


def test_help_has_an_example() -> None:
    code, out, _ = run("export", "--help")
    assert code == 0 and "Example:" in out and "encircle export --format ftm" in out


@pytest.mark.parametrize(
    ("fmt", "name"), [("ftm", "c.ftm.jsonl"), ("gexf", "c.gexf"), ("graphml", "c.graphml"), ("cypher", "c.cypher")]
)
def test_every_format_whole_case(demo: str, tmp_path: Path, fmt: str, name: str) -> None:
    out_path = tmp_path / name
    code, out, err = run("export", "--store", demo, "--format", fmt, "-o", str(out_path))
    assert (code, out, err) == (0, f"wrote {out_path} ({fmt}): 43 entities, 73 relations\n", "")
    assert out_path.is_file() and [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_csv_round_trip_through_the_cli(demo: str, tmp_path: Path) -> None:
    code, out, _ = run("export", "--store", demo, "-f", "csv", "-o", str(tmp_path / "b"))
    assert (code, out) == (0, f"wrote {tmp_path / 'b'} (csv): 43 entities, 73 relations\n")
    code, out, _ = run("load", str(tmp_path / "b"), "--store", str(tmp_path / "copy.db"))
    assert code == 0
    assert run("stats", "--store", str(tmp_path / "copy.db"), "--json")[1] == run("stats", "--store", demo, "--json")[1]


def test_slices(demo: str, tmp_path: Path) -> None:
    code, out, _ = run(
        "export", "--store", demo, "-f", "gexf", "--around", "周平", "--hops", "2", "-o", str(tmp_path / "z.gexf")
    )
    assert (code, out) == (0, f"wrote {tmp_path / 'z.gexf'} (gexf): 7 entities, 10 relations\n")
    assert nx.read_gexf(tmp_path / "z.gexf", version="1.3").number_of_nodes() == 7
    code, out, _ = run(
        "export", "--store", demo, "-f", "ftm", "--path", "钱磊", "周平", "-o", str(tmp_path / "p.jsonl")
    )
    assert (code, out) == (0, f"wrote {tmp_path / 'p.jsonl'} (ftm): 5 entities, 5 relations\n")
    assert sorted(r.id for r in read(tmp_path / "p.jsonl").relations) == [
        "appr-zhou-leixin",
        "emp-xu",
        "gift-qian-xu-1",
        "gift-qian-xu-2",
        "own-qian",
    ]
    finding = ["--finding", "roundabout-92718fffd6"]
    code, out, _ = run("export", "--store", demo, "-f", "graphml", *finding, "-o", str(tmp_path / "f.graphml"))
    assert (code, out) == (0, f"wrote {tmp_path / 'f.graphml'} (graphml): 7 entities, 10 relations\n")


def test_errors_are_one_line(demo: str, tmp_path: Path) -> None:
    code, _, err = run("export", "--store", demo, "-f", "csv", "--around", "nobody", "-o", str(tmp_path / "x"))
    assert (code, err) == (1, "error: no entity with id, name or alias 'nobody'\n")
    code, _, err = run("export", "--store", demo, "-f", "csv", "--around", "p-xu", "--finding", "y", "-o", "x")
    assert code == 2 and "give at most one of --around, --path, --finding (got --around, --finding)" in err
    (tmp_path / "d.gexf").mkdir()
    code, _, err = run("export", "--store", demo, "-f", "gexf", "-o", str(tmp_path / "d.gexf"))
    assert (code, err) == (1, f"error: {tmp_path / 'd.gexf'} is a folder; give a file name\n")
    code, _, err = run("export", "--store", demo, "-f", "xml", "-o", "x")
    assert code == 2 and "'xml' is not one of 'ftm', 'gexf', 'graphml', 'csv', 'cypher'" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "d.gexf"]


def test_judgements_and_reviews_ride_along(tmp_path: Path) -> None:
    db = str(tmp_path / "case.db")
    fixture = Path(__file__).parents[1] / "fixtures" / "resolution" / "earthcott"
    assert run("load", str(fixture), "--store", db)[0] == 0
    assert run("merge", "Earthcott Ltd", "Earthcott Limited", "--reviewer", "ana", "--store", db)[0] == 0
    code, out, err = run("export", "--store", db, "-f", "csv", "-o", str(tmp_path / "b"))
    assert (code, out, err) == (0, f"wrote {tmp_path / 'b'} (csv): 10 entities, 8 relations, 1 judgement entry\n", "")
    assert (
        (tmp_path / "b" / "judgements.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith("co-earthcott-limited,co-earthcott-ltd,same,ana,")
    )
    code, _, err = run("export", "--store", db, "-f", "gexf", "-o", str(tmp_path / "c.gexf"))
    assert (code, err) == (
        0,
        f"warning: {tmp_path / 'c.gexf'}: 1 judgement entry is not exported in gexf (ftm and csv carry them)\n",
    )
    code, out, _ = run("export", "--store", db, "-f", "csv", "--around", "Earthcott Ltd", "-o", str(tmp_path / "s"))
    assert (code, out) == (0, f"wrote {tmp_path / 's'} (csv): 5 entities, 4 relations, 1 judgement entry\n")
