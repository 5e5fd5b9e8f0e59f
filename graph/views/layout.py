"""Positions for a view, computed once in Python so the browser draws at once.

A Fruchterman-Reingold spring layout in numpy with a fixed seed: the same records
always give the same picture. networkx's spring_layout switches to scipy's optimiser
from 500 nodes, which takes seconds on a small machine; this one computes repulsion in
row blocks (memory stays bounded) and takes well under a second at 500 entities.

A view has 3-80 nodes, where the cost of a layout is numpy's cost per call, not
arithmetic: every array an iteration needs is allocated once (`_Springs`), each step
writes into it (`out=`), and what does not change between iterations (the node pairs,
the diagonal) is computed once. `spring_layouts` lays out many graphs at once, those
of the same size as one stack, for the price in numpy calls of about one.

The floating-point operations are those of the straightforward version (one temporary
per expression) that tests/views/layout_reference.py keeps, in the same order: the two
matrix products are the same BLAS calls on the same shapes (BLAS may fuse
multiply-adds), and where an operation changed (np.bincount for np.add.at, k^2 /
infinity for a zeroed diagonal, b - a for -(a - b)) it gives the same bits. So the
coordinates are the same (tests/views/test_layout.py).

>>> pos = spring_layout(["a", "b", "c"], [("a", "b"), ("b", "c")], scale=100)
>>> sorted(pos) == ["a", "b", "c"] and max(abs(v) for p in pos.values() for v in p) <= 100
True
>>> pos == spring_layout(["a", "b", "c"], [("a", "b"), ("b", "c")], scale=100)
True
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

__all__ = ["spring_layout", "spring_layouts"]

SEED = 7
ITERATIONS = 80
BLOCK = 512  # rows of the pairwise repulsion computed at once
STACK = 1 << 15  # floats in each n x n array of a stack laid out together: 256 KiB, in cache
CLOSEST = 1e-4  # squared distance below which two nodes push as if this far apart
SLOWEST = 0.01  # shift length below which a node moves as if its shift were this long


Graph = tuple[Sequence[Hashable], Sequence[tuple[Hashable, Hashable]], float]  # nodes, edges, scale
Positions = dict[Hashable, tuple[float, float]]


def spring_layout(
    nodes: Sequence[Hashable],
    edges: Sequence[tuple[Hashable, Hashable]],
    scale: float,
    seed: int = SEED,
    iterations: int = ITERATIONS,
) -> Positions:
    """Node -> (x, y) within [-scale, scale], centred on 0."""
    return spring_layouts([(nodes, edges, scale)], seed, iterations)[0]


def spring_layouts(graphs: Sequence[Graph], seed: int = SEED, iterations: int = ITERATIONS) -> list[Positions]:
    """`spring_layout(nodes, edges, scale)` of each graph, the same coordinates, computed
    together: graphs with the same number of nodes start from the same positions (the
    seed) and move as one stack, each numpy operation acting on all of them, so a
    report's hundreds of small views cost about as many numpy calls as one.

    >>> two = [(["a", "b", "c"], [("a", "b")], 50.0), (["x", "y", "z"], [("y", "z")], 80.0)]
    >>> spring_layouts(two) == [spring_layout(*graph) for graph in two]
    True
    """
    placed: list[Positions] = [{} for _ in graphs]
    by_size: dict[int, list[int]] = {}
    for i, (nodes, _, _) in enumerate(graphs):
        if len(nodes) == 1:
            placed[i] = {nodes[0]: (0.0, 0.0)}
        elif nodes:
            by_size.setdefault(len(nodes), []).append(i)
    for n, members in by_size.items():
        together = 1 if n > BLOCK else max(1, STACK // (n * n))  # n x n arrays of at most STACK floats
        for start in range(0, len(members), together):
            chunk = members[start : start + together]
            for i, positions in zip(chunk, _lay_out([graphs[i] for i in chunk], n, seed, iterations), strict=True):
                placed[i] = positions
    return placed


def _lay_out(graphs: Sequence[Graph], n: int, seed: int, iterations: int) -> list[Positions]:
    """Lay out graphs of n > 1 nodes each, as one stack."""
    indexes = [{node: i for i, node in enumerate(nodes)} for nodes, _, _ in graphs]
    pairs = [
        np.array([(index[a], index[b]) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
        for index, (_, edges, _) in zip(indexes, graphs, strict=True)
    ]
    pos = np.empty((len(graphs), n, 2))
    pos[:] = np.random.default_rng(seed).random((n, 2))
    springs = _Springs(pos, pairs)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        springs.step(temperature)
        temperature -= cooling
    return [_placed(pos[g], index, scale) for g, (index, (_, _, scale)) in enumerate(zip(indexes, graphs, strict=True))]


def _placed(pos: np.ndarray, index: dict[Hashable, int], scale: float) -> Positions:
    """Centre one graph's positions (n x 2, moved in place) and scale them to `scale`."""
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    pos *= scale / extent
    return {node: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for node, i in index.items()}


class _Springs:
    """The iterations of a stack of layouts, moving `pos` (graphs x n x 2) in place.

    Each iteration: every pair of nodes pushes apart with force k^2/d, linked nodes pull
    together with force d^2/k (k = 1/sqrt(n), the ideal edge length in the unit square),
    and each node moves along its total force by at most the temperature. Views of the
    buffers are taken here once too: slicing costs as much as a small numpy operation,
    and operations on whole contiguous arrays take numpy's fastest path.
    """

    def __init__(self, pos: np.ndarray, pairs: Sequence[np.ndarray]) -> None:
        n = pos.shape[1]
        self.pos, self.k = pos, 1.0 / np.sqrt(n)
        self.shift = np.empty_like(pos)  # the total force on each node
        self.scratch = np.empty_like(pos)
        self.scratch_x, self.scratch_y = self.scratch[..., 0], self.scratch[..., 1]
        self.lengths = np.empty(pos.shape[:2])
        self.lengths_col = self.lengths[..., None]
        self.squares = np.empty(pos.shape[:2])
        self.blocks = [_Block(pos, self.squares, self.shift, start) for start in range(0, n, BLOCK)]
        self.links = _Links(pos, pairs, self.shift) if any(len(p) for p in pairs) else None

    def step(self, temperature: float) -> None:
        """Move every node once: shift = repulsion + attraction, capped at `temperature`."""
        pos, shift, scratch, lengths = self.pos, self.shift, self.scratch, self.lengths
        np.multiply(pos, pos, scratch)
        np.add(self.scratch_x, self.scratch_y, self.squares)
        kk = self.k * self.k
        for block in self.blocks:
            block.repel(kk)
        if self.links is not None:
            self.links.attract(self.k)
        else:
            np.add(shift, 0.0, shift)  # as adding a zero attraction does (-0.0 becomes 0.0)
        np.multiply(shift, shift, scratch)
        np.add(self.scratch_x, self.scratch_y, lengths)
        np.sqrt(lengths, lengths)
        np.maximum(lengths, SLOWEST, out=lengths)  # (np.maximum warns on a positional out)
        np.divide(temperature, lengths, lengths)
        np.multiply(shift, self.lengths_col, shift)
        np.add(pos, shift, pos)


class _Block:
    """The repulsion on BLOCK rows (all of a view's nodes) of each graph in the stack:
    sum_j (p_i - p_j) k^2/d_ij^2, computed as p_i * sum_j f_ij - (f @ p)_i with squared
    distances from one matrix product (a stacked matmul is one BLAS call per graph, on
    the same shapes as for that graph alone)."""

    def __init__(self, pos: np.ndarray, squares: np.ndarray, shift: np.ndarray, start: int) -> None:
        graphs, n = pos.shape[:2]
        rows = min(BLOCK, n - start)
        self.pos, self.pos_t, self.block = pos, pos.transpose(0, 2, 1), pos[:, start : start + rows]
        self.doubled = np.empty((graphs, rows, 2))
        self.products = np.empty((graphs, rows, n))
        self.force = np.empty((graphs, rows, n))
        self.row_force = np.empty((graphs, rows))
        self.row_force_col = self.row_force[..., None]
        self.pulled = np.empty((graphs, rows, 2))
        self.shift = shift[:, start : start + rows]
        self.squares_col, self.squares_row = squares[:, start : start + rows, None], squares[:, None, :]
        # CLOSEST between two nodes, infinity between a node and itself: k^2 / infinity
        # = 0, so no node pushes itself and one np.maximum does both. A block of a larger
        # graph zeroes its diagonal instead (n x n floors would not keep memory bounded).
        self.floor: np.ndarray | float = CLOSEST
        self.diagonal = (slice(None), np.arange(rows), np.arange(start, start + rows))
        self.blocked = rows < n
        if not self.blocked:
            self.floor = np.full((n, n), CLOSEST)
            np.fill_diagonal(self.floor, np.inf)

    def repel(self, kk: float) -> None:
        """Write the block's repulsion into its rows of shift."""
        force, shift = self.force, self.shift
        np.multiply(self.block, 2.0, self.doubled)
        np.matmul(self.doubled, self.pos_t, self.products)
        np.add(self.squares_col, self.squares_row, force)
        np.subtract(force, self.products, force)  # squared distances
        np.maximum(force, self.floor, out=force)
        if self.blocked:
            force[self.diagonal] = np.inf
        np.divide(kk, force, force)
        force.sum(axis=2, out=self.row_force)
        np.matmul(force, self.pos, self.pulled)
        np.multiply(self.block, self.row_force_col, shift)
        np.subtract(shift, self.pulled, shift)


class _Links:
    """The attraction: each link pulls its ends together with force d^2/k.

    Laid out for whole-array operations, on the flat positions of the whole stack: row
    0 holds x, row 1 y; columns are the links' sources, then their targets. Gathering
    the other end of each (`toward`) minus the end itself (`ends`) gives b - a and a - b
    for a link a->b, which times d/k is -pull on the source and +pull on the target; the
    flat indices `ends` are the bins one np.bincount adds them into: for each node,
    sources' pulls first, then targets', each in link order, as np.add.at adds them.
    """

    def __init__(self, pos: np.ndarray, pairs: Sequence[np.ndarray], shift: np.ndarray) -> None:
        stride = pos.shape[1] * 2  # flat positions per graph
        sources = np.concatenate([p[:, 0] * 2 + g * stride for g, p in enumerate(pairs)])
        targets = np.concatenate([p[:, 1] * 2 + g * stride for g, p in enumerate(pairs)])
        m = len(sources)
        ends, toward = np.concatenate([sources, targets]), np.concatenate([targets, sources])
        self.flat = pos.reshape(-1)  # a view: pos moves in place
        self.ends, self.toward = np.stack([ends, ends + 1]), np.stack([toward, toward + 1])
        self.bins = self.ends.reshape(-1)
        self.gathered, self.pull, self.squares = np.empty((2, 2 * m)), np.empty((2, 2 * m)), np.empty((2, 2 * m))
        self.lengths = np.empty(2 * m)  # each link's twice, once per end
        self.flat_pull = self.pull.reshape(-1)
        self.squares_x, self.squares_y = self.squares
        self.flat_shift = shift.reshape(-1)  # a view: the pulls are added into shift

    def attract(self, k: float) -> None:
        """Add the pulls into shift."""
        pull, squares, lengths, flat_shift = self.pull, self.squares, self.lengths, self.flat_shift
        self.flat.take(self.toward, out=pull, mode="wrap")  # indices are valid: no check
        self.flat.take(self.ends, out=self.gathered, mode="wrap")
        np.subtract(pull, self.gathered, pull)
        np.multiply(pull, pull, squares)
        np.add(self.squares_x, self.squares_y, lengths)
        np.sqrt(lengths, lengths)
        np.divide(lengths, k, lengths)
        np.multiply(pull, lengths, pull)
        np.add(flat_shift, np.bincount(self.bins, self.flat_pull, len(flat_shift)), flat_shift)
