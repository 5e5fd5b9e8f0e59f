"""The report as Markdown: a notice, counts, then each tactic's findings with their
evidence timelines.

Case text is escaped so that it stays text wherever the file is rendered: newlines
collapse to spaces (a name cannot start a heading or end a table row), control and bidi
characters show as escapes (graph/text.py), and backslash, `|`, `<`, `>`, backticks,
`*`, `[` and `]` get a backslash (no raw HTML, no table cell break, no link).

>>> md("a|b\\n<img src=x>")
'a\\\\|b \\\\<img src=x\\\\>'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from encircle.graph.text import visible
from encircle.queries.report.content import VERDICTS, Card, Report, Section, review_line, signed, value_text

__all__ = ["md", "render_markdown"]

_SPECIAL = re.compile(r"([\\|<>`*\[\]])")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
TIMELINE_HEADER = (
    "| date | who | what | amount | to whom | status | source | record id |",
    "|---|---|---|---:|---|---|---|---|",
)


def md(text: object) -> str:
    """Case text made safe for Markdown, including inside a table cell."""
    return _md(str(text))


@lru_cache(maxsize=1 << 16)  # a report writes the same names, statuses and sources thousands of times
def _md(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", visible(_NEWLINES.sub(" ", text)))  # U+202E shows as \u202e


def render_markdown(report: Report) -> str:
    """The report as a Markdown document: the notice, the counts per tactic and verdict,
    then each tactic's findings; case text goes through :func:`md`."""
    lines = ["# encircle report", "", f"> {report.notice}", ""]
    lines.append(f"Store: {md(report.location)}" + (" (confirmed relations only)" if report.confirmed_only else ""))
    lines += ["", "## Summary", "", _summary_header(), "|---|" + "---:|" * (len(VERDICTS) + 1)]
    for section in report.sections:
        lines.append(_count_row(section.tactic, section.counts))
    lines.append(_count_row("**all**", report.totals))
    for section in report.sections:
        lines += ["", *_section(section)]
    return "\n".join(lines) + "\n"


def _summary_header() -> str:
    return "| tactic | " + " | ".join(v.replace("_", " ") for v in VERDICTS) + " | total |"


def _count_row(label: str, counts: Mapping[str, int]) -> str:
    values = [counts[v] for v in VERDICTS]
    return f"| {label} | " + " | ".join(str(n) for n in values) + f" | {sum(values)} |"


def _section(section: Section) -> list[str]:
    lines = [f"## {section.tactic}", ""]
    if section.blurb:
        lines += [f"*{md(section.blurb)}*", ""]
    if section.why:
        lines += [f"Why it is a red flag: {md(section.why)}", ""]
    if section.lacks:
        lines += [f"The case lacks what this tactic needs: {md(section.lacks)}.", ""]
    if not section.cards:
        return [*lines, "No candidates in this case."]
    for card in section.cards:
        lines += _card(card)
    if section.omitted:
        lines += [f"{_omitted(section)}", ""]
    return lines[:-1]


def _omitted(section: Section) -> str:
    shown = section.counts["not_flagged"] - section.omitted
    return (
        f"And {section.omitted} more not-flagged candidates with lower scores (the {shown} highest are shown); "
        "findings.json lists every one."
    )


def _more(count: int, what: str) -> list[str]:
    return [f"... and {count} more {what} (findings.json has them all)", ""] if count else []


def _card(card: Card) -> list[str]:
    f = card.finding
    lines = [f"### {f.id}: {f.verdict.replace('_', ' ')}, score {f.score:.2f}", "", md(card.explanation), ""]
    parts = ", ".join(f"{name} {signed(value)}" for name, value in f.contributions.items())
    lines += [f"Score {f.score:g} = {parts}" if parts else "Score 0 (no contributions)", "", *TIMELINE_HEADER]
    for row in card.rows:
        status = md(row.status) if row.status == "confirmed" else f"**{md(row.status)}**"
        cells = [row.date, row.who, row.what, row.amount, row.whom]
        lines.append("| " + " | ".join([*(md(c) for c in cells), status, md(row.source), md(row.record)]) + " |")
    lines += ["", *_more(card.more_rows, "timeline rows"), "Evidence chains:", ""]
    lines += [f"{i}. {md(label)}: {', '.join(md(r) for r in ids)}" for i, (label, ids) in enumerate(card.chains, 1)]
    lines += ["", *_more(card.more_chains, "evidence chains")]
    if f.figures:
        lines += [f"Figures: {'; '.join(f'{md(k)} = {md(value_text(v))}' for k, v in f.figures.items())}", ""]
    if f.parameters:
        lines += [f"Parameters: {'; '.join(f'{md(k)} = {md(value_text(v))}' for k, v in f.parameters.items())}", ""]
    if card.view:
        lines += [f"Interactive view: [{card.view}]({card.view})", ""]
    if card.reviews:
        lines += ["Reviews (oldest first):", "", *(f"- {md(review_line(r))}" for r in card.reviews), ""]
    return lines
