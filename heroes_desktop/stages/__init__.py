"""One module per stage. Each is registered explicitly in :func:`heroes_desktop.pipeline.registry.default_registry`."""
