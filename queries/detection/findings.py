"""The one shape every detector returns: a lead with its evidence, score and reasons.

Findings are leads, not verdicts: each evidence step cites the record it rests on and its
evidential status, and alleged or inferred steps lower the score.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

from encircle.graph.records import Relation

__all__ = [
    "VERDICT_ORDER",
    "Chain",
    "Finding",
    "Step",
    "Verdict",
    "evidence_weight",
    "flag",
    "ordered",
    "scored",
    "settings",
]

Verdict = Literal["flagged", "not_flagged", "insufficient_data"]
VERDICT_ORDER = {"flagged": 0, "insufficient_data": 1, "not_flagged": 2}
STATUS_WEIGHT = {"confirmed": 1.0, "alleged": 0.7, "inferred": 0.5}
# A body's decision counted as one of its leaders' (queries/detection/case.py Attributed):
# lighter than an `inferred` record, since the post and the decision are both on record.
ATTRIBUTION_WEIGHT = 0.8


@dataclass(frozen=True)
class Step:
    """One relation of an evidence chain, with what a reader needs to check it."""

    relation: str
    type: str
    source_id: str
    target_id: str
    date: str | None
    amount: float | None
    currency: str | None
    kind: str | None
    status: str
    source: str | None
    role: str | None = None
    # Set when an end is a record merged into another entity (queries/resolution/view.py):
    # "Earthcott Ltd (co-2; same as Earthcott Limited, judged by ana on 2025-01-02)".
    source_label: str | None = None
    target_label: str | None = None

    @classmethod
    def of(cls, r: Relation, status: str | None = None) -> Step:
        extra = r.extra
        return cls(
            r.id,
            r.type,
            r.source_id,
            r.target_id,
            r.date or r.start_date,
            r.amount,
            r.currency,
            r.kind,
            status or r.status,
            r.source,
            r.role,
            extra.get("origin_source_label") if extra else None,
            extra.get("origin_target_label") if extra else None,
        )

    @classmethod
    def steps(cls, r: Relation) -> tuple[Step, ...]:
        """The steps a relation stands for: itself, or for a body's decision attributed to
        one of its leaders, the leader's post (inferred: he led the body that day) and the
        decision under its own id."""
        decision, post = getattr(r, "decision", None), getattr(r, "post", None)
        if decision is None or post is None:
            return (cls.of(r),)
        return cls.of(post, status="inferred"), cls.of(decision)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Chain:
    """An ordered chain of evidence: who -> what -> when -> how much -> which decision."""

    label: str
    steps: tuple[Step, ...]

    @classmethod
    def of(cls, label: str, relations: Iterable[Relation]) -> Chain:
        return cls(label, tuple(step for r in relations for step in Step.steps(r)))

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "steps": [s.to_dict() for s in self.steps]}


@dataclass(frozen=True)
class Finding:
    """What a detector reports about one candidate: its verdict and score with the
    contribution of each feature, the entities, the evidence chains, an explanation, the
    parameters used and measured figures. Without an `id`, one is derived from the tactic,
    entities and evidence, so it is the same on every run and store."""

    tactic: str
    verdict: Verdict
    score: float
    contributions: Mapping[str, float]
    entities: tuple[str, ...]
    evidence: tuple[Chain, ...]
    explanation: str
    parameters: Mapping[str, Any]
    figures: Mapping[str, Any] = field(default_factory=dict)  # measured facts: trend, span, coverage...
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:  # stable across runs and stores: the tactic and what it rests on
            key = "|".join([self.tactic, *self.entities, *(s.relation for c in self.evidence for s in c.steps)])
            object.__setattr__(self, "id", f"{self.tactic}-{hashlib.sha1(key.encode()).hexdigest()[:10]}")

    @property
    def relations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.relation for c in self.evidence for s in c.steps))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "tactic": self.tactic,
            "verdict": self.verdict,
            "score": self.score,
            "contributions": dict(self.contributions),
            "entities": list(self.entities),
            "evidence": [c.to_dict() for c in self.evidence],
            "explanation": self.explanation,
            "parameters": dict(self.parameters),
            "figures": dict(self.figures),
        }


def evidence_weight(relations: Iterable[Relation]) -> float:
    """The weakest status among the relations a finding rests on (1 if all confirmed); a
    body's decision attributed to one of its leaders weighs ATTRIBUTION_WEIGHT of its
    status: the leader did not sign it, but the body he led decided it that day."""
    return min((_weight(r) for r in relations), default=1.0)


def _weight(relation: Relation) -> float:
    attributed = getattr(relation, "decision", None) is not None
    return STATUS_WEIGHT[relation.status] * (ATTRIBUTION_WEIGHT if attributed else 1.0)


def scored(features: Mapping[str, float], relations: Iterable[Relation]) -> tuple[float, dict[str, float]]:
    """Score = (sum of feature contributions, capped at 1) x the weakest evidence status.

    The status discount is reported as its own (negative) contribution, so the
    contributions always add up to the score.
    """
    total = sum(features.values())
    raw = min(1.0, total)
    weight = evidence_weight(relations)
    contributions = {name: round(value, 4) for name, value in features.items()}
    if total > 1.0:
        contributions["cap"] = round(1.0 - total, 4)
    if weight < 1.0:
        contributions["evidence_status"] = round(raw * weight - raw, 4)
    return round(raw * weight, 4), contributions


def flag(score: float, threshold: float, when: bool = True) -> Verdict:
    """The verdict of a judged candidate: flagged when `when` holds (the tactic's own
    precondition, e.g. a connection to the official) and the score reaches `threshold`."""
    return "flagged" if when and score >= threshold else "not_flagged"


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Deterministic order: by tactic, verdict (flagged first), score (highest first), id."""
    return sorted(findings, key=lambda f: (f.tactic, VERDICT_ORDER[f.verdict], -f.score, f.id))


def settings(parameters: Any) -> dict[str, Any]:
    """`dataclasses.asdict(parameters)`, worked out once per set of (frozen) Parameters:
    every finding records the settings it was judged with, and a stress case has a
    hundred thousand findings, where asdict's deep copy cost seconds."""
    try:
        return dict(_settings(parameters))
    except TypeError:  # a field that cannot be hashed (a list): nothing to share
        return asdict(parameters)


@lru_cache(maxsize=64)
def _settings(parameters: Any) -> tuple[tuple[str, Any], ...]:
    return tuple(asdict(parameters).items())
