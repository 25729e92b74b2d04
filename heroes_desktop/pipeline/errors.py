"""Errors of the pipeline package: why a task did not return a result."""

from heroes_desktop.core.errors import ExitCode, HeroesError


class PipelineError(HeroesError):
    """Base of pipeline errors."""


class WorkerLost(PipelineError):
    """The worker running the task died (a crash in native code, a signal, the OOM killer)."""


class TaskTimedOut(PipelineError):
    """The task ran past its time budget; its worker was killed and replaced."""


class TaskOutOfMemory(PipelineError):
    """The worker's memory grew past the task's budget; it was killed and replaced."""


class TaskFailed(PipelineError):
    """The task raised an exception inside the worker (carried here as text)."""


class ExecutorExhausted(PipelineError):
    """The executor can run no more work (a cluster with no node left to take it): the ingest stops, and the items
    not done stay pending for the next one, instead of being marked failed for a fault that is not theirs."""


class UnknownStage(PipelineError):
    """A stage name that the registry does not know."""

    exit_code = ExitCode.USAGE
