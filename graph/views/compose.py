"""From entities and relations to a styled, laid-out network ready to draw."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Required, TypedDict

from encircle.graph.records import Entity, Relation
from encircle.graph.schema import SCHEMA
from encircle.graph.views.collapse import DEFAULT_HUB_LEAVES, Group, Reduced, reduce
from encircle.graph.views.layout import Graph, spring_layout, spring_layouts
from encircle.graph.views.page import ViewPage
from encircle.graph.views.style import STYLE
from encircle.graph.views.tooltips import entity_tip, group_label, group_tip, relation_tip

if TYPE_CHECKING:
    from encircle.graph.views.network import ViewNetwork  # pyvis: imported when a network is built

__all__ = ["DEFAULT_MAX_ENTITIES", "ViewOptions", "build_view", "build_views", "draw_views", "step_numbers"]

DEFAULT_MAX_ENTITIES = 500
MAX_LABEL = 32
LABELLED = 25  # nodes labelled at the first zoom of a crowded view
Numbering = Literal["date", "path"]


def build_view(
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    highlight: Sequence[Sequence[str]] = (),
    title: str = "",
    max_entities: int = DEFAULT_MAX_ENTITIES,
    focus: Sequence[str] = (),
    subtitle: str = "",
    hub_leaves: int | None = DEFAULT_HUB_LEAVES,
    numbering: Numbering = "date",
) -> ViewNetwork:
    """A pyvis Network of the given records, styled from style.yaml and laid out.

    `highlight` holds evidence chains as relation-id sequences: their relations are
    numbered and drawn wider, their entities framed, the rest faded. Steps are numbered
    1, 2, ... by date across chains (`numbering="date"`, for evidence), or by their place
    along each chain (`"path"`, for paths: the route reads 1, 2, 3 from A to B).
    `focus` entities (and highlighted ones) are always drawn. Leaf groups larger than
    `hub_leaves` are collapsed into one "N more officials via X" node, and beyond
    `max_entities` leaves are collapsed the same way (see collapse.py). In a crowded
    view only the most relevant nodes are labelled at first (`minor` marks the others,
    whose labels the page shows once zoomed in).

    >>> view = build_view([Entity("a", "Person", "Li"), Entity("b", "Company", "Acme")],
    ...                   [Relation("r1", "OWNS", "a", "b")], highlight=[["r1"]])
    >>> [(e["id"], e["label"]) for e in view.edges]
    [('r1', '1')]
    """
    from encircle.graph.views.network import ViewNetwork

    draft = _draft(entities, relations, highlight, title, max_entities, focus, subtitle, hub_leaves, numbering)
    return ViewNetwork.of(_drawn(draft, spring_layout(*_layout_graph(draft.reduced))))


class ViewOptions(TypedDict, total=False):
    """The arguments of one `build_view` call, for `build_views`."""

    entities: Required[Iterable[Entity]]
    relations: Required[Iterable[Relation]]
    highlight: Sequence[Sequence[str]]
    title: str
    max_entities: int
    focus: Sequence[str]
    subtitle: str
    hub_leaves: int | None
    numbering: Numbering


def build_views(views: Iterable[ViewOptions]) -> list[ViewNetwork]:
    """`build_view(**options)` for each of `views`: the same networks, with their layouts
    computed together (layout.spring_layouts). A report draws hundreds of small views,
    and laid out one at a time each would pay numpy's cost per call on its own.

    >>> people = [Entity("a", "Person", "Li"), Entity("b", "Company", "Acme")]
    >>> links = [Relation("r1", "OWNS", "a", "b")]
    >>> [view] = build_views([{"entities": people, "relations": links, "title": "t"}])
    >>> view.nodes == build_view(people, links, title="t").nodes
    True
    """
    from encircle.graph.views.network import ViewNetwork

    return [ViewNetwork.of(page) for page in draw_views(views)]


def draw_views(views: Iterable[ViewOptions]) -> list[ViewPage]:
    """The pages of `build_views(views)`, as plain data, without pyvis: what a report
    writes for each of its views.

    >>> people = [Entity("a", "Person", "Li"), Entity("b", "Company", "Acme")]
    >>> [page] = draw_views([{"entities": people, "relations": [], "title": "t"}])
    >>> page.nodes == build_view(people, [], title="t").nodes
    True
    """
    drafts = [_draft(**options) for options in views]
    placed = spring_layouts([_layout_graph(draft.reduced) for draft in drafts])
    return [_drawn(draft, positions) for draft, positions in zip(drafts, placed, strict=True)]


@dataclass(frozen=True)
class _Draft:
    """A view before its positions: what build_view decides from the records."""

    title: str
    summary: str
    reduced: Reduced
    names: Mapping[str, str]  # entity id -> name, for tooltips and collapsed groups
    numbers: Mapping[str, str]  # relation id -> its step label
    framed: frozenset[str]  # the evidence's entities and the focus
    numbering: Numbering


def _draft(
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    highlight: Sequence[Sequence[str]] = (),
    title: str = "",
    max_entities: int = DEFAULT_MAX_ENTITIES,
    focus: Sequence[str] = (),
    subtitle: str = "",
    hub_leaves: int | None = DEFAULT_HUB_LEAVES,
    numbering: Numbering = "date",
) -> _Draft:
    by_id = {e.id: e for e in entities}
    rels = [r for r in relations if r.source_id in by_id and r.target_id in by_id]
    in_view = {r.id: r for r in rels}
    numbers = path_numbers(highlight, in_view) if numbering == "path" else _labels(step_numbers(highlight, in_view))
    marked = {end for r in rels if r.id in numbers for end in (r.source_id, r.target_id)}
    reduced = reduce(by_id, rels, marked | set(focus), max_entities, hub_leaves)
    names = {e.id: e.name for e in by_id.values()}
    framed = frozenset(marked | set(focus))
    return _Draft(title, _summary(reduced, subtitle), reduced, names, numbers, framed, numbering)


def _drawn(draft: _Draft, positions: Mapping[Hashable, tuple[float, float]]) -> ViewPage:
    """The page of a draft, its nodes at `positions`."""
    reduced, names, numbers = draft.reduced, draft.names, draft.numbers
    nodes: dict[str, dict[str, Any]] = {}
    minor = _minor(reduced, set(draft.framed))
    for entity in reduced.entities:
        node = _node(entity, entity.id in draft.framed, positions)
        _add_node(nodes, entity.id, node | {"minor": True} if entity.id in minor else node)
    for group in reduced.groups:
        _add_node(nodes, _group_id(group), _group_node(group, names.get(group.parent, group.parent), positions))
    faded = bool(numbers)
    edges = [
        _pyvis_edge(r.source_id, r.target_id, _edge(r, names, numbers.get(r.id), faded, smooth))
        for r, smooth in _with_curves(reduced.relations)
    ]
    edges += [
        _pyvis_edge(g.parent, _group_id(g), _group_edge(g, names.get(g.parent, g.parent))) for g in reduced.groups
    ]
    legend = _legend(reduced, draft.numbering if numbers else None)
    return ViewPage(draft.title, draft.summary, list(nodes.values()), edges, legend)


# Nodes and edges are the dictionaries pyvis' Network.add_node and add_edge (directed)
# make, built here without pyvis: importing it (and networkx and IPython with it) costs
# a report a fifth of a second, and add_edge looks its ends up in a list.


def _add_node(nodes: dict[str, dict[str, Any]], node_id: str, options: dict[str, Any]) -> None:
    """`Network.add_node(node_id, **options)`: the first node of an id is kept."""
    if node_id in nodes:
        return
    label, shape, color = options.pop("label", None), options.pop("shape", "dot"), options.pop("color", "#97c2fc")
    node = {"color": color, **options}
    node.update(id=node_id, label=label or node_id, shape=shape)
    nodes[node_id] = node


def _pyvis_edge(source: str, target: str, options: dict[str, Any]) -> dict[str, Any]:
    """`Network.add_edge(source, target, **options)` on a directed network."""
    edge = {**options, "from": source, "to": target}
    edge.setdefault("arrows", "to")  # pyvis adds it last, when not given
    return edge


def path_numbers(chains: Sequence[Sequence[str]], relations: Mapping[str, Relation]) -> dict[str, str]:
    """Relation id -> its place along the chains ('1', '2', ...); a relation at different
    places on different chains shows each ('2,3'). Ids not among `relations` are ignored.

    >>> path_numbers([["g1", "emp"], ["g2", "emp"], ["x", "g2", "emp"]], {i: None for i in ("g1", "g2", "emp")})
    {'g1': '1', 'emp': '2,3', 'g2': '1,2'}
    """
    places: dict[str, set[int]] = {}
    for chain in chains:
        for place, rid in enumerate(chain, 1):
            if rid in relations:
                places.setdefault(rid, set()).add(place)
    return {rid: ",".join(str(p) for p in sorted(found)) for rid, found in places.items()}


def _labels(numbers: Mapping[str, int]) -> dict[str, str]:
    return {rid: str(n) for rid, n in numbers.items()}


def _minor(reduced: Reduced, marked: set[str]) -> set[str]:
    """Entities whose labels wait for a closer zoom: all but the `LABELLED` most relevant
    (the focus and evidence first, then the best connected in the view, ties by id)."""
    if len(reduced.entities) + len(reduced.groups) <= LABELLED:
        return set()
    degree: Counter[str] = Counter()
    for r in reduced.relations:
        degree.update((r.source_id, r.target_id))
    for g in reduced.groups:
        degree[g.parent] += len(g.members)
    ranked = sorted((e.id for e in reduced.entities), key=lambda i: (i not in marked, -degree[i], i))
    return set(ranked[max(LABELLED - len(reduced.groups), len(marked & set(ranked))) :])


def step_numbers(chains: Sequence[Sequence[str]], relations: Mapping[str, Relation]) -> dict[str, int]:
    """Relation id -> 1, 2, ... in time order (date or start of period); undated steps
    last, ties in chain order. Ids not among `relations` are ignored."""
    order: dict[str, tuple[str, int, int]] = {}
    for c, chain in enumerate(chains):
        for s, rid in enumerate(chain):
            if rid in relations and rid not in order:
                r = relations[rid]
                order[rid] = (r.date or r.start_date or "\uffff", c, s)
    return {rid: n for n, rid in enumerate(sorted(order, key=order.__getitem__), 1)}


def _summary(reduced: Reduced, subtitle: str) -> str:
    parts = [f"{len(reduced.entities)} entities, {len(reduced.relations)} relations"]
    collapsed = sum(len(g.members) for g in reduced.groups)
    if collapsed:
        parts.append(f"{collapsed} more in {len(reduced.groups)} collapsed groups")
    if reduced.hidden:
        parts.append(f"{reduced.hidden} entities not drawn (raise --max-entities)")
    text = "; ".join(parts) + ". Leads, not verdicts: hover for sources and status."
    return f"{subtitle}\n{text}" if subtitle else text


def _group_id(group: Group) -> str:
    return f"\u2026more\u241f{group.parent}\u241f{group.type}\u241f{group.role or ''}"


def _layout_graph(reduced: Reduced) -> Graph:
    """What the layout places (layout.py: positions computed once in Python with a fixed
    seed, so the browser draws at once with physics off and the same data always gives
    the same picture): the entities and the collapsed groups, linked as drawn."""
    nodes = [e.id for e in reduced.entities] + [_group_id(g) for g in reduced.groups]
    edges = [(r.source_id, r.target_id) for r in reduced.relations]
    edges += [(g.parent, _group_id(g)) for g in reduced.groups]
    return nodes, edges, 200 + 60 * math.sqrt(len(nodes))


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "\u2026"


def _node(entity: Entity, marked: bool, positions: Mapping[Hashable, tuple[float, float]]) -> dict[str, Any]:
    shape, colour = STYLE.node_look(entity.type, entity.roles)
    border = STYLE.highlight if marked else colour
    x, y = positions.get(entity.id, (0.0, 0.0))
    return {
        "label": _label(entity.name),
        "shape": shape,
        "color": {"background": colour, "border": border, "highlight": {"background": colour, "border": "#000000"}},
        "borderWidth": 3 if marked else 1,
        "size": 18 if marked else 12,
        "font": {"size": 15 if marked else 13, "bold": marked},
        "title": entity_tip(entity),
        "x": x,
        "y": y,
        "type": entity.type,
    }


def _group_node(group: Group, parent_name: str, positions: Mapping[Hashable, tuple[float, float]]) -> dict[str, Any]:
    shape, fill, border = STYLE.collapsed
    x, y = positions.get(_group_id(group), (0.0, 0.0))
    return {
        "label": group_label(group, _label(parent_name)),
        "shape": shape,
        "color": {"background": fill, "border": border},
        "borderWidth": 1,
        "shapeProperties": {"borderDashes": [4, 3]},
        # large enough to stay legible when a crowded view is zoomed out to fit
        "font": {"size": min(40, 14 + 2 * int(math.log2(1 + len(group.members)))), "bold": True},
        "title": group_tip(group, parent_name),
        "x": x,
        "y": y,
        "collapsed": len(group.members),
    }


def _with_curves(relations: Sequence[Relation]) -> list[tuple[Relation, Any]]:
    """Relations with a curve each where several link the same pair, so none hides another."""
    pairs = Counter(frozenset((r.source_id, r.target_id)) for r in relations)
    seen: Counter[frozenset[str]] = Counter()
    out: list[tuple[Relation, Any]] = []
    for r in relations:
        pair = frozenset((r.source_id, r.target_id))
        if pairs[pair] == 1:
            out.append((r, False))
            continue
        i = seen[pair]
        seen[pair] += 1
        # alternate sides, growing roundness; flip for the reverse direction so curves don't cross
        side = "curvedCW" if (i % 2 == 0) == (r.source_id < r.target_id) else "curvedCCW"
        out.append((r, {"enabled": True, "type": side, "roundness": round(0.2 + 0.15 * (i // 2), 2)}))
    return out


def _edge(relation: Relation, names: Mapping[str, str], number: str | None, faded: bool, smooth: Any) -> dict[str, Any]:
    colour = STYLE.relation_types[relation.type]
    on_chain = number is not None
    edge: dict[str, Any] = {
        "id": relation.id,
        "color": {
            "color": colour,
            "highlight": colour,
            "hover": colour,
            "opacity": 1.0 if on_chain or not faded else 0.35,
        },
        "width": STYLE.edge_width(relation.amount, on_chain),
        "dashes": STYLE.dashes(relation.status),
        "title": relation_tip(relation, names, number),
        "arrows": "" if SCHEMA.relation_types[relation.type].symmetric else "to",
        "smooth": smooth,
        "type": relation.type,
        "status": relation.status,
    }
    if on_chain:
        edge["label"] = number
        edge["font"] = {"size": 16, "bold": True, "color": STYLE.highlight, "background": "#ffffff", "strokeWidth": 0}
    return edge


def _group_edge(group: Group, parent_name: str) -> dict[str, Any]:
    types = {r.type for r in group.relations}
    colour = STYLE.relation_types[next(iter(types))] if len(types) == 1 else STYLE.collapsed[2]
    return {
        "id": _group_id(group),
        "color": {"color": colour, "opacity": 0.6},
        "width": STYLE.width.base,
        "dashes": False,
        "arrows": "",
        "smooth": False,
        "title": group_tip(group, parent_name),
    }


def _legend(reduced: Reduced, numbering: Numbering | None) -> dict[str, Any]:
    """Only what the view shows: its entity types, roles, relation types and statuses."""
    types = {e.type for e in reduced.entities} | {g.type for g in reduced.groups}
    roles = {role for e in reduced.entities if e.type == "Person" for role in e.roles}
    rel_types = {r.type for r in reduced.relations} | {r.type for g in reduced.groups for r in g.relations}
    statuses = {r.status for r in reduced.relations}
    notes = ["line width: amount (log scale)"]
    if numbering == "date":
        notes.insert(0, "numbers: evidence steps in date order")
    elif numbering == "path":
        notes.insert(0, "numbers: steps along the path")
    if reduced.groups:
        notes.append("grey boxes: collapsed leaves")
    return {
        "entity_types": [
            {"label": t, "shape": s, "color": c} for t, (s, c) in STYLE.entity_types.items() if t in types
        ],
        "roles": [{"label": r, "color": c} for r, c in STYLE.roles.items() if r in roles],
        "relation_types": [{"label": t, "color": c} for t, c in STYLE.relation_types.items() if t in rel_types],
        "statuses": [{"label": s, "dashes": d} for s, d in STYLE.statuses.items() if s in statuses],
        "notes": notes,
    }
