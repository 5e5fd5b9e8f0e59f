"""Working through leads: the findings list, a finding with its review history and
form, duplicate review, and recomputing findings. Every write is a form carrying the CSRF
token, refused when the workbench is read-only, and answered with a redirect back (so
reloading the page never writes twice)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from encircle.graph.errors import QueryError
from encircle.queries.detection import TACTICS
from encircle.queries.detection.findings import Finding
from encircle.queries.report.content import timeline
from encircle.queries.resolution.judgements import in_force_of, key_of
from encircle.queries.reviews import STATUSES, Review, add_review, current_status
from encircle.web.duplicates import Candidate, judge, judgements
from encircle.web.pages import not_found, tip_text, workbench
from encircle.web.params import choice, integer, number
from encircle.web.render import page, segment
from encircle.web.security import CsrfError, checked_form
from encircle.web.timeline import Item, Timeline, draw

PAGE_SIZE = 200
VERDICTS = ("flagged", "insufficient_data", "not_flagged")
REVIEW_FILTERS = ("any", "unreviewed", *STATUSES)
MARK_LANES = {"GIFT": "gifts", "APPROVED": "decisions"}


@dataclass(frozen=True)
class FindingFilter:
    """The findings list's filters, as the page and /api/findings take them."""

    tactic: str = "any"
    verdict: str = "any"
    min_score: float | None = None
    review: str = "any"

    @classmethod
    def of(cls, params: QueryParams, verdict: str = "any") -> FindingFilter:
        return cls(
            choice(params, "tactic", ("any", *TACTICS), "any"),
            choice(params, "verdict", ("any", *VERDICTS), verdict),
            number(params, "min_score"),
            choice(params, "review", REVIEW_FILTERS, "any"),
        )

    def keep(self, finding: Finding, status: str | None) -> bool:
        return (
            self.tactic in ("any", finding.tactic)
            and self.verdict in ("any", finding.verdict)
            and (self.min_score is None or finding.score >= self.min_score)
            and (self.review == "any" or (status or "unreviewed") == self.review)
        )


def chosen(
    findings: Sequence[Finding], reviews: Mapping[str, Sequence[Review]], wanted: FindingFilter
) -> list[Finding]:
    return [f for f in findings if wanted.keep(f, current_status(reviews.get(f.id, ())))]


async def findings_page(request: Request) -> Response:
    wb = workbench(request)
    try:
        wanted = FindingFilter.of(request.query_params, verdict="flagged")
        number_ = integer(request.query_params, "page", 1, 1, 10**6)
    except QueryError as error:
        return page(request, "message.html", 400, title="Bad filter", message=str(error))
    found = await wb.findings()
    reviews = await wb.reviews()
    kept = sorted(chosen(found.findings, reviews, wanted), key=lambda f: (-f.score, f.id))
    shown = kept[(number_ - 1) * PAGE_SIZE : number_ * PAGE_SIZE]
    status = {f.id: current_status(reviews.get(f.id, ())) for f in shown}
    return page(
        request,
        "findings.html",
        found=found,
        wanted=wanted,
        findings=shown,
        total=len(kept),
        page_number=number_,
        pages=max(1, -(-len(kept) // PAGE_SIZE)),
        prev_query=_page_query(request.query_params, number_ - 1) if number_ > 1 else None,
        next_query=_page_query(request.query_params, number_ + 1) if number_ * PAGE_SIZE < len(kept) else None,
        status=status,
        tactics=list(TACTICS),
        verdicts=VERDICTS,
        review_filters=REVIEW_FILTERS,
    )


def _page_query(params: QueryParams, number: int) -> str:
    return urlencode([(k, v) for k, v in params.multi_items() if k != "page"] + [("page", str(number))])


async def finding_page(request: Request, notice: str | None = None, status_code: int = 200) -> Response:
    wb = workbench(request)
    finding_id = request.path_params["finding_id"]
    found = await wb.findings()
    finding = found.by_id.get(finding_id)
    if finding is None:
        return not_found(request, "finding with id", finding_id)
    history = (await wb.reviews([finding_id])).get(finding_id, [])
    return page(
        request,
        "finding.html",
        status_code,
        f=finding,
        names=found.names,
        rows=timeline(finding, found.names),
        evidence=evidence_timeline(finding, found.names),
        reviews=history,
        current=current_status(history),
        statuses=STATUSES,
        notice=notice,
    )


def evidence_timeline(finding: Finding, names: Mapping[str, str]) -> Timeline | None:
    items = []
    for chain in finding.evidence:
        for step in chain.steps:
            relation = step.to_dict() | {"id": step.relation}
            # Step.date holds a period's start: draw it as the start of a bar
            if step.type in ("HOLDS_POST", "EMPLOYED_BY", "OWNS", "DIRECTS"):
                relation = {k: v for k, v in relation.items() if k != "date"} | {"start_date": step.date}
            if "start_date" in relation:
                lane = (
                    f"{step.role or step.kind or step.type.lower()} \u00b7 {names.get(step.source_id, step.source_id)}"
                )
            else:
                lane = MARK_LANES.get(step.type, step.type.lower().replace("_", " "))
            items.append(Item(relation, lane, tip_text(relation, names)))
    unique = {item.relation["id"]: item for item in items}
    return draw(list(unique.values()))


async def review_post(request: Request) -> Response:
    wb = workbench(request)
    finding_id = request.path_params["finding_id"]
    if wb.settings.read_only:
        return await finding_page(request, "This workbench is read-only: the review was not saved.", 403)
    try:
        form = await checked_form(request)
    except CsrfError as error:
        return await finding_page(request, str(error), 403)
    if finding_id not in (await wb.findings()).by_id:
        return not_found(request, "finding with id", finding_id)
    status, note = str(form.get("status", "")), str(form.get("note", "")).strip()
    try:
        await wb.call(add_review, finding_id, status, note, wb.settings.reviewer)
    except QueryError as error:
        return await finding_page(request, str(error), 400)
    return RedirectResponse(f"/findings/{segment(finding_id)}#reviews", status_code=303)


async def refresh_post(request: Request) -> Response:
    try:
        await checked_form(request)
    except CsrfError as error:
        return page(request, "message.html", 403, title="Refused", message=str(error))
    await workbench(request).findings(refresh=True)
    return RedirectResponse("/findings", status_code=303)


async def duplicates_page(request: Request, notice: str | None = None, status_code: int = 200) -> Response:
    wb = workbench(request)
    candidates: Sequence[Candidate] = await wb.call(wb.candidates)
    history = await wb.call(judgements)
    ids = sorted({i for c in candidates for i in (c.a, c.b)} | {str(e.body.get(k)) for e in history for k in "ab"})
    names = {i: e.name for i, e in (await wb.call(lambda store: store.get_entities(ids))).items()}
    in_force = {key_of(pair): j for pair, j in in_force_of(history).items()}
    return page(
        request,
        "duplicates.html",
        status_code,
        candidates=candidates,
        judged=in_force,
        history=list(reversed(history))[:100],
        names=names,
        notice=notice,
    )


async def judgement_post(request: Request) -> Response:
    wb = workbench(request)
    if wb.settings.read_only:
        return await duplicates_page(request, "This workbench is read-only: the judgement was not saved.", 403)
    try:
        form = await checked_form(request)
    except CsrfError as error:
        return await duplicates_page(request, str(error), 403)
    a, b = str(form.get("a", "")), str(form.get("b", ""))
    known = await wb.call(lambda store: store.get_entities([a, b]))
    if len(known) != 2:
        return await duplicates_page(request, "Both entities must be in the store.", 404)
    try:
        await wb.call(
            judge, a, b, str(form.get("verdict", "")), str(form.get("note", "")).strip(), wb.settings.reviewer
        )
    except QueryError as error:
        return await duplicates_page(request, str(error), 400)
    return RedirectResponse("/duplicates", status_code=303)
