"""Judgements: append-only with reviewer, time and note; undo; transitivity; export and
import; on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.queries.resolution import Resolution, in_force, judge, undo
from encircle.queries.resolution.judgements import export_judgements, import_judgements


def test_in_force_undo_and_history(store: Store) -> None:
    judge(store, "b", "a", "same", "ana", "same number")
    judge(store, "a", "b", "different", "ben")
    assert [(j.pair, j.verdict, j.author) for j in in_force(store)] == [(("a", "b"), "different", "ben")]
    assert undo(store, "a", "b", "ben").verdict == "different"
    assert [(j.pair, j.verdict, j.note) for j in in_force(store)] == [(("a", "b"), "same", "same number")]
    undo(store, "b", "a", "ana")
    assert in_force(store) == []
    with pytest.raises(QueryError, match="no judgement about a and b to undo"):
        undo(store, "a", "b", "ana")
    assert [e.body["verdict"] for e in store.ledger("judgement")] == ["same", "different", "undo", "undo"]


def test_same_is_transitive_and_different_keeps_groups_apart() -> None:
    from encircle.queries.resolution.judgements import Judgement

    made = [
        Judgement(("a", "b"), "same", "ana", "t1", "", 1),
        Judgement(("b", "c"), "same", "ana", "t2", "", 2),
        Judgement(("c", "d"), "different", "ana", "t3", "", 3),
        Judgement(("a", "c"), "different", "ana", "t4", "", 4),
    ]
    resolution = Resolution.build(made, {"a", "b", "c", "d"})
    assert resolution.groups == {"a": ("a", "b", "c")}
    assert resolution.is_different("b", "d")  # b is one with c, judged different from d
    assert [j.pair for j in resolution.conflicts] == [("a", "c")]
    assert resolution.link("c") == made[1]


def test_export_then_import_elsewhere_adds_each_entry_once(store: Store, tmp_path: Path) -> None:
    judge(store, "a", "b", "same", "ana", "note")
    judge(store, "c", "d", "unsure", "ben")
    undo(store, "c", "d", "ben")
    file = tmp_path / "team.jsonl"
    assert export_judgements(store, file) == 3
    first = json.loads(file.read_text(encoding="utf-8").splitlines()[0])
    assert {k: v for k, v in first.items() if k != "at"} == {
        "entities": ["a", "b"],
        "verdict": "same",
        "author": "ana",
        "note": "note",
    }
    assert import_judgements(store, file) == (0, 3)
    store.clear()
    assert import_judgements(store, file) == (3, 0)
    assert [(j.pair, j.verdict) for j in in_force(store)] == [(("a", "b"), "same")]


def test_import_names_a_bad_line(store: Store, tmp_path: Path) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text('{"entities": ["a"], "verdict": "same", "author": "x", "at": "t"}\n', encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad\.jsonl:1: not a judgement: 'entities' must be two ids"):
        import_judgements(store, file)


def test_a_verdict_is_one_of_three(store: Store) -> None:
    with pytest.raises(QueryError, match="a judgement is one of same, different, unsure, not 'maybe'"):
        judge(store, "a", "b", "maybe", "ana")
    with pytest.raises(QueryError, match="cannot judge 'a' against itself"):
        judge(store, "a", "a", "same", "ana")
