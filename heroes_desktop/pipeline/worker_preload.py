"""Modules every worker needs, imported once in the fork server so that each worker (and each replacement of a
crashed one) starts with them already loaded instead of paying seconds of imports."""

import heroes_desktop.evidence.content  # noqa: F401
import heroes_desktop.pipeline.item_processor  # noqa: F401
import heroes_desktop.pipeline.walk_tasks  # noqa: F401
import heroes_desktop.stages.filetype  # noqa: F401
import heroes_desktop.stages.hashing  # noqa: F401
import heroes_desktop.stages.ocr  # noqa: F401
import heroes_desktop.stages.perceptual  # noqa: F401
import heroes_desktop.stages.text  # noqa: F401
