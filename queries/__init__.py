"""encircle.queries: path queries, detectors (one module per tactic) and groups."""
