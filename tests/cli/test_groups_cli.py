"""`encircle groups` and `encircle brokers` through click's CliRunner, on the demo case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.loaders.demo import demo_bundle


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "case.db")
    assert run("load", str(demo_bundle()), "--store", db)[0] == 0
    return db


def test_groups_table(demo_db: str) -> None:
    code, out, err = run("groups", "--store", demo_db)
    assert (code, err) == (0, "")
    assert out.startswith("6 interest groups (Louvain via networkx, seed 7); leads, not verdicts\n")
    first = out.split("\n\n")[1]
    assert first.splitlines()[0].startswith("#1  risk 0.98  group-")
    assert "  officials       刘洋 (p-liu), 宋建华 (p-song), 薛金海 (p-xue)" in first
    assert "  bodies          北海省银行监管局 (body-brb)" in first
    assert "collective_capture-" in first


def test_groups_json_is_the_same_with_either_backend_on_the_demo(demo_db: str) -> None:
    code, out, _ = run("groups", "--store", demo_db, "--json")
    louvain = json.loads(out)
    assert code == 0
    assert louvain[0]["members"] == ["co-bank", "p-li", "p-liu", "p-song", "p-xue"]
    assert set(louvain[0]) >= {"rank", "roles", "value", "officials_reached", "bodies", "findings", "risk", "reasons"}
    code, out, _ = run("groups", "--store", demo_db, "--json", "--backend", "leiden", "--seed", "7")
    assert code == 0
    assert [g["members"] for g in json.loads(out)] == [g["members"] for g in louvain]


def test_groups_rejects_an_unknown_backend(demo_db: str) -> None:
    code, _, err = run("groups", "--store", demo_db, "--backend", "igraph")
    assert code == 2 and "igraph" in err


def test_brokers_table_and_json(demo_db: str) -> None:
    code, out, err = run("brokers", "--store", demo_db)
    assert (code, err) == (0, "")
    assert out.startswith("8 brokers between givers and officials; leads, not verdicts\n")
    # the secretary: Qian Lei's only way to Zhou; example paths as named steps, as `paths` prints them
    assert out.splitlines()[3:12] == [
        "  1  徐涛 (p-xu)                          1.50            1  周平",
        "     path 1 (2 hops)",
        "       1. 钱磊 (p-qian) -[GIFT cash 2016-09 200,000 CNY]-> 徐涛 (p-xu)  [confirmed; LS-06 §7; gift-qian-xu-1]",
        "       2. 徐涛 (p-xu) -[EMPLOYED_BY secretary 2016-01..]-> 周平 (p-zhou)  [confirmed; LS-06 §3; emp-xu]",
        "     path 2 (3 hops)",
        "       1. 磊鑫新能源有限公司 (co-leixin) <-[OWNS 2014.. 70%]- 钱磊 (p-qian)  [confirmed; LS-06 §2; own-qian]",
        "       2. 钱磊 (p-qian) -[GIFT cash 2016-09 200,000 CNY]-> 徐涛 (p-xu)  [confirmed; LS-06 §7; gift-qian-xu-1]",
        "       3. 徐涛 (p-xu) -[EMPLOYED_BY secretary 2016-01..]-> 周平 (p-zhou)  [confirmed; LS-06 §3; emp-xu]",
        "  2  宝山银行 (co-bank)                   1.00            1  刘洋",
    ]
    code, out, _ = run("brokers", "--store", demo_db, "--json", "--examples", "1")
    found = {b["id"]: b for b in json.loads(out)}
    assert found["p-xu"]["reliant_givers"] == ["p-qian"]
    assert (found["p-xu"]["paths"], found["p-xu"]["routes"]) == (
        [["gift-qian-xu-1", "emp-xu"]],
        [["p-qian", "p-xu", "p-zhou"]],
    )
    assert all(len(b["paths"]) <= 1 for b in found.values())


def test_a_missing_store_is_one_line_error(tmp_path: Path) -> None:
    code, _, err = run("brokers", "--store", str(tmp_path / "nowhere" / "x.db"))
    assert code == 1 and err.startswith("error: ")
