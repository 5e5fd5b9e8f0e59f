"""Judgements and reviews ride along in the exports that can hold them, with their
history: judgements.csv and reviews.csv beside a CSV bundle, Notes in an FtM stream
(valid against the model); `encircle judgements import` reads both back into another
store, which then resolves the case the same way. Other formats say what they left out.
Slices carry the ledger about their entities. Both stores are the source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from encircle.graph.exports import Slice, export
from encircle.graph.ledger import Entry
from encircle.graph.records import Relation
from encircle.graph.stores import Store, open_store
from encircle.loaders import load, read
from encircle.queries.detection import detect
from encircle.queries.report.export_slice import around_slice, finding_slice
from encircle.queries.resolution import Resolution, in_force, resolved
from encircle.queries.resolution.judgements import import_judgements

from .conftest import ftm_problems, records

CASE = Path(__file__).parents[2] / "fixtures" / "resolution" / "earthcott"
CONTRACT = Relation("appr-hale", "APPROVED", "p-hale", "co-earthcott-limited", date="2023-06-01", amount=1e6)
FIRMS = "co-earthcott-limited|co-earthcott-ltd"
CLUBS = "o-nlc|o-nlc-2"


def judgement(key: str, verdict: str, author: str, at: str, note: str = "") -> Entry:
    a, b = key.split("|")
    return Entry("judgement", key, author, {"a": a, "b": b, "verdict": verdict, "note": note}, at)


LEDGER = [
    judgement(FIRMS, "same", "ana", "2026-12-01T10:00:00Z", "company number 01234567"),
    judgement(CLUBS, "different", "ben", "2026-12-01T11:00:00Z"),
    judgement(CLUBS, "undo", "ben", "2026-12-02T09:30:00Z", "one club after all"),
]


@pytest.fixture
def case(store: Store) -> tuple[Store, str]:
    """The Earthcott case with a contract, three judgements and a review of the direct
    transaction the merge makes; returns the store and the finding's id."""
    load([CASE], store)
    store.write([], [CONTRACT])
    store.append(LEDGER)
    [finding] = [f for f in detect(resolved(store)) if f.verdict == "flagged"]
    store.append(
        [
            Entry(
                "review",
                finding.id,
                "cai",
                {"status": "confirmed", "note": "gift, then the contract"},
                "2026-12-03T08:00:00Z",
            )
        ]
    )
    return store, finding.id


def test_csv_carries_the_ledger_and_it_imports_back(case: tuple[Store, str], tmp_path: Path) -> None:
    store, finding = case
    summary = export(store, "csv", tmp_path / "b")
    assert (summary.entities, summary.relations, summary.judgements, summary.reviews, summary.warnings) == (
        10,
        9,
        3,
        1,
        (),
    )
    assert (tmp_path / "b" / "judgements.csv").read_text(encoding="utf-8") == (
        "a,b,verdict,author,at,note\n"
        "co-earthcott-limited,co-earthcott-ltd,same,ana,2026-12-01T10:00:00Z,company number 01234567\n"
        "o-nlc,o-nlc-2,different,ben,2026-12-01T11:00:00Z,\n"
        "o-nlc,o-nlc-2,undo,ben,2026-12-02T09:30:00Z,one club after all\n"
    )
    assert (tmp_path / "b" / "reviews.csv").read_text(encoding="utf-8") == (
        f'finding,status,author,at,note\n{finding},confirmed,cai,2026-12-03T08:00:00Z,"gift, then the contract"\n'
    )
    with open_store(str(tmp_path / "copy.db")) as copy:
        _, bundle = load([tmp_path / "b"], copy)
        assert bundle.warnings == ()
        assert import_judgements(copy, tmp_path / "b" / "judgements.csv") == (3, 0)
        assert import_judgements(copy, tmp_path / "b" / "judgements.csv") == (0, 3)
        assert records(copy) == records(store)
        assert [j.to_dict() for j in in_force(copy)] == [j.to_dict() for j in in_force(store)]
        assert Resolution.of(copy).groups == {"co-earthcott-limited": ("co-earthcott-limited", "co-earthcott-ltd")}


def test_ftm_carries_the_ledger_as_notes_and_it_imports_back(case: tuple[Store, str], tmp_path: Path) -> None:
    store, finding = case
    path = tmp_path / "case.ftm.jsonl"
    summary = export(store, "ftm", path)
    assert (summary.judgements, summary.reviews, summary.warnings) == (3, 1, ())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert ftm_problems(lines) == []
    notes = [json.loads(line) for line in lines if json.loads(line)["schema"] == "Note"]
    assert [(n["id"], n["properties"]["name"], n["properties"].get("entity")) for n in notes] == [
        ("ledger.encircle-judgement-1", ["judgement: same"], ["co-earthcott-limited", "co-earthcott-ltd"]),
        ("ledger.encircle-judgement-2", ["judgement: different"], ["o-nlc", "o-nlc-2"]),
        ("ledger.encircle-judgement-3", ["judgement: undo"], ["o-nlc", "o-nlc-2"]),
        ("ledger.encircle-review-1", ["review: confirmed"], None),
    ]
    assert notes[2]["properties"]["summary"] == [
        "o-nlc and o-nlc-2 judgement withdrawn by ben at 2026-12-02T09:30:00Z: one club after all"
    ]
    assert notes[3]["properties"]["summary"] == [
        f"finding {finding} reviewed confirmed by cai at 2026-12-03T08:00:00Z: gift, then the contract"
    ]
    assert notes[0]["properties"]["createdAt"] == ["2026-12-01T10:00:00Z"]
    bundle = read(path)
    assert bundle.warnings == (f"{path}: skipped 4 Note entities",)
    with open_store(str(tmp_path / "copy.db")) as copy:
        load([path], copy)
        assert import_judgements(copy, path) == (3, 0)
        assert records(copy) == records(store)
        assert [j.to_dict() for j in in_force(copy)] == [j.to_dict() for j in in_force(store)]


def test_other_formats_say_what_they_left_out(case: tuple[Store, str], tmp_path: Path) -> None:
    store, _ = case
    for fmt in ("gexf", "graphml", "cypher"):
        path = tmp_path / f"case.{fmt}"
        assert export(store, fmt, path).warnings == (
            f"{path}: 3 judgement entries and 1 review entry are not exported in {fmt} (ftm and csv carry them)",
        )


def test_slices_carry_the_ledger_about_them_as_stored(case: tuple[Store, str], tmp_path: Path) -> None:
    store, finding = case
    view = resolved(store)
    around = around_slice(view, "Earthcott Ltd", hops=1)  # chosen on the merged firm
    assert [e.id for e in around.entities()] == [
        "co-earthcott-limited",
        "co-earthcott-ltd",
        "p-hale",
        "p-smith-2",
        "p-tom-hale",
    ]
    assert [(r.id, r.source_id, r.target_id) for r in around.relations()] == [
        ("appr-hale", "p-hale", "co-earthcott-limited"),
        ("dir-smith-2", "p-smith-2", "co-earthcott-limited"),
        ("dir-tom", "p-tom-hale", "co-earthcott-limited"),
        ("gift-earthcott", "co-earthcott-ltd", "p-hale"),  # its own record's end
        ("spouse-hale", "p-hale", "p-tom-hale"),
    ]
    assert [e.to_dict() for e in around.ledger("judgement")] == [LEDGER[0].to_dict()]
    assert around.ledger("review") == []
    evidence = finding_slice(view, finding)
    assert [e.key for e in evidence.ledger("review")] == [finding]
    assert [e.key for e in evidence.ledger("judgement")] == [FIRMS]
    summary = export(evidence, "csv", tmp_path / "finding")
    assert (summary.judgements, summary.reviews) == (1, 1)


def test_a_ledger_file_is_never_stale(case: tuple[Store, str], tmp_path: Path) -> None:
    store, _ = case
    export(store, "csv", tmp_path / "b")
    summary = export(Slice(store.entities(), store.relations()), "csv", tmp_path / "b")
    assert (summary.judgements, summary.reviews) == (0, 0)
    assert (tmp_path / "b" / "judgements.csv").read_text(encoding="utf-8") == "a,b,verdict,author,at,note\n"
    assert (tmp_path / "b" / "reviews.csv").read_text(encoding="utf-8") == "finding,status,author,at,note\n"
