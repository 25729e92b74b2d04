"""Case-level stages: they run once the items are processed, and ``--stages`` names them like item stages.

Each imports what it runs (spaCy, gensim, the hash-set matcher) only when it runs, so that naming them
(``heroes --help``, the ingest panel) costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from heroes_desktop.case.case_file import Case
    from heroes_desktop.core.progress import CancelToken


def _match_hash_sets(case: Case, pool: Executor, run_id: int, cancel: CancelToken) -> None:
    from heroes_desktop.hashsets.matching import compute_matches

    compute_matches(case)


def _link_p2p_content(case: Case, pool: Executor, run_id: int, cancel: CancelToken) -> None:
    from heroes_desktop.p2p.content_links import link_content

    link_content(case, run_id, cancelled=lambda: cancel.cancelled)


def _find_entities(case: Case, pool: Executor, run_id: int, cancel: CancelToken) -> None:
    from heroes_desktop.nlp.entity_stage import run_entities

    run_entities(case, pool, run_id, cancelled=lambda: cancel.cancelled)


def _model_topics(case: Case, pool: Executor, run_id: int, cancel: CancelToken) -> None:
    from heroes_desktop.nlp.topic_stage import run_topics

    run_topics(case, pool, run_id, cancelled=lambda: cancel.cancelled)


PostStage = Callable[["Case", Executor, int, "CancelToken"], None]
POST_STAGES: dict[str, PostStage] = {"hashsets": _match_hash_sets, "p2p-content": _link_p2p_content,
                                     "entities": _find_entities, "topics": _model_topics}
