"""`python -m newsdesk`: the command line in DESIGN.md."""

from newsdesk.cli import main

if __name__ == "__main__":  # worker processes import this module too; only the command runs main
    raise SystemExit(main())
