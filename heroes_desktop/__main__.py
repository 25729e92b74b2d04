"""``python -m heroes_desktop`` is the same program as the ``heroes`` console script."""

from heroes_desktop.cli.interrupts import guard_start_up

guard_start_up()  # before the heavy imports: Ctrl-C in the first second is one line, not a traceback

from heroes_desktop.cli.main import main  # noqa: E402

raise SystemExit(main())
