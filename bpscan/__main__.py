"""`python -m bpscan`: the same as the `bpscan` command."""

from bpscan.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
