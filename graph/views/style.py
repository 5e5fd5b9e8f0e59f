"""How views draw the schema: loaded from style.yaml and checked against the schema.

>>> STYLE.node_look("Person", ("businessperson", "official"))
('dot', '#d62728')
>>> STYLE.dashes("alleged")
[5, 5]
>>> [STYLE.edge_width(a) for a in (None, 500, 1_000_000)]
[1.5, 1.5, 4.5]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml

from encircle.graph.errors import SchemaError
from encircle.graph.schema import SCHEMA

__all__ = ["STYLE", "EdgeWidth", "Style", "load_style", "parse_style"]

# vis-network shapes that draw the label below the node (box draws it inside).
SHAPES = frozenset({"dot", "square", "triangle", "triangleDown", "diamond", "hexagon", "star", "box", "ellipse"})
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class EdgeWidth:
    """How wide a relation is drawn (style.yaml `edge_width`): `base` up to `from_amount`,
    then `per_decade` more for every tenfold of the amount, at most `max`; evidence steps
    are `highlight` wider."""

    base: float
    from_amount: float
    per_decade: float
    max: float
    highlight: float


@dataclass(frozen=True)
class Style:
    """style.yaml as data, checked against the schema: the shape and colour of each entity
    type, the colours of roles and relation types, the dashes of each status, edge widths,
    and the looks of evidence highlights and collapsed groups."""

    entity_types: dict[str, tuple[str, str]]  # type -> (shape, colour)
    roles: dict[str, str]  # role -> colour, in priority order
    relation_types: dict[str, str]  # type -> colour
    statuses: dict[str, bool | list[int]]  # status -> vis-network `dashes`
    width: EdgeWidth
    highlight: str
    collapsed: tuple[str, str, str]  # shape, fill, border

    def node_look(self, entity_type: str, roles: tuple[str, ...]) -> tuple[str, str]:
        """(shape, colour): shape by type; a Person's colour by its first role in style order."""
        shape, colour = self.entity_types[entity_type]
        if entity_type == "Person":
            colour = next((c for role, c in self.roles.items() if role in roles), colour)
        return shape, colour

    def dashes(self, status: str) -> bool | list[int]:
        return self.statuses.get(status, False)

    def edge_width(self, amount: float | None, highlighted: bool = False) -> float:
        w = self.width
        width = w.base
        if amount and amount > w.from_amount:
            width = min(w.max, w.base + w.per_decade * math.log10(amount / w.from_amount))
        return round(width + (w.highlight if highlighted else 0.0), 2)


def _colour(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise SchemaError(f"style.yaml {where}: {value!r} is not a #rrggbb colour")
    return value


def _same_names(section: dict[str, Any], expected: Any, where: str) -> None:
    if set(section) != set(expected):
        missing, extra = sorted(set(expected) - set(section)), sorted(set(section) - set(expected))
        raise SchemaError(f"style.yaml {where} must match the schema: missing {missing}, unknown {extra}")


def _shape(value: Any, where: str) -> str:
    if value not in SHAPES:
        raise SchemaError(f"style.yaml {where}: unknown shape {value!r}; expected one of {', '.join(sorted(SHAPES))}")
    return str(value)


def _dashes(value: Any, where: str) -> bool | list[int]:
    if value is False:
        return False
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and v > 0 for v in value):
        return [int(v) for v in value]
    raise SchemaError(f"style.yaml {where}: dashes must be false or [dash, gap], not {value!r}")


def parse_style(raw: dict[str, Any]) -> Style:
    """Build and validate a :class:`Style` from its YAML mapping."""
    try:
        for key, names in (
            ("entity_types", SCHEMA.entity_types),
            ("roles", SCHEMA.roles),
            ("relation_types", SCHEMA.relation_types),
            ("statuses", SCHEMA.statuses),
        ):
            _same_names(raw[key], names, key)
        types = {
            name: (_shape(spec["shape"], f"entity_types.{name}"), _colour(spec["color"], f"entity_types.{name}"))
            for name, spec in raw["entity_types"].items()
        }
        width = EdgeWidth(**{k: float(v) for k, v in raw["edge_width"].items()})
        if not 0 < width.base <= width.max or width.from_amount <= 0:
            raise SchemaError("style.yaml edge_width: need 0 < base <= max and from_amount > 0")
        collapsed = raw["collapsed"]
        return Style(
            entity_types=types,
            roles={role: _colour(c, f"roles.{role}") for role, c in raw["roles"].items()},
            relation_types={t: _colour(c, f"relation_types.{t}") for t, c in raw["relation_types"].items()},
            statuses={s: _dashes(d, f"statuses.{s}") for s, d in raw["statuses"].items()},
            width=width,
            highlight=_colour(raw["highlight"]["color"], "highlight.color"),
            collapsed=(
                _shape(collapsed["shape"], "collapsed.shape"),
                _colour(collapsed["color"], "collapsed.color"),
                _colour(collapsed["border"], "collapsed.border"),
            ),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise SchemaError(f"style.yaml is malformed: {error!r}") from None


def load_style() -> Style:
    """The style.yaml shipped in the package, parsed and checked (see :func:`parse_style`);
    STYLE holds it."""
    text = files("encircle.graph.views").joinpath("style.yaml").read_text(encoding="utf-8")
    return parse_style(yaml.safe_load(text))


STYLE = load_style()
