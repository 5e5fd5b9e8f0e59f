"""Scoring findings against truth.json: one matching rule per tactic.

Rules (a *flagged* finding of tactic T against the planted instances of T), by the
shape of the planted instance's key, so a new tactic's planter picks its rule by the key
it writes:

- an `approval` and an `official` (direct_transaction, friendship_investment,
  private_customization, roundabout, bid_rigging, blacklist_evasion): the planted
  approval's relation id is among the finding's relations and the planted official among
  its entities;
- a `body` and `givers` (collective_capture): the planted body and one of the planted
  givers are among the finding's entities;
- `members` (interest_group): the finding's members hold at least half of the planted core members
  (boss, firms, go-between, officials) and at least `MIN_PURITY` of the finding's gift
  and approval relations are the planted group's (Louvain keeps each official's family
  and staff in his community, so plain Jaccard of members understates a correct group).

A flagged finding that matches nothing of its own tactic is *related* (not a false
positive) when it rests on a benefit flow (GIFT or APPROVED) of a planted instance of
another tactic, or on a decoy that lists its tactic in `neutral_for`: it points at real
planted capture, e.g. a direct_transaction finding on a friendship investment's gifts.
Anything else flagged is a false positive, split into `fp_decoy` (it rests on a decoy's
relations) and `fp_background`. Recall counts planted instances matched by at least
one finding; precision is TP findings / (TP + FP) findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

__all__ = ["MIN_CORE_SHARE", "MIN_PURITY", "FindingLike", "Score", "matches", "score_findings"]

MIN_CORE_SHARE = 0.5
MIN_PURITY = 0.5


class FindingLike(Protocol):
    """What scoring reads of a finding: its tactic, verdict, entities and relations."""

    tactic: str
    verdict: str

    @property
    def entities(self) -> tuple[str, ...]: ...

    @property
    def relations(self) -> tuple[str, ...]: ...


@dataclass
class Score:
    """How one tactic's flagged findings fare against its planted instances: true and false
    positives (on decoys, in the background), misses with their shapes, related findings,
    and the precision, recall and F1 these give."""

    tactic: str
    planted: int = 0
    tp: int = 0  # flagged findings matching a planted instance of the tactic
    fp: int = 0
    fn: int = 0  # planted instances no flagged finding matched
    related: int = 0
    fp_decoy: int = 0
    fp_background: int = 0
    missed: list[str] = field(default_factory=list)  # shapes of missed instances

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return (self.planted - self.fn) / self.planted if self.planted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def matches(finding: FindingLike, planted: Mapping[str, Any]) -> bool:
    """Whether a finding hits a planted instance of its own tactic (rules above)."""
    key, entities = planted["key"], set(finding.entities)
    if "approval" in key:
        return key["approval"] in finding.relations and key["official"] in entities
    if "body" in key:
        return key["body"] in entities and any(g in entities for g in key["givers"])
    core, mine = set(key["members"]), set(planted["flows"])
    # an interest_group finding's evidence is its benefit flows, nothing else
    pure = bool(finding.relations) and sum(r in mine for r in finding.relations) / len(finding.relations) >= MIN_PURITY
    return len(core & entities) >= MIN_CORE_SHARE * len(core) and pure


def score_findings(findings: Iterable[FindingLike], truth: Mapping[str, Any]) -> dict[str, Score]:
    """Per-tactic TP/FP/FN (and related, decoy and background FPs) of flagged findings."""
    planted: Sequence[Mapping[str, Any]] = truth["planted"]
    tactics = list(dict.fromkeys(p["tactic"] for p in planted))
    scores = {t: Score(t, planted=sum(p["tactic"] == t for p in planted)) for t in tactics}
    planted_flows = {r: i for i, p in enumerate(planted) for r in p["flows"]}
    decoy_of = {r: d for d in truth["decoys"] for r in d["relations"]}
    hit: set[int] = set()
    for finding in findings:
        if finding.verdict != "flagged":
            continue
        score = scores.setdefault(finding.tactic, Score(finding.tactic))
        own = [i for i, p in enumerate(planted) if p["tactic"] == finding.tactic and matches(finding, p)]
        if own:
            score.tp += 1
            hit.update(own)
        elif any(r in planted_flows for r in finding.relations) or any(
            finding.tactic in decoy_of[r]["neutral_for"] for r in finding.relations if r in decoy_of
        ):
            score.related += 1
        else:
            score.fp += 1
            if any(r in decoy_of for r in finding.relations):
                score.fp_decoy += 1
            else:
                score.fp_background += 1
    for i, p in enumerate(planted):
        if i not in hit:
            scores[p["tactic"]].fn += 1
            scores[p["tactic"]].missed.append(p.get("shape", ""))
    return scores
