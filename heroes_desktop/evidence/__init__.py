"""Read-only access to evidence: raw, split raw and E01 images, volume systems, file systems, logical folders.

Nothing in this package ever opens evidence for writing. Native parsers (TSK, libewf) are only called from worker
processes (see :mod:`heroes_desktop.pipeline`).
"""
