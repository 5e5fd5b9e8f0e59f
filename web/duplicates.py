"""Duplicate review: pairs of entities that may be one, and people's judgements on them.

The candidates come from entity resolution (`encircle xref`), which is being built
separately; until it lands the workbench asks `no_candidates`, which proposes nothing,
and the page says so. `create_app(..., candidates=...)` takes any function from a store
to candidates, so plugging resolution in is one argument.

A judgement is a ledger entry (graph/ledger.py) of kind ``judgement``, keyed by the pair
(the two ids sorted, joined by ``|``), authored by the reviewer, with body
``{"a", "b", "verdict", "note"}``: `verdict` is ``same``, ``different`` or ``unsure``.
`encircle judge` writes the same entries, so judgements made here and there are one
history (docs/workbench.md).

>>> from encircle.graph.stores import open_store
>>> store = open_store(":memory:")
>>> judge(store, "c-2", "c-1", "same", "same company number", "ana").key
'c-1|c-2'
>>> [(e.body["a"], e.body["b"], e.body["verdict"]) for e in store.ledger(KIND)]
[('c-2', 'c-1', 'same')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from encircle.graph.errors import QueryError
from encircle.graph.ledger import Entry
from encircle.graph.stores import Store
from encircle.queries.reviews import MAX_NOTE

KIND = "judgement"
VERDICTS = ("same", "different", "unsure")


@dataclass(frozen=True)
class Candidate:
    """Two entities that may be one, with the score and reasons resolution gives."""

    a: str
    b: str
    score: float
    reasons: tuple[str, ...] = ()
    features: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": [self.a, self.b],
            "score": self.score,
            "features": self.features,
            "reasons": list(self.reasons),
        }


CandidateSource = Callable[[Store], Sequence[Candidate]]


def no_candidates(store: Store) -> list[Candidate]:
    """Proposes nothing: the stand-in until entity resolution lands."""
    return []


def pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def judge(store: Store, a: str, b: str, verdict: str, note: str, reviewer: str) -> Entry:
    """Append a judgement on the pair (a, b) and return it."""
    if verdict not in VERDICTS:
        raise QueryError(f"a judgement is one of {', '.join(VERDICTS)}, not {verdict!r}")
    if not a or not b or a == b:
        raise QueryError("a judgement needs two different entity ids")
    if len(note) > MAX_NOTE:
        raise QueryError(f"a note holds at most {MAX_NOTE:,} characters")
    entry = Entry(KIND, pair_key(a, b), reviewer, {"a": a, "b": b, "verdict": verdict, "note": note})
    store.append([entry])
    return entry


def judgements(store: Store) -> list[Entry]:
    """Every judgement, oldest first."""
    return store.ledger(KIND)
