"""Time order along a path, with fuzzy dates.

A date keeps its precision ('2016', '2016-03', '2016-03-05'), so it stands for a range
of days. A path is *time-respecting* when:

- each dated step (a relation with `date`: a gift, an approval) could have happened no
  earlier than the previous dated step: its latest possible day is on or after the
  previous step's earliest possible day;
- each period step (a relation with `start_date`/`end_date`: a post, a job, ownership)
  overlaps the time between the dated step before it and the dated step after it: the
  official *held the post at the time*;
- with `max_gap_days`, consecutive dated steps are at most that many days apart (at the
  closest their ranges allow).

Steps with neither a date nor a period (kinship, friendship) are timeless.

>>> check = TimeCheck()
>>> state = check.start()
>>> state = check.advance(state, {"date": "2017-02"})
>>> check.advance(state, {"start_date": "2016-01"}) is not None
True
>>> check.advance(state, {"date": "2016-12-31"}) is None  # earlier than the gift
True
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["EARLIEST", "LATEST", "Clock", "TimeCheck", "date_bounds"]

EARLIEST = "0001-01-01"
LATEST = "9999-12-31"


def date_bounds(value: str) -> tuple[str, str]:
    """First and last day an ISO date of any precision can stand for."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value, value


def _days_between(first: str, last: str) -> int:
    return (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days


@dataclass(frozen=True)
class Clock:
    """Where a walk stands in time: earliest day of the last dated step (and its latest
    day, for gaps), and the latest start of any period stepped through since."""

    event_low: str = EARLIEST
    event_high: str | None = None
    period_start: str = EARLIEST


@dataclass(frozen=True)
class TimeCheck:
    """The time-respecting rule of the module docstring, a step at a time: :meth:`start` a
    :class:`Clock`, then :meth:`advance` it along each relation of a path (None: time order
    breaks); `max_gap_days` bounds the gap between dated steps."""

    max_gap_days: int | None = None

    def start(self) -> Clock:
        return Clock()

    def advance(self, clock: Clock, relation: Mapping[str, Any]) -> Clock | None:
        """The clock after stepping along `relation`, or None if time order breaks."""
        if relation.get("date"):
            return self._event(clock, *date_bounds(relation["date"]))
        if relation.get("start_date") or relation.get("end_date"):
            start = date_bounds(relation["start_date"])[0] if relation.get("start_date") else EARLIEST
            end = date_bounds(relation["end_date"])[1] if relation.get("end_date") else LATEST
            if end < clock.event_low:
                return None  # the post had ended before the previous event
            return Clock(clock.event_low, clock.event_high, max(clock.period_start, start))
        return clock

    def _event(self, clock: Clock, low: str, high: str) -> Clock | None:
        if high < clock.event_low or high < clock.period_start:
            return None
        gap = _days_between(clock.event_high, low) if clock.event_high and clock.event_high < low else 0
        if self.max_gap_days is not None and gap > self.max_gap_days:
            return None
        return Clock(max(clock.event_low, low), high, EARLIEST)
