"""Views of what the query layer finds: an entity's neighbourhood, the paths between
two entities, a finding's evidence. Names resolve like everywhere else (id, name or
alias); the drawing itself is encircle.graph.views. Notebooks call these directly:

>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> network = path_view(store, "钱磊", "周平")
>>> len(network.nodes), len(network.edges)
(4, 5)
"""

from __future__ import annotations

from encircle.graph.errors import QueryError
from encircle.graph.stores import Store
from encircle.graph.views import DEFAULT_MAX_ENTITIES, Selection, ViewNetwork, build_view, for_finding, for_path
from encircle.graph.views import around as around_entity
from encircle.graph.views.compose import Numbering
from encircle.queries.detection import TACTICS, detect
from encircle.queries.lookup import resolve
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import PathQuery

__all__ = ["around_view", "finding_view", "path_view"]


def _build(
    selection: Selection, title: str, subtitle: str, max_entities: int, numbering: Numbering = "date"
) -> ViewNetwork:
    return build_view(
        selection.entities,
        selection.relations,
        selection.highlight,
        title,
        max_entities,
        selection.focus,
        subtitle,
        numbering=numbering,
    )


def around_view(store: Store, reference: str, hops: int = 1, max_entities: int = DEFAULT_MAX_ENTITIES) -> ViewNetwork:
    """The neighbourhood of an entity named by id, name or alias (for notebooks too)."""
    entity = resolve(store, reference)
    plural = "s" if hops != 1 else ""
    return _build(around_entity(store, entity.id, hops), f"Around {entity.name} ({hops} hop{plural})", "", max_entities)


def path_view(
    store: Store, source: str, target: str, max_hops: int = 4, max_entities: int = DEFAULT_MAX_ENTITIES
) -> ViewNetwork:
    """Every shortest path from `source` to `target`, highlighted, its steps numbered
    along the path."""
    result = find_paths(store, source, target, PathQuery("shortest", max_hops=max_hops))
    names = result.names
    if not result.paths:
        raise QueryError(f"no path from {source!r} to {target!r} within {max_hops} hops")
    selection = for_path(store, [p.relations for p in result.paths])
    count = len(result.paths)
    title = f"{names.get(result.source, result.source)} \u2192 {names.get(result.target, result.target)}"
    subtitle = f"{count} shortest path{'s' if count != 1 else ''} of {len(result.paths[0].steps)} steps"
    return _build(selection, title, subtitle, max_entities, numbering="path")


def finding_view(store: Store, finding_id: str, max_entities: int = DEFAULT_MAX_ENTITIES) -> ViewNetwork:
    """A finding from `encircle detect` with its evidence chains highlighted. A finding's
    id starts with its tactic: only that tactic is run to find it again."""
    tactic = finding_id.rsplit("-", 1)[0]
    found = [f for f in detect(store, [tactic] if tactic in TACTICS else ()) if f.id == finding_id]
    if not found:
        raise QueryError(f"no finding with id {finding_id!r}; `encircle detect --all` lists them")
    f = found[0]
    selection = for_finding(store, f.entities, [[s.relation for s in chain.steps] for chain in f.evidence])
    title = f"{f.tactic} [{f.verdict}] score {f.score:.2f} \u00b7 {f.id}"
    return _build(selection, title, f.explanation, max_entities)
