"""The ``heroes`` command line: a thin face over the core, following ``shared/docs/CLI.md``."""
