"""The spring layout as it was before issue 13 made it cheaper per call, kept unchanged
as the reference graph/views/layout.py must match coordinate for coordinate
(tests/views/test_layout.py; benchmarks/layout_benchmark.py times the two). One numpy
temporary per expression, np.add.at for the pulls, a Python loop over row blocks."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

SEED = 7
ITERATIONS = 80
BLOCK = 512  # rows of the pairwise repulsion computed at once


def reference_layout(
    nodes: Sequence[Hashable],
    edges: Sequence[tuple[Hashable, Hashable]],
    scale: float,
    seed: int = SEED,
    iterations: int = ITERATIONS,
) -> dict[Hashable, tuple[float, float]]:
    """Node -> (x, y) within [-scale, scale], centred on 0."""
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in edges if a != b], dtype=np.int64).reshape(-1, 2)
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.0 / np.sqrt(n)  # ideal edge length in the unit square
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        shift = _repulsion(pos, k) + _attraction(pos, pairs, k)
        length = np.maximum(np.linalg.norm(shift, axis=1), 0.01)
        pos += shift * (temperature / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    extent = float(np.abs(pos).max()) or 1.0
    pos *= scale / extent
    return {node: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for node, i in index.items()}


def _repulsion(pos: np.ndarray, k: float) -> np.ndarray:
    """Every pair pushes apart with force k^2/d: sum_j (p_i - p_j) k^2/d_ij^2, computed
    as p_i * sum_j f_ij - (f @ p)_i with squared distances from one matrix product."""
    out = np.empty_like(pos)
    squares = (pos**2).sum(axis=1)
    for start in range(0, len(pos), BLOCK):
        block = pos[start : start + BLOCK]
        distance2 = squares[start : start + BLOCK, None] + squares[None, :] - 2.0 * block @ pos.T
        np.maximum(distance2, 1e-4, out=distance2)
        force = (k * k) / distance2
        rows = np.arange(len(block))
        force[rows, rows + start] = 0.0  # no node pushes itself
        out[start : start + BLOCK] = block * force.sum(axis=1)[:, None] - force @ pos
    return out


def _attraction(pos: np.ndarray, pairs: np.ndarray, k: float) -> np.ndarray:
    """Linked entities pull together with force d^2/k."""
    out = np.zeros_like(pos)
    if len(pairs):
        delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        pull = delta * (np.linalg.norm(delta, axis=1) / k)[:, None]
        np.add.at(out, pairs[:, 0], -pull)
        np.add.at(out, pairs[:, 1], pull)
    return out
