"""Modules every worker needs, imported once in the fork server so that each worker (and each replacement of a
crashed one) starts with them already loaded instead of paying for their imports.

The stages' own modules (and their libraries: Tesseract's wrapper, PIL, ...) are not here: an ingest preloads the
modules of the stages it runs (:class:`~heroes_desktop.pipeline.worker_pool.WorkerPool`'s ``preload``), so that the
stages it does not run cost nothing.
"""

import heroes_desktop.evidence.content  # noqa: F401
import heroes_desktop.pipeline.item_processor  # noqa: F401
import heroes_desktop.pipeline.walk_tasks  # noqa: F401
