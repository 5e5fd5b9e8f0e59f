"""encircle.graph: schema, records, stores and the networkx view of a store."""
