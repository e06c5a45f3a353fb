"""`python -m desktop_app` does what the `supple` command does."""

from desktop_app.cli import main

raise SystemExit(main())
