"""The registered tactics, in their canonical order (the report's sections, the
synthetic worlds' interleaving, `--tactic` choices).

>>> list(TACTICS)[:2]
['direct_transaction', 'friendship_investment']
>>> TACTICS["roundabout"].parameters().threshold
0.5
"""

from __future__ import annotations

from importlib import import_module

from encircle.graph.errors import QueryError
from encircle.queries.detection.tactic import Tactic

__all__ = ["TACTICS", "chosen", "register"]

TACTICS: dict[str, Tactic] = {}


def register(tactic: Tactic) -> Tactic:
    """Add `tactic` to the registry (last in the order); an id is registered once."""
    if tactic.id in TACTICS:
        raise ValueError(f"tactic {tactic.id!r} is registered already")
    TACTICS[tactic.id] = tactic
    return tactic


def chosen(ids: list[str] | tuple[str, ...]) -> list[Tactic]:
    """The tactics named in `ids` (every tactic when none are), or QueryError."""
    unknown = [t for t in ids if t not in TACTICS]
    if unknown:
        raise QueryError(f"unknown tactic {unknown[0]!r}; expected one of {', '.join(TACTICS)}")
    return [TACTICS[t] for t in ids] if ids else list(TACTICS.values())


# The registration line: each name is a folder of this package holding one tactic.
FOLDERS = (
    "direct_transaction",
    "friendship_investment",
    "private_customization",
    "roundabout",
    "bid_rigging",
    "collective_capture",
    "blacklist_evasion",
    "interest_group",
)
for _folder in FOLDERS:
    register(import_module(f"{__package__}.{_folder}").TACTIC)
