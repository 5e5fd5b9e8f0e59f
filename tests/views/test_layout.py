"""graph/views/layout.py gives the same coordinates as the layout it replaced.

The reference (layout_reference.py, beside this file) is the implementation before
issue 13 made it cheaper per call. Both run on the same few hundred random graphs and
must agree exactly: at a view's scale (rounded to 0.1, what a view shows) and at a scale
of 1e15, where rounding to 0.1 keeps 14-16 significant digits of a coordinate (a float
has 15-17), so a difference in the last bits of the computation shows. Each graph is
laid out alone (`spring_layout`) and with all the others (`spring_layouts`: graphs of
the same size as one stack, also in small stacks). The block path (more than BLOCK
nodes) is compared with BLOCK lowered to 16 in both, and at the real BLOCK on a few
graphs just above and below it.
"""

from __future__ import annotations

import importlib.util
import math
import random
from collections.abc import Callable, Hashable, Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from encircle.graph.views import layout
from encircle.graph.views.layout import spring_layout, spring_layouts

Graph = tuple[list[Hashable], list[tuple[Hashable, Hashable]]]
FULL = 1e15  # at this scale, rounding to 0.1 keeps nearly the whole float


def _reference() -> ModuleType:
    path = Path(__file__).with_name("layout_reference.py")
    spec = importlib.util.spec_from_file_location("layout_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference()


def random_graph(rng: random.Random, n: int) -> Graph:
    """n nodes (ints or strings) with a mix of what views hold and what they might:
    trees, denser knots, self-loops, duplicate and reversed edges, isolated nodes."""
    nodes: list[Hashable] = [f"e{i}" if rng.random() < 0.5 else i for i in range(n)]
    rng.shuffle(nodes)
    if n == 0:
        return nodes, []
    linked = nodes[: max(1, n - rng.randrange(0, n // 4 + 2))]  # the rest are isolated
    edges = [(rng.choice(linked[:i]), node) for i, node in enumerate(linked) if i and rng.random() < 0.9]
    edges += [(rng.choice(linked), rng.choice(linked)) for _ in range(rng.randrange(0, 2 * len(linked) + 1))]
    edges += [rng.choice(edges) for _ in range(rng.randrange(0, 4))] if edges else []  # duplicates
    edges += [(b, a) for a, b in edges[: rng.randrange(0, 3)]]  # both directions
    edges += [(node, node) for node in rng.sample(linked, min(len(linked), rng.randrange(0, 3)))]  # self-loops
    rng.shuffle(edges)
    return nodes, edges


def graphs(count: int, sizes: Callable[[random.Random], int], seed: int) -> list[Graph]:
    rng = random.Random(seed)
    return [random_graph(rng, sizes(rng)) for _ in range(count)]


def view_scale(graph: Graph) -> float:
    return 200 + 60 * math.sqrt(len(graph[0]))  # as graph/views/compose.py lays out a view


def reference_of(graphs: Sequence[Graph], **options: Any) -> Callable[[int, float], Any]:
    """The reference's layout of graphs[i] at a scale, computed once."""

    @cache
    def expected(i: int, scale: float) -> Any:
        return REFERENCE.reference_layout(*graphs[i], scale, **options)

    return expected


def assert_same(graphs: Sequence[Graph], expected: Callable[[int, float], Any], **options: Any) -> None:
    """Each of `graphs` laid out alone, at its view scale and at FULL."""
    for i, graph in enumerate(graphs):
        for scale in (view_scale(graph), FULL):
            assert spring_layout(*graph, scale, **options) == expected(i, scale), (i, len(graph[0]), scale)


def assert_same_together(graphs: Sequence[Graph], expected: Callable[[int, float], Any]) -> None:
    """All of `graphs` laid out in one call, at each one's view scale and at FULL."""
    for scales in ([view_scale(g) for g in graphs], [FULL] * len(graphs)):
        placed = spring_layouts([(*g, s) for g, s in zip(graphs, scales, strict=True)])
        differ = [i for i, s in enumerate(scales) if placed[i] != expected(i, s)]
        assert not differ, [(len(graphs[i][0]), scales[i]) for i in differ]


# 240 view-sized graphs (a report's views have 3-80 nodes), 20 larger ones up to 240
VIEWS = graphs(240, lambda rng: rng.randrange(0, 81), seed=1) + graphs(20, lambda rng: rng.randrange(81, 241), seed=2)
expected_view = reference_of(VIEWS)  # shared by the tests below: the reference runs once per graph and scale


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("chunk", range(0, len(VIEWS), 30))
def test_the_same_coordinates_as_the_reference(chunk: int) -> None:
    assert_same(VIEWS[chunk : chunk + 30], lambda i, scale: expected_view(chunk + i, scale))


@pytest.mark.filterwarnings("error")
def test_the_same_coordinates_laid_out_together() -> None:
    assert_same_together(VIEWS, expected_view)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("stack", [1, 100, 2000])
def test_the_same_coordinates_in_small_stacks(stack: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """STACK floats per n x n array: 1 lays out one graph at a time, 2000 up to 125
    graphs of 4 nodes together and one of 45 or more."""
    monkeypatch.setattr(layout, "STACK", stack)
    assert_same_together(VIEWS[:120], expected_view)


@pytest.mark.filterwarnings("error")
def test_the_same_coordinates_in_row_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """More nodes than BLOCK: the repulsion a block of rows at a time, the diagonal of
    each block zeroed, the last block shorter; graphs of up to BLOCK nodes still stacked."""
    monkeypatch.setattr(layout, "BLOCK", 16)
    monkeypatch.setattr(REFERENCE, "BLOCK", 16)
    blocked = graphs(40, lambda rng: rng.randrange(10, 90), seed=3)
    expected = reference_of(blocked)
    assert_same(blocked, expected)
    assert_same_together(blocked, expected)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("n", [511, 512, 513, 600])
def test_the_same_coordinates_around_the_real_block(n: int) -> None:
    graph = graphs(1, lambda rng: n, seed=n)
    assert_same(graph, reference_of(graph, iterations=20), iterations=20)


@pytest.mark.filterwarnings("error")
def test_the_same_coordinates_on_small_and_odd_graphs() -> None:
    odd: list[Graph] = [
        ([], []),
        (["a"], []),
        (["a"], [("a", "a")]),
        (["a", "b"], []),
        (["a", "b"], [("a", "a"), ("b", "b")]),  # only self-loops: no link at all
        (["a", "b"], [("a", "b")] * 5),
        (["b", "a"], [("a", "b")]),
        (["a", "b", "c"], [("a", "b"), ("b", "a"), ("c", "c")]),
        (["a", "b", "c"], []),  # three nodes and no link, beside three linked ones
        (["hub", *range(30)], [("hub", i) for i in range(30)]),  # a star
        (list(range(12)), [(i, j) for i in range(12) for j in range(12)]),  # complete, both ways, loops
    ]
    expected = reference_of(odd)
    assert_same(odd, expected)
    assert_same_together(odd, expected)
    for seed, iterations in ((0, 80), (1, 1), (7, 0), (123, 200)):
        some = graphs(3, lambda rng: 25, seed=seed)
        expected = reference_of(some, seed=seed, iterations=iterations)
        assert_same(some, expected, seed=seed, iterations=iterations)
        placed = spring_layouts([(*g, FULL) for g in some], seed=seed, iterations=iterations)
        assert placed == [expected(i, FULL) for i in range(3)]


def test_an_edge_to_an_unknown_node_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        REFERENCE.reference_layout(["a", "b"], [("a", "c")], 1.0)
    with pytest.raises(KeyError):
        spring_layouts([(["a", "b"], [("a", "b")], 1.0), (["a", "b"], [("a", "c")], 1.0)])


def test_positions_stay_within_the_scale_and_are_centred() -> None:
    nodes, edges = graphs(1, lambda rng: 40, seed=9)[0]
    pos = spring_layout(nodes, edges, scale=300)
    assert set(pos) == set(nodes)
    assert max(abs(v) for p in pos.values() for v in p) == 300.0
    for axis in (0, 1):
        assert abs(sum(p[axis] for p in pos.values()) / len(pos)) < 0.1
