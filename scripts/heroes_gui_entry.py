"""The frozen ``heroes-gui`` program's entry point (pyinstaller.spec): the same launcher as the installed one."""

import sys

from heroes_desktop.cli.commands.gui import launcher

if __name__ == "__main__":
    sys.exit(launcher())
