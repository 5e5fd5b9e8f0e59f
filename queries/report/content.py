"""What a report says, independent of its format: sections per tactic, finding cards,
evidence timelines. The Markdown and HTML writers only lay this out.

Everything here is plain text taken from the case (names, sources, labels); escaping is
the writers' job. Order is fixed so that the same findings give the same bytes.

>>> tactic_blurb(TACTICS["roundabout"].detector)
'the business never pays the official; it pays the people around him.'
"""

from __future__ import annotations

import inspect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from encircle.queries.detection import TACTICS
from encircle.queries.detection.findings import VERDICT_ORDER, Finding, Step, Verdict
from encircle.queries.report.summary import (
    CHAINS_SHOWN,
    ENTITIES_SHOWN,
    NOT_FLAGGED_SHOWN,
    ROWS_SHOWN,
    cap_names,
    shown,
)
from encircle.queries.reviews import STATUS_LABELS, Review

__all__ = [
    "NOTICE",
    "VERDICTS",
    "Card",
    "Report",
    "Row",
    "Section",
    "amount_text",
    "build_report",
    "carded",
    "entity_label",
    "review_line",
    "signed",
    "tactic_blurb",
    "timeline",
    "value_text",
    "what",
    "why_red_flag",
]

NOTICE = (
    "Leads, not verdicts: each finding is a pattern in the case records that deserves a "
    "closer look, scored from the evidence it rests on. Every step cites its record and "
    "source; alleged and inferred steps are marked and lower the score."
)
VERDICTS: tuple[Verdict, ...] = ("flagged", "insufficient_data", "not_flagged")  # as VERDICT_ORDER ranks them


@dataclass(frozen=True)
class Row:
    """One evidence step as a timeline row; `who` and `whom` read `name (id)`."""

    date: str
    who: str
    what: str
    amount: str
    whom: str
    status: str
    source: str
    record: str


@dataclass(frozen=True)
class Card:
    """One finding as the report shows it: on a large finding, the first rows, chains
    and entities of its lists and a count of the rest (queries/report/summary.py)."""

    finding: Finding
    rows: tuple[Row, ...]
    chains: tuple[tuple[str, tuple[str, ...]], ...]  # (label, relation ids) per evidence chain
    view: str | None  # relative link to the finding's interactive view, if written
    explanation: str = ""  # the finding's, long name lists cut
    entities: tuple[str, ...] = ()
    more_rows: int = 0  # timeline rows, chains and entities not shown
    more_chains: int = 0
    more_entities: int = 0
    reviews: tuple[Review, ...] = ()  # oldest first; the last one's status is the current one


@dataclass(frozen=True)
class Section:
    """One tactic's part of a report: its blurb and why it is a red flag (from the
    detector's docstring), its findings counted by verdict, and a card per finding."""

    tactic: str
    blurb: str
    why: str
    counts: Mapping[str, int]
    cards: tuple[Card, ...]
    lacks: str = ""  # what the case lacks for the tactic (detection/coverage.py), or ""
    omitted: int = 0  # not-flagged candidates not shown (the lowest scores; all in findings.json)


@dataclass(frozen=True)
class Report:
    """A findings report before layout: the store it was run on, whether only confirmed
    relations were used, a section per tactic, and the findings counted by verdict."""

    location: str
    confirmed_only: bool
    sections: tuple[Section, ...]
    totals: Mapping[str, int]

    @property
    def notice(self) -> str:
        return NOTICE


def build_report(
    findings: Sequence[Finding],
    names: Mapping[str, str],
    views: Mapping[str, str],
    location: str,
    confirmed_only: bool = False,
    lacks: Mapping[str, str] | None = None,
    reviews: Mapping[str, Sequence[Review]] | None = None,
) -> Report:
    """Sections in the tactics' canonical order (then any other tactic, by name); within
    a section flagged findings first, then by score (highest first) and id; of the
    not-flagged candidates only the `NOT_FLAGGED_SHOWN` highest-scoring get a card. `lacks`
    says, by tactic, what the case lacks for it; `reviews` maps finding ids to their
    reviews (queries/reviews.py), shown on each card."""
    reviewed = reviews or {}
    sections = []
    for tactic, chosen, cut in _sections(findings):
        module = TACTICS[tactic].detector if tactic in TACTICS else None
        sections.append(
            Section(
                tactic,
                tactic_blurb(module) if module else "",
                why_red_flag(module) if module else "",
                _counts(chosen),
                tuple(_card(f, names, views.get(f.id), reviewed.get(f.id, ())) for f in chosen[:cut]),
                (lacks or {}).get(tactic, ""),
                len(chosen) - cut,
            )
        )
    return Report(location, confirmed_only, tuple(sections), _counts(findings))


def carded(findings: Sequence[Finding]) -> list[Finding]:
    """The findings `build_report` gives a card: the only ones whose names it prints."""
    return [f for _, chosen, cut in _sections(findings) for f in chosen[:cut]]


def _sections(findings: Iterable[Finding]) -> list[tuple[str, list[Finding], int]]:
    """Per tactic in report order: its findings in card order, and how many get a card."""
    by_tactic: dict[str, list[Finding]] = {t: [] for t in TACTICS}
    for finding in findings:
        by_tactic.setdefault(finding.tactic, []).append(finding)
    sections = []
    for tactic in [*TACTICS, *sorted(set(by_tactic) - set(TACTICS))]:
        chosen = sorted(by_tactic[tactic], key=lambda f: (VERDICT_ORDER[f.verdict], -f.score, f.id))
        candidates = sum(f.verdict == "not_flagged" for f in chosen)  # last in the order
        sections.append((tactic, chosen, len(chosen) - candidates + shown(candidates, NOT_FLAGGED_SHOWN)))
    return sections


def tactic_blurb(module: ModuleType) -> str:
    """The docstring's first line without the `tactic:` prefix."""
    first = (inspect.getdoc(module) or "").split("\n", 1)[0]
    return first.split(":", 1)[1].strip() if ":" in first else first.strip()


def why_red_flag(module: ModuleType) -> str:
    """The first paragraph under "Why it is a red flag" in the module's docstring."""
    match = re.search(r"^Why it is a red flag\n((?:[ \t]+\S.*\n?)+)", inspect.getdoc(module) or "", re.MULTILINE)
    return " ".join(line.strip() for line in match.group(1).splitlines()) if match else ""


def timeline(finding: Finding, names: Mapping[str, str]) -> tuple[Row, ...]:
    """Every distinct step of the finding's chains, by date (undated last; ties in chain
    order)."""
    steps: dict[str, Step] = {}
    for chain in finding.evidence:
        for step in chain.steps:
            steps.setdefault(step.relation, step)
    ranked = sorted(enumerate(steps.values()), key=lambda p: (p[1].date is None, p[1].date or "", p[0]))
    return tuple(_row(step, names) for _, step in ranked)


def entity_label(entity_id: str, names: Mapping[str, str]) -> str:
    """`name (id)`, or the id alone when `names` has no other name for it."""
    name = names.get(entity_id)
    return f"{name} ({entity_id})" if name and name != entity_id else entity_id


def what(step: Step) -> str:
    """`GIFT shopping card`: the relation type, then its kind and role."""
    parts = [step.type, *(str(x).replace("_", " ") for x in (step.kind, step.role) if x)]
    return " ".join(dict.fromkeys(parts))


def amount_text(amount: float | None, currency: str | None) -> str:
    """An amount with thousands separators (cents only when it is not whole) and its
    currency; '' without an amount."""
    if amount is None:
        return ""
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{number} {currency}" if currency else number


def signed(value: float) -> str:
    """A contribution as the finding holds it (rounded to 4 places): `+0.3`, `-0.2922`."""
    return f"{value:+.4f}".rstrip("0").rstrip(".")


def value_text(value: Any) -> str:
    """A parameter or figure value: numbers and text as they are, lists joined."""
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    return str(value)


def _row(step: Step, names: Mapping[str, str]) -> Row:
    return Row(
        step.date or "",
        step.source_label or entity_label(step.source_id, names),
        what(step),
        amount_text(step.amount, step.currency),
        step.target_label or entity_label(step.target_id, names),
        step.status,
        step.source or "",
        step.relation,
    )


def _card(finding: Finding, names: Mapping[str, str], view: str | None, reviews: Sequence[Review]) -> Card:
    chains = tuple((c.label, tuple(s.relation for s in c.steps)) for c in finding.evidence)
    rows = timeline(finding, names)
    counts = [shown(len(rows), ROWS_SHOWN), shown(len(chains), CHAINS_SHOWN)]
    counts.append(shown(len(finding.entities), ENTITIES_SHOWN))
    return Card(
        finding,
        rows[: counts[0]],
        chains[: counts[1]],
        view,
        cap_names(finding.explanation),
        finding.entities[: counts[2]],
        len(rows) - counts[0],
        len(chains) - counts[1],
        len(finding.entities) - counts[2],
        tuple(reviews),
    )


def review_line(review: Review) -> str:
    """`2026-12-03T20:31:05Z ana: confirmed (bank records match)`."""
    note = f" ({review.note})" if review.note else ""
    return f"{review.at} {review.reviewer}: {STATUS_LABELS.get(review.status, review.status)}{note}"


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counted = Counter(f.verdict for f in findings)
    return {verdict: counted[verdict] for verdict in VERDICTS}
