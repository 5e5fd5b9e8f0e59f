"""The workbench: `encircle serve`, one local web application for working through a case.

Search as you type, an entity page (names, roles, identifiers, posts, relations by type,
findings, a timeline and its neighbourhood), paths with the CLI's filters, the findings
with their evidence and a review form (confirm / dismiss / needs more work, kept in the
store's ledger), duplicate review, and a JSON API beside the pages. A second face beside
cli/: it imports queries and graph; nothing imports it but the CLI.

>>> from encircle.web import Settings, create_app
>>> app = create_app(Settings(":memory:"))
>>> sorted(r.path for r in app.routes if r.path.startswith("/api/"))[:2]
['/api/entities/{entity_id:path}', '/api/findings']

Design and safety: docs/workbench.md.
"""

from __future__ import annotations

from encircle.web.app import create_app
from encircle.web.server import serve
from encircle.web.settings import Settings

__all__ = ["Settings", "create_app", "serve"]
