"""graph/views/layout.py gives the same coordinates as the layout it replaced.

The reference (layout_reference.py, beside this file) is the implementation before
issue 13 made it cheaper per call. Both run on the same few hundred random graphs and
must agree exactly: at a view's scale (rounded to 0.1, what a view shows) and at a scale
of 1e15, where rounding to 0.1 keeps every bit of the unrounded float. The block path
(more than BLOCK nodes) is compared with BLOCK lowered to 16 in both, and at the real
BLOCK on a few graphs just above and below it.
"""

from __future__ import annotations

import importlib.util
import math
import random
from collections.abc import Callable, Hashable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from encircle.graph.views import layout
from encircle.graph.views.layout import spring_layout

Graph = tuple[list[Hashable], list[tuple[Hashable, Hashable]]]
FULL = 1e15  # at this scale, rounding to 0.1 keeps the whole float


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


def assert_same(graph: Graph, **options: Any) -> None:
    nodes, edges = graph
    for scale in (view_scale(graph), FULL):
        expected = REFERENCE.reference_layout(nodes, edges, scale, **options)
        assert spring_layout(nodes, edges, scale, **options) == expected, (len(nodes), len(edges), scale)


# 240 view-sized graphs (a report's views have 3-80 nodes), 30 larger ones up to 300
VIEWS = graphs(240, lambda rng: rng.randrange(0, 81), seed=1) + graphs(30, lambda rng: rng.randrange(81, 301), seed=2)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("chunk", range(0, len(VIEWS), 20))
def test_the_same_coordinates_as_the_reference(chunk: int) -> None:
    for graph in VIEWS[chunk : chunk + 20]:
        assert_same(graph)


@pytest.mark.filterwarnings("error")
def test_the_same_coordinates_in_row_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """More nodes than BLOCK: the repulsion a block of rows at a time, the diagonal of
    each block zeroed, the last block shorter."""
    monkeypatch.setattr(layout, "BLOCK", 16)
    monkeypatch.setattr(REFERENCE, "BLOCK", 16)
    for graph in graphs(40, lambda rng: rng.randrange(15, 90), seed=3):
        assert_same(graph)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("n", [511, 512, 513, 600])
def test_the_same_coordinates_around_the_real_block(n: int) -> None:
    assert_same(graphs(1, lambda rng: n, seed=n)[0], iterations=20)


@pytest.mark.filterwarnings("error")
def test_the_same_coordinates_on_small_and_odd_graphs() -> None:
    odd: list[Graph] = [
        ([], []),
        (["a"], []),
        (["a"], [("a", "a")]),
        (["a", "b"], []),
        (["a", "b"], [("a", "a"), ("b", "b")]),  # only self-loops: no link at all
        (["a", "b"], [("a", "b")] * 5),
        (["a", "b", "c"], [("a", "b"), ("b", "a"), ("c", "c")]),
        (["hub", *range(30)], [("hub", i) for i in range(30)]),  # a star
        (list(range(12)), [(i, j) for i in range(12) for j in range(12)]),  # complete, both ways, loops
    ]
    for graph in odd:
        assert_same(graph)
    for seed, iterations in ((0, 80), (1, 1), (7, 0), (123, 200)):
        assert_same(graphs(1, lambda rng: 25, seed=seed)[0], seed=seed, iterations=iterations)


def test_positions_stay_within_the_scale_and_are_centred() -> None:
    nodes, edges = graphs(1, lambda rng: 40, seed=9)[0]
    pos = spring_layout(nodes, edges, scale=300)
    assert set(pos) == set(nodes)
    assert max(abs(v) for p in pos.values() for v in p) == 300.0
    for axis in (0, 1):
        assert abs(sum(p[axis] for p in pos.values()) / len(pos)) < 0.1
