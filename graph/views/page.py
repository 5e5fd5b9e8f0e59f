"""The offline HTML page of a view: one file, every asset inline.

Safety with hostile case data (names, aliases and sources are input):

- all data travels as one JSON document in a ``<script type="application/json">``
  block, with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no value can close the
  block or start markup;
- the page's script puts every text (title, summary, legend, tooltips) into the DOM
  with ``textContent``; vis-network draws labels on a canvas;
- control characters and bidi overrides in those texts are shown as escapes
  (``\\u202e``), so a name cannot be drawn reversed or hide text;
- a Content-Security-Policy allows only scripts carrying this page's nonce (inline
  event handlers such as ``onerror=`` never run) and no connection, image, font or
  frame from anywhere but ``data:``: the page cannot reach any host.

A page inlines every asset by default (one file, 700 KB of it vis-network). With
``assets=BASE`` it references vis-network and its own script at ``BASE`` instead
(``BASE + name`` for each of :data:`ASSET_FILES`): a report's views share one copy in
views/ (`write_assets`), the workbench serves them from ``/assets/``. The nonce still
gates those scripts, and styles may then come from the page's own origin (``'self'``).

>>> script_json({"name": "</script><b>&"})
'{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from encircle.graph.errors import EncircleError
from encircle.graph.files import write_changed
from encircle.graph.text import may_hide_json, visible

__all__ = ["ViewPage", "render_page", "script_json", "vis_options"]

VIS_VERSION = "9.1.2"  # vis-network as shipped inside the pyvis wheel
# File name -> (package, path) of the assets a linked page references.
ASSET_FILES = {
    "vis-network.min.js": ("pyvis", f"lib/vis-{VIS_VERSION}/vis-network.min.js"),
    "vis-network.css": ("pyvis", f"lib/vis-{VIS_VERSION}/vis-network.css"),
    "encircle-view.js": ("encircle.graph.views", "page.js"),
}
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (and equal to json.dumps when parsed)."""
    return _script_safe(_ENCODE(value))


_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _script_safe(text: str) -> str:
    return re.sub("[<>&\u2028\u2029]", lambda m: _ESCAPES[m.group()], text)


_SHOWN = frozenset({"label", "title", "summary"})  # the texts a reader sees; ids stay as they are
_NESTED = (dict, list)


def _shown(value: Any, key: str | None = None) -> Any:
    """`value` with control and bidi characters in its shown texts made visible (a name
    with U+202E would otherwise be drawn reversed on the canvas and in tooltips). Other
    values are kept as they are without a call each: a page holds thousands of them."""
    if isinstance(value, dict):
        return {k: _shown(v, k) if k in _SHOWN or isinstance(v, _NESTED) else v for k, v in value.items()}
    if isinstance(value, list):
        shown = key in _SHOWN
        return [_shown(v, key) if shown or isinstance(v, _NESTED) else v for v in value]
    return visible(value, keep="\n") if isinstance(value, str) and key in _SHOWN else value


def _package_file(package: str, path: str) -> Path:
    """A file shipped inside `package`, found without running the package: importing
    pyvis (and networkx and IPython with it) costs a fifth of a second."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EncircleError(f"cannot find the {package} package, which holds {path}")
    return Path(spec.submodule_search_locations[0]) / path


def _asset(package: str, path: str, closing: str) -> Markup:
    text = _package_file(package, path).read_text(encoding="utf-8")
    if closing in text.lower():  # would end the inline element early
        raise EncircleError(f"{package}/{path} contains {closing!r} and cannot be inlined")
    return Markup(text)


@cache
def _assets() -> dict[str, Markup]:
    vis = f"lib/vis-{VIS_VERSION}"
    return {
        "vis_js": _asset("pyvis", f"{vis}/vis-network.min.js", "</script"),
        "vis_css": _asset("pyvis", f"{vis}/vis-network.css", "</style"),
        "page_js": _asset("encircle.graph.views", "page.js", "</script"),
        "page_css": _asset("encircle.graph.views", "page.css", "</style"),
    }


@cache
def _template() -> Any:
    text = files("encircle.graph.views").joinpath("page.html").read_text(encoding="utf-8")
    return Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(text)


def vis_options() -> dict[str, Any]:
    """vis-network options: positions come from Python, so physics stays off and the
    first frame is the final picture."""
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True, "navigationButtons": False},
        "nodes": {"font": {"face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"scaleFactor": 0.6}}, "selectionWidth": 1.5, "hoverWidth": 1},
    }


@dataclass(frozen=True)
class ViewPage:
    """What a page draws, as plain data: nodes and edges as vis-network takes them (the
    dictionaries pyvis' add_node and add_edge make), and the texts around them."""

    title: str
    summary: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: dict[str, Any]
    options: dict[str, Any] = field(default_factory=vis_options)

    def data(self) -> dict[str, Any]:
        """The page's data document (see `render_page`)."""
        return {
            "title": self.title,
            "summary": self.summary,
            "nodes": self.nodes,
            "edges": self.edges,
            "options": self.options,
            "legend": self.legend,
        }


def render_page(data: dict[str, Any], assets: str | None = None) -> str:
    """The page drawing `data` (title, summary, nodes, edges, options, legend), every
    asset inline, or referenced at the URL prefix `assets` (e.g. ``""`` for files beside
    the page, ``"/assets/"``).

    The nonce is a digest of the data, so the same view is the same bytes. Data cannot
    carry a script anyway (see above); the nonce only keeps handlers from running.
    """
    text = _ENCODE(data)
    if may_hide_json(text):  # else no shown text holds a character to make visible
        data = _shown(data)
        text = _ENCODE(data)
    data_json = _script_safe(text)
    values = {
        "title": str(escape(data.get("title") or "encircle view")),
        "data_json": data_json,
        "nonce": hashlib.sha256(data_json.encode()).hexdigest()[:24],
    }
    return "".join(values[piece] if n % 2 else piece for n, piece in enumerate(_pieces(assets)))


_SLOT = re.compile("\x00(title|data_json|nonce)\x00")


@cache
def _pieces(assets: str | None) -> tuple[str, ...]:
    """The page template rendered once per `assets`, split at its per-page values: text,
    slot name, text, ... A report renders hundreds of pages, and Jinja's render was a
    third of each."""
    inline = _assets() if assets is None else {"page_css": _assets()["page_css"]}
    slots = {name: Markup(f"\x00{name}\x00") for name in ("title", "data_json", "nonce")}
    return tuple(_SLOT.split(_template().render(base=assets, **slots, **inline)))


def asset_bytes(name: str) -> bytes:
    """The content of one of :data:`ASSET_FILES` (KeyError for any other name)."""
    package, path = ASSET_FILES[name]
    return _package_file(package, path).read_bytes()


def write_assets(folder: Path) -> list[Path]:
    """Write the assets linked pages reference into `folder` (unchanged files are left
    alone) and return their paths."""
    written = []
    for name in ASSET_FILES:
        target = folder / name
        write_changed(target, asset_bytes(name).decode("utf-8"))  # no half-written script
        written.append(target)
    return written
