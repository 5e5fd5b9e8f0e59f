"""`encircle load` on incomplete and bad records, on both stores: undated facts are counted
and loaded, every error is reported at once (file:line:col, up to --max-errors) and
nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import open_store


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def bundle(folder: Path, entities: str, relations: str) -> Path:
    folder.mkdir()
    (folder / "entities.csv").write_text(entities, encoding="utf-8")
    (folder / "relations.csv").write_text(relations, encoding="utf-8")
    return folder


def is_empty(spec: str) -> bool:
    if not spec.startswith("bolt://") and not Path(spec).exists():
        return True
    with open_store(spec) as store:
        return store.is_empty()


ENTITIES = "id,type,name\np1,Person,Li\nc1,Company,Co\nb1,PublicBody,Bureau\n"


@pytest.mark.parametrize("chunked", [(), ("--commit-every", "2")])
def test_undated_gifts_and_approvals_load_and_are_counted(tmp_path: Path, spec: str, chunked: tuple[str, ...]) -> None:
    folder = bundle(
        tmp_path / "case",
        ENTITIES,
        "type,source_id,target_id,date,start_date,end_date\n"
        "GIFT,c1,p1,,,\nGIFT,c1,p1,2016,,\nAPPROVED,b1,c1,,,\nAPPROVED,p1,c1,,,\n"
        "HOLDS_POST,p1,b1,,2010,unknown\n",
    )
    code, out, err = run("load", str(folder), "--store", spec, *chunked)
    assert (code, err) == (0, "")
    assert out == (
        f"loaded 3 entities (3 new) and 5 relations (5 new) into {spec}\n"
        "3 relations without a date (unknown): 2 APPROVED, 1 GIFT\n"
    )
    with open_store(spec) as store:
        post = next(r for r in store.relations() if r.type == "HOLDS_POST")
        assert (post.start_date, post.end_date) == ("2010", "unknown")
        assert sorted((r.type, r.source_id, r.date or "") for r in store.relations() if r.type != "HOLDS_POST") == [
            ("APPROVED", "b1", ""),
            ("APPROVED", "p1", ""),
            ("GIFT", "c1", ""),
            ("GIFT", "c1", "2016"),
        ]


def test_detect_says_which_candidate_an_undated_gift_leaves_undecided(tmp_path: Path, spec: str) -> None:
    folder = bundle(
        tmp_path / "case",
        ENTITIES,
        "id,type,source_id,target_id,date,amount,kind\n"
        "g1,GIFT,c1,p1,,300000,cash\na1,APPROVED,p1,c1,2017-09-15,,license\n",
    )
    assert run("load", str(folder), "--store", spec)[0] == 0
    code, out, _ = run("detect", "--store", spec, "--tactic", "direct_transaction")
    assert code == 0
    assert out.splitlines()[:8] == [
        "1 finding (0 flagged); leads, not verdicts",
        "",
        "[insufficient_data] direct_transaction  score 0.00  direct_transaction-61293d6ea7",
        "  Co gave Li 1 gift(s) worth 300,000, and the license Li granted Co on 2017-09-15. The gift g1 from Co to "
        "Li has no date: cannot tell whether it came before the approval a1.",
        "  evidence: gifts to Li and the approval for Co",
        "    Co (c1) -[GIFT cash 300,000]-> Li (p1)  [confirmed; g1]",
        "    Li (p1) -[APPROVED license 2017-09-15]-> Co (c1)  [confirmed; a1]",
        "  score: 0",
    ]


def test_a_load_where_every_date_is_known_says_nothing_more(tmp_path: Path) -> None:
    folder = bundle(tmp_path / "case", ENTITIES, "type,source_id,target_id,date\nGIFT,c1,p1,2016\n")
    code, out, _ = run("load", str(folder), "--store", str(tmp_path / "case.db"))
    assert (code, out) == (0, f"loaded 3 entities (3 new) and 1 relations (1 new) into {tmp_path / 'case.db'}\n")


@pytest.mark.parametrize("chunked", [(), ("--commit-every", "2")])
def test_every_error_of_every_input_at_once_and_nothing_written(
    tmp_path: Path, spec: str, chunked: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bundle(
        Path("one"),
        "id,type,name,birth_date\np1,Person,Li,1962\nc1,Compny,Co,\np1,Person,Dup,\np2,Person,Wang,1962-02-30\n",
        "type,source_id,target_id,date,amount\nGIFT,c1,p1,2016/03,100\nGIFT,c1,p1,,lots\nGIFTS,p1,p1,2016,\n",
    )
    (tmp_path / "two.yaml").write_text(
        "entities:\n  - {id: x1, type: Person}\n  - {id: x2, type: Person, name: X, roles: [oficial]}\n",
        encoding="utf-8",
    )
    code, out, err = run("load", "one", "two.yaml", "--store", spec, *chunked)
    assert (code, out) == (1, "")
    assert err == (
        "error: one/entities.csv:3:2: unknown entity type 'Compny'; expected one of Company, Organization, "
        "Person, PublicBody\n"
        "error: one/entities.csv:4:1: duplicate entity id 'p1' (first on line 2)\n"
        "error: one/entities.csv:5:4: malformed date '1962-02-30': day is out of range for month\n"
        "error: one/relations.csv:2:4: malformed date '2016/03': expected YYYY, YYYY-MM or YYYY-MM-DD\n"
        "error: one/relations.csv:3:5: malformed amount 'lots': expected a number like 12000.50\n"
        "error: one/relations.csv:4:1: unknown relation type 'GIFTS'; expected one of APPROVED, ASSOCIATE_OF, "
        "DIRECTS, EMPLOYED_BY, GIFT, HOLDS_POST, OWNS, RELATIVE_OF\n"
        "error: two.yaml:2: missing required value 'name'\n"
        "error: two.yaml:3:44: unknown role 'oficial'; expected one of businessperson, intermediary, official, "
        "relative, staff\n"
    )
    assert is_empty(spec)


@pytest.mark.parametrize("chunked", [(), ("--commit-every", "1")])
def test_every_bad_reference_at_once_and_nothing_written(tmp_path: Path, spec: str, chunked: tuple[str, ...]) -> None:
    folder = bundle(
        tmp_path / "case",
        ENTITIES,
        "type,source_id,target_id,date,body_id\n"
        "GIFT,c1,p9,2016,\nAPPROVED,c1,p1,2016,\nAPPROVED,b1,c1,2017,p1\nGIFT,x,y,2016,\nGIFT,c1,p1,2016,\n",
    )
    code, out, err = run("load", str(folder), "--store", spec, *chunked)
    relations = folder / "relations.csv"
    assert (code, out) == (1, "")
    assert err == (
        f"error: {relations}:2:3: unknown entity id 'p9'\n"
        f"error: {relations}:3:2: APPROVED source_id must be a Person or PublicBody; 'c1' is a Company\n"
        f"error: {relations}:4:5: APPROVED body_id must be a PublicBody; 'p1' is a Person\n"
        f"error: {relations}:5:2: unknown entity id 'x'\n"
        f"error: {relations}:5:3: unknown entity id 'y'\n"
    )
    assert is_empty(spec)


@pytest.mark.parametrize(("flag", "shown"), [((), 50), (("--max-errors", "2"), 2)])
def test_max_errors_says_how_many_more(tmp_path: Path, flag: tuple[str, ...], shown: int) -> None:
    rows = "".join(f"GIFT,c1,p1,2016-13,{i}\n" for i in range(60))
    folder = bundle(tmp_path / "case", ENTITIES, f"type,source_id,target_id,date,amount\n{rows}")
    db = tmp_path / "case.db"
    code, out, err = run("load", str(folder), "--store", str(db), *flag)
    lines = err.splitlines()
    assert (code, out, len(lines)) == (1, "", shown + 1)
    assert lines[0] == f"error: {folder / 'relations.csv'}:2:4: malformed date '2016-13': month must be in 1..12"
    assert lines[shown - 1].startswith(f"error: {folder / 'relations.csv'}:{shown + 1}:4: ")
    assert lines[-1] == f"error: and {60 - shown} more errors"
    assert not db.exists()


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ocds"


def test_load_ocds_json_lines_and_a_package_with_an_undated_award(spec: str) -> None:
    code, out, err = run(
        "load", str(FIXTURES / "releases.jsonl"), str(FIXTURES / "release-package.json"), "--store", spec
    )
    assert code == 0
    assert out == (
        f"loaded 8 entities (8 new) and 4 relations (4 new) into {spec}\n"
        "1 relation without a date (unknown): 1 APPROVED\n"
    )
    assert err == (
        f"warning: {FIXTURES / 'releases.jsonl'}: skipped 1 awards with status cancelled\n"
        f"warning: {FIXTURES / 'releases.jsonl'}: skipped parties with roles encircle does not map (payer 1)\n"
    )
    code, out, _ = run("stats", "--store", spec)
    assert out.splitlines()[1:] == [
        "  entity types:",
        "    Company            4",
        "    PublicBody         4",
        "  relation types:",
        "    APPROVED         4",
    ]


def test_load_the_ocds_fictional_example(spec: str, shared_data: Callable[[str], Path]) -> None:
    fictional = shared_data("ocds-fictional-example")  # outside the repository
    code, out, err = run("load", str(fictional), "--store", spec)
    assert (code, out, err) == (0, f"loaded 3 entities (3 new) and 1 relations (1 new) into {spec}\n", "")
    code, out, _ = run("paths", "London Borough of Barnet", "AnyCorp Ltd", "--store", spec)
    assert out.splitlines() == [
        "London Borough of Barnet (GB-LAC-E09000003) -> AnyCorp Cycle Provision (GB-COH-11111111.0): 1 path",
        "path 1 (1 hop)",
        "  1. London Borough of Barnet (GB-LAC-E09000003) -[APPROVED contract 2010-05-10 11,000,000 GBP]-> "
        "AnyCorp Cycle Provision (GB-COH-11111111.0)  [confirmed; OCDS ocds-213czf-000-00001; "
        "ocds:ocds-213czf-000-00001:ocds-213czf-000-00001-award-01:GB-COH-11111111.0]",
    ]
