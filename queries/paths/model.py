"""Query options and results shared by both stores' implementations.

Results are frozen dataclasses with a `to_dict()` that is the JSON the CLI prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from encircle.graph.errors import QueryError
from encircle.graph.schema import SCHEMA

__all__ = [
    "MAX_HOPS",
    "STATUS_LEVELS",
    "Direction",
    "Filters",
    "Hop",
    "Hub",
    "HubPolicy",
    "Mode",
    "Path",
    "PathQuery",
    "PathResult",
    "ordered",
]

MAX_HOPS = 6
# --status X: the statuses a query accepts, X and every stronger one (schema.yaml orders
# them strongest first): confirmed -> (confirmed,), alleged -> (confirmed, alleged), ...
STATUS_LEVELS = {status: SCHEMA.statuses[: i + 1] for i, status in enumerate(SCHEMA.statuses)}
Direction = Literal["any", "forward"]
HubPolicy = Literal["exclude", "penalize", "allow"]
Mode = Literal["shortest", "k", "all"]


@dataclass(frozen=True)
class Filters:
    """Which relations a query may step along.

    - `relation_types`: allowed types (empty: all);
    - `direction`: 'any' ignores direction; 'forward' follows each relation from source to
      target, except symmetric ones (RELATIVE_OF, ASSOCIATE_OF), which go both ways;
    - `statuses`: accepted evidential statuses;
    - `date_from`/`date_to`: a window; a dated relation must fall in it, a period relation
      must overlap it, an undated relation always passes;
    - `hub_degree`/`hub_policy`: intermediate entities with more relations than
      `hub_degree` are excluded, ranked after hub-free paths ('penalize'), or allowed.
    """

    relation_types: tuple[str, ...] = ()
    direction: Direction = "any"
    statuses: tuple[str, ...] = STATUS_LEVELS["inferred"]
    date_from: str | None = None
    date_to: str | None = None
    hub_degree: int = 100
    hub_policy: HubPolicy = "exclude"

    def __post_init__(self) -> None:
        for name in self.relation_types:
            if name not in SCHEMA.relation_types:
                raise QueryError(f"unknown relation type {name!r}; expected one of {', '.join(SCHEMA.relation_types)}")
        if self.direction not in ("any", "forward"):
            raise QueryError(f"direction must be 'any' or 'forward', not {self.direction!r}")
        if self.hub_policy not in ("exclude", "penalize", "allow"):
            raise QueryError(f"hub policy must be exclude, penalize or allow, not {self.hub_policy!r}")
        if self.hub_degree < 1:
            raise QueryError("the hub degree threshold must be at least 1")

    def to_dict(self) -> dict[str, Any]:
        return {
            "relation_types": list(self.relation_types),
            "direction": self.direction,
            "statuses": list(self.statuses),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "hub_degree": self.hub_degree,
            "hub_policy": self.hub_policy,
        }


@dataclass(frozen=True)
class PathQuery:
    """A path query between two resolved entity ids.

    `mode`: 'shortest' (every shortest path), 'k' (the k shortest simple paths) or 'all'
    (every simple path up to `max_hops`, at most `limit`). Ties are broken by the relation
    ids along the path, so both stores give the same answer in the same order.
    """

    mode: Mode = "shortest"
    k: int = 3
    max_hops: int = 4
    limit: int = 100
    time_respecting: bool = False
    max_gap_days: int | None = None
    filters: Filters = field(default_factory=Filters)

    def __post_init__(self) -> None:
        if not 1 <= self.max_hops <= MAX_HOPS:
            raise QueryError(f"max hops must be between 1 and {MAX_HOPS}, not {self.max_hops}")
        if self.k < 1 or self.limit < 1:
            raise QueryError("k and limit must be at least 1")
        if self.mode not in ("shortest", "k", "all"):
            raise QueryError(f"mode must be shortest, k or all, not {self.mode!r}")


@dataclass(frozen=True)
class Hop:
    """One relation along a path, in the direction the path travels it."""

    source: str  # entity the step leaves
    target: str  # entity the step reaches
    relation: Mapping[str, Any]  # the relation's properties (id, type, date, amount, status, source, ...)

    @property
    def forward(self) -> bool:
        return bool(self.relation["source_id"] == self.source)

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "forward": self.forward, **self.relation}


@dataclass(frozen=True)
class Path:
    """A path as its steps from the first entity to the last, with its intermediate entities
    that are hubs."""

    steps: tuple[Hop, ...]
    hubs: tuple[str, ...] = ()  # intermediate entities above the hub threshold

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.steps[0].source, *(s.target for s in self.steps)) if self.steps else ()

    @property
    def relations(self) -> tuple[str, ...]:
        return tuple(str(s.relation["id"]) for s in self.steps)

    def sort_key(self) -> tuple[int, int, tuple[str, ...]]:
        """Hub-free first, then fewer hops, then by relation ids (which fix the path)."""
        return (len(self.hubs), len(self.steps), self.relations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": list(self.nodes),
            "relations": list(self.relations),
            "hubs": list(self.hubs),
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class Hub:
    """A hub entity and its degree (its number of relations)."""

    id: str
    degree: int


@dataclass(frozen=True)
class PathResult:
    """What :func:`~encircle.queries.paths.find.find_paths` returns: the paths found from
    `source` to `target` for `query`, in order, the hubs on paths the hub policy left out,
    whether the paths were cut at the limit, and the names of the entities shown."""

    source: str
    target: str
    query: PathQuery
    paths: tuple[Path, ...]
    hubs_skipped: tuple[Hub, ...] = ()  # hubs on paths left out by hub_policy='exclude'
    truncated: bool = False  # more paths than `limit`
    names: Mapping[str, str] = field(default_factory=dict)  # id -> display name of every entity shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "mode": self.query.mode,
            "max_hops": self.query.max_hops,
            "time_respecting": self.query.time_respecting,
            "filters": self.query.filters.to_dict(),
            "paths": [p.to_dict() for p in self.paths],
            "hubs_skipped": [{"id": h.id, "degree": h.degree} for h in self.hubs_skipped],
            "truncated": self.truncated,
            "names": dict(self.names),
        }


def ordered(paths: Sequence[Path]) -> list[Path]:
    """Paths without duplicates, hub-free first, then shorter, then by ids."""
    unique = {p.relations: p for p in paths}
    return sorted(unique.values(), key=Path.sort_key)
