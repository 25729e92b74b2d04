"""Modules every worker needs, imported once in the fork server so that each worker (and each replacement of a
crashed one) starts with them already loaded instead of paying for their imports.

The fork server also installs the network guard here, before it forks any worker, so that every worker refuses
network connections (:mod:`heroes_desktop.core.network_guard`): a hostile input that takes over a parser cannot
reach a server, and no library can phone home from a worker.

The stages' own modules (and their libraries: Tesseract's wrapper, PIL, ...) are not here: an ingest preloads the
modules of the stages it runs (:class:`~heroes_desktop.pipeline.worker_pool.WorkerPool`'s ``preload``), so that the
stages it does not run cost nothing.
"""

from heroes_desktop.core import network_guard

network_guard.install()  # first: the stages' modules imported after this one are guarded while they import too

import heroes_desktop.evidence.content  # noqa: E402,F401
import heroes_desktop.pipeline.item_processor  # noqa: E402,F401
import heroes_desktop.pipeline.walk_tasks  # noqa: E402,F401
