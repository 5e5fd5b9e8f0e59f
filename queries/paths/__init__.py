"""Path queries: how entities are connected, through whom and when.

`find.find_paths` (shortest, k-shortest, all simple, time-ordered), `neighbors`,
`common_connections` and `connect` order, cut and explain results the same way on both
stores; each store answers through its engine (`engine` for the embedded store's
networkx graph, `neo4j_engine` with the ``.cypher`` files beside it). `model` holds the
query and result records, `traversal` the rules a step must pass.
"""

__all__: list[str] = []
