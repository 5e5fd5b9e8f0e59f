"""The embedded engine searches the store's indexes (queries/paths/indexed.py StoreGraph)
and must answer exactly as the networkx graph of the whole store did: the same paths in
the same order, the same distances, relations and hubs, on generated cases with hubs,
self-loops, parallel and symmetric relations, and on a synthetic world with stress shapes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store
from encircle.loaders import load
from encircle.queries.paths import indexed
from encircle.queries.paths.engine import EmbeddedEngine
from encircle.queries.paths.find import paths_between
from encircle.queries.paths.indexed import StoreGraph
from encircle.queries.paths.model import Filters, PathQuery
from encircle.queries.synth.generate import generate

TYPES = ("GIFT", "RELATIVE_OF", "ASSOCIATE_OF", "EMPLOYED_BY", "OWNS", "HOLDS_POST", "APPROVED")


def random_case(seed: int, people: int = 60) -> tuple[list[Entity], list[Relation]]:
    """People, a few firms and a hub, linked at random: parallel relations, self-loops,
    symmetric kinship both ways, dated and undated, some alleged."""
    rng = random.Random(seed)
    ids = [f"p{i:03d}" for i in range(people)]
    entities = [Entity(i, "Person", i.upper()) for i in ids] + [Entity("hub", "PublicBody", "Hub")]
    entities += [Entity(f"c{i}", "Company", f"C{i}") for i in range(5)]
    relations = []
    for n in range(people * 2):
        kind = rng.choice(TYPES)
        source = rng.choice(ids)
        if kind in ("OWNS", "APPROVED"):
            target = rng.choice([f"c{i}" for i in range(5)])
        elif kind == "HOLDS_POST":
            target = "hub"
        else:
            target = rng.choice(ids) if rng.random() > 0.03 else source  # a self-loop now and then
        date = f"20{rng.randint(10, 20)}-{rng.randint(1, 12):02d}" if rng.random() < 0.7 else None
        status = "alleged" if rng.random() < 0.2 else "confirmed"
        relations.append(Relation(f"r{n:04d}", kind, source, target, date=date, status=status))
    relations += [Relation(f"h{i:03d}", "HOLDS_POST", ids[i], "hub") for i in range(0, people, 3)]
    return entities, relations


QUERIES = [
    PathQuery("shortest"),
    PathQuery("shortest", max_hops=6, filters=Filters(hub_degree=8)),
    PathQuery("k", k=5),
    PathQuery("all", max_hops=3, limit=20),
    PathQuery("all", max_hops=4, limit=7, filters=Filters(direction="forward")),
    PathQuery("shortest", time_respecting=True, filters=Filters(hub_policy="penalize")),
    PathQuery("k", k=3, filters=Filters(relation_types=("GIFT", "RELATIVE_OF", "OWNS"), statuses=("confirmed",))),
    PathQuery("shortest", filters=Filters(hub_policy="allow", date_from="2014", date_to="2018")),
]


def networkx_engine(store: Store) -> EmbeddedEngine:
    """The same engine code over the networkx graph of the whole store (the former engine)."""
    engine = EmbeddedEngine(store)
    engine.__dict__["graph"] = store.to_networkx()  # fills the cached_property
    return engine


def compare(store: Store, pairs: list[tuple[str, str]], centres: list[str]) -> int:
    reference, indexed = networkx_engine(store), EmbeddedEngine(store)
    assert isinstance(indexed.graph, StoreGraph)
    checked = 0
    for query in QUERIES:
        for source, target in pairs:
            expected = paths_between(reference, store, source, target, query).to_dict()
            assert paths_between(indexed, store, source, target, query).to_dict() == expected, (source, target, query)
            for hubs in (False, True):
                want = reference.candidate_paths(source, target, query, hubs)
                assert indexed.candidate_paths(source, target, query, hubs) == want
            checked += 1
    for centre in centres:
        for hops, types in ((1, ()), (2, ()), (3, ("Person",))):
            distances = reference.distances(centre, hops, Filters(), types)
            assert indexed.distances(centre, hops, Filters(), types) == distances
            assert list(indexed.distances(centre, hops, Filters(), types)) == list(distances)  # same order
            among = reference.relations_among(distances, Filters())
            assert indexed.relations_among(distances, Filters()) == among
    return checked


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("hub_reads", ["whole", "from the other side"])
def test_same_answers_as_networkx_on_random_cases(seed: int, hub_reads: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if hub_reads != "whole":  # every node with more than 3 relations counts as a hub to read partially
        monkeypatch.setattr(indexed, "PARTIAL", 3)
        monkeypatch.setattr(indexed, "BATCH", 4)
    entities, relations = random_case(seed)
    with open_store(":memory:") as store:
        store.write(entities, relations)
        rng = random.Random(seed)
        ids = [e.id for e in entities]
        pairs = [(a, b) for a, b in ((rng.choice(ids), rng.choice(ids)) for _ in range(12)) if a != b]
        pairs += [("p000", "hub"), ("c0", "p001")]
        assert compare(store, pairs, ["p000", "hub", "c1", "nobody"]) >= len(pairs) * len(QUERIES)


def test_same_answers_on_a_stress_world(tmp_path: Path) -> None:
    folder = tmp_path / "world"
    truth = generate(folder, entities=1000, seed=2, shapes=("hub", "chains", "clusters"))
    with open_store(str(tmp_path / "w.db")) as store:
        load([folder], store)
        rng = random.Random(5)
        ids = [e.id for e in store.entities()]
        hub = truth["shapes"]["hub"]
        pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(8)]
        pairs += [(hub, rng.choice(ids)), (truth["planted"][0]["key"]["official"], rng.choice(ids))]
        compare(store, [(a, b) for a, b in pairs if a != b], [rng.choice(ids), hub])


def test_a_store_graph_reads_only_what_the_search_explores() -> None:
    entities, relations = random_case(7, people=200)
    with open_store(":memory:") as store:
        store.write(entities, relations)
        engine = EmbeddedEngine(store)
        engine.candidate_paths("p000", "p001", PathQuery("shortest", max_hops=2), allow_hubs=False)
        read = len(engine.graph.succ)
        assert 0 < read < len(entities) / 2
