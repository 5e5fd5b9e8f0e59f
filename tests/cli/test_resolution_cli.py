"""`encircle xref | judge | merge | judgements | search` with CliRunner, and the
Earthcott case end to end on both stores: after `merge`, `paths` goes through the spouse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import Store
from encircle.loaders import load

MAIN = "from encircle.cli.main import main; main()"
CASES = Path(__file__).parents[1] / "fixtures" / "resolution"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def case(store: Store) -> str:
    """The earthcott case in each store, named by its spec."""
    load([CASES / "earthcott"], store)
    return store.location


def test_xref_lists_the_pairs_with_reasons(case: str) -> None:
    code, out, _ = run("xref", "--store", case)
    assert code == 0
    assert out.splitlines() == [
        "2 candidates (score >= 0.70) among 10 entities; 3 pairs compared",
        "  1  1.00  Earthcott Limited (co-earthcott-limited)  =?  Earthcott Ltd (co-earthcott-ltd)",
        "       name +0.70: same name once 'limited', 'ltd' are set aside: 'Earthcott Limited', 'Earthcott Ltd'",
        "       registration_number +0.50: same registration number '01234567', '1234567' once spacing, leading "
        "zeros and prefixes are set aside",
        "  2  0.80  The National Liberal Club (o-nlc)  =?  National  Liberal Club (o-nlc-2)",
        "       name +0.70: same name once 'the' is set aside: 'The National Liberal Club', 'National  Liberal Club'",
        "       shared_neighbours +0.10: both linked to Ann Hale (p-hale): GIFT",
    ]
    code, out, _ = run("xref", "--store", case, "--type", "Organization", "--json")
    assert [c["entities"] for c in json.loads(out)["candidates"]] == [["o-nlc", "o-nlc-2"]]


def test_merge_then_paths_go_through_the_spouse_and_undo_splits(case: str) -> None:
    before = run("paths", "Ann Hale", "Earthcott Ltd", "--all", "--store", case)[1]
    assert before.splitlines()[0] == "Ann Hale (p-hale) -> Earthcott Ltd (co-earthcott-ltd): 1 path"
    code, out, _ = run("merge", "Earthcott Ltd", "Earthcott Limited", "--reviewer", "ana", "--store", case)
    assert code == 0
    assert out.startswith("judged co-earthcott-ltd and co-earthcott-limited same (ana, 20")
    assert out.rstrip().endswith(
        "queries now see one entity co-earthcott-limited: co-earthcott-limited, co-earthcott-ltd"
    )
    lines = run("paths", "Ann Hale", "Earthcott Ltd", "--all", "--store", case)[1].splitlines()
    assert lines[0] == "Ann Hale (p-hale) -> Earthcott Limited (co-earthcott-limited): 2 paths"
    assert lines[2].startswith(
        "  1. Ann Hale (p-hale) <-[GIFT hospitality 2023-03-01 5,000 GBP]- Earthcott Ltd (co-earthcott-ltd; "
        "same as Earthcott Limited, judged by ana on 20"
    )
    assert lines[3:] == [
        "path 2 (2 hops)",
        "  1. Ann Hale (p-hale) -[RELATIVE_OF spouse]-> Tom Hale (p-tom-hale)  "
        "[confirmed; Register of Members' Interests; spouse-hale]",
        "  2. Tom Hale (p-tom-hale) -[DIRECTS director 2015-04-01..]-> Earthcott Limited (co-earthcott-limited)  "
        "[confirmed; Companies House; dir-tom]",
    ]
    code, out, _ = run("judge", "Earthcott Ltd", "Earthcott Limited", "--undo", "--reviewer", "ana", "--store", case)
    assert code == 0 and out.startswith("withdrew 'same' (ana, 20")
    after = run("paths", "Ann Hale", "Earthcott Ltd", "--all", "--store", case)[1]
    assert after == before


def test_judge_checks_and_lists(case: str) -> None:
    code, _, err = run("judge", "Ann Hale", "Earthcott Ltd", "same", "--store", case)
    assert code == 1
    assert err == "error: p-hale is a Person and co-earthcott-ltd a Company: they cannot be one entity\n"
    code, _, err = run("judge", "p-smith-1", "p-smith-2", "--store", case)
    assert code == 2 and "give a verdict (same, different, unsure) or --undo" in err
    run(
        "judge",
        "p-smith-1",
        "p-smith-2",
        "different",
        "--note",
        "born 11 years apart",
        "--reviewer",
        "ben",
        "--store",
        case,
    )
    code, _, err = run("merge", "p-smith-1", "p-smith-2", "--store", case)
    assert code == 1 and "were judged different: undo that first" in err
    code, out, _ = run("judgements", "list", "--store", case, "--json")
    [listed] = json.loads(out)["judgements"]
    assert {k: v for k, v in listed.items() if k != "at"} == {
        "entities": ["p-smith-1", "p-smith-2"],
        "verdict": "different",
        "author": "ben",
        "note": "born 11 years apart",
    }


def test_review_walks_the_candidates(case: str) -> None:
    code, out, _ = run("xref", "--review", "--reviewer", "ana", "--store", case, input="s\nd\n")
    assert code == 0
    assert "same, different, unsure, skip or quit? [s/d/u/k/q]" in out
    assert out.rstrip().endswith("2 judgements recorded by ana")
    code, out, _ = run("judgements", "list", "--store", case)
    assert [line.split()[:3] for line in out.splitlines()[1:]] == [
        ["co-earthcott-limited", "same", "co-earthcott-ltd"],
        ["o-nlc", "different", "o-nlc-2"],
    ]
    assert run("xref", "--store", case)[1].startswith("0 candidates")


def test_export_import_and_persistence_across_processes(case: str, tmp_path: Path) -> None:
    run("merge", "co-earthcott-ltd", "co-earthcott-limited", "--reviewer", "ana", "--store", case)
    file = str(tmp_path / "team.jsonl")
    assert run("judgements", "export", file, "--store", case)[1] == f"wrote 1 judgement entry to {file}\n"
    assert run("judgements", "import", file, "--store", case)[1] == "imported 0 judgement entries (1 already there)\n"
    # Another process sees the judgement, and loading again keeps it.
    loaded = subprocess.run(
        [sys.executable, "-c", MAIN, "load", str(CASES / "earthcott"), "--store", case],
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.stdout.startswith("loaded 10 entities (0 new)"), loaded.stderr
    listed = subprocess.run(
        [sys.executable, "-c", MAIN, "judgements", "list", "--store", case],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "co-earthcott-limited  same       co-earthcott-ltd  ana " in listed.stdout


def test_search_json_and_did_you_mean(case: str) -> None:
    code, out, _ = run("search", "earthcot", "--store", case, "--json", "--limit", "2")
    assert code == 0
    assert json.loads(out) == {
        "results": [
            {
                "id": "co-earthcott-limited",
                "name": "Earthcott Limited",
                "type": "Company",
                "aliases": [],
                "roles": [],
                "score": 0.95,
            },
            {
                "id": "co-earthcott-ltd",
                "name": "Earthcott Ltd",
                "type": "Company",
                "aliases": [],
                "roles": [],
                "score": 0.95,
            },
        ]
    }
    code, out, _ = run("search", "liberal club", "--store", case)
    assert out.splitlines()[0] == "2 results for 'liberal club'"
    code, _, err = run("paths", "Hale", "Earthcott Ltd", "--store", case)
    assert code == 1
    assert (
        err
        == "error: no entity with id, name or alias 'Hale'; did you mean Ann Hale (p-hale), Tom Hale (p-tom-hale)?\n"
    )


def test_detect_names_the_merged_record_in_the_evidence(store: Store, case: str) -> None:
    from encircle.graph.records import Relation

    contract = Relation("appr-hale", "APPROVED", "p-hale", "co-earthcott-limited", date="2023-06-01", amount=1e6)
    store.write([], [contract])
    run("merge", "Earthcott Ltd", "Earthcott Limited", "--reviewer", "ana", "--store", case)
    code, out, _ = run("detect", "--tactic", "direct_transaction", "--store", case)
    assert code == 0
    assert "[flagged] direct_transaction" in out
    assert (
        "    Earthcott Ltd (co-earthcott-ltd; same as Earthcott Limited, judged by ana on " in out
        and "-[GIFT hospitality 2023-03-01 5,000 GBP]-> Ann Hale (p-hale)  [confirmed; " in out
    )


def test_judgements_import_reads_a_csv_export(tmp_path: Path) -> None:
    db, copy = str(tmp_path / "case.db"), str(tmp_path / "copy.db")
    fixture = Path(__file__).parents[1] / "fixtures" / "resolution" / "earthcott"
    for store in (db, copy):
        assert CliRunner().invoke(cli, ["load", str(fixture), "--store", store]).exit_code == 0
    CliRunner().invoke(cli, ["merge", "Earthcott Ltd", "Earthcott Limited", "--reviewer", "ana", "--store", db])
    CliRunner().invoke(cli, ["export", "--store", db, "-f", "csv", "-o", str(tmp_path / "b")])
    result = CliRunner().invoke(cli, ["judgements", "import", str(tmp_path / "b" / "judgements.csv"), "--store", copy])
    assert (result.exit_code, result.stdout) == (0, "imported 1 judgement entry (0 already there)\n")
    listed = CliRunner().invoke(cli, ["judgements", "list", "--store", copy, "--json"])
    assert [j["entities"] for j in json.loads(listed.stdout)["judgements"]] == [
        ["co-earthcott-limited", "co-earthcott-ltd"]
    ]
