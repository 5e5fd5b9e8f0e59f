"""Load benchmark: a random CSV bundle loaded (a) into the embedded SQLite store, (b) into
Neo4j through encircle's loader, and (c) into Neo4j with its own LOAD CSV, for comparison.

    .venv/bin/python benchmarks/load_benchmark.py [--entities 100000] [--relations 500000]
        [--neo4j-uri bolt://127.0.0.1:7687] [--skip-neo4j] [--seed 1]

The Neo4j database must be empty; it is cleared again after each Neo4j run. LOAD CSV reads
the bundle with file:/// URLs, so the server must run on this machine (the test server
allows any absolute path).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, LiteralString

from encircle.graph.errors import EncircleError
from encircle.graph.schema import SCHEMA
from encircle.graph.stores import Store
from encircle.graph.stores.neo4j import Neo4jStore
from encircle.graph.stores.sqlite import SqliteStore
from encircle.loaders import load, read_all

ENTITY_TYPES = {"Person": 0.6, "Company": 0.25, "Organization": 0.1, "PublicBody": 0.05}
RELATION_TYPES = {
    "GIFT": 0.3,
    "APPROVED": 0.15,
    "HOLDS_POST": 0.1,
    "EMPLOYED_BY": 0.1,
    "RELATIVE_OF": 0.05,
    "ASSOCIATE_OF": 0.1,
    "OWNS": 0.15,
    "DIRECTS": 0.05,
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
KINDS = {
    "GIFT": ("cash", "watch", "travel", "shares"),
    "APPROVED": ("land", "loan", "license", "contract"),
    "EMPLOYED_BY": ("secretary", "driver", "staff"),
    "RELATIVE_OF": ("spouse", "child", "sibling", "in_law"),
    "ASSOCIATE_OF": ("friend", "classmate", "business_partner"),
}
ROLES = {"HOLDS_POST": ("director", "deputy director", "party secretary"), "DIRECTS": ("legal_representative", "board")}
LOAD_CSV_BATCH = 10_000


# ---------------------------------------------------------------------------- generation


def random_date(rng: random.Random) -> str:
    year, month, day = rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{year}", f"{year}-{month:02}", f"{year}-{month:02}-{day:02}"))


def entity_rows(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    types = rng.choices(list(ENTITY_TYPES), weights=list(ENTITY_TYPES.values()), k=n)
    for i, entity_type in enumerate(types):
        row: dict[str, Any] = {"id": f"e{i:07}", "type": entity_type, "source": "benchmark"}
        if entity_type == "Person":
            row["name"] = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
            row["roles"] = ";".join(rng.sample(sorted(SCHEMA.roles), k=rng.choice((0, 0, 1, 1, 2))))
            row["birth_date"] = random_date(rng) if rng.random() < 0.5 else ""
            row["aliases"] = f"{row['name']}哥;Alias {i}" if rng.random() < 0.2 else ""
        else:
            row["name"] = f"{rng.choice(SURNAMES)}氏{entity_type}{i}"
            row["registration_number"] = f"9133{i:010}" if entity_type == "Company" else ""
        row["country"] = "CN"
        yield row


def relation_rows(m: int, ids_by_type: dict[str, list[str]], rng: random.Random) -> Iterator[dict[str, Any]]:
    def pool(types: tuple[str, ...]) -> list[str]:
        return [i for t in types for i in ids_by_type.get(t, [])]

    ends = {name: (pool(spec.sources), pool(spec.targets)) for name, spec in SCHEMA.relation_types.items()}
    types = rng.choices(list(RELATION_TYPES), weights=list(RELATION_TYPES.values()), k=m)
    for i, rel_type in enumerate(types):
        sources, targets = ends[rel_type]
        source, target = rng.choice(sources), rng.choice(targets)
        row: dict[str, Any] = {"id": f"r{i:07}", "type": rel_type, "source_id": source, "target_id": target}
        row["status"] = rng.choice(SCHEMA.statuses)
        row["kind"] = rng.choice(KINDS[rel_type]) if rel_type in KINDS else ""
        row["role"] = rng.choice(ROLES[rel_type]) if rel_type in ROLES else ""
        if rel_type in ("GIFT", "APPROVED"):
            row.update(date=random_date(rng), amount=f"{rng.uniform(1_000, 5_000_000):.2f}", currency="CNY")
        else:
            row["start_date"] = random_date(rng) if rng.random() < 0.5 else ""
        if rel_type == "APPROVED":
            row["body_id"] = rng.choice(ids_by_type["PublicBody"])
            row["procedure"] = rng.choice(SCHEMA.procedures)
            row["bidders"] = rng.randint(1, 9)
            row["excluded"] = rng.choice(ids_by_type["Company"]) if rng.random() < 0.1 else ""
        if rel_type == "OWNS":
            row["share"] = f"{rng.uniform(0.01, 1):.3f}"
        yield row


def write_bundle(folder: Path, n: int, m: int, seed: int) -> None:
    rng = random.Random(seed)
    ids_by_type: dict[str, list[str]] = {t: [] for t in SCHEMA.entity_types}
    with open(folder / "entities.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(SCHEMA.entity_properties))
        writer.writeheader()
        for row in entity_rows(n, rng):
            ids_by_type[row["type"]].append(row["id"])
            writer.writerow(row)
    with open(folder / "relations.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(SCHEMA.relation_properties))
        writer.writeheader()
        writer.writerows(relation_rows(m, ids_by_type, rng))


# ---------------------------------------------------------------------------- runs


def timed(label: str, rows: int, run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"  {label:<38} {seconds:8.1f} s  {rows / seconds:10,.0f} rows/s", flush=True)
    return rows / seconds


def run_sqlite(folder: Path, rows: int) -> float:
    """The SQLite load; returns the rate of reading + validating alone (part of every load)."""
    print("(a) embedded SQLite store", flush=True)
    read_rate = timed("read + validate bundle (no store)", rows, lambda: read_all([folder]))
    store = SqliteStore(str(folder / "bench.db"))
    try:
        load_rate = timed("encircle load -> SQLite", rows, lambda: load([folder], store))
        print(f"  of which the store write: {rows / (rows / load_rate - rows / read_rate):10,.0f} rows/s")
        print(f"  stored: {store.stats().entities:,} entities, {store.stats().relations:,} relations")
    finally:
        store.close()
    return read_rate


def run_neo4j(folder: Path, uri: str, rows: int, read_rate: float) -> float:
    print(f"(b) Neo4j via encircle ({uri})", flush=True)
    store = Neo4jStore(uri)
    try:
        require_empty(store)
        try:
            rate = timed("encircle load -> Neo4j", rows, lambda: load([folder], store))
            print(f"  of which the store write: {rows / (rows / rate - rows / read_rate):10,.0f} rows/s")
            stats = store.stats()
            print(f"  stored: {stats.entities:,} entities, {stats.relations:,} relations")
        finally:
            store.clear()
    finally:
        store.close()
    return rate


ENTITY_LOAD_CSV = """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  WITH row, [r IN split(coalesce(row.roles, ''), ';') WHERE trim(r) <> '' | toLower(trim(r))] AS roles
  CREATE (n:Entity:$(row.type))
  SET n += {id: row.id, type: row.type, name: row.name, country: row.country, source: row.source,
            birth_date: row.birth_date, registration_number: row.registration_number,
            aliases: CASE WHEN row.aliases IS NOT NULL THEN split(row.aliases, ';') END,
            roles: CASE WHEN size(roles) > 0 THEN roles END}
  SET n:$([r IN roles | $role_labels[r]])
} IN TRANSACTIONS OF $batch ROWS
"""

RELATION_LOAD_CSV = """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (a:Entity {id: row.source_id})
  MATCH (b:Entity {id: row.target_id})
  CREATE (a)-[r:$(row.type)]->(b)
  SET r += {id: row.id, type: row.type, source_id: row.source_id, target_id: row.target_id,
            date: row.date, start_date: row.start_date, amount: toFloat(row.amount), currency: row.currency,
            kind: row.kind, role: row.role, share: toFloat(row.share), body_id: row.body_id,
            procedure: row.procedure, bidders: toInteger(row.bidders), status: row.status, source: row.source,
            excluded: CASE WHEN row.excluded IS NOT NULL THEN split(row.excluded, ';') END}
} IN TRANSACTIONS OF $batch ROWS
"""


def run_load_csv(folder: Path, uri: str, entities: int, relations: int) -> float:
    print("(c) Neo4j LOAD CSV ... CALL { ... } IN TRANSACTIONS OF 10000 ROWS", flush=True)
    store = Neo4jStore(uri)  # creates the same constraints encircle uses
    try:
        require_empty(store)
        try:
            with store.driver.session(database=store.database) as session:

                def run(query: LiteralString, name: str) -> None:
                    url = (folder / name).resolve().as_uri()
                    params = {"url": url, "batch": LOAD_CSV_BATCH, "role_labels": SCHEMA.roles}
                    session.run(query, params).consume()

                e_rate = timed("LOAD CSV entities", entities, lambda: run(ENTITY_LOAD_CSV, "entities.csv"))
                r_rate = timed("LOAD CSV relations", relations, lambda: run(RELATION_LOAD_CSV, "relations.csv"))
            stats = store.stats()
            print(f"  stored: {stats.entities:,} entities, {stats.relations:,} relations")
        finally:
            store.clear()
    finally:
        store.close()
    return (entities + relations) / (entities / e_rate + relations / r_rate)


def require_empty(store: Store) -> None:
    if not store.is_empty():
        sys.exit(f"refusing to benchmark on a non-empty Neo4j database at {store.location}")


# ---------------------------------------------------------------------------- report


def machine() -> str:
    cpuinfo, meminfo = _lines("/proc/cpuinfo"), _lines("/proc/meminfo")
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    mem_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {os.cpu_count()} CPUs ({cpu}); "
        f"{mem_kb / 2**20:.1f} GiB RAM; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def server(uri: str) -> str:
    store = Neo4jStore(uri)
    try:
        with store.driver.session(database=store.database) as session:
            kernel = session.run("CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition AS e")
            version = kernel.single(strict=True)
            heap = session.run(
                "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
                "RETURN attributes.HeapMemoryUsage.value.properties.max AS max"
            ).single(strict=True)["max"]
            settings = {
                r["name"]: r["value"]
                for r in session.run(
                    "SHOW SETTINGS YIELD name, value WHERE name IN "
                    "['server.memory.pagecache.size', 'db.memory.transaction.max', 'db.memory.transaction.total.max'] "
                    "RETURN name, value"
                )
            }
    finally:
        store.close()
    sizes = ", ".join(f"{k}={v}" for k, v in sorted(settings.items()))
    return f"Neo4j {version['v']} {version['e']}; heap max {heap / 2**30:.1f} GiB; {sizes}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=500_000)
    parser.add_argument("--neo4j-uri", default=os.environ.get("ENCIRCLE_TEST_NEO4J", "bolt://127.0.0.1:7687"))
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = args.entities + args.relations

    print(f"machine: {machine()}")
    if not args.skip_neo4j:
        print(f"server:  {server(args.neo4j_uri)}")
    with tempfile.TemporaryDirectory(prefix="encircle-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        write_bundle(folder, args.entities, args.relations, args.seed)
        print(
            f"bundle:  {args.entities:,} entities + {args.relations:,} relations "
            f"({time.perf_counter() - start:.1f} s to generate)",
            flush=True,
        )
        read_rate = run_sqlite(folder, rows)
        if args.skip_neo4j:
            return
        ours = run_neo4j(folder, args.neo4j_uri, rows, read_rate)
        theirs = run_load_csv(folder, args.neo4j_uri, args.entities, args.relations)
        print(f"ratio encircle-neo4j / LOAD CSV: {ours / theirs:.2f} (target >= 0.5)")


if __name__ == "__main__":
    try:
        main()
    except EncircleError as error:
        sys.exit(f"error: {error}")
