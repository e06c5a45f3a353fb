"""The frozen program's entry point (PyInstaller runs a script, not a console_scripts entry):
the same as the `supple` command that pip installs, `desktop_app.cli:main`."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
