"""A plain reading of the seven rule tactics: the yardstick for encircle's own figures.

    .venv/bin/python benchmarks/plain_reading.py BUNDLE_DIR [--json]

The simplest single-threaded reading of a case bundle a programmer would write in an
afternoon: csv.DictReader into dicts, adjacency lists keyed by (entity, relation type),
and each tactic's rule (docs in queries/detection/<tactic>/detector.py) as loops over
them. CSV parse included; no scoring, no evidence chains, no explanation, no fuzzy-date
care (a coarse date stands for its first day), no statuses. It counts candidates per
tactic, which is all a yardstick needs: it does the same kind of work as encircle's
detectors, so encircle's time for `encircle detect` (store read included) is compared
with it in the same run (benchmarks/scaling_benchmark.py prints both).

It is not part of encircle and nothing imports it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

Row = dict[str, str]
CONTROL = ("OWNS", "DIRECTS")
TIES = ("RELATIVE_OF", "ASSOCIATE_OF", "EMPLOYED_BY", "OWNS", "DIRECTS", "HOLDS_POST")
RESTRICTIVE = {"open": 0, "invited": 1, "negotiated": 2, "single_source": 3, "none": 4}
HOBBIES = {
    "golf": ("golf",),
    "travel": ("tour", "trip", "holiday", "travel"),
    "calligraphy": ("painting", "artwork", "calligraphy"),
    "tea": ("tea",),
    "fishing": ("fishing",),
    "reading": ("book",),
    "wine": ("maotai", "baijiu", "wine"),
}


@lru_cache(maxsize=1 << 16)
def day(value: str) -> int:
    """Ordinal of a date's first day ('2016' is 2016-01-01); 0 when absent."""
    if not value:
        return 0
    parts = (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10] if len(value) == 7 else value
    return dt.date.fromisoformat(parts).toordinal()


class Case:
    def __init__(self, folder: Path) -> None:
        with open(folder / "entities.csv", encoding="utf-8-sig", newline="") as file:
            self.entities = {row["id"]: row for row in csv.DictReader(file)}
        with open(folder / "relations.csv", encoding="utf-8-sig", newline="") as file:
            self.relations = list(csv.DictReader(file))
        self.out: dict[tuple[str, str], list[Row]] = defaultdict(list)
        self.into: dict[tuple[str, str], list[Row]] = defaultdict(list)
        self.degree: dict[str, int] = defaultdict(int)
        self.by_type: dict[str, list[Row]] = defaultdict(list)
        for r in self.relations:
            self.out[r["source_id"], r["type"]].append(r)
            self.into[r["target_id"], r["type"]].append(r)
            self.degree[r["source_id"]] += 1
            self.degree[r["target_id"]] += 1
            self.by_type[r["type"]].append(r)
        self._sides: dict[str, set[str]] = {}
        self._circles: dict[str, dict[str, str]] = {}

    def linked(self, node: str, kind: str) -> list[str]:
        return [r["target_id"] for r in self.out[node, kind]] + [r["source_id"] for r in self.into[node, kind]]

    def walk(self, node: str, up: bool) -> set[str]:
        found: set[str] = set()
        frontier = {node}
        for _ in range(3):
            step = set()
            for n in frontier:
                for kind in CONTROL:
                    rows = self.into[n, kind] if up else self.out[n, kind]
                    step |= {r["source_id"] if up else r["target_id"] for r in rows}
            frontier = step - found - {node}
            found |= frontier
        return found

    def side(self, node: str) -> set[str]:
        if node not in self._sides:
            people = {node} | self.walk(node, up=True)
            people |= {rel for p in list(people) for rel in self.linked(p, "RELATIVE_OF")}
            self._sides[node] = people | {f for p in list(people) for f in self.walk(p, up=False)}
        return self._sides[node]

    def circle(self, official: str) -> dict[str, str]:
        """member -> kind (relative, staff, associate, proxy_firm)."""
        if official not in self._circles:
            members = dict.fromkeys(self.linked(official, "RELATIVE_OF"), "relative")
            for r in self.into[official, "EMPLOYED_BY"]:
                members.setdefault(r["source_id"], "staff")
            for other in self.linked(official, "ASSOCIATE_OF"):
                members.setdefault(other, "associate")
            for person in [m for m, k in members.items() if k != "staff"]:
                for kind in CONTROL:
                    for r in self.out[person, kind]:
                        members.setdefault(r["target_id"], "proxy_firm")
            members.pop(official, None)
            self._circles[official] = members
        return self._circles[official]

    def officials(self) -> set[str]:
        named = {i for i, e in self.entities.items() if "official" in e["roles"].split(";")}
        return named | {r["source_id"] for r in self.by_type["HOLDS_POST"] + self.by_type["APPROVED"]}


def direct_transaction(case: Case) -> int:
    count = 0
    for a in case.by_type["APPROVED"]:
        side, when = case.side(a["target_id"]), day(a["date"])
        gifts = [g for g in case.into[a["source_id"], "GIFT"] if g["source_id"] in side]
        count += any(when - 1095 <= day(g["date"]) <= when + 365 for g in gifts) or bool(gifts)
    return count


def roundabout(case: Case) -> int:
    count = 0
    for a in case.by_type["APPROVED"]:
        side, when = case.side(a["target_id"]), day(a["date"])
        for member in case.circle(a["source_id"]):
            if any(g["source_id"] in side and day(g["date"]) <= when for g in case.into[member, "GIFT"]):
                count += 1
                break
    return count


def _gifts_by_side(case: Case, official: str) -> dict[str, list[Row]]:
    own = {official} | {m for m, k in case.circle(official).items() if k == "relative"}
    groups: dict[str, list[Row]] = defaultdict(list)
    for person in own:
        for g in case.into[person, "GIFT"]:
            if g["date"] and g["source_id"] not in own:
                groups[min(case.side(g["source_id"]))].append(g)
    return groups


def friendship_investment(case: Case) -> int:
    count = 0
    for official in case.officials():
        for gifts in _gifts_by_side(case, official).values():
            days = sorted(day(g["date"]) for g in gifts)
            count += len(days) >= 4 and days[-1] - days[0] >= 730
    return count


def private_customization(case: Case) -> int:
    count = 0
    for official in case.officials():
        family = [official, *(m for m, k in case.circle(official).items() if k == "relative")]
        interests = {i for p in family for i in case.entities[p]["interests"].split(";") if i}
        words = [w for i in interests for w in HOBBIES.get(i, (i,))]
        for gifts in _gifts_by_side(case, official).values():
            count += any(any(w in g["kind"] for w in words) for g in gifts)
    return count


def bid_rigging(case: Case) -> int:
    count = 0
    for a in case.by_type["APPROVED"]:
        procedure, planned = a["procedure"], a["planned_procedure"] or a["procedure"]
        if not procedure or (procedure == "none" and planned == "none"):
            continue
        switched = RESTRICTIVE.get(procedure, 0) > RESTRICTIVE.get(planned, 0)
        if not (switched or procedure != "open" or a["excluded"]):
            continue
        official, side = a["source_id"], case.side(a["target_id"])
        near = {official, *case.circle(official)}
        if any(g["source_id"] in side for person in near for g in case.into[person, "GIFT"]):
            count += 1
            continue
        seen, frontier = {official}, {official}
        for _ in range(3):  # standing ties, through entities of at most 100 relations
            frontier = {
                other
                for n in frontier
                if n == official or case.degree[n] <= 100
                for kind in TIES
                for other in case.linked(n, kind)
            } - seen
            seen |= frontier
        count += 1 if seen & side else 0
    return count


def collective_capture(case: Case) -> int:
    count = 0
    bodies: dict[str, list[Row]] = defaultdict(list)
    for post in case.by_type["HOLDS_POST"]:
        bodies[post["target_id"]].append(post)
    for body, posts in bodies.items():
        if case.entities[body]["type"] not in ("PublicBody", "Company"):
            continue
        leaders = {p["source_id"] for p in posts}
        reached: dict[str, set[str]] = defaultdict(set)  # giver -> leaders
        for post in posts:
            low, high = day(post["start_date"]), day(post["end_date"]) or 10**7
            leader = post["source_id"]
            for member in [leader, *case.circle(leader)]:
                for g in case.into[member, "GIFT"]:
                    if low <= day(g["date"]) <= high and g["source_id"] not in leaders:
                        reached[g["source_id"]].add(leader)
        groups: dict[str, set[str]] = defaultdict(set)
        for giver, whom in reached.items():
            groups[min(case.side(giver))] |= whom
        count += sum(len(whom) >= 2 for whom in groups.values())
    return count


def blacklist_evasion(case: Case) -> int:
    count = 0
    for listed, entity in case.entities.items():
        if not entity["blacklisted_from"]:
            continue
        low = day(entity["blacklisted_from"]) - 365
        high = (day(entity["blacklisted_until"]) or 10**7) + 365
        owners = case.walk(listed, up=True) | {listed}
        affiliates = case.walk(listed, up=False) | {listed}
        for owner in owners:
            affiliates |= case.walk(owner, up=False)
            for relative in case.linked(owner, "RELATIVE_OF"):
                affiliates |= case.walk(relative, up=False)
        for firm in affiliates:
            count += sum(low <= day(a["date"]) <= high for a in case.into[firm, "APPROVED"])
    return count


TACTICS = (
    direct_transaction,
    friendship_investment,
    private_customization,
    roundabout,
    bid_rigging,
    collective_capture,
    blacklist_evasion,
)


def read(folder: Path, tactics: Iterable[str] = ()) -> dict[str, Any]:
    """Parse the bundle and run the rules; seconds for each and the candidate counts."""
    wanted = set(tactics)
    start = time.perf_counter()
    case = Case(folder)
    result: dict[str, Any] = {"parse": time.perf_counter() - start, "candidates": {}, "seconds": {}}
    for rule in TACTICS:
        if wanted and rule.__name__ not in wanted:
            continue
        begun = time.perf_counter()
        result["candidates"][rule.__name__] = rule(case)
        result["seconds"][rule.__name__] = time.perf_counter() - begun
    result["total"] = time.perf_counter() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = read(args.bundle)
    if args.json:
        print(json.dumps(result))
        return
    print(f"parse {result['parse']:.2f} s")
    for name, seconds in result["seconds"].items():
        print(f"  {name:<24} {seconds:6.2f} s  {result['candidates'][name]:>7} candidates")
    print(f"total {result['total']:.2f} s")


if __name__ == "__main__":
    main()
