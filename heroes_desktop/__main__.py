"""``python -m heroes_desktop`` is the same program as the ``heroes`` console script."""

from heroes_desktop.cli.main import main

raise SystemExit(main())
