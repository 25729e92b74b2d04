"""Where the People panel draws each entity of a links graph: a deterministic force-directed layout (networkx's
spring layout with a fixed seed), computed in the background job with the query, never on the GUI thread.

The seed entity of a neighbourhood sits in the middle; stronger links pull harder (the weight grows with the log
of the shared documents, so that one link of a thousand documents does not crush the rest into a point).
"""

from __future__ import annotations

import math

from heroes_desktop.browse.entity_index import EntityGraph, EntityKey

LAYOUT_SEED = 7
ITERATIONS = 60


def graph_layout(graph: EntityGraph, seed: int = LAYOUT_SEED, centre: EntityKey | None = None
                 ) -> dict[EntityKey, tuple[float, float]]:
    """Entity key -> (x, y) in [-1, 1]; the same graph and ``seed`` always give the same places. ``centre``
    (default: the graph's seed entity) is fixed at the origin."""
    import networkx

    keys = sorted(node.key for node in graph.nodes)
    if not keys:
        return {}
    centre = centre if centre is not None else graph.seed
    if len(keys) == 1:
        return {keys[0]: (0.0, 0.0)}
    network = networkx.Graph()
    network.add_nodes_from(keys)
    for edge in sorted(graph.edges, key=lambda item: (item.a, item.b)):
        network.add_edge(edge.a, edge.b, weight=1.0 + math.log(max(1, edge.shared)))
    fixed = [centre] if centre in network else None
    start = {centre: (0.0, 0.0)} if fixed else None
    positions = networkx.spring_layout(network, k=1.5 / math.sqrt(len(keys)), pos=start, fixed=fixed,
                                       iterations=ITERATIONS, weight="weight", seed=seed)
    if fixed:  # a fixed node keeps its place and the others are not rescaled: bring them into [-1, 1]
        reach = max(max(abs(float(x)), abs(float(y))) for x, y in positions.values()) or 1.0
        return {key: (float(x) / reach, float(y) / reach) for key, (x, y) in positions.items()}
    return {key: (float(x), float(y)) for key, (x, y) in positions.items()}
