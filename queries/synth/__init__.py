"""Synthetic political-business worlds with planted capture cases, for measuring the
detectors (`encircle synth`): `generate.generate()` writes a CSV bundle and truth.json.

Each tactic plants its own instances and decoys (its folder's `plant.py`, registered
with the tactic); this package holds the world they are planted in (`world`, `writer`,
`background`), what they share (`planting`) and the scoring against truth (`truth`).
Nothing is imported here, so a tactic's planter can import `world` without a cycle.
"""

__all__: list[str] = []
