"""encircle.graph: schema, records, stores and the networkx view of a store."""

__all__: list[str] = []
