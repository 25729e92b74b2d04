"""The desktop application: PySide6 only here, a face over the same core calls as the ``heroes`` command line."""
