"""Cross-referencing: pairs of entities that may be the same, each with its score and the
features and reasons behind it (features.py).

Blocking keeps it from comparing every pair: entities are compared only when they share
a key: a folded name, a reading with its words in any order (pinyin for Chinese), a
registration number, or (for typos) the first or last five letters of a rare word, the
first four characters of a Chinese firm's name. A key shared by more than `max_block`
entities (a common name) is split by birth year, or registration number, which tell such
entities apart anyway; a part still larger is not used, and the result counts such parts.
Entities judged the same are already one (the store is read resolved); pairs judged
different are left out; pairs judged unsure are kept and say so.

>>> from encircle.graph.stores import open_store
>>> from encircle.graph.records import Entity
>>> with open_store(":memory:") as store:
...     _ = store.write([Entity("c1", "Company", "Earthcott Limited", registration_number="01234567"),
...                      Entity("c2", "Company", "Earthcott Ltd", registration_number="1234567"),
...                      Entity("c3", "Company", "Eastcott Ltd", registration_number="7654321")], [])
...     found = xref(store)
>>> [(c.entities, c.score) for c in found.candidates]
[(('c1', 'c2'), 1.0)]
>>> found.candidates[0].reasons[0]
"same name once 'limited', 'ltd' are set aside: 'Earthcott Limited', 'Earthcott Ltd'"
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.queries.resolution.canonical import Resolution
from encircle.queries.resolution.features import (
    MAX_WITH_CONFLICT,
    WEIGHTS,
    Evidence,
    Profile,
    conflict,
    evidence_for,
    neighbours,
)
from encircle.queries.resolution.links import neighbourhoods
from encircle.queries.resolution.names import registration_digits
from encircle.queries.resolution.view import ResolvedStore, resolved

__all__ = ["MIN_SCORE", "Candidate", "Xref", "xref"]

MIN_SCORE = 0.7
MAX_BLOCK = 200  # entities sharing a key beyond which the key is not used


@dataclass(frozen=True)
class Candidate:
    """Two entities that may be one: score in [0, 1], per-feature contributions (their
    sum, clipped, is the score) and a reason per feature."""

    entities: tuple[str, str]
    names: tuple[str, str]
    types: tuple[str, str]
    score: float
    features: Mapping[str, float]
    reasons: tuple[str, ...]
    judgement: str | None = None  # "unsure" when a reviewer said so

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "entities": list(self.entities),
            "names": list(self.names),
            "types": list(self.types),
            "score": self.score,
            "features": dict(self.features),
            "reasons": list(self.reasons),
        }
        if self.judgement:
            found["judgement"] = self.judgement
        return found


@dataclass(frozen=True)
class Xref:
    """What one xref run proposes, and how much it compared to find it."""

    candidates: tuple[Candidate, ...]
    entities: int  # entities read (after resolution)
    compared: int  # pairs scored
    skipped_keys: int  # blocking keys shared by more than max_block entities
    min_score: float
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidates": [c.to_dict() for c in self.candidates],
            "entities": self.entities,
            "compared": self.compared,
            "skipped_keys": self.skipped_keys,
            "min_score": self.min_score,
        }


def xref(
    store: Store,
    types: Iterable[str] = (),
    min_score: float = MIN_SCORE,
    limit: int | None = None,
    max_block: int = MAX_BLOCK,
) -> Xref:
    """Candidate pairs scoring at least `min_score`, best first (then by ids), among
    entities of `types` (all when empty) and compatible types (Company and Organization
    together; Person; PublicBody)."""
    if not 0 <= min_score <= 1:
        raise QueryError(f"--min-score must be between 0 and 1, not {min_score}")
    # The judgements in force even when none is "same" (the view is then the store
    # itself): a pair judged different is never proposed again.
    resolution = store.resolution if isinstance(store, ResolvedStore) else Resolution.of(store)
    view = resolved(store, resolution)
    chosen = set(types)
    profiles = [Profile.of(e) for e in view.entities() if not chosen or e.type in chosen]
    blocks, skipped = _blocks(profiles, max_block)
    prune = min_score > MAX_WITH_CONFLICT
    reach = WEIGHTS["shared_neighbours_cap"]  # what the neighbours can still add
    scored: list[tuple[Profile, Profile, Evidence]] = []
    compared = 0
    for i, j in _pairs(blocks, profiles):
        a, b = profiles[i], profiles[j]
        if resolution.is_different(a.entity.id, b.entity.id) or (prune and conflict(a, b)):
            continue
        compared += 1
        evidence = evidence_for(a, b)
        if evidence.score + reach >= min_score:
            scored.append((a, b, evidence))
    linked, degree = neighbourhoods(view, {p.entity.id for a, b, _ in scored for p in (a, b)})
    names = _names(view, linked)
    found = []
    for a, b, evidence in scored:
        neighbours(a.entity.id, b.entity.id, linked, degree, names, evidence)
        if evidence.score >= min_score:
            found.append(_candidate(a, b, evidence, resolution))
    found.sort(key=lambda c: (-c.score, c.entities))
    kept = tuple(found if limit is None else found[:limit])
    return Xref(kept, len(profiles), compared, skipped, min_score, {"types": sorted(chosen), "max_block": max_block})


def _candidate(a: Profile, b: Profile, evidence: Evidence, resolution: Resolution) -> Candidate:
    if b.entity.id < a.entity.id:
        a, b = b, a
    return Candidate(
        (a.entity.id, b.entity.id),
        (a.entity.name, b.entity.name),
        (a.entity.type, b.entity.type),
        evidence.score,
        dict(evidence.features),
        tuple(evidence.reasons),
        resolution.verdict(a.entity.id, b.entity.id),
    )


def keys(profile: Profile) -> Iterator[str]:
    """The blocking keys of an entity (see the module docstring)."""
    group = profile.group
    for name in profile.names:
        if name.folded:
            yield f"{group}|f|{name.folded}"
        if len(name.latin) >= 4:
            yield f"{group}|l|{name.latin}"
            yield f"{group}|s|{''.join(sorted(name.latin_words))}"
        if name.cjk and group != "person" and len(name.folded) >= 5:
            yield f"{group}|c|{name.folded[:4]}"
        if not name.cjk:
            for word in name.latin_words:
                if len(word) >= 4:
                    yield f"{group}|w|{word[:5]}"
                    yield f"{group}|x|{word[-5:]}"
    if profile.entity.registration_number:
        yield f"{group}|r|{registration_digits(profile.entity.registration_number)}"


def _blocks(profiles: Sequence[Profile], max_block: int) -> tuple[list[list[int]], int]:
    """Entities sharing each key; a key shared by more than `max_block` is split by birth
    year (people) or registration number (others), whose differences rule a pair out
    anyway, and the parts still too large are not used (their number is returned)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, profile in enumerate(profiles):
        for key in dict.fromkeys(keys(profile)):
            index[key].append(i)
    blocks, skipped = [], 0
    for members in index.values():
        parts = [members] if len(members) <= max_block else _split(members, profiles)
        for part in parts:
            if len(part) > max_block:
                skipped += 1
            elif len(part) > 1:
                blocks.append(part)
    return blocks, skipped


def _split(members: list[int], profiles: Sequence[Profile]) -> list[list[int]]:
    parts: dict[str | None, list[int]] = defaultdict(list)
    for i in members:
        entity = profiles[i].entity
        if entity.type == "Person":
            parts[entity.birth_date[:4] if entity.birth_date else None].append(i)
        else:
            parts[profiles[i].registration].append(i)
    return list(parts.values())


def _pairs(blocks: Iterable[list[int]], profiles: Sequence[Profile]) -> Iterator[tuple[int, int]]:
    """Each pair of entities sharing a block, once."""
    seen: set[tuple[int, int]] = set()
    for members in blocks:
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pair = (i, j) if i < j else (j, i)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _names(store: Store, linked: Mapping[str, Mapping[str, set[str]]]) -> dict[str, str]:
    near = sorted({n for neighbours in linked.values() for n in neighbours})
    return {i: e.name for i, e in store.get_entities(near).items()} if near else {}
