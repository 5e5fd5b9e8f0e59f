// Hub rule for the entity a step enters (spliced after the STEP fragment unless hubs are allowed):
// the endpoints are never hubs; others may have at most $hub_degree relations of any type,
// status or date. Out + in degree counts a self-loop twice, as networkx does; both come
// from the degree store, not from expanding relationships.
AND (y.id IN $endpoints OR COUNT { (y)-->() } + COUNT { (y)<--() } <= $hub_degree)
