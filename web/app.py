"""The workbench application: routes, the guard in front of them, and its lifetime.

`create_app(settings)` returns a Starlette (ASGI) application; `encircle serve` runs it
with uvicorn, tests drive it with Starlette's TestClient or a real browser.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from encircle.graph.errors import EncircleError, QueryError
from encircle.web import api, pages, review
from encircle.web.duplicates import CandidateSource, xref_candidates
from encircle.web.render import page
from encircle.web.security import SESSION_COOKIE, CsrfError, Guard, checked_form, login_cookie, safe_next
from encircle.web.service import Workbench
from encircle.web.settings import Settings

MAX_BODY = 1_000_000  # bytes: a review note, a login; nothing bigger is ever posted


def login_page(request: Request, target: str, status: int = 200, message: str = "") -> Response:
    return page(request, "login.html", status, target=safe_next(target), message=message)


async def login(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    if request.method == "GET" or not settings.token:
        return login_page(request, request.query_params.get("next", "/"))
    try:
        form = await checked_form(request)
    except CsrfError as error:
        return login_page(request, "/", 403, str(error))
    target = safe_next(form.get("next"))
    sent = str(form.get("token", ""))
    if not hmac.compare_digest(sent.encode(), settings.token.encode()):
        await asyncio.sleep(0.5)  # slows down guessing
        return login_page(request, target, 401, "That is not the token this workbench was started with.")
    response = RedirectResponse(target, status_code=303)
    login_cookie(response, settings.token)
    return response


async def logout(request: Request) -> Response:
    try:
        await checked_form(request)
    except CsrfError as error:
        return page(request, "message.html", 403, title="Refused", message=str(error))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


async def query_error(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return api.error(str(exc), 400)
    return page(request, "message.html", 400, title="Cannot answer that", message=str(exc))


async def store_error(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return api.error(str(exc), 503)
    return page(request, "message.html", 503, title="The store did not answer", message=str(exc))


ROUTES = [
    Route("/", pages.home),
    Route("/search", pages.search_page),
    Route("/go", pages.resolve_page),
    Route("/entities/{entity_id:path}", pages.entity_page),
    Route("/paths", pages.paths_page),
    Route("/findings", review.findings_page),
    Route("/findings/refresh", review.refresh_post, methods=["POST"]),
    Route("/findings/{finding_id}", review.finding_page),
    Route("/findings/{finding_id}/reviews", review.review_post, methods=["POST"]),
    Route("/duplicates", review.duplicates_page),
    Route("/duplicates/judgements", review.judgement_post, methods=["POST"]),
    Route("/views/around/{entity_id:path}", pages.around_view),
    Route("/views/path", pages.path_view),
    Route("/views/finding/{finding_id}", pages.finding_view),
    Route("/assets/{name}", pages.asset),
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/api/search", api.search_api),
    Route("/api/entities/{entity_id:path}", api.entity_api),
    Route("/api/paths", api.paths_api),
    Route("/api/findings", api.findings_api),
    Route("/api/findings/{finding_id}/reviews", api.reviews_api, methods=["GET", "POST"]),
]


def create_app(settings: Settings, candidates: CandidateSource = xref_candidates) -> Starlette:
    """The workbench on `settings.store`. `candidates` proposes duplicate pairs for review
    (default: entity resolution's, `encircle xref`; see duplicates.py)."""
    settings.check()
    workbench = Workbench(settings, candidates)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await workbench.start()
        try:
            yield
        finally:
            await workbench.stop()

    app = Starlette(
        routes=ROUTES,
        middleware=[Middleware(Guard, settings=settings, login_page=login_page)],
        exception_handlers={QueryError: query_error, EncircleError: store_error},
        lifespan=lifespan,
        max_body_size=MAX_BODY,
    )
    app.state.settings = settings
    app.state.workbench = workbench
    return app
