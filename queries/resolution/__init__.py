"""Entity resolution: which records name one entity, decided by people from explained
candidates, and applied to every query without changing a stored record.

- `names`: names folded (case, punctuation, articles, legal forms, titles) and read in pinyin;
- `features`, `candidates`: `xref()` proposes pairs with a score, contributions and reasons;
- `judgements`: same / different / unsure / undo, in the store's ledger; export and import;
- `canonical`: the canonical id of each entity from the judgements in force;
- `view`: `resolved(store)`, the store as the judgements resolve it;
- `search`: entities by part of a name, a misspelling, Chinese characters or pinyin.
"""

from __future__ import annotations

from encircle.queries.resolution.candidates import MIN_SCORE, Candidate, Xref, xref
from encircle.queries.resolution.canonical import Resolution
from encircle.queries.resolution.judgements import Judgement, in_force, judge, undo
from encircle.queries.resolution.search import Hit, search
from encircle.queries.resolution.view import ResolvedStore, resolved

__all__ = [
    "MIN_SCORE",
    "Candidate",
    "Hit",
    "Judgement",
    "Resolution",
    "ResolvedStore",
    "Xref",
    "in_force",
    "judge",
    "resolved",
    "search",
    "undo",
    "xref",
]
