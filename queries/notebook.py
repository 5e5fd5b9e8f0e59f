"""What a notebook needs in one import: a store, its graph (whole or filtered), tables
as pandas DataFrames, and views that display inline.

pandas is imported only when a table is asked for (``pip install 'encircle[notebook]'``
brings it, with matplotlib and the Leiden backend). Views from around_view, path_view
and finding_view display inline when they are the last expression of a cell.

>>> store = demo_store()
>>> full = graph(store)
>>> full.number_of_nodes(), full.number_of_edges()
(43, 73)
>>> gifts = graph(store, relation_types=("GIFT",), date_from="2017", date_to="2017")
>>> sorted(key for _, _, key in gifts.edges(keys=True))[:3]
['gift-huang-lin', 'gift-leixin-longteng', 'gift-ma-aduo-09']
>>> people = graph(store, entity_types=("Person",))
>>> sorted({data["type"] for _, data in people.nodes(data=True)})
['Person']
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from encircle.graph.errors import QueryError
from encircle.graph.schema import SCHEMA
from encircle.graph.stores import Store, open_store
from encircle.queries.detection import detect
from encircle.queries.detection.findings import Finding
from encircle.queries.paths.model import STATUS_LEVELS, Filters
from encircle.queries.paths.traversal import in_window
from encircle.queries.report.views import around_view, finding_view, path_view
from encircle.queries.timeline import date_bounds

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "around_view",
    "demo_store",
    "entities_frame",
    "finding_view",
    "findings_frame",
    "frame",
    "graph",
    "names",
    "path_view",
    "relations_frame",
]

ENTITY_COLUMNS = ("id", "type", "name", "aliases", "roles", "interests", "birth_date", "country", "source")
RELATION_COLUMNS = (
    "id", "type", "source_id", "source_name", "target_id", "target_name", "date", "start_date", "end_date",
    "amount", "currency", "kind", "role", "body_id", "procedure", "status", "source", "first_day",
)  # fmt: skip


def demo_store(directory: str | Path | None = None) -> Store:
    """A SQLite store holding the demo case, in `directory` or a new temporary folder
    (never the working directory: notebooks must not write into the repository)."""
    from encircle.loaders import load
    from encircle.loaders.demo import demo_bundle

    folder = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="encircle-"))
    store = open_store(str(folder / "encircle.db"))
    load([demo_bundle()], store)
    return store


def names(store: Store, latin: bool = False) -> dict[str, str]:
    """Entity id -> display name; with `latin`, the first alias written in Latin letters
    when there is one (plots then need no CJK font).

    >>> names(demo_store(), latin=True)["p-zhou"]
    'Zhou Ping'
    """
    found = {}
    for e in store.entities():
        latin_aliases = [a for a in e.aliases if a.isascii()] if latin else []
        found[e.id] = latin_aliases[0] if latin_aliases else e.name
    return found


def graph(
    store: Store,
    entity_types: Sequence[str] = (),
    relation_types: Sequence[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    statuses: Sequence[str] = STATUS_LEVELS["inferred"],
) -> nx.MultiDiGraph:
    """The store as a MultiDiGraph (nodes: entity ids, edges keyed by relation id), kept
    to some entity types and to the relations of some types and statuses in a date
    window (the path queries' rule: dated relations fall in it, periods overlap it,
    undated ties always pass). Entities of the kept types stay even when no relation
    is left to them."""
    filters = Filters(
        relation_types=tuple(relation_types), statuses=tuple(statuses), date_from=date_from, date_to=date_to
    )
    unknown = [t for t in entity_types if t not in SCHEMA.entity_types]
    if unknown:
        raise QueryError(f"unknown entity type {unknown[0]!r}; expected one of {', '.join(SCHEMA.entity_types)}")
    full = store.to_networkx()
    kept = nx.MultiDiGraph()
    kept.add_nodes_from((n, d) for n, d in full.nodes(data=True) if not entity_types or d["type"] in entity_types)
    kept.add_edges_from(
        (u, v, key, data)
        for u, v, key, data in full.edges(keys=True, data=True)
        if u in kept and v in kept and _allowed(data, filters)
    )
    return kept


def _allowed(relation: dict[str, Any], filters: Filters) -> bool:
    return (
        (not filters.relation_types or relation["type"] in filters.relation_types)
        and relation["status"] in filters.statuses
        and in_window(relation, filters.date_from, filters.date_to)
    )


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise QueryError("tables need pandas: pip install 'encircle[notebook]'") from None
    return pandas


def _cell(value: Any) -> Any:
    """Lists of names read better as one string in a table; paths as a > b > c."""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, (list, tuple)) for v in value):
            return " | ".join(" > ".join(map(str, v)) for v in value)
        return ", ".join(map(str, value))
    return value


def frame(items: Iterable[Any]) -> pd.DataFrame:
    """A DataFrame of anything with a `to_dict()`: interest groups, brokers, evolution
    events, findings. List cells are joined into strings."""
    rows = [{key: _cell(value) for key, value in item.to_dict().items()} for item in items]
    return _pandas().DataFrame(rows)


def entities_frame(store: Store) -> pd.DataFrame:
    """One row per entity; aliases, roles and interests joined with ', '."""
    rows = [{name: _cell(getattr(e, name)) for name in ENTITY_COLUMNS} for e in store.entities()]
    return _pandas().DataFrame(rows, columns=list(ENTITY_COLUMNS))


def relations_frame(store: Store) -> pd.DataFrame:
    """One row per relation with both ends' names, and `first_day`: the first day its
    date (or the start of its period) stands for, as a timestamp for plots."""
    pd = _pandas()
    names = {e.id: e.name for e in store.entities()}
    rows = []
    for r in store.relations():
        when = r.date or r.start_date
        row = {name: getattr(r, name, None) for name in RELATION_COLUMNS}
        row.update(source_name=names.get(r.source_id), target_name=names.get(r.target_id))
        row["first_day"] = pd.Timestamp(date_bounds(when)[0]) if when else pd.NaT
        rows.append(row)
    return pd.DataFrame(rows, columns=list(RELATION_COLUMNS))


def findings_frame(findings: Store | Iterable[Finding]) -> pd.DataFrame:
    """One row per finding (from a store: every detector, all verdicts)."""
    chosen = detect(findings) if isinstance(findings, Store) else list(findings)
    rows = [
        {
            "id": f.id,
            "tactic": f.tactic,
            "verdict": f.verdict,
            "score": f.score,
            "entities": ", ".join(f.entities),
            "relations": ", ".join(f.relations),
            "explanation": f.explanation,
        }
        for f in chosen
    ]
    return _pandas().DataFrame(
        rows, columns=["id", "tactic", "verdict", "score", "entities", "relations", "explanation"]
    )
