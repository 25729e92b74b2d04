"""The encrypted case file: SQLCipher engine, schema and migrations, custody log, checkpoints.

Public entry points: :class:`heroes_desktop.case.case_file.Case` and :class:`OpenMode`.
"""
