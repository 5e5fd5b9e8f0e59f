"""The evidence that two entities are one, each feature a signed contribution with the
sentence that explains it.

Score = the sum of the contributions, clipped to [0, 1]:

- name: WEIGHTS["name"] x the similarity of the closest pair of names and aliases
  (1 for the same name, folded or not, or a Chinese name of four characters or more and
  its pinyin; 0.95 for the same words in another order or a shorter Chinese name and
  its pinyin; 0.9 for that in another order; 0.85 for two Chinese
  names that read alike, or every word of one name in the other; otherwise rapidfuzz's
  ratio of the folded names, or of their Latin readings across scripts);
- registration_number: the same number once spaces, punctuation, leading zeros and a
  register's letter prefix are set aside (strong for), or different numbers (strong
  against);
- birth_date: the same day (for), dates that agree as far as both go (weakly for), or
  different dates (strong against);
- country: different countries (against);
- address: the same `address` (a column kept as an extra property) (for);
- shared_neighbours: entities linked to both (for, per neighbour up to a cap; hubs with
  more than HUB_DEGREE relations do not count: sharing a ministry, or a party that
  takes donations from everyone, says little).

Names are each entity's name and aliases, and each of those without a bracketed part
("Bayerische Motorenwerke (BMW) AG" is also "Bayerische Motorenwerke AG").

A pair with different registration numbers or birth dates scores at most
MAX_WITH_CONFLICT, below any sensible threshold: such pairs are dropped before the
names are compared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from encircle.graph.records import Entity
from encircle.graph.values import name_key
from encircle.queries.resolution.names import Name, fold, registration_digits, registration_key

__all__ = [
    "GROUP",
    "HUB_DEGREE",
    "MAX_WITH_CONFLICT",
    "WEIGHTS",
    "Evidence",
    "Profile",
    "compare",
    "conflict",
    "evidence_for",
    "identifiers",
    "names",
    "neighbours",
]

WEIGHTS: Mapping[str, float] = {
    "name": 0.7,
    "registration_number": 0.5,
    "registration_number_differs": -0.6,
    "birth_date": 0.2,
    "birth_date_partial": 0.1,
    "birth_date_differs": -0.6,
    "country_differs": -0.2,
    "address": 0.1,
    "shared_neighbour": 0.1,
    "shared_neighbours_cap": 0.2,
}
MAX_WITH_CONFLICT = (
    WEIGHTS["name"] + WEIGHTS["address"] + WEIGHTS["shared_neighbours_cap"] + WEIGHTS["birth_date_differs"]
)
HUB_DEGREE = 20
_BRACKETED = re.compile(r"[(（][^)）]*[)）]")
# Types that may name the same thing: a political party may be filed as either.
GROUP = {"Company": "firm", "Organization": "firm", "Person": "person", "PublicBody": "body"}


@dataclass(frozen=True, slots=True)
class Profile:
    """An entity with its names folded, read once per xref run."""

    entity: Entity
    names: tuple[Name, ...]
    registration: str | None

    @classmethod
    def of(cls, entity: Entity) -> Profile:
        person = entity.type == "Person"
        given = (entity.name, *entity.aliases)
        # "Bayerische Motorenwerke (BMW) AG" is also "Bayerische Motorenwerke AG".
        bare = (" ".join(_BRACKETED.sub(" ", n).split()) for n in given if _BRACKETED.search(n))
        names = tuple(dict.fromkeys(fold(n, person) for n in (*given, *bare) if n))
        reg = registration_key(entity.registration_number) if entity.registration_number else None
        return cls(entity, names, reg or None)

    @property
    def group(self) -> str:
        return GROUP.get(self.entity.type, self.entity.type)


@dataclass(frozen=True)
class Evidence:
    """What a comparison found: each feature's contribution and a reason per feature,
    filled in as the features are compared (the score is their sum, clipped)."""

    features: dict[str, float]
    reasons: list[str]

    def add(self, feature: str, value: float, reason: str) -> None:
        self.features[feature] = round(self.features.get(feature, 0.0) + value, 4)
        self.reasons.append(reason)

    @property
    def score(self) -> float:
        return round(min(1.0, max(0.0, sum(self.features.values()))), 4)


def conflict(a: Profile, b: Profile) -> bool:
    """Different registration numbers or birth dates (see registration, birth_date)."""
    if a.registration and b.registration and not _same_registration(a, b):
        return True
    x, y = a.entity.birth_date, b.entity.birth_date
    return bool(x and y and not (x.startswith(y) or y.startswith(x)))


def identifiers(a: Profile, b: Profile, evidence: Evidence) -> None:
    """Registration numbers, birth dates, countries and addresses."""
    ea, eb = a.entity, b.entity
    ra, rb = ea.registration_number, eb.registration_number
    if a.registration and b.registration and ra and rb:
        if not _same_registration(a, b):
            reason = f"different registration numbers {ra!r} and {rb!r}"
            evidence.add("registration_number", WEIGHTS["registration_number_differs"], reason)
        elif ra == rb:
            evidence.add("registration_number", WEIGHTS["registration_number"], f"same registration number {ra!r}")
        else:
            reason = f"same registration number {ra!r}, {rb!r} once spacing, leading zeros and prefixes are set aside"
            evidence.add("registration_number", WEIGHTS["registration_number"], reason)
    x, y = ea.birth_date, eb.birth_date
    if x and y:
        if x == y and len(x) == 10:
            evidence.add("birth_date", WEIGHTS["birth_date"], f"same birth date {x}")
        elif x.startswith(y) or y.startswith(x):
            evidence.add("birth_date", WEIGHTS["birth_date_partial"], f"birth dates agree as far as both go ({x}, {y})")
        else:
            evidence.add("birth_date", WEIGHTS["birth_date_differs"], f"different birth dates {x} and {y}")
    if ea.country and eb.country and ea.country.casefold() != eb.country.casefold():
        evidence.add("country", WEIGHTS["country_differs"], f"different countries {ea.country} and {eb.country}")
    address_a, address_b = ea.extra.get("address"), eb.extra.get("address")
    if address_a and address_b and name_key(str(address_a)) == name_key(str(address_b)):
        evidence.add("address", WEIGHTS["address"], f"same address {address_a!r}")


def _same_registration(a: Profile, b: Profile) -> bool:
    if a.registration == b.registration:
        return True
    ra, rb = a.entity.registration_number or "", b.entity.registration_number or ""
    # The same number with its register's prefix on one side only ("GB01234567", "1234567").
    prefixed = a.registration != registration_digits(ra) or b.registration != registration_digits(rb)
    one_side = (a.registration == registration_digits(ra)) != (b.registration == registration_digits(rb))
    return prefixed and one_side and registration_digits(ra) == registration_digits(rb)


def names(a: Profile, b: Profile, evidence: Evidence) -> None:
    """The closest pair of names (each entity's name and aliases)."""
    best, reason = 0.0, ""
    for x in a.names:
        for y in b.names:
            similarity, why = compare(x, y)
            if similarity > best:
                best, reason = similarity, why
                notes = [_which(n, p) for n, p in ((x, a), (y, b)) if n is not p.names[0]]
                if notes:
                    reason += " (" + ", ".join(notes) + ")"
            if best == 1.0:
                break
    if best > 0:
        evidence.add("name", round(WEIGHTS["name"] * best, 4), reason)


def _which(name: Name, profile: Profile) -> str:
    """Which of an entity's names matched, when not its name: an alias, or its name or an
    alias without the bracketed part."""
    if name.raw in profile.entity.aliases:
        return f"alias {name.raw!r}"
    whole = next((n for n in (profile.entity.name, *profile.entity.aliases) if _BRACKETED.search(n)), name.raw)
    return f"{whole!r} without its brackets"


def compare(x: Name, y: Name) -> tuple[float, str]:
    """How alike two names are (0..1) and why."""
    if x.key == y.key:
        return 1.0, f"same name {x.raw!r}"
    if x.folded and x.folded == y.folded:
        dropped = list(dict.fromkeys((*x.dropped, *y.dropped)))
        listed = ", ".join(repr(d) for d in dropped)
        aside = f"once {listed} {'is' if len(dropped) == 1 else 'are'} set aside" if dropped else "up to punctuation"
        return 1.0, f"same name {aside}: {x.raw!r}, {y.raw!r}"
    if x.words and sorted(x.words) == sorted(y.words):
        return 0.95, f"same words in another order: {x.raw!r}, {y.raw!r}"
    if x.cjk or y.cjk:
        found = _readings(x, y)
        if found:
            return found
    return _fuzzy(x, y)


def _readings(x: Name, y: Name) -> tuple[float, str] | None:
    """A Chinese name against another Chinese name or a Latin one, by pinyin."""
    if not (x.latin and y.latin):
        return None
    cjk, other = (x, y) if x.cjk else (y, x)
    reading = " ".join(cjk.latin_words)
    if x.latin == y.latin:
        if x.cjk and y.cjk:
            return 0.85, f"{x.raw!r} and {y.raw!r} read alike in pinyin ({reading})"
        # A long name read the same is as good as the same name; a short one (a person's
        # two or three characters) has many namesakes that read alike.
        return 1.0 if len(cjk.folded) >= 4 else 0.95, f"{cjk.raw!r} reads {reading!r} in pinyin, as {other.raw!r}"
    if x.cjk and y.cjk:
        return None  # Chinese names are not written in another order
    if sorted(x.latin_words) == sorted(y.latin_words) or sorted(cjk.latin_words) == sorted(other.words):
        return 0.9, f"{cjk.raw!r} reads {reading!r} in pinyin: {other.raw!r} in another order"
    ratio = fuzz.ratio(x.latin, y.latin) / 100 * 0.95
    return round(ratio, 4), f"{cjk.raw!r} reads {reading!r} in pinyin, {round(ratio * 100)}% like {other.raw!r}"


def _fuzzy(x: Name, y: Name) -> tuple[float, str]:
    left, right = x.folded or x.key, y.folded or y.key
    ratio = max(fuzz.ratio(left, right), fuzz.token_sort_ratio(left, right)) / 100
    short, long = (x, y) if len(x.words) <= len(y.words) else (y, x)
    if short.words and len(short.words) < len(long.words) and set(short.words) <= set(long.words) and ratio < 0.85:
        return 0.85, f"every word of {short.raw!r} is in {long.raw!r}"
    return round(ratio, 4), f"similar names {x.raw!r}, {y.raw!r} ({round(ratio * 100)}%)"


def neighbours(
    a: str,
    b: str,
    linked: Mapping[str, Mapping[str, set[str]]],
    degree: Mapping[str, int],
    labels: Mapping[str, str],
    evidence: Evidence,
) -> None:
    """Entities linked to both (not to each other: that is a relation between them)."""
    mine, theirs = linked.get(a, {}), linked.get(b, {})
    shared = sorted(n for n in mine.keys() & theirs.keys() if n not in (a, b) and degree.get(n, 0) <= HUB_DEGREE)
    if not shared:
        return
    value = min(WEIGHTS["shared_neighbours_cap"], WEIGHTS["shared_neighbour"] * len(shared))
    described = [f"{labels.get(n, n)} ({n}): {_types(mine[n], theirs[n])}" for n in shared[:3]]
    more = f" and {len(shared) - 3} more" if len(shared) > 3 else ""
    evidence.add("shared_neighbours", value, f"both linked to {'; '.join(described)}{more}")


def _types(mine: set[str], theirs: set[str]) -> str:
    return ", ".join(sorted(mine | theirs))


def evidence_for(a: Profile, b: Profile) -> Evidence:
    """Names and identifiers (the neighbours are added by the caller, which reads them)."""
    evidence = Evidence({}, [])
    names(a, b, evidence)
    identifiers(a, b, evidence)
    return evidence
