"""`python -m newsdesk`: the command line in DESIGN.md."""

from newsdesk.cli import main

raise SystemExit(main())
