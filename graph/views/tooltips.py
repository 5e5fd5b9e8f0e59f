"""Tooltip texts: plain text, one fact a line.

They are never HTML: the page puts each into an element with `textContent`, so a name
like ``<img src=x onerror=alert(1)>`` shows as those characters and never runs.

>>> print(relation_tip(Relation("g1", "GIFT", "a", "b", date="2016-03", amount=50000.0,
...       currency="CNY", kind="cash", status="alleged", source="LS-01 §3"), {"a": "Zhao", "b": "Wang"}, 1))
step 1: GIFT (cash)
Zhao -> Wang
date: 2016-03
amount: 50,000 CNY
status: alleged
source: LS-01 §3
id: g1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from encircle.graph.records import Entity, Relation
from encircle.graph.views.collapse import Group

__all__ = ["MAX_MEMBERS_LISTED", "amount_text", "entity_tip", "group_label", "group_tip", "relation_tip"]

MAX_MEMBERS_LISTED = 10


def _lines(pairs: list[tuple[str, object]]) -> list[str]:
    return [f"{label}: {value}" for label, value in pairs if value not in (None, "", ())]


def entity_tip(entity: Entity) -> str:
    """An entity's tooltip: name and type, then a line for each property it has (aliases,
    roles, interests, birth date, country, registration, blacklist period, source, id)."""
    blacklist = None
    if entity.blacklisted_from or entity.blacklisted_until:
        blacklist = f"{entity.blacklisted_from or '?'} .. {entity.blacklisted_until or '?'}"
    return "\n".join(
        [
            f"{entity.name} ({entity.type})",
            *_lines(
                [
                    ("aliases", "; ".join(entity.aliases)),
                    ("roles", ", ".join(entity.roles)),
                    ("interests", ", ".join(entity.interests)),
                    ("born", entity.birth_date),
                    ("country", entity.country),
                    ("registration", entity.registration_number),
                    ("blacklisted", blacklist),
                    ("source", entity.source),
                    ("id", entity.id),
                ]
            ),
        ]
    )


def amount_text(amount: float | None, currency: str | None) -> str | None:
    """`50,000 CNY`: the amount in whole units with thousands separators, then the currency
    if any; None without an amount."""
    if amount is None:
        return None
    return f"{amount:,.0f}" + (f" {currency}" if currency else "")


def relation_tip(relation: Relation, names: Mapping[str, str], number: int | str | None = None) -> str:
    """A relation's tooltip: its type (and kind), prefixed by the step `number` on an
    evidence chain, its two ends by name (the id where `names` has none), then a line for
    each property it has."""
    r = relation
    head = f"{r.type} ({r.kind})" if r.kind else r.type
    period = f"{r.start_date or '?'} .. {r.end_date or ''}" if r.start_date or r.end_date else None
    return "\n".join(
        [
            f"step {number}: {head}" if number is not None else head,
            f"{names.get(r.source_id, r.source_id)} -> {names.get(r.target_id, r.target_id)}",
            *_lines(
                [
                    ("date", r.date),
                    ("period", period),
                    ("amount", amount_text(r.amount, r.currency)),
                    ("role", r.role),
                    ("share", f"{r.share:.0%}" if r.share is not None else None),
                    ("procedure", r.procedure),
                    ("planned procedure", r.planned_procedure),
                    ("bidders", r.bidders),
                    ("status", r.status),
                    ("source", r.source),
                    ("id", r.id),
                ]
            ),
        ]
    )


# How a collapsed group names its members: by role for people, else by type.
PLURALS = {
    "official": ("official", "officials"),
    "intermediary": ("intermediary", "intermediaries"),
    "staff": ("staff member", "staff"),
    "relative": ("relative", "relatives"),
    "businessperson": ("businessperson", "businesspeople"),
    "Person": ("person", "people"),
    "Company": ("company", "companies"),
    "PublicBody": ("public body", "public bodies"),
    "Organization": ("organization", "organizations"),
}


def group_label(group: Group, parent_name: str) -> str:
    """`385 more officials via House of Commons`.

    >>> group_label(Group("hoc", "Person", (Entity("p1", "Person", "A"),), (), "official"), "House of Commons")
    '1 more official via House of Commons'
    """
    singular, plural = PLURALS.get(group.role or group.type, (group.type, group.type))
    count = len(group.members)
    return f"{count} more {singular if count == 1 else plural} via {parent_name}"


def group_tip(group: Group, parent_name: str) -> str:
    """A collapsed group's tooltip: whom it hangs off, its relations counted by type, their
    total amount, and the names of its first MAX_MEMBERS_LISTED members."""
    types = Counter(r.type for r in group.relations)
    total = sum(r.amount or 0.0 for r in group.relations)
    names = [m.name for m in group.members[:MAX_MEMBERS_LISTED]]
    more = len(group.members) - len(names)
    return "\n".join(
        [
            f"{group_label(group, parent_name)}, linked only to {parent_name}",
            "relations: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())),
            *_lines([("total amount", f"{total:,.0f}" if total else None)]),
            "e.g. " + "; ".join(names) + (f"; and {more} more" if more else ""),
            "(collapsed to keep the view readable)",
        ]
    )
