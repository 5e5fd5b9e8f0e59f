"""Query-string parameters read the way the CLI reads its options.

`paths_query` takes the same filters as `encircle paths` (types, direction, status,
dates, time order, hubs) under the same names, so a page's URL and an API call say what
the command line would:

    /api/paths?a=钱磊&b=周平&mode=all&time_ordered=1&type=GIFT,EMPLOYED_BY,APPROVED
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from starlette.datastructures import QueryParams

from encircle.graph.errors import QueryError
from encircle.graph.values import parse_date
from encircle.queries.paths.model import STATUS_LEVELS, Direction, Filters, HubPolicy, Mode, PathQuery

MAX_LIMIT = 1000
MODES = ("shortest", "k", "all")


@dataclass(frozen=True)
class PathsForm:
    """What the paths page and /api/paths were asked: the ends and the query."""

    a: str
    b: str
    query: PathQuery
    values: Mapping[str, Any]  # the parameters as given, to fill the form again


def integer(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name) or ""
    if not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise QueryError(f"{name} must be between {low} and {high}, not {value}")
    return value


def number(params: QueryParams, name: str) -> float | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise QueryError(f"{name} must be a number, not {raw!r}") from None


def choice(params: QueryParams, name: str, options: tuple[str, ...], default: str) -> str:
    value = params.get(name) or default
    if value not in options:
        raise QueryError(f"{name} must be one of {', '.join(options)}, not {value!r}")
    return value


def flag(params: QueryParams, name: str) -> bool:
    return (params.get(name) or "").lower() in ("1", "true", "yes", "on")


def _date(params: QueryParams, name: str) -> str | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValueError as error:
        raise QueryError(f"{name}: {error}") from None


def relation_types(params: QueryParams) -> tuple[str, ...]:
    """`type=GIFT,EMPLOYED_BY` or `type=GIFT&type=EMPLOYED_BY`."""
    return tuple(part.strip().upper() for value in params.getlist("type") for part in value.split(",") if part.strip())


def filters(params: QueryParams) -> Filters:
    return Filters(
        relation_types=relation_types(params),
        direction=cast(Direction, choice(params, "direction", ("any", "forward"), "any")),
        statuses=STATUS_LEVELS[choice(params, "status", tuple(STATUS_LEVELS), "inferred")],
        date_from=_date(params, "from"),
        date_to=_date(params, "to"),
        hub_degree=integer(params, "hub_degree", 100, 1, 10**9),
        hub_policy=cast(HubPolicy, choice(params, "hubs", ("exclude", "penalize", "allow"), "exclude")),
    )


def paths_form(params: QueryParams) -> PathsForm:
    """The ends and query of a paths request (QueryError on a bad parameter)."""
    mode = cast(Mode, choice(params, "mode", MODES, "shortest"))
    gap = (params.get("max_gap") or "").strip()
    query = PathQuery(
        mode,
        k=integer(params, "k", 3, 1, 100),
        max_hops=integer(params, "max_hops", 4, 1, 6),
        limit=integer(params, "limit", 100, 1, MAX_LIMIT),
        time_respecting=flag(params, "time_ordered"),
        max_gap_days=integer(params, "max_gap", 0, 0, 10**6) if gap else None,
        filters=filters(params),
    )
    values = {key: params.get(key, "") for key in params}
    values["type"] = ",".join(relation_types(params))
    return PathsForm((params.get("a") or "").strip(), (params.get("b") or "").strip(), query, values)
