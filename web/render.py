"""Pages from Jinja2 templates with autoescaping on: every name, alias, source, note and
explanation is case data and is written as text. Links to entities and findings quote
the id as one path segment, so no id can turn into another path or a query."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from encircle.queries.report.content import amount_text, signed
from encircle.queries.reviews import STATUS_LABELS
from encircle.web.security import csrf_token


def segment(value: object) -> str:
    """An id as one URL path segment: '/' and everything else reserved is %-escaped."""
    return quote(str(value), safe="")


def what(relation: Mapping[str, Any]) -> str:
    """`GIFT cash`, `HOLDS_POST party secretary`: type, then kind and role."""
    parts = [str(relation["type"]), *(str(relation[k]).replace("_", " ") for k in ("kind", "role") if relation.get(k))]
    return " ".join(dict.fromkeys(parts))


def when(relation: Mapping[str, Any]) -> str:
    """The date, or the period `2016-01 – 2019-12` (an open end reads `…`)."""
    if relation.get("date"):
        return str(relation["date"])
    start, end = relation.get("start_date"), relation.get("end_date")
    if not start and not end:
        return ""
    ending = "ended, date unknown" if end == "unknown" else (end or "\u2026")
    return f"{start or '?'} \u2013 {ending}"


def money(relation: Mapping[str, Any]) -> str:
    amount = relation.get("amount")
    text = amount_text(amount, relation.get("currency")) if isinstance(amount, int | float) else ""
    share = relation.get("share")
    return f"{text} {share:.0%}".strip() if isinstance(share, int | float) else text


def fit(text: object, width: int = 34) -> str:
    """`text` cut to about `width` narrow characters (a CJK character counts two), for
    labels in a fixed column."""
    out: list[str] = []
    used = 0
    for char in str(text):
        used += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used > width:
            return "".join(out).rstrip() + "\u2026"
        out.append(char)
    return "".join(out)


def query(params: Mapping[str, Any]) -> str:
    """A query string of the non-empty parameters."""
    return urlencode([(k, v) for k, v in params.items() if v not in (None, "", False)], doseq=True)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("encircle.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        seg=segment,
        what=what,
        when=when,
        money=money,
        signed=signed,
        words=lambda text: str(text).replace("_", " "),
        review_label=lambda status: STATUS_LABELS.get(status or "", "unreviewed"),
        query=query,
        fit=fit,
    )
    env.globals.update(review_statuses=STATUS_LABELS)
    return env


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The rendered template, with what every page shows (settings, CSRF token)."""
    settings = request.app.state.settings
    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            settings=settings,
            csrf=csrf_token(request),
            signed_in=getattr(request.state, "authenticated_by", None) == "cookie",
            **context,
        )
    )
    return HTMLResponse(html, status_code=status_code)
