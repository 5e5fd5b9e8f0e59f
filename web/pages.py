"""The reading pages: home, search, an entity, paths, and the graph views they frame.

Every page is rendered on the server and reads without JavaScript; the only scripts are
search as you type (assets/workbench.js) and the graph views (vis-network), framed from
/views/. Entity and finding ids in URLs are only ever looked up in the store: an id that
is not there is a 404, whatever it looks like.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.graph.views.page import ASSET_FILES, asset_bytes, render_page
from encircle.queries.lookup import resolve
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import PathResult
from encircle.queries.reviews import current_status
from encircle.web.entity import SHOWN_PER_GROUP, EntityView, entity_view
from encircle.web.params import integer, paths_form
from encircle.web.render import page, segment, what, when
from encircle.web.search import search
from encircle.web.service import Workbench
from encircle.web.timeline import Item, Timeline, draw
from encircle.web.views import MAX_HOPS, around_network, finding_network, path_network

OWN_ASSETS = {"workbench.css": "text/css", "workbench.js": "text/javascript"}
TYPES = {".js": "text/javascript", ".css": "text/css"}


def workbench(request: Request) -> Workbench:
    return request.app.state.workbench  # type: ignore[no-any-return]


def not_found(request: Request, what_kind: str, key: str) -> HTMLResponse:
    return page(request, "message.html", 404, title="Not found", message=f"No {what_kind} {key!r} in this store.")


async def home(request: Request) -> Response:
    wb = workbench(request)
    stats = await wb.call(lambda store: store.stats())
    found = await wb.findings_if_ready()
    reviews = await wb.reviews()
    every = found.findings if found else ()
    flagged = sorted((f for f in every if f.verdict == "flagged"), key=lambda f: (-f.score, f.id))
    to_review = [f for f in flagged if not reviews.get(f.id)]
    return page(request, "home.html", stats=stats, found=found, flagged=flagged, to_review=to_review[:10])


async def search_page(request: Request) -> Response:
    text = request.query_params.get("q", "")
    hits = await workbench(request).call(search, text, 50) if text.strip() else []
    return page(request, "search.html", q=text, hits=hits)


async def entity_page(request: Request) -> Response:
    wb = workbench(request)
    entity_id = request.path_params["entity_id"]
    view = await wb.call(entity_view, entity_id)
    if view is None:
        return not_found(request, "entity with id", entity_id)
    found = await wb.findings_if_ready()
    involved = found.by_entity.get(entity_id, ()) if found else ()
    reviews = await wb.reviews([f.id for f in involved]) if involved else {}
    status = {f.id: current_status(reviews.get(f.id, [])) for f in involved}
    hops = integer(request.query_params, "hops", 1, 1, MAX_HOPS)
    return page(
        request,
        "entity.html",
        view=view,
        e=view.entity,
        findings=involved,
        detecting=found is None,
        shown=SHOWN_PER_GROUP,
        status=status,
        timeline=entity_timeline(view),
        hops=hops,
    )


def entity_timeline(view: EntityView) -> Timeline | None:
    """Periods the entity holds or is linked by as bars; its dated relations as marks."""
    items = []
    for group in view.groups:
        for row in group.rows:
            other = view.names.get(row.other, row.other)
            r = row.relation
            periodic = not r.get("date")
            lane = f"{(r.get('role') or r.get('kind') or group.heading)} \u00b7 {other}" if periodic else group.heading
            items.append(Item(r, lane, tip_text(r, view.names)))
    return draw(items)


def tip_text(relation: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A relation as tooltip lines: what, who to whom, when, amount, evidence."""
    r = relation
    lines = [
        what(r),
        f"{names.get(r['source_id'], r['source_id'])} \u2192 {names.get(r['target_id'], r['target_id'])}",
        when(r),
    ]
    if isinstance(r.get("amount"), int | float):
        lines.append(f"{r['amount']:,.0f} {r.get('currency') or ''}".strip())
    lines.append(f"{r.get('status', 'confirmed')}; {r.get('source') or 'no source'}; {r['id']}")
    return "\n".join(line for line in lines if line)


async def paths_page(request: Request) -> Response:
    params = request.query_params
    try:
        form = paths_form(params)
    except QueryError as bad:
        return page(request, "paths.html", 400, form=None, values=dict(params), result=None, error=str(bad))
    result: PathResult | None = None
    message: str | None = None
    if form.a and form.b:
        try:
            result = await workbench(request).call(find_paths, form.a, form.b, form.query)
        except QueryError as failure:
            message = str(failure)
    status = 400 if message else 200
    return page(request, "paths.html", status, form=form, values=form.values, result=result, error=message)


# -- graph views (framed by the pages) ---------------------------------------------------


def view_page(network: Any) -> HTMLResponse:
    return HTMLResponse(render_page(network.page_data(), assets="/assets/"))


async def around_view(request: Request) -> Response:
    entity_id = request.path_params["entity_id"]
    hops = integer(request.query_params, "hops", 1, 1, MAX_HOPS)

    def work(store: Store) -> Any:
        found = store.get_entities([entity_id])
        return around_network(store, found[entity_id], hops) if found else None

    network = await workbench(request).call(work)
    return not_found(request, "entity with id", entity_id) if network is None else view_page(network)


async def path_view(request: Request) -> Response:
    form = paths_form(request.query_params)

    def work(store: Store) -> Any:
        result = find_paths(store, form.a, form.b, form.query)
        return path_network(store, result) if result.paths else None

    network = await workbench(request).call(work)
    if network is None:
        return page(request, "message.html", 404, title="No path", message="No path under these filters.")
    return view_page(network)


async def finding_view(request: Request) -> Response:
    wb = workbench(request)
    finding = (await wb.findings()).by_id.get(request.path_params["finding_id"])
    if finding is None:
        return not_found(request, "finding with id", request.path_params["finding_id"])
    return view_page(await wb.call(finding_network, finding))


async def resolve_page(request: Request) -> Response:
    """/go?q=NAME: straight to the entity an exact id, name or alias names (the search
    form's button); an ambiguous or unknown name lists what search finds instead."""
    text = request.query_params.get("q", "").strip()
    try:
        entity = await workbench(request).call(resolve, text)
    except QueryError:
        return await search_page(request)
    return RedirectResponse(f"/entities/{segment(entity.id)}", status_code=303)


async def asset(request: Request) -> Response:
    """Our own files and vis-network, by exact name only: nothing else is reachable."""
    name = request.path_params["name"]
    if name in OWN_ASSETS:
        content = files("encircle.web").joinpath("assets", name).read_bytes()
        return Response(content, media_type=OWN_ASSETS[name], headers={"Cache-Control": "max-age=3600"})
    if name in ASSET_FILES:
        media = TYPES[name[name.rindex(".") :]]
        return Response(asset_bytes(name), media_type=media, headers={"Cache-Control": "max-age=86400"})
    return Response("not found", status_code=404, media_type="text/plain")
