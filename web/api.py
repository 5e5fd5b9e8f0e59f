"""The JSON API beside the pages, in the CLI's contracts (docs/workbench.md):

- ``GET /api/search?q=TEXT[&limit=N]`` -> ``{"results": [{"id", "name", "type", "roles", "aliases", "score"}]}``
- ``GET /api/entities/{id}`` -> ``{"entity", "relations", "names", "findings"}``
- ``GET /api/paths?a=&b=[&filters]`` -> what ``encircle paths --json`` prints
- ``GET /api/findings[?tactic=&verdict=&min_score=&review=]`` -> ``{"findings": [...]}`` (findings.json's shape)
- ``GET /api/findings/{id}/reviews`` -> ``{"reviews": [{"status", "note", "reviewer", "at"}]}``
- ``POST /api/findings/{id}/reviews`` ``{"status": "confirmed|dismissed|needs_more", "note": "..."}`` -> 201

Errors are ``{"error": "one line"}`` with 400 (a bad parameter or query), 403 (read-only),
404 (no such entity or finding) or 415 (not JSON).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from encircle.graph.errors import QueryError
from encircle.graph.records import to_properties
from encircle.queries.paths.find import find_paths
from encircle.queries.reviews import add_review, current_status, with_reviews
from encircle.web.entity import entity_view
from encircle.web.pages import workbench
from encircle.web.params import integer, paths_form
from encircle.web.review import FindingFilter, chosen
from encircle.web.search import DEFAULT_LIMIT, MAX_LIMIT, search


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Json(JSONResponse):
    """UTF-8 JSON with names as they are (no \\u escapes for 周平)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False).encode("utf-8")


async def search_api(request: Request) -> Response:
    try:
        limit = integer(request.query_params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    except QueryError as failure:
        return error(str(failure), 400)
    hits = await workbench(request).call(search, request.query_params.get("q", ""), limit)
    return Json({"results": [h.to_dict() for h in hits]})


async def entity_api(request: Request) -> Response:
    wb = workbench(request)
    entity_id = request.path_params["entity_id"]
    view = await wb.call(entity_view, entity_id, None)
    if view is None:
        return error(f"no entity with id {entity_id!r}", 404)
    involved = (await wb.findings()).by_entity.get(entity_id, ())
    reviews = await wb.reviews([f.id for f in involved]) if involved else {}
    return Json(
        {
            "entity": to_properties(view.entity),
            "relations": view.relations(),
            "names": dict(sorted(view.names.items())),
            "findings": [
                {
                    "id": f.id,
                    "tactic": f.tactic,
                    "verdict": f.verdict,
                    "score": f.score,
                    "review": current_status(reviews.get(f.id, [])),
                }
                for f in involved
            ],
        }
    )


async def paths_api(request: Request) -> Response:
    try:
        form = paths_form(request.query_params)
        if not form.a or not form.b:
            raise QueryError("give both ends: a=ID_OR_NAME&b=ID_OR_NAME")
        result = await workbench(request).call(find_paths, form.a, form.b, form.query)
    except QueryError as failure:
        return error(str(failure), 400)
    return Json(result.to_dict())


async def findings_api(request: Request) -> Response:
    wb = workbench(request)
    try:
        wanted = FindingFilter.of(request.query_params)
    except QueryError as failure:
        return error(str(failure), 400)
    found = await wb.findings()
    reviews = await wb.reviews()
    kept = chosen(found.findings, reviews, wanted)
    return Json({"findings": [with_reviews(f.to_dict(), reviews.get(f.id, ())) for f in kept]})


async def reviews_api(request: Request) -> Response:
    wb = workbench(request)
    finding_id = request.path_params["finding_id"]
    if finding_id not in (await wb.findings()).by_id:
        return error(f"no finding with id {finding_id!r}", 404)
    if request.method == "GET":
        history = (await wb.reviews([finding_id])).get(finding_id, [])
        return Json({"reviews": [r.to_dict() for r in history]})
    if wb.settings.read_only:
        return error("this workbench is read-only (--read-only): nothing is written", 403)
    try:
        body = await request.json()
    except ValueError:
        return error("the body is not JSON", 400)
    if not isinstance(body, dict) or not isinstance(body.get("status"), str):
        return error('send {"status": "confirmed|dismissed|needs_more", "note": "..."}', 400)
    note = body.get("note", "")
    if not isinstance(note, str):
        return error("note must be a string", 400)
    try:
        review = await wb.call(add_review, finding_id, body["status"], note.strip(), wb.settings.reviewer)
    except QueryError as failure:
        return error(str(failure), 400)
    return Json(review.to_dict(), status_code=201)
