"""Duplicate review: pairs of entities that may be one, and people's judgements on them.

The candidates are entity resolution's (`encircle xref`, queries/resolution/): pairs of
compatible entities scoring at least `MIN_SCORE`, each with its reasons, none judged
different and none already one. `create_app(..., candidates=...)` takes any other function
from a store to candidates (tests pass hand-built ones).

Judgements are entity resolution's too (queries/resolution/judgements.py): a ledger entry
(graph/ledger.py) of kind ``judgement``, keyed by the pair (the two ids sorted, joined by
``|``), authored by the reviewer, with body ``{"a", "b", "verdict", "note"}`` (``a < b``;
`verdict` ``same``, ``different``, ``unsure``, or ``undo`` from `encircle judge --undo`).
`encircle judge` and this page write the same entries, so they are one history
(docs/workbench.md), and a "same" made here makes one entity of the pair for every page.

>>> from encircle.graph.stores import open_store
>>> store = open_store(":memory:")
>>> judge(store, "c-2", "c-1", "same", "same company number", "ana").key
'c-1|c-2'
>>> [(e.body["a"], e.body["b"], e.body["verdict"]) for e in store.ledger(KIND)]
[('c-1', 'c-2', 'same')]
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from encircle.graph.ledger import Entry
from encircle.graph.stores import Store
from encircle.queries.resolution import judgements as resolution
from encircle.queries.resolution.candidates import MIN_SCORE, xref
from encircle.queries.resolution.canonical import check_judgement

__all__ = [
    "KIND",
    "VERDICTS",
    "Candidate",
    "CandidateSource",
    "judge",
    "judgements",
    "no_candidates",
    "pair_key",
    "xref_candidates",
]

KIND = resolution.KIND
VERDICTS = resolution.VERDICTS
SHOWN = 200  # candidates the page lists at most, best first


@dataclass(frozen=True)
class Candidate:
    """Two entities that may be one, with the score and reasons resolution gives."""

    a: str
    b: str
    score: float
    reasons: tuple[str, ...] = ()
    features: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """As `encircle xref --json` gives a candidate."""
        return {
            "entities": [self.a, self.b],
            "score": self.score,
            "features": self.features,
            "reasons": list(self.reasons),
        }


CandidateSource = Callable[[Store], Sequence[Candidate]]

# xref reads every entity: its answer is kept per open store until the store changes (a
# judgement moves the change token); a store that cannot tell is asked each time.
_HELD: weakref.WeakKeyDictionary[Store, tuple[object, list[Candidate]]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def xref_candidates(store: Store) -> list[Candidate]:
    """The best `SHOWN` pairs `encircle xref` proposes at its default threshold."""
    token = store.change_token()
    with _LOCK:
        held = _HELD.get(store)
    if held is not None and token is not None and held[0] == token:
        return held[1]
    found = [
        Candidate(*c.entities, c.score, c.reasons, dict(c.features))
        for c in xref(store, min_score=MIN_SCORE, limit=SHOWN).candidates
    ]
    with _LOCK:
        _HELD[store] = (token, found)
    return found


def no_candidates(store: Store) -> list[Candidate]:
    """Proposes nothing (a workbench without duplicate review)."""
    return []


def pair_key(a: str, b: str) -> str:
    """The ledger key of the pair (a, b): the ids sorted, joined by `|`."""
    return resolution.key_of(resolution.pair_of(a, b))


def judge(store: Store, a: str, b: str, verdict: str, note: str, reviewer: str) -> Entry:
    """Append a judgement on the pair (a, b) and return its ledger entry; a QueryError for
    one the case contradicts (canonical.check_judgement), as `encircle judge` refuses it."""
    if verdict in VERDICTS:
        check_judgement(store, a, b, verdict)
    resolution.judge(store, a, b, verdict, reviewer, note)
    return store.ledger(KIND, [pair_key(a, b)])[-1]


def judgements(store: Store) -> list[Entry]:
    """Every judgement entry (undos too), oldest first."""
    return resolution.history(store)
