"""The pyvis Network a view returns, whose HTML is encircle's own offline page.

pyvis' template pulls bootstrap and tom-select from CDNs in every `cdn_resources` mode,
and its popup code writes titles with innerHTML. So a view keeps pyvis' data model and
API (`add_node`, `nodes`, `edges`, `.show()` in a notebook) but renders through
html.py: one file, every asset inline, no request to any host.
"""

from __future__ import annotations

import html
import os
import webbrowser
from pathlib import Path
from typing import Any

from pyvis.network import Network

from encircle.graph.files import atomic_write
from encircle.graph.views.page import ViewPage, render_page, vis_options

__all__ = ["ViewNetwork", "vis_options", "write_html"]


class ViewNetwork(Network):  # type: ignore[misc]  # pyvis ships no type hints
    """A pyvis Network with a title, a summary line and a legend, rendered offline."""

    def __init__(self, title: str = "", summary: str = "", legend: dict[str, Any] | None = None) -> None:
        super().__init__(height="720px", width="100%", directed=True, cdn_resources="in_line")
        self.view_title = title
        self.summary = summary
        self.legend: dict[str, Any] = legend or {}
        self.options: dict[str, Any] = vis_options()

    @classmethod
    def of(cls, page: ViewPage) -> ViewNetwork:
        """The network drawing `page` (its nodes and edges are pyvis' own dictionaries)."""
        network = cls(title=page.title, summary=page.summary, legend=page.legend)
        network.nodes, network.edges, network.options = page.nodes, page.edges, page.options
        network.node_ids = [node["id"] for node in page.nodes]
        network.node_map = {node["id"]: node for node in page.nodes}
        return network

    def page_data(self) -> dict[str, Any]:
        """Everything the page draws, as plain JSON-able data."""
        return ViewPage(self.view_title, self.summary, self.nodes, self.edges, self.legend, self.options).data()

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        self.html: str = render_page(self.page_data())
        return self.html

    def write_html(self, name: str, local: bool = True, notebook: bool = False, open_browser: bool = False) -> None:
        write_html(self, name)
        if open_browser:
            webbrowser.open(Path(name).resolve().as_uri())

    def _repr_html_(self) -> str:
        """Inline display in Jupyter: the page in a sandboxed iframe, no file needed."""
        page = html.escape(self.generate_html(), quote=True)
        style = f"width:100%;height:{self.height};border:0"
        return f'<iframe srcdoc="{page}" sandbox="allow-scripts" style="{style}"></iframe>'


def write_html(network: ViewNetwork, path: str | os.PathLike[str], assets: str | None = None) -> Path:
    """Write the network's page to `path` (UTF-8) and return the path: self-contained, or
    referencing the shared assets at the URL prefix `assets` (see page.py). Written under a
    temporary name and renamed, so a failure leaves no truncated page."""
    return atomic_write(path, render_page(network.page_data(), assets))
