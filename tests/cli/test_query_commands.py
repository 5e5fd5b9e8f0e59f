"""`encircle paths | neighbors | common | connect` on the demo case."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.loaders.demo import demo_bundle


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_paths_table_shows_each_step_with_its_evidence(demo_db: str) -> None:
    code, out, _ = run(
        "paths",
        "钱磊",
        "Leixin New Energy Co. Ltd.",
        "--all",
        "--time-ordered",
        "--type",
        "GIFT,EMPLOYED_BY,APPROVED",
        "--store",
        demo_db,
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "钱磊 (p-qian) -> 磊鑫新能源有限公司 (co-leixin): 2 paths"
    assert lines[1] == "path 1 (3 hops)"
    assert (
        lines[2]
        == "  1. 钱磊 (p-qian) -[GIFT cash 2016-09 200,000 CNY]-> 徐涛 (p-xu)  [confirmed; LS-06 §7; gift-qian-xu-1]"
    )
    assert (
        lines[3] == "  2. 徐涛 (p-xu) -[EMPLOYED_BY secretary 2016-01..]-> 周平 (p-zhou)  [confirmed; LS-06 §3; emp-xu]"
    )
    assert lines[4].startswith("  3. 周平 (p-zhou) -[APPROVED subsidy 2017-08-30 45,000,000 CNY]-> 磊鑫新能源有限公司")


def test_paths_json_shape(demo_db: str) -> None:
    code, out, _ = run("paths", "p-qian", "p-zhou", "--k", "3", "--json", "--store", demo_db)
    result = json.loads(out)
    assert code == 0
    assert [p["relations"] for p in result["paths"]] == [
        ["gift-qian-xu-1", "emp-xu"],
        ["gift-qian-xu-2", "emp-xu"],
        ["own-qian", "appr-zhou-leixin"],
    ]
    assert result["paths"][2]["nodes"] == ["p-qian", "co-leixin", "p-zhou"]
    step = result["paths"][2]["steps"][1]
    assert (step["from"], step["to"], step["forward"], step["type"], step["source"]) == (
        "co-leixin",
        "p-zhou",
        False,
        "APPROVED",
        "LS-06 §5",
    )


def test_paths_says_when_hubs_were_left_out(demo_db: str) -> None:
    code, out, _ = run("paths", "p-xue", "p-hu", "--hub-degree", "3", "--store", demo_db)
    assert code == 0
    assert "p-hu): 0 paths" in out.splitlines()[0]
    assert out.splitlines()[-1] == (
        "note: paths through hubs were left out: 北海省银行监管局 (body-brb, 4 relations); "
        "use --hubs penalize or --hubs allow"
    )
    code, out, _ = run("paths", "p-xue", "p-hu", "--hub-degree", "3", "--hubs", "penalize", "--store", demo_db)
    assert "path 1 (2 hops, through hub 北海省银行监管局 (body-brb))" in out


def test_paths_name_the_hubs_of_every_route_left_out(spec: str) -> None:
    run("load", str(demo_bundle()), "--store", spec)
    code, out, _ = run("paths", "p-zhou", "p-qian", "--hub-degree", "2", "--store", spec)
    assert (code, out.splitlines()[0]) == (0, "周平 (p-zhou) -> 钱磊 (p-qian): 0 paths")
    assert out.splitlines()[-1] == (
        "note: paths through hubs were left out: 磊鑫新能源有限公司 (co-leixin, 3 relations), 徐涛 (p-xu, "
        "3 relations); use --hubs penalize or --hubs allow"
    )
    # the two gifts are the shortest paths: --hubs allow would list nothing more, no note
    code, out, _ = run("paths", "p-xu", "p-qian", "--hub-degree", "2", "--store", spec)
    assert out.splitlines()[0] == "徐涛 (p-xu) -> 钱磊 (p-qian): 2 paths" and "note:" not in out
    # every path: the longer route through 周平 and his subsidy to 磊鑫 was left out, and said so
    code, out, _ = run("paths", "p-xu", "p-qian", "--all", "--hub-degree", "2", "--store", spec)
    assert out.splitlines()[0] == "徐涛 (p-xu) -> 钱磊 (p-qian): 2 paths"
    assert out.splitlines()[-1] == (
        "note: paths through hubs were left out: 磊鑫新能源有限公司 (co-leixin, 3 relations), 周平 (p-zhou, "
        "4 relations); use --hubs penalize or --hubs allow"
    )


HUB_NOTE = "note: hubs were not walked through: 周平 (p-zhou, 4 relations); use --hubs penalize or --hubs allow"


@pytest.mark.parametrize(
    ("flags", "reached", "note"),
    [
        ((), ["钱磊 (p-qian)", "周平 (p-zhou)", "磊鑫新能源有限公司 (co-leixin)"], HUB_NOTE),
        (
            ("--hubs", "penalize"),  # what only the hub reaches comes last
            [
                "钱磊 (p-qian)",
                "周平 (p-zhou)",
                "磊鑫新能源有限公司 (co-leixin)",
                "岚山市发展和改革委员会 (body-ndrc)",
                "周小龙 (p-zhou-son)",
            ],
            None,
        ),
        (
            ("--hubs", "allow"),
            [
                "钱磊 (p-qian)",
                "周平 (p-zhou)",
                "岚山市发展和改革委员会 (body-ndrc)",
                "磊鑫新能源有限公司 (co-leixin)",
                "周小龙 (p-zhou-son)",
            ],
            None,
        ),
    ],
)
def test_neighbors_honour_hubs_and_hub_degree(
    spec: str, flags: tuple[str, ...], reached: list[str], note: str | None
) -> None:
    run("load", str(demo_bundle()), "--store", spec)
    code, out, _ = run("neighbors", "徐涛", "--hops", "2", "--hub-degree", "3", *flags, "--store", spec)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f"徐涛 (p-xu): {len(reached)} entities within 2 hops"
    assert [line.split("  ")[-1] for line in lines[1 : len(reached) + 1]] == reached
    assert (lines[-1] if lines[-1].startswith("note:") else None) == note
    # above the hub degree, 周平 is walked through like anyone
    code, out, _ = run("neighbors", "徐涛", "--hops", "2", "--hub-degree", "4", "--store", spec)
    assert out.splitlines()[0] == "徐涛 (p-xu): 5 entities within 2 hops" and "note:" not in out


def test_query_errors_are_one_line(demo_db: str) -> None:
    code, out, err = run("paths", "nobody", "p-zhou", "--store", demo_db)
    assert (code, out, err) == (1, "", "error: no entity with id, name or alias 'nobody'\n")
    code, _, err = run("paths", "p-qian", "p-zhou", "--type", "GIFTS", "--store", demo_db)
    assert code == 1 and err.startswith("error: unknown relation type 'GIFTS'")
    code, _, err = run("paths", "p-qian", "p-zhou", "--from", "2016-13", "--store", demo_db)
    assert code == 2 and "malformed date '2016-13'" in err


def test_neighbors_common_connect(demo_db: str) -> None:
    code, out, _ = run("neighbors", "周平", "--hops", "2", "--cap", "5", "--store", demo_db)
    assert code == 0
    assert out.splitlines()[0] == "周平 (p-zhou): 5 entities within 2 hops"
    assert "  and 1 more not shown (--cap 5), reached 1 via GIFT, 1 via OWNS" in out
    code, out, _ = run("common", "周平", "钱磊", "--json", "--store", demo_db)
    assert [s["id"] for s in json.loads(out)["shared"]] == ["p-xu", "co-leixin"]
    code, out, _ = run("connect", "钱磊", "周平", "Longteng Consulting Co. Ltd.", "--json", "--store", demo_db)
    network = json.loads(out)
    assert [(i["id"], i["paths"]) for i in network["intermediaries"]] == [
        ("co-leixin", 3),
        ("p-xu", 2),
        ("p-zhou-son", 2),
    ]
