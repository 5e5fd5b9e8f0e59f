"""Interactive graph views: styled, laid-out vis-network pages that work offline.

Library first: pick what to draw (`around`, `for_path`, `for_finding`, `for_findings`
for many, or any entities and relations), `build_view` it into a pyvis Network
(`build_views` for many at once), then `write_html` it or, in a notebook, display it
(`network` alone in a cell, or `network.show("view.html")`).

>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> chosen = around(store, "p-zhou", hops=1)
>>> network = build_view(chosen.entities, chosen.relations, title="Around Zhou Ping", focus=chosen.focus)
>>> len(network.nodes), len(network.edges)
(5, 4)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from encircle.graph.views.collapse import DEFAULT_HUB_LEAVES
from encircle.graph.views.compose import (
    DEFAULT_MAX_ENTITIES,
    ViewOptions,
    build_view,
    build_views,
    draw_views,
    path_numbers,
    step_numbers,
)
from encircle.graph.views.select import Selection, around, for_finding, for_findings, for_path

__all__ = [
    "DEFAULT_HUB_LEAVES",
    "DEFAULT_MAX_ENTITIES",
    "Selection",
    "ViewNetwork",
    "ViewOptions",
    "around",
    "build_view",
    "build_views",
    "draw_views",
    "for_finding",
    "for_findings",
    "for_path",
    "path_numbers",
    "step_numbers",
    "write_html",
]


if TYPE_CHECKING:
    from encircle.graph.views.network import ViewNetwork, write_html


def __getattr__(name: str) -> Any:
    """ViewNetwork and write_html import pyvis (with networkx and IPython: a fifth of a
    second), so they are imported when first asked for; a report's views need neither."""
    if name in ("ViewNetwork", "write_html"):
        from encircle.graph.views import network

        return getattr(network, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
