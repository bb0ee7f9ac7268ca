"""``python -m fundlens`` runs the CLI."""

from fundlens.cli import run_main

run_main()
