"""encircle.queries: what investigators ask of a case, one sub-package per concern.

- `paths`: path queries (paths, neighbours, common connections, connect) on both stores;
- `detection`: the case index, the findings shape and one folder per capture tactic,
  registered in `detection.registry`;
- `analysis`: communities, interest groups, brokers, evolution;
- `report`: the findings report and the views around findings, paths and entities;
- `synth`: synthetic worlds with planted tactics, to measure detection;
- `lookup` (entities by id, name or alias), `timeline` (fuzzy dates), `notebook`
  (helpers for Jupyter).
"""

__all__: list[str] = []
