"""The processing engine: stage registry, worker processes with budgets, the ingest scheduler."""
