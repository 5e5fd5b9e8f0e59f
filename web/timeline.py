"""A timeline drawn on the server as SVG: periods (posts, jobs, ownership) as bars, dated
facts (gifts, decisions) as marks in lanes.

Only geometry is computed here; the template (templates/timeline.svg) writes the shapes,
and every text (labels, tooltips) is escaped there like any other page text. Dates keep
their precision ('2016', '2016-03'): a fuzzy date is placed at the middle of the range it
stands for, and a period from the first day of its start to the last day of its end. A
period without an end runs to the right edge (still held, or ended at a date the records
do not give: the tooltip says which).

>>> line = draw([Item({"id": "g1", "type": "GIFT", "date": "2016-09"}, "gifts received", "gift"),
...              Item({"id": "p1", "type": "HOLDS_POST", "start_date": "2015"}, "post: mayor", "post")])
>>> [lane.label for lane in line.lanes], len(line.bars), len(line.marks), [t.label for t in line.ticks]
(['post: mayor', 'gifts received'], 1, 1, ['2015', '2016', '2017'])
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from encircle.queries.timeline import date_bounds

WIDTH = 960
LEFT = 230  # the lane labels' column
RIGHT = 16
TOP = 8
LANE = 24
AXIS = 26
MAX_BARS = 40
MAX_MARKS = 300
MARK_SHAPES = {"GIFT": "circle", "APPROVED": "diamond"}


@dataclass(frozen=True)
class Item:
    """A relation to place: its lane (a bar's own label, or the lane a mark goes in) and
    its tooltip."""

    relation: Mapping[str, Any]
    lane: str
    tip: str


@dataclass(frozen=True)
class Lane:
    y: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    kind: str  # relation type, lower case: the CSS class
    status: str
    open_end: bool
    tip: str
    relation: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    size: float
    shape: str  # circle, diamond or square
    kind: str
    status: str
    tip: str
    relation: str

    @property
    def points(self) -> str:
        """The diamond's corners (SVG polygon points)."""
        x, y, s = self.x, self.y, self.size
        return " ".join(f"{px:.1f},{py:.1f}" for px, py in ((x, y - s), (x + s, y), (x, y + s), (x - s, y)))


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    lanes: tuple[Lane, ...]
    bars: tuple[Bar, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    omitted: int  # periods and dated relations left out (beyond MAX_BARS, MAX_MARKS)


def _span(relation: Mapping[str, Any]) -> tuple[dt.date, dt.date, bool] | None:
    """First and last day of a relation's date or period, and whether its end is open."""
    try:
        if relation.get("date"):
            low, high = date_bounds(str(relation["date"]))
            return dt.date.fromisoformat(low), dt.date.fromisoformat(high), False
        start, end = relation.get("start_date"), relation.get("end_date")
        known_end = bool(end) and end != "unknown"  # 'unknown': ended, date not given
        first = dt.date.fromisoformat(date_bounds(str(start))[0]) if start else None
        last = dt.date.fromisoformat(date_bounds(str(end))[1]) if known_end else None
        begin = first or last
        if begin is None:
            return None
        return begin, last or begin, not known_end
    except ValueError:
        return None  # a date the schema did not check (an extra column): not drawn


Placed = tuple[Item, tuple[dt.date, dt.date, bool]]


def select(
    items: Sequence[Item], max_bars: int = MAX_BARS, max_marks: int = MAX_MARKS
) -> tuple[list[Placed], list[Placed], int]:
    """What a timeline draws: the first `max_bars` periods by start, the latest
    `max_marks` dated relations, and how many were left out."""
    placed = [(item, span) for item in items if (span := _span(item.relation))]
    periods = sorted(
        (p for p in placed if not p[0].relation.get("date")), key=lambda p: (p[1][0], str(p[0].relation["id"]))
    )
    events = [p for p in placed if p[0].relation.get("date")]
    latest = sorted(sorted(events, key=lambda p: str(p[0].relation["id"])), key=lambda p: p[1][0], reverse=True)
    bars, marks = periods[:max_bars], latest[:max_marks]
    return bars, marks, len(periods) + len(events) - len(bars) - len(marks)


def draw(items: Sequence[Item], max_bars: int = MAX_BARS, max_marks: int = MAX_MARKS) -> Timeline | None:
    """The timeline of `items` (None when none is dated)."""
    shown, events, omitted = select(items, max_bars, max_marks)
    if not shown and not events:
        return None
    events.sort(key=lambda p: (p[1][0], str(p[0].relation["id"])))
    lanes = [item.lane for item, _ in shown] + list(dict.fromkeys(item.lane for item, _ in events))
    drawn = shown + events
    low = min(span[0] for _, span in drawn)
    high = max(span[1] for _, span in drawn)
    low, high = dt.date(low.year, 1, 1), dt.date(high.year, 12, 31)
    scale = _Scale(low, high)
    ys = [TOP + LANE * i + LANE / 2 for i in range(len(lanes))]
    bars = [_bar(item, span, ys[i], scale) for i, (item, span) in enumerate(shown)]
    lane_y = {label: ys[len(shown) + i] for i, label in enumerate(dict.fromkeys(item.lane for item, _ in events))}
    marks = [_mark(item, span, lane_y[item.lane], scale) for item, span in events]
    axis_y = TOP + LANE * len(lanes) + 4
    return Timeline(
        WIDTH,
        int(axis_y + AXIS),
        tuple(Lane(y, label) for y, label in zip(ys, lanes, strict=True)),
        tuple(bars),
        tuple(marks),
        scale.ticks(),
        axis_y,
        omitted,
    )


@dataclass(frozen=True)
class _Scale:
    low: dt.date
    high: dt.date

    def x(self, day: dt.date) -> float:
        days = max(1, (self.high - self.low).days)
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.low).days / days

    def ticks(self) -> tuple[Tick, ...]:
        years = self.high.year - self.low.year + 1
        step = 1 if years <= 12 else 2 if years <= 24 else 5 if years <= 60 else 10
        first = self.low.year + (-self.low.year) % step
        return tuple(Tick(self.x(dt.date(y, 1, 1)), str(y)) for y in range(first, self.high.year + 2, step))


def _bar(item: Item, span: tuple[dt.date, dt.date, bool], y: float, scale: _Scale) -> Bar:
    first, last, open_end = span
    x0 = scale.x(first)
    x1 = scale.x(scale.high) if open_end else scale.x(last + dt.timedelta(days=1))
    r = item.relation
    return Bar(
        x0, y, max(3.0, x1 - x0), str(r["type"]).lower(), str(r.get("status", "")), open_end, item.tip, str(r["id"])
    )


def _mark(item: Item, span: tuple[dt.date, dt.date, bool], y: float, scale: _Scale) -> Mark:
    first, last, _ = span
    middle = first + (last - first) / 2
    r = item.relation
    amount = r.get("amount")
    size = 4.5 + (min(4.0, math.log10(amount) / 2) if isinstance(amount, int | float) and amount > 1 else 0.0)
    shape = MARK_SHAPES.get(str(r["type"]), "square")
    return Mark(
        scale.x(middle),
        y,
        round(size, 1),
        shape,
        str(r["type"]).lower(),
        str(r.get("status", "")),
        item.tip,
        str(r["id"]),
    )
