"""friendship_investment: years of rising, festive gifts, then a large approval ("boiled frog").

Methodology
    For every official (an entity with the `official` role or a post, or who approves
    anything), take the dated gifts received by the official or by the official's
    relatives (`circle` kind "relative"), leaving out gifts within the family. Group the
    givers into *sides*: two givers are one side when either is on the other's `side`
    (queries/detection/case.py), so a businessman, his firms and his relatives are one giver. For
    each side whose series has at least `min_gifts` gifts, measure the series: its span in
    years, the Kendall tau-b of amount against time, a log-linear least-squares annual
    growth rate of the amounts, the tau-b of gifts per calendar year (rising frequency),
    and the share of gifts within ±10 days of Spring Festival, Mid-Autumn or the Western
    New Year / Christmas. Then look for approvals by the official for that side from the
    first gift to `approval_days` after the last one (approvals during the series count).

Why it is a red flag
    The source document's second tactic: interest groups "start from the nuances and from
    daily life" and "gradually develop friendship investments" in an official, "boiled
    frogs in warm water" (A Duo and the businessman he regarded as a brother). Small
    holiday presents that grow year after year into large sums, followed by a decision
    worth far more, is that pattern in the records.

Parameters
    min_gifts (4): fewer gifts are not a *series* (a one-off is direct_transaction's);
    min_span_years (2.0): the tactic is slow by definition, two years separates it from a
    single campaign around one decision;
    min_tau (0.3): a moderate positive rank correlation (amounts or yearly frequency),
    robust to one odd gift where a linear fit is not;
    approval_days (730): two years after the last gift; the payoff often comes once the
    official can grant something big, and the gifts may stop when it does;
    threshold (0.5): the score from which a finding is flagged.

Score
    series up to 0.2 (0.2 from 2 x min_gifts gifts); span up to 0.15 (from
    2 x min_span_years); trend 0.25 x the larger tau; festivals 0.1 x the festive share;
    approval up to 0.3 (0.15, plus up to 0.15 on a log scale of the approved value, full
    at 10^8); times the weakest evidence status (findings.scored).

Exclusions
    Series shorter than `min_gifts` give no finding. A series with no approval for the
    side gives `not_flagged` (the explanation says so); one spanning less than
    `min_span_years` or without a rising trend gives `not_flagged` with the figure that
    failed; one with fewer than `min_gifts` amounts gives `insufficient_data`. Gifts from
    the official's or the recipient's relatives (family presents) are left out.

Assumptions
    Dates of year or month precision stand for their first day; only day-precise dates
    can fall on a festival (coarser ones count as not festive). Festival dates are
    tabled for 2000-2035; other years only get New Year / Christmas.

Unknown dates (queries/detection/unknown.py)
    Gifts of unknown date cannot be placed in a series. A side with fewer than
    `min_gifts` dated gifts but enough with the undated ones is `insufficient_data` when
    the official approved anything for it (on any date), else `not_flagged`; a series its
    dated gifts do not flag is `insufficient_data` when the side also gave undated gifts or
    the official approved something for it on an unknown date.

Worked example
    A boss gives an official presents every Spring Festival from 2014 to 2017, growing
    from 10,000 to 100,000, and the official grants the boss's firm a 50 m licence in
    2017-06. Flagged: 4 gifts over 3 years, tau 1.0, all festive.

>>> from encircle.graph.records import Entity, Relation
>>> index = CaseIndex([Entity("b", "Person", "Boss"), Entity("f", "Company", "Firm"),
...                    Entity("o", "Person", "Official", roles=("official",))],
...                   [Relation("own", "OWNS", "b", "f"),
...                    Relation("g1", "GIFT", "b", "o", date="2014-01-25", amount=10000.0),
...                    Relation("g2", "GIFT", "b", "o", date="2015-02-15", amount=20000.0),
...                    Relation("g3", "GIFT", "b", "o", date="2016-02-05", amount=50000.0),
...                    Relation("g4", "GIFT", "f", "o", date="2017-01-25", amount=100000.0),
...                    Relation("a1", "APPROVED", "o", "f", date="2017-06-01", amount=5e7, kind="license")])
>>> [(f.verdict, f.score, f.relations) for f in detect(index)]
[('flagged', 0.8569, ('g1', 'g2', 'g3', 'g4', 'a1'))]
>>> figures(index.gifts)
Figures(count=4, amounts=4, span_years=3.0, tau=1.0, growth=1.1896, frequency_tau=0.0, festive_share=1.0)
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from encircle.graph.records import Relation
from encircle.queries.detection.case import CaseIndex, days_between, side_groups, when
from encircle.queries.detection.findings import Chain, Finding, Verdict, flag, scored, settings
from encircle.queries.detection.unknown import no_dates, pronoun, sentence, side_approvals, undecided
from encircle.queries.timeline import date_bounds

__all__ = ["TACTIC", "WEIGHTS", "Figures", "Parameters", "detect", "figures", "tau_b"]

TACTIC = "friendship_investment"

# Relation types it judges nothing without (any one of each group): coverage.py.
NEEDS = (("GIFT",), ("APPROVED",))
# The most each feature contributes to the score (the Score section above explains each).
WEIGHTS = {"series": 0.2, "span": 0.15, "trend": 0.25, "festivals": 0.1, "approval": 0.3}

MAX_LOG_GROWTH = math.log(1e6)  # growth figures stop at x1,000,000 a year
FESTIVAL_DAYS = 10  # a present "for the festival" is given in the days around it
# Chinese New Year (Spring Festival) and Mid-Autumn, 2000-2035 (Gregorian dates).
_SPRING = (
    "02-05 01-24 02-12 02-01 01-22 02-09 01-29 02-18 02-07 01-26 02-14 02-03 01-23 02-10 01-31 02-19 02-08 01-28 "
    "02-16 02-05 01-25 02-12 02-01 01-22 02-10 01-29 02-17 02-06 01-26 02-13 02-03 01-23 02-11 01-31 02-19 02-08"
)
_AUTUMN = (
    "09-12 10-01 09-21 09-11 09-28 09-18 10-06 09-25 09-14 10-03 09-22 09-12 09-30 09-19 09-08 09-27 09-15 10-04 "
    "09-24 09-13 10-01 09-21 09-10 09-29 09-17 10-06 09-25 09-15 10-03 09-22 09-12 10-01 09-19 09-08 09-27 09-16"
)
SPRING_FESTIVAL = dict(enumerate(_SPRING.split(), start=2000))
MID_AUTUMN = dict(enumerate(_AUTUMN.split(), start=2000))


@dataclass(frozen=True)
class Parameters:
    """friendship_investment's settings, each explained with its default under Parameters in
    the module docstring."""

    min_gifts: int = 4
    min_span_years: float = 2.0
    min_tau: float = 0.3
    approval_days: int = 730
    threshold: float = 0.5


@dataclass(frozen=True)
class Figures:
    """What a gift series looks like: size, span, trend and how festive it is."""

    count: int
    amounts: int  # gifts with an amount
    span_years: float
    tau: float  # Kendall tau-b of amount against date
    growth: float | None  # fitted annual growth rate of the amounts (0.5 = +50 % a year)
    frequency_tau: float  # Kendall tau-b of gifts per calendar year against the year
    festive_share: float


def detect(index: CaseIndex, parameters: Parameters | None = None) -> list[Finding]:
    """One finding per official and giver side with at least `min_gifts` gifts (see the
    module docstring); flagged when approvals for the side follow, the series is long and
    rising enough, and the score reaches `threshold`."""
    p = parameters or Parameters()
    undated = index.undated
    findings = []
    for official in index.officials:
        unknown = undated.gifts_around(official) if undated else []
        for series in index.gifts_by_side(official):
            side = set().union(*(index.side_view(g.source_id) for g in series))
            extra = [g for g in unknown if g.source_id in side]
            unknown = [g for g in unknown if g.source_id not in side]
            if len(series) >= p.min_gifts:
                finding = _finding(index, official, series, p)
                findings.append(_undecided(index, finding, official, side, extra) if undated else finding)
            elif len(series) + len(extra) >= p.min_gifts:
                findings.append(_unknown(index, official, series, extra, p))
        for givers in side_groups(index, (g.source_id for g in unknown)) if unknown else ():  # undated only
            gifts = [g for g in unknown if g.source_id in givers]
            if len(gifts) >= p.min_gifts:
                findings.append(_unknown(index, official, [], gifts, p))
    return findings


def _undecided(index: CaseIndex, finding: Finding, official: str, side: set[str], gifts: list[Relation]) -> Finding:
    """A finding its dated facts did not flag, undecided when the side gave more gifts, or
    the official approved something for it, on unknown dates."""
    if finding.verdict == "flagged":
        return finding
    approvals = [a for a in index.undated.approvals_by(official) if a.target_id in side]
    reasons = []
    if gifts:
        reasons.append(f"{no_dates(index, gifts)}: cannot tell how {pronoun(gifts)} would change the series")
    if approvals:
        reasons.append(f"{no_dates(index, approvals)}: cannot tell whether {pronoun(approvals)} followed the gifts")
    return undecided(finding, "; ".join(reasons), [*gifts, *approvals]) if reasons else finding


def _unknown(index: CaseIndex, official: str, dated: list[Relation], undated: list[Relation], p: Parameters) -> Finding:
    """A series of `min_gifts` or more only with gifts of unknown date: undecided when the
    official approved something for the side (on any date), else not flagged."""
    gifts = [*dated, *undated]
    approvals, entities = side_approvals(index, official, gifts)
    chain = Chain.of(f"gifts to {index.name(official)} and the approvals for their side", [*gifts, *approvals])
    givers = " and ".join(dict.fromkeys(index.name(g.source_id) for g in gifts))
    told = (
        f"{givers} gave {index.name(official)}{_relatives(gifts, official)} {len(gifts)} gifts, "
        f"{len(undated)} of unknown date"
    )
    if not approvals:
        explanation = f"{told}, but {index.name(official)} approved nothing for their side."
        return Finding(TACTIC, "not_flagged", 0.0, {}, entities, (chain,), explanation, settings(p))
    explanation = (
        f"{told}; {index.name(official)} approved {len(approvals)} decision(s) for their side. "
        f"{sentence(no_dates(index, undated))}: with {len(dated)} dated gift(s), fewer than {p.min_gifts}, "
        f"cannot tell whether the gifts rose over {p.min_span_years:g} years before the approvals."
    )
    return Finding(TACTIC, "insufficient_data", 0.0, {}, entities, (chain,), explanation, settings(p))


def _finding(index: CaseIndex, official: str, gifts: list[Relation], p: Parameters) -> Finding:
    first, last = gifts[0].date or "", gifts[-1].date or ""
    side = set().union(*(index.side_view(g.source_id) for g in gifts))
    approvals = [
        a
        for a in index.out(official, "APPROVED")
        if a.target_id in side
        and a.date
        and days_between(first, a.date) >= 0
        and days_between(last, a.date) <= p.approval_days
    ]
    approvals.sort(key=when)
    fig = figures(gifts)
    entities = tuple(
        dict.fromkeys(
            [
                *(g.source_id for g in gifts),
                *(g.target_id for g in gifts),
                official,
                *(a.target_id for a in approvals),
                *(a.body_id for a in approvals if a.body_id),
            ]
        )
    )
    chain = Chain.of(f"gifts to {index.name(official)} and the approvals that followed", [*gifts, *approvals])
    givers = " and ".join(dict.fromkeys(index.name(g.source_id) for g in gifts))
    told = (
        f"{givers} gave {index.name(official)}{_relatives(gifts, official)} {fig.count} gifts over "
        f"{fig.span_years:.1f} years ({first} to {last})"
    )

    def verdict(v: Verdict, why: str) -> Finding:
        return Finding(TACTIC, v, 0.0, {}, entities, (chain,), f"{told}, {why}.", settings(p))

    if not approvals:
        return verdict(
            "not_flagged",
            f"but {index.name(official)} approved nothing for their side from the first "
            f"gift to {p.approval_days} days after the last",
        )
    if fig.amounts < p.min_gifts:
        return verdict("insufficient_data", f"but only {fig.amounts} carry an amount, too few to tell a trend")
    if fig.span_years < p.min_span_years:
        return verdict("not_flagged", f"less than the {p.min_span_years:g} years a slow build-up takes")
    if max(fig.tau, fig.frequency_tau) < p.min_tau:
        return verdict(
            "not_flagged",
            f"neither amounts (tau {fig.tau:.2f}) nor frequency (tau {fig.frequency_tau:.2f}) rising to {p.min_tau:g}",
        )
    value = sum(a.amount or 0.0 for a in approvals)
    features = {
        "series": WEIGHTS["series"] * min(1.0, fig.count / (2 * p.min_gifts)),
        "span": WEIGHTS["span"] * min(1.0, fig.span_years / (2 * p.min_span_years)),
        "trend": WEIGHTS["trend"] * min(1.0, max(fig.tau, fig.frequency_tau)),
        "festivals": WEIGHTS["festivals"] * fig.festive_share,
        "approval": 0.15 + 0.15 * min(1.0, math.log10(value + 1) / 8),
    }
    score, contributions = scored({k: round(v, 4) for k, v in features.items()}, [*gifts, *approvals])
    decisions = "; ".join(
        f"the {a.kind or 'approval'} for {index.name(a.target_id)} on {a.date}"
        + (f" worth {a.amount:,.0f}" if a.amount else "")
        for a in approvals
    )
    return Finding(
        TACTIC,
        flag(score, p.threshold),
        score,
        contributions,
        entities,
        (chain,),
        f"{told}, {_trend(fig, p)}, {fig.festive_share:.0%} around festivals; "
        f"{index.name(official)} approved {decisions}.",
        settings(p),
    )


def _trend(fig: Figures, p: Parameters) -> str:
    growth = f", about {fig.growth:+.0%} a year" if fig.growth is not None else ""
    if fig.tau >= p.min_tau:
        return f"amounts rising (Kendall tau {fig.tau:.2f}{growth})"
    return f"gifts ever more frequent (Kendall tau {fig.frequency_tau:.2f} of gifts a year)"


def _relatives(gifts: list[Relation], official: str) -> str:
    return " and relatives" if any(g.target_id != official for g in gifts) else ""


# -- the figures of a series --------------------------------------------------------


def figures(gifts: Sequence[Relation]) -> Figures:
    """Count, span, trend (tau-b and log-linear growth of the amounts), frequency trend and
    festive share of dated gifts."""
    days = [_day(g) for g in gifts]
    priced = [(d, g.amount) for d, g in zip(days, gifts, strict=True) if g.amount is not None]
    years = range(days[0].year, days[-1].year + 1) if days else range(0)
    gifts_in = Counter(d.year for d in days)
    per_year = [gifts_in[y] for y in years]
    return Figures(
        count=len(gifts),
        amounts=len(priced),
        span_years=round((max(days) - min(days)).days / 365.25, 2) if days else 0.0,
        tau=round(tau_b([d.toordinal() for d, _ in priced], [a for _, a in priced]), 4),
        growth=_growth([(d, a) for d, a in priced if a > 0]),
        frequency_tau=round(trend_tau(per_year), 4),
        festive_share=round(sum(_festive(g.date or "") for g in gifts) / len(gifts), 4) if gifts else 0.0,
    )


def tau_b(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Kendall's tau-b: concordant minus discordant pairs over the pairs not tied in x
    and in y (0 when either is constant).

    >>> tau_b([1, 2, 3, 4], [10, 20, 20, 40])
    0.9129
    """
    pairs = [(i, j) for i in range(len(xs)) for j in range(i + 1, len(xs))]
    sign = [_sign(xs[i] - xs[j]) * _sign(ys[i] - ys[j]) for i, j in pairs]
    untied_x = sum(xs[i] != xs[j] for i, j in pairs)
    untied_y = sum(ys[i] != ys[j] for i, j in pairs)
    return round(sum(sign) / math.sqrt(untied_x * untied_y), 4) if untied_x and untied_y else 0.0


def trend_tau(ys: Sequence[float]) -> float:
    """tau_b(range(len(ys)), ys) in n log n instead of n² pairs: a series of gifts may
    span thousands of years (a date typed 0016 for 2016), one count a year.

    >>> trend_tau([10, 20, 20, 40])
    0.9129
    """
    earlier: list[float] = []
    score = 0  # concordant minus discordant pairs: later values above earlier ones count +1
    for y in ys:
        score += bisect_left(earlier, y) - (len(earlier) - bisect_right(earlier, y))
        insort(earlier, y)
    pairs = len(ys) * (len(ys) - 1) // 2
    untied_y = pairs - sum(n * (n - 1) // 2 for n in Counter(ys).values())
    return round(score / math.sqrt(pairs * untied_y), 4) if pairs and untied_y else 0.0


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _growth(points: list[tuple[dt.date, float]]) -> float | None:
    """exp(slope) - 1 of ln(amount) fitted by least squares against time in years."""
    ts = [(d - points[0][0]).days / 365.25 for d, _ in points] if points else []
    if len(set(ts)) < 2:
        return None
    ys = [math.log(a) for _, a in points]
    mt, my = sum(ts) / len(ts), sum(ys) / len(ys)
    slope = sum((t - mt) * (y - my) for t, y in zip(ts, ys, strict=True)) / sum((t - mt) ** 2 for t in ts)
    # Capped: amounts from 1 to 10^24 a day apart fit a slope whose exp() overflows.
    return round(math.exp(min(slope, MAX_LOG_GROWTH)) - 1, 4)


def _day(gift: Relation) -> dt.date:
    return _first_day(gift.date or "")


# Both by date: a case has a few thousand distinct gift dates, met in hundreds of thousands
# of series figures, and making the dates was a fifth of this tactic's time.
@lru_cache(maxsize=1 << 16)
def _first_day(date: str) -> dt.date:
    return dt.date.fromisoformat(date_bounds(date)[0])


@lru_cache(maxsize=1 << 16)
def _festive(date: str) -> bool:
    """Within FESTIVAL_DAYS of Spring Festival, Mid-Autumn, Christmas or New Year (day-precise dates only)."""
    if len(date) != 10:
        return False
    day = dt.date.fromisoformat(date)
    feasts = [dt.date(day.year, 12, 25), dt.date(day.year, 1, 1)]
    if day.year < dt.MAXYEAR:  # no New Year after 9999-12-31 to be near
        feasts.append(dt.date(day.year + 1, 1, 1))
    feasts += [
        dt.date.fromisoformat(f"{day.year}-{t[day.year]}") for t in (SPRING_FESTIVAL, MID_AUTUMN) if day.year in t
    ]
    return any(abs((day - feast).days) <= FESTIVAL_DAYS for feast in feasts)
