"""Plain-text rendering of query results: one line per step, `who -[what]-> whom`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from encircle.queries.paths.model import Hop, Path

__all__ = ["end_label", "entity_label", "evidence_label", "path_lines", "relation_label", "step_line"]


def entity_label(entity_id: str, names: Mapping[str, str]) -> str:
    """`name (id)`, or the id alone when `names` has no other name for it."""
    name = names.get(entity_id)
    return f"{name} ({entity_id})" if name and name != entity_id else entity_id


def relation_label(relation: Mapping[str, Any]) -> str:
    """`GIFT cash 2017-02 200,000 CNY`: type, kind or role, date or period, amount or share."""
    parts = [relation["type"]]
    parts += [str(relation[k]).replace("_", " ") for k in ("kind", "role") if relation.get(k)]
    if relation.get("date"):
        parts.append(relation["date"])
    elif relation.get("start_date") or relation.get("end_date"):
        parts.append(f"{relation.get('start_date', '')}..{relation.get('end_date', '')}")
    if relation.get("amount") is not None:
        parts.append(f"{relation['amount']:,.0f}" + (f" {relation['currency']}" if relation.get("currency") else ""))
    if relation.get("share") is not None:
        parts.append(f"{relation['share']:.0%}")
    return " ".join(str(p) for p in dict.fromkeys(parts))


def evidence_label(relation: Mapping[str, Any]) -> str:
    """`[status; source; id]`: how well a relation is established and where it comes from
    (no source part when it has none)."""
    source = relation.get("source")
    return f"[{relation['status']}{'; ' + source if source else ''}; {relation['id']}]"


def end_label(entity_id: str, relation: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """`name (id)`, or for a record merged into another entity the record's own name and
    id and whom it is one with (queries/resolution/view.py)."""
    for end in ("source", "target"):
        if relation.get(f"{end}_id") == entity_id and relation.get(f"origin_{end}_label"):
            return str(relation[f"origin_{end}_label"])
    return entity_label(entity_id, names)


def step_line(step: Hop, names: Mapping[str, str]) -> str:
    """One path step as `who -[what]-> whom  [status; source; id]`, the arrow reversed when
    the step goes against the relation's direction; a record merged into another entity
    is named as itself (end_label)."""
    who, whom = end_label(step.source, step.relation, names), end_label(step.target, step.relation, names)
    arrow = f"-[{relation_label(step.relation)}]->" if step.forward else f"<-[{relation_label(step.relation)}]-"
    return f"{who} {arrow} {whom}  {evidence_label(step.relation)}"


def path_lines(number: int, path: Path, names: Mapping[str, str]) -> list[str]:
    """A path as `encircle paths` prints it: its number, hop count and hubs, then a numbered
    line per step."""
    hubs = f", through hub {', '.join(entity_label(h, names) for h in path.hubs)}" if path.hubs else ""
    lines = [f"path {number} ({len(path.steps)} {'hop' if len(path.steps) == 1 else 'hops'}{hubs})"]
    lines += [f"  {i}. {step_line(step, names)}" for i, step in enumerate(path.steps, 1)]
    return lines
