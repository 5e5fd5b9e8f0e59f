"""Detectors and the report over the resolved view: a gift from "Earthcott Ltd" and a
contract for "Earthcott Limited" are one direct transaction once the two are judged the
same, and the evidence names the record the gift rests on; on both stores."""

from __future__ import annotations

from pathlib import Path

from encircle.graph.records import Relation
from encircle.graph.stores import Store
from encircle.loaders import load
from encircle.queries.detection import detect
from encircle.queries.report import write_report
from encircle.queries.resolution import judge, resolved, undo

CASES = Path(__file__).parents[2] / "fixtures" / "resolution"
CONTRACT = Relation(
    "appr-hale", "APPROVED", "p-hale", "co-earthcott-limited", date="2023-06-01", amount=1e6, currency="GBP"
)


def flagged(store: Store) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(f.tactic, f.entities, f.relations) for f in detect(resolved(store)) if f.verdict == "flagged"]


def test_a_merge_makes_one_direct_transaction_and_undo_unmakes_it(store: Store, tmp_path: Path) -> None:
    load([CASES / "earthcott"], store)
    store.write([], [CONTRACT])
    assert flagged(store) == []
    judge(store, "co-earthcott-ltd", "co-earthcott-limited", "same", "ana")
    assert flagged(store) == [
        ("direct_transaction", ("co-earthcott-limited", "p-hale"), ("gift-earthcott", "appr-hale"))
    ]
    [finding] = [f for f in detect(resolved(store)) if f.verdict == "flagged"]
    gift = finding.evidence[0].steps[0]
    assert gift.relation == "gift-earthcott"
    assert gift.source_label is not None
    assert gift.source_label.startswith("Earthcott Ltd (co-earthcott-ltd; same as Earthcott Limited, judged by ana on")
    assert gift.to_dict()["source_label"] == gift.source_label
    files = write_report(resolved(store), tmp_path / "report", views=False)
    assert "Earthcott Ltd (co-earthcott-ltd; same as Earthcott Limited, judged by ana on" in files.markdown.read_text(
        encoding="utf-8"
    )
    undo(store, "co-earthcott-ltd", "co-earthcott-limited", "ana")
    assert flagged(store) == []
