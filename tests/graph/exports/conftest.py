"""Sources for the export tests: the demo case, a generated world and hand-built edge
cases, each loaded into the store under test; and the FollowTheMoney model check."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.synth.generate import generate

Loader = Callable[[Store, str], None]

# What FtM, CSV and XML make hard: ids FtM rejects, an entity and a relation sharing an
# id, a person without roles holding a public post, no source, a person as employer,
# posts without a title, extras, long and odd text, a share with many digits.
EDGE_ENTITIES = (
    Entity("p_1", "Person", 'Anna "A" O\'Brien\\', roles=(), source=None, country="China", extra={"Note": "x;y"}),
    Entity("p-2", "Person", "Bo\nBerg\t\x01", aliases=("B. B.", "Bo;Berg"), roles=("staff", "official")),
    Entity("same", "Person", "Same Id", roles=("official",), interests=("golf", "tea")),
    Entity("co-1", "Company", "Co" * 300, birth_date="2001-02", registration_number="R" * 70, blacklisted_until="2030"),
    Entity("body-1", "PublicBody", "Body", source="https://example.org/body"),
    Entity("org-1", "Organization", "Org", roles=("intermediary",)),
)
EDGE_RELATIONS = (
    Relation("same", "HOLDS_POST", "p_1", "body-1", start_date="2016-02"),
    Relation("h:2", "HOLDS_POST", "p-2", "co-1", role="chair" * 100, kind="acting", end_date="2019"),
    Relation("e1", "EMPLOYED_BY", "p_1", "p-2", kind="driver", role="driver", status="alleged", source=None),
    Relation("e2", "EMPLOYED_BY", "same", "org-1", kind="staff", extra={"summary": "s", "other": "o"}),
    Relation("g1", "GIFT", "co-1", "p-2", date="2016", amount=0.1 + 0.2, currency="EUR", kind="golf", share=0.5),
    Relation(
        "a1",
        "APPROVED",
        "p-2",
        "co-1",
        date="2017-03-04",
        kind="land",
        body_id="body-1",
        procedure="invited",
        planned_procedure="open",
        bidders=2,
        excluded=("org-1", "p_1"),
        status="inferred",
        extra={"contract": "Bridge"},
    ),
    Relation("a2", "APPROVED", "p-2", "p_1", date="2018", kind="contract", extra={"contract": "Road"}),
    Relation("a3", "APPROVED", "same", "co-1", date="2018", amount=1e20),
    Relation("o1", "OWNS", "org-1", "co-1", share=0.123456789, kind="beneficial", role="trustee"),
    Relation("k1", "RELATIVE_OF", "p_1", "same", kind="in_law", extra={"description": "d"}),
    Relation("s1", "ASSOCIATE_OF", "same", "p-2"),
    Relation("d1", "DIRECTS", "p_1", "org-1", kind="board", role="member"),
)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated world (`encircle synth -n 1000`): about 1,200 entities, 3,600 relations."""
    folder = tmp_path_factory.mktemp("world")
    generate(folder, entities=1000, seed=1)
    return folder


@pytest.fixture
def load_case(world: Path) -> Loader:
    """Loads 'demo', 'world' or 'edge' into a store."""

    def loader(store: Store, case: str) -> None:
        if case == "demo":
            load([demo_bundle()], store)
        elif case == "world":
            load([world], store)
        else:
            store.write(EDGE_ENTITIES, EDGE_RELATIONS)

    return loader


def ftm_problems(lines: Iterable[str]) -> list[str]:
    """Everything the FollowTheMoney model rejects in an entity stream: unknown or
    abstract schemata, unknown or read-only properties, values FtM's own validation
    refuses (Schema.validate), missing required properties, and references to entities
    that are not in the stream or not of the property's range."""
    from followthemoney import model
    from followthemoney.exc import InvalidData

    data = [json.loads(line) for line in lines]
    schemata = {d["id"]: model.get(d["schema"]) for d in data}
    problems = [f"{i}: id used twice" for i, n in Counter(d["id"] for d in data).items() if n > 1]
    for d in data:
        schema = model.get(d["schema"])
        if schema is None or schema.abstract:
            problems.append(f"{d['id']}: no concrete schema {d['schema']!r}")
            continue
        try:
            schema.validate(d)
            model.get_proxy(d, cleaned=False)
        except InvalidData as error:
            problems.append(f"{d['id']}: {error}: {error.errors}")
        problems += [f"{d['id']}: no {name}" for name in schema.required if not d["properties"].get(name)]
        for name, values in d["properties"].items():
            prop = schema.get(name)
            if prop is None or prop.stub:
                problems.append(f"{d['id']}: {schema.name} has no property {name!r}")
            elif prop.type.name == "entity":
                for value in values:
                    target = schemata.get(value)
                    if target is None or not target.is_a(prop.range):
                        problems.append(f"{d['id']}: {name} -> {value} is not a {prop.range.name}")
    return problems


def records(store: Store) -> tuple[list[Entity], list[Relation]]:
    return list(store.entities()), list(store.relations())
