"""`search`: partial, fuzzy, Chinese and pinyin queries, ranked, on both stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from encircle.graph.stores import Store, open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.lookup import resolve
from encircle.queries.resolution import judge, resolved, search

CASES = Path(__file__).parents[2] / "fixtures" / "resolution"


def found(store: Store, text: str, **options: object) -> list[tuple[str, float]]:
    return [(h.id, h.score) for h in search(store, text, **options)]  # type: ignore[arg-type]


def test_partial_fuzzy_chinese_and_pinyin(store: Store) -> None:
    load([demo_bundle()], store)
    assert found(store, "周平") == [("p-zhou", 1.0)]
    assert found(store, "磊鑫") == [("co-leixin", 0.95)]  # the start of 磊鑫新能源有限公司
    assert found(store, "新能源") == [("co-leixin", 0.9)]  # a part of it
    assert found(store, "zhouping") == [("p-zhou", 0.95)]  # its pinyin
    assert found(store, "xu tao") == [("p-xu", 1.0)]
    assert found(store, "Leixin New Energy") == [("co-leixin", 0.95)]  # the start of an alias
    assert found(store, "Longteng Consultng") == [("co-longteng", 0.7225)]  # a typo
    assert found(store, "周") == [("p-zhou-son", 0.95), ("p-zhou", 0.95)]


def test_two_chinese_characters_find_a_longer_name(store: Store) -> None:
    load([CASES / "leixin"], store)
    assert [h.name for h in search(store, "建国")] == ["王建国", "王建国"]
    assert [h.name for h in search(store, "王建")] == ["王建国", "王建国"]
    assert found(store, "jianguo wang") == [("p-wang-2", 1.0)]
    assert found(store, "wang jianguo") == [("p-wang-1", 0.95), ("p-wang-3", 0.95), ("p-wang-2", 0.85)]


def test_types_and_the_resolved_view(store: Store) -> None:
    load([CASES / "earthcott"], store)
    # Near spellings come last, and differ by store: Neo4j's fuzzy terms reach two edits
    # ("Eastcott Ltd", 0.7), SQLite's trigrams of half a word one.
    assert found(store, "earthcott")[:2] == [("co-earthcott-limited", 0.95), ("co-earthcott-ltd", 0.95)]
    assert found(store, "earthcott", types=["Person"]) == []
    judge(store, "co-earthcott-ltd", "co-earthcott-limited", "same", "ana")
    assert found(resolved(store), "earthcott ltd")[0] == ("co-earthcott-limited", 1.0)


def test_no_match_suggests_the_closest(store: Store) -> None:
    load([CASES / "earthcott"], store)
    try:
        resolve(store, "Hale")
    except Exception as error:
        assert str(error) == (
            "no entity with id, name or alias 'Hale'; did you mean Ann Hale (p-hale), Tom Hale (p-tom-hale)?"
        )
    else:
        raise AssertionError("resolve('Hale') found an entity")


def test_an_older_store_gets_its_search_index_on_open(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    with open_store(db) as store:
        load([CASES / "earthcott"], store)
    with sqlite3.connect(db) as conn:  # as a store written before the search tables
        conn.execute("DROP TABLE entity_search")
        conn.execute("DROP TABLE entity_grams")
    with open_store(db) as store:
        assert found(store, "liberal")[0][0] in {"o-nlc", "o-nlc-2"}
