"""Duplicate records with their truth, for measuring entity resolution (`encircle xref`).

`plant_duplicates(folder, seed)` reads a bundle that `generate()` wrote and appends, for
DUPLICATES_PER_10K people and as many firms per 10,000 entities, a second record of the
same person or firm spelled another way, as registers and filings spell them:

- firms: another legal form (有限公司 -> 有限责任公司 / 股份有限公司) with the registration
  number written with leading zeros or spaces; the name in pinyin ("Lanshan Weifang
  Jianshe Co., Ltd."), with the number or without; that transliteration with a typo and
  the number;
- people: the name in pinyin, given name first ("Jianguo Wang") or surname first, with
  the birth date or only its year; a given-name character replaced by a homophone (the
  usual typing slip in Chinese), with the birth date;

and as many hard non-duplicates: namesakes (the same name, another birth date) and
sister firms (the same place and name stem, another trade and registration number).
Each duplicate gets one relation of its own (a friend, a minority owner), as a record
from another source would. The truth lists both kinds, and the world's own pairs of
records with the same type, name, birth date, registration number and country
("indistinguishable": chambers of commerce of one town, as the background names them
from six places; namesakes born the same day): distinct by construction, but nothing on
record tells them apart. A world written without duplicates is unchanged byte for
byte. Random choices come from their own generator, seeded from `seed`.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from encircle.graph.search import pinyin
from encircle.queries.synth.world import TRADES
from encircle.queries.synth.writer import ENTITY_COLUMNS, PREFIX, RELATION_COLUMNS

__all__ = ["DUPLICATES_PER_10K", "plant_duplicates"]

DUPLICATES_PER_10K = 50  # duplicate people, and as many duplicate firms
# Characters of writer.GIVEN with a common homophone (same toneless reading).
HOMOPHONES = dict(
    zip(
        "伟芳娜敏丽磊军洋勇艳杰娟涛明超霞平刚英华建国志红文斌辉玲鹏飞鑫宇浩凯",
        "玮方纳闵莉垒君阳永燕洁鹃韬铭潮侠萍钢瑛桦健帼智宏雯彬晖铃朋菲欣雨皓恺",
        strict=True,
    )
)
FORMS = ("有限责任公司", "股份有限公司")


@dataclass
class _Bundle:
    """What planting reads back: people and firms, and the next free id numbers."""

    people: list[dict[str, str]]
    firms: list[dict[str, str]]
    citizens: list[str]
    counters: dict[str, int]
    relations: int
    alike: list[list[str]]  # the world's own records with the same name and identifiers


def _read(folder: Path) -> _Bundle:
    people, firms, citizens = [], [], []
    counters = dict.fromkeys(PREFIX.values(), 0)
    same: dict[tuple[str, ...], list[str]] = {}
    with open(folder / "entities.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            identity = tuple(row[k] for k in ("type", "name", "birth_date", "registration_number", "country"))
            same.setdefault(identity, []).append(row["id"])
            prefix, number = row["id"][0], int(row["id"][1:])
            counters[prefix] = max(counters[prefix], number)
            if row["type"] == "Person" and row["birth_date"]:
                people.append(row)
                if not row["roles"]:
                    citizens.append(row["id"])
            elif row["type"] == "Company" and row["name"].endswith("有限公司") and row["registration_number"]:
                firms.append(row)
    with open(folder / "relations.csv", encoding="utf-8", newline="") as file:
        relations = sum(1 for _ in file) - 1
    alike = [ids for ids in same.values() if len(ids) > 1]
    return _Bundle(people, firms, citizens, counters, relations, alike)


class _Appender:
    def __init__(self, folder: Path, bundle: _Bundle) -> None:
        self.bundle = bundle
        self.entity_file = open(folder / "entities.csv", "a", encoding="utf-8", newline="")  # noqa: SIM115
        self.relation_file = open(folder / "relations.csv", "a", encoding="utf-8", newline="")  # noqa: SIM115
        self.entities = csv.writer(self.entity_file, lineterminator="\n")
        self.relations = csv.writer(self.relation_file, lineterminator="\n")
        self.written = 0

    def entity(self, like: dict[str, str], **fields: str) -> str:
        prefix = PREFIX[like["type"]]
        self.bundle.counters[prefix] += 1
        entity_id = f"{prefix}{self.bundle.counters[prefix]:07d}"
        row = {**like, "id": entity_id, "roles": "", "interests": "", "source": "synthetic duplicate", **fields}
        self.entities.writerow([row.get(c, "") for c in ENTITY_COLUMNS])
        self.written += 1
        return entity_id

    def relation(self, type_: str, source: str, target: str, **fields: str) -> None:
        self.bundle.relations += 1
        row = {"id": f"r{self.bundle.relations:08d}", "type": type_, "source_id": source, "target_id": target}
        row |= {"source": "synthetic duplicate", **fields}
        self.relations.writerow([row.get(c, "") for c in RELATION_COLUMNS])

    def close(self) -> None:
        self.entity_file.close()
        self.relation_file.close()


def plant_duplicates(folder: str | Path, seed: int, entities: int) -> dict[str, Any]:
    """Append duplicates and hard non-duplicates to the bundle in `folder`; return their
    truth: `{"duplicates": [...], "non_duplicates": [...]}`, each `{"entities": [a, b],
    "how": ...}` (a the original)."""
    folder = Path(folder)
    rng = random.Random(f"duplicates-{seed}")
    bundle = _read(folder)
    count = max(10, round(entities * DUPLICATES_PER_10K / 10_000))
    people = rng.sample(bundle.people, min(count * 2, len(bundle.people)))
    firms = rng.sample(bundle.firms, min(count * 2, len(bundle.firms)))
    duplicates: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    out = _Appender(folder, bundle)
    try:
        for row in people[:count]:
            dup, how = _person(out, row, rng)
            duplicates.append({"entities": [row["id"], dup], "how": how})
            out.relation("ASSOCIATE_OF", dup, rng.choice(bundle.citizens), kind="friend")
        for row in firms[:count]:
            dup, how = _firm(out, row, rng)
            duplicates.append({"entities": [row["id"], dup], "how": how})
            out.relation("OWNS", rng.choice(bundle.citizens), dup, share="0.1")
        for row in people[count : count + count // 2]:
            born = f"{rng.randint(1950, 1995)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if born != row["birth_date"]:
                others.append({"entities": [row["id"], out.entity(row, birth_date=born)], "how": "namesake"})
        for row in firms[count : count + count // 2]:
            trade = rng.choice([t for t in TRADES if t not in row["name"]])
            name = row["name"][:4] + trade + "有限公司"
            reg = f"91{rng.randrange(10**15, 10**16)}"
            sister = out.entity(row, name=name, registration_number=reg)
            others.append({"entities": [row["id"], sister], "how": "sister_firm"})
    finally:
        out.close()
    alike = [[a, b] for ids in bundle.alike for i, a in enumerate(ids) for b in ids[i + 1 :]]
    return {
        "duplicates": duplicates,
        "non_duplicates": others,
        "indistinguishable": alike,
        "entities_added": out.written,
    }


def _person(out: _Appender, row: dict[str, str], rng: random.Random) -> tuple[str, str]:
    name, born = row["name"], row["birth_date"]
    surname, given = pinyin(name[0], person=True).capitalize(), pinyin(name[1:]).replace(" ", "").capitalize()
    how = rng.choice(("given_first", "surname_first", "year_only", "homophone"))
    if how == "homophone" and any(c in HOMOPHONES for c in name[1:]):
        i = next(i for i in range(len(name) - 1, 0, -1) if name[i] in HOMOPHONES)
        return out.entity(row, name=name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]), "homophone"
    if how == "surname_first":
        return out.entity(row, name=f"{surname} {given}"), "transliteration"
    if how == "year_only":
        return out.entity(row, name=f"{given} {surname}", birth_date=born[:4]), "transliteration_year_only"
    return out.entity(row, name=f"{given} {surname}"), "transliteration_swapped"


def _firm(out: _Appender, row: dict[str, str], rng: random.Random) -> tuple[str, str]:
    name, reg = row["name"], row["registration_number"]
    stem = name[: -len("有限公司")]
    how = rng.choice(("legal_form", "transliteration", "transliteration_no_number", "typo"))
    if how == "legal_form":
        written = "00" + reg if rng.random() < 0.5 else " ".join(reg[i : i + 4] for i in range(0, len(reg), 4))
        return out.entity(row, name=stem + rng.choice(FORMS), registration_number=written), "legal_form"
    syllables = pinyin(stem).split()
    words = ["".join(syllables[i : i + 2]).capitalize() for i in range(0, len(syllables), 2)]
    latin = " ".join(words)
    if how == "typo":
        i = rng.randrange(1, len(latin) - 2)
        if latin[i] != " " and latin[i + 1] != " ":
            latin = latin[:i] + latin[i + 1] + latin[i] + latin[i + 2 :]
    number = "" if how == "transliteration_no_number" else reg
    return out.entity(row, name=f"{latin} Co., Ltd.", registration_number=number), how
