"""Qt item models over the core's browse queries: id arrays with rows fetched on demand, lazy trees, counts."""
