"""Server-side detection on Neo4j (queries/detection/server.py) gives the embedded run's
findings, tactic by tactic, on the demo case and on generated worlds of several seeds;
and it really ran on the server, fetching a fraction of the case."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection import TACTICS, detect, server
from encircle.queries.detection.collective_capture import neo4j as collective_neo4j
from encircle.queries.detection.tactic import Tactic
from encircle.queries.synth.generate import generate

pytestmark = pytest.mark.neo4j

SERVER_TACTICS = [t.id for t in TACTICS.values() if t.extract is not None]


def test_the_heavy_tactics_run_server_side() -> None:
    assert SERVER_TACTICS == [
        "direct_transaction",
        "roundabout",
        "bid_rigging",
        "collective_capture",
        "blacklist_evasion",
    ]


def _differences(sqlite: Store, neo4j: Store, confirmed_only: bool = False) -> list[str]:
    found = []
    for tactic in SERVER_TACTICS:
        before = server.FETCHED[tactic]
        expected = [f.to_dict() for f in detect(sqlite, [tactic], confirmed_only)]
        actual = [f.to_dict() for f in detect(neo4j, [tactic], confirmed_only)]
        assert server.FETCHED[tactic] > before or not expected, f"{tactic} did not run server-side"
        if actual != expected:
            found.append(f"{tactic} (confirmed_only={confirmed_only}): {len(expected)} embedded, {len(actual)} neo4j")
    return found


@pytest.fixture
def demo_stores(sqlite_store: Store, neo4j_store: Store) -> Iterator[tuple[Store, Store]]:
    for store in (sqlite_store, neo4j_store):
        load([demo_bundle()], store)
    yield sqlite_store, neo4j_store


def test_server_side_detection_agrees_on_the_demo_case(demo_stores: tuple[Store, Store]) -> None:
    sqlite, neo4j = demo_stores
    assert isinstance(neo4j, Neo4jStore)
    for tactic in SERVER_TACTICS:
        assert detect(sqlite, [tactic]), f"the demo case has no {tactic} finding to compare"
    assert _differences(sqlite, neo4j) == []
    assert _differences(sqlite, neo4j, confirmed_only=True) == []


def _random_world(entities: int, seed: int) -> tuple[list[Entity], list[Relation]]:
    """People, firms and bodies with ownership chains, kinship, staff, posts, gifts and
    approvals (some restricted tenders), a few blacklisted: every heavy tactic has cases."""
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(entities * 6 // 10)]
    firms = [f"f{i}" for i in range(entities * 35 // 100)]
    bodies = [f"b{i}" for i in range(max(3, entities // 20))]
    records = [Entity(p, "Person", p, roles=("official",) if i % 10 == 0 else ()) for i, p in enumerate(people)]
    records += [
        Entity(f, "Company", f, blacklisted_from="2018-03" if i % 40 == 0 else None) for i, f in enumerate(firms)
    ]
    records += [Entity(b, "PublicBody", b) for b in bodies]
    officials = people[::10]
    relations: list[Relation] = []

    def date() -> str:  # a month, or a day: coarse dates leave orders open
        day = f"-{rng.randint(1, 28):02d}" if rng.random() < 0.5 else ""
        return f"{rng.randint(2014, 2021)}-{rng.randint(1, 12):02d}{day}"

    def add(kind: str, source: str, target: str, **fields: object) -> None:
        status = "alleged" if rng.random() < 0.2 else "confirmed"
        relations.append(Relation(f"r{len(relations):05d}", kind, source, target, status=status, **fields))  # type: ignore[arg-type]

    for _ in range(len(firms)):
        add("OWNS", rng.choice(people + firms), rng.choice(firms), start_date=date())
        add("DIRECTS", rng.choice(people), rng.choice(firms), start_date=date())
    for _ in range(len(people) // 3):
        add("RELATIVE_OF", rng.choice(people), rng.choice(people))
    for _ in range(len(officials)):
        add(rng.choice(("EMPLOYED_BY", "ASSOCIATE_OF")), rng.choice(people), rng.choice(officials), start_date=date())
        add("HOLDS_POST", rng.choice(officials), rng.choice(bodies), start_date=date())
    for _ in range(len(people)):
        receiver = rng.choice(officials + people)  # officials are a tenth of the people: weight them up
        add("GIFT", rng.choice(people + firms), receiver, date=date(), amount=float(rng.randint(1, 10**6)))
    procedures = (None, "open", "invited", "negotiated", "single_source", "none")
    for _ in range(len(officials) * 3):
        add(
            "APPROVED",
            rng.choice(officials),
            rng.choice(firms),
            date=date(),
            procedure=rng.choice(procedures),
            planned_procedure=rng.choice(procedures),
            bidders=rng.choice((None, 1, 2, 5)),
            excluded=tuple(rng.sample(firms, rng.randint(0, 1))),
        )
    return records, relations


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("world", ["synth", "random"])
def test_server_side_detection_agrees_on_generated_worlds(
    world: str, seed: int, sqlite_store: Store, neo4j_store: Store, tmp_path: Path
) -> None:
    """The synthetic generator's worlds (planted cases of every tactic, at about 1,200
    entities) and a denser random one (alleged relations, tenders of every procedure)."""
    if world == "synth":
        generate(tmp_path, entities=1000, seed=seed)
        for store in (sqlite_store, neo4j_store):
            load([tmp_path], store)
    else:
        entities, relations = _random_world(1500, seed)
        for store in (sqlite_store, neo4j_store):
            store.write(entities, relations)
    assert _differences(sqlite_store, neo4j_store) == []
    assert _differences(sqlite_store, neo4j_store, confirmed_only=True) == []
    # Only the rows findings need came back: each tactic's index is part of the case, and
    # on the synthetic world (sparse, as real cases are) all five together are too. The
    # random world is so dense that bid_rigging's 3-hop tie walk reaches half of it.
    assert isinstance(neo4j_store, Neo4jStore)
    total = neo4j_store.stats().relations
    fetched = {tactic: len(server.index_for(neo4j_store, TACTICS[tactic]).relations) for tactic in SERVER_TACTICS}
    assert all(count < total for count in fetched.values()), (fetched, total)
    assert world == "random" or sum(fetched.values()) < total, (fetched, total)


def test_collective_capture_extracts_bodies_in_batches(
    sqlite_store: Store, neo4j_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bodies are extracted a batch at a time (one query over all of them outgrew a
    server's transaction memory at 1M entities); batches of 5 give the same findings."""
    entities, relations = _random_world(1500, 1)
    for store in (sqlite_store, neo4j_store):
        store.write(entities, relations)
    assert isinstance(neo4j_store, Neo4jStore)
    bodies = server.Extraction(neo4j_store, TACTICS["collective_capture"], False).read("bodies")
    assert len(bodies) > 10  # so that batches of 5 make several
    monkeypatch.setattr(collective_neo4j, "BODY_BATCH", 5)
    expected = [f.to_dict() for f in detect(sqlite_store, ["collective_capture"])]
    assert expected and [f.to_dict() for f in detect(neo4j_store, ["collective_capture"])] == expected


@pytest.mark.parametrize("seed", [1, 2])
def test_server_side_detection_agrees_on_stress_worlds(
    seed: int, sqlite_store: Store, neo4j_store: Store, tmp_path: Path
) -> None:
    """Every stress shape at once (a big body, a hub, near misses, deep chains, cliques,
    dense flagged cases): the server-side tactics find what the embedded store finds,
    and so does the whole detection (`encircle detect`) on both stores."""
    generate(tmp_path, entities=1000, seed=seed, shapes=("stress",))
    for store in (sqlite_store, neo4j_store):
        load([tmp_path], store)
    assert _differences(sqlite_store, neo4j_store) == []
    assert _differences(sqlite_store, neo4j_store, confirmed_only=True) == []
    expected = [f.to_dict() for f in detect(sqlite_store)]
    assert len(expected) > 1000 and [f.to_dict() for f in detect(neo4j_store)] == expected


def test_the_whole_case_index_serves_every_tactic_once_it_is_read(
    demo_stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a chosen tactic needs the whole-case index, the server-side tactics run on it
    too (it is read anyway, and they run faster on it): nothing is extracted. Alone, or
    with other server-side tactics only, they still extract on the server."""
    sqlite, neo4j = demo_stores
    extracted: list[str] = []
    index_for = server.index_for

    def spied(store: Neo4jStore, tactic: Tactic, *args: Any) -> server.ExtractedIndex:
        extracted.append(tactic.id)
        return index_for(store, tactic, *args)

    monkeypatch.setattr(server, "index_for", spied)
    both = ["friendship_investment", "collective_capture"]
    assert [f.to_dict() for f in detect(neo4j, both)] == [f.to_dict() for f in detect(sqlite, both)]
    assert [f.to_dict() for f in detect(neo4j)] == [f.to_dict() for f in detect(sqlite)]
    assert extracted == []
    detect(neo4j, ["collective_capture", "roundabout"])
    assert extracted == ["collective_capture", "roundabout"]
