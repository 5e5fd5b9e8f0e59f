"""What every request passes before a page or the API sees it.

- **Host**: on a loopback address only requests naming a loopback host are answered, so a
  web page elsewhere cannot reach the workbench by pointing its own name at 127.0.0.1
  (DNS rebinding).
- **Token** (when one is set): every request but the login form and the static assets
  needs ``Authorization: Bearer TOKEN`` or the session cookie the login form sets (an
  HMAC of the token, never the token itself); otherwise 401.
- **State-changing requests** (POST): refused when a browser says they come from another
  site (``Origin``, ``Sec-Fetch-Site``); forms carry a CSRF token equal to their
  ``encircle_csrf`` cookie (checked by `checked_form`); JSON API calls must say
  ``Content-Type: application/json`` (which a page on another site cannot send without a
  CORS preflight this server never grants), and when they ride on the session cookie
  rather than a Bearer token, an ``X-CSRF-Token`` header equal to the CSRF cookie.
  Without a token no cookie carries any authority, so the content type and the
  cross-site checks are what keep other sites out.
- **Headers** on every answer: a Content-Security-Policy allowing scripts and styles from
  this server only (no inline script, no other host), no framing except the graph views
  inside our own pages, no sniffing, no referrer to other sites, no caching of case data.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import FormData, MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from encircle.web.settings import Settings, is_loopback

SESSION_COOKIE = "encircle_session"
CSRF_COOKIE = "encircle_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
PUBLIC = ("/login", "/assets/")  # reachable without the token: the form and our own files
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Graph views (graph/views/page.html) set inline styles on their elements and are framed
# by our own pages; their scripts are files from /assets/, gated by the page's nonce too.
VIEW_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src data:; connect-src 'none'; form-action 'none'; frame-ancestors 'self'; base-uri 'none'"
)


def session_value(token: str) -> str:
    """What the session cookie holds: derived from the token, useless without the server."""
    return hmac.new(token.encode(), b"encircle workbench session v1", hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """This browser's CSRF token (set by the middleware on its first visit)."""
    return str(request.state.csrf)


class CsrfError(Exception):
    """A form without the right CSRF token."""


async def checked_form(request: Request) -> FormData:
    """The request's form, once its CSRF field matches the browser's cookie."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise CsrfError("the form's CSRF token is missing or wrong: reload the page and try again")
    return form


class Guard:
    """Host, token, cross-site and header rules (see the module docstring), as plain ASGI
    middleware: it reads headers only, never the body, so the body-size limit and the
    forms below it see the request untouched."""

    def __init__(self, app: ASGIApp, settings: Settings, login_page: Callable[[Request, str, int], Response]) -> None:
        self.app = app
        self.settings = settings
        self.login_page = login_page
        self.session = session_value(settings.token) if settings.token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        request.state.csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_hex(32)
        request.state.authenticated_by = None
        refusal = self._refusal(request)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._headers(request, MutableHeaders(scope=message))
            await send(message)

        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)

    def _refusal(self, request: Request) -> Response | None:
        if not self._host_allowed(request.headers.get("host", "")):
            return PlainTextResponse("unknown host: open the workbench at its loopback address", status_code=421)
        path = request.url.path
        if self.settings.token and not path.startswith(PUBLIC):
            request.state.authenticated_by = self._authenticated_by(request)
            if request.state.authenticated_by is None:
                return self._unauthorized(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return self._cross_site(request) or (self._api_write(request) if path.startswith("/api/") else None)
        return None

    def _host_allowed(self, host: str) -> bool:
        if not self.settings.loopback:
            return True  # a token is required: a rebound name gains nothing
        name = urlsplit(f"//{host}").hostname or ""
        return is_loopback(name)

    def _authenticated_by(self, request: Request) -> str | None:
        token = self.settings.token or ""
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer ") and hmac.compare_digest(header[7:].strip(), token):
            return "bearer"
        cookie = request.cookies.get(SESSION_COOKIE, "")
        if self.session and cookie and hmac.compare_digest(cookie, self.session):
            return "cookie"
        return None

    def _unauthorized(self, request: Request) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"error": "this workbench needs a token: send Authorization: Bearer TOKEN"},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="encircle"'},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return self.login_page(request, target, 401)

    def _cross_site(self, request: Request) -> Response | None:
        site = request.headers.get("sec-fetch-site")
        origin = request.headers.get("origin")
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if (site is not None and site not in ("same-origin", "none")) or (origin not in (None, own)):
            return _error(request, "refused: a write from another site", 403)
        return None

    def _api_write(self, request: Request) -> Response | None:
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return _error(request, "send JSON (Content-Type: application/json)", 415)
        if request.state.authenticated_by == "cookie":  # the browser's session carries the authority: prove intent
            sent = request.headers.get(CSRF_HEADER, "")
            expected = request.cookies.get(CSRF_COOKIE, "")
            if not sent or not expected or not hmac.compare_digest(sent, expected):
                return _error(request, f"missing or wrong {CSRF_HEADER} header", 403)
        return None

    def _headers(self, request: Request, headers: MutableHeaders) -> None:
        is_view = request.url.path.startswith("/views/")
        if "content-security-policy" not in headers:
            headers["Content-Security-Policy"] = VIEW_CSP if is_view else PAGE_CSP
        headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with
        # our own forms, which the cross-site check would refuse
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "SAMEORIGIN" if is_view else "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if not request.url.path.startswith("/assets/"):
            headers["Cache-Control"] = "no-store"
        if CSRF_COOKIE not in request.cookies:
            cookie = f"{CSRF_COOKIE}={request.state.csrf}; HttpOnly; Path=/; SameSite=strict"
            headers.append("set-cookie", cookie)


def _error(request: Request, message: str, status: int) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return PlainTextResponse(message, status_code=status)


def login_cookie(response: Response, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, session_value(token), httponly=True, samesite="strict", path="/")


def safe_next(target: Any) -> str:
    """A local path to return to after logging in (never another site)."""
    text = str(target or "/")
    return text if text.startswith("/") and not text.startswith(("//", "/\\")) else "/"
