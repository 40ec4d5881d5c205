"""`python -m dyconsole` runs the same entry point as the `dyconsole` command."""

from dyconsole.cli import main

raise SystemExit(main())
