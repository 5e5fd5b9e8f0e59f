"""The report as one self-contained HTML page: inline CSS, no script, no external request.

Names, sources and explanations come from case files, so the template is rendered with
Jinja2's autoescape on: every value is escaped and only the stylesheet (our own file)
goes in unescaped. A Content-Security-Policy forbids scripts and any connection anyway.

>>> from encircle.queries.report.content import Report
>>> page = render_html(Report("<case>", False, (), {"flagged": 0, "insufficient_data": 0, "not_flagged": 0}), {})
>>> "&lt;case&gt;" in page and "<case>" not in page
True
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from encircle.graph.errors import EncircleError
from encircle.graph.text import visible
from encircle.queries.report.content import VERDICTS, Report, entity_label, signed, value_text
from encircle.queries.reviews import STATUS_LABELS

__all__ = ["percent", "render_html"]

PACKAGE = "encircle.queries.report"


def render_html(report: Report, names: Mapping[str, str]) -> str:
    """The page for `report`; `names` maps entity ids to names for the entity lists."""
    return _template().render(
        report=report, verdicts=VERDICTS, css=_css(), label=lambda entity_id: entity_label(entity_id, names)
    )


def percent(value: float) -> str:
    """A bar's width for a contribution or score (0..1, sign dropped)."""
    return f"{min(abs(value), 1.0) * 100:.1f}%"


@cache
def _css() -> Markup:
    text = files(PACKAGE).joinpath("report.css").read_text(encoding="utf-8")
    if "</style" in text.lower():  # would end the inline element early
        raise EncircleError(f"{PACKAGE}/report.css contains '</style' and cannot be inlined")
    return Markup(text.strip())


def _shown(value: object) -> object:
    # Markup (the stylesheet) is ours and stays as is; case text shows U+202E as \u202e
    # (a newline or tab in HTML text is only white space: kept).
    return value if isinstance(value, Markup) or not isinstance(value, str) else visible(value, keep="\n\t")


@cache
def _template() -> Template:
    environment = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,  # every value printed: control and bidi characters made visible
    )
    environment.filters.update(
        words=lambda text: str(text).replace("_", " "),
        signed=signed,
        percent=percent,
        text=value_text,
        review_label=lambda status: STATUS_LABELS.get(status, status),
    )
    return environment.from_string(files(PACKAGE).joinpath("report.html").read_text(encoding="utf-8"))
