"""The frozen program's entry point (PyInstaller runs a script, not a console_scripts entry):
the same as the `supple` command that pip installs, `desktop_app.cli:main`. freeze_support:
the history's JSON export starts reader processes (services/history_json.py), which run
this program again and must become readers, not another Supple."""

import multiprocessing
import sys

from desktop_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
