"""The ``fundlens`` command line: each command parses, calls one library function, prints.

Commands live by topic: :mod:`.data` (ingest, imports, demo, synth), :mod:`.fresh` (run,
update, fetch, schedule), :mod:`.query` (nav, schemes, db) and :mod:`.sip` (sip). Every
error fundlens raises on purpose (:class:`~fundlens.errors.FundlensError`) prints as one
red line and exits 1, without a traceback. Every command takes ``--db`` (default ``FUNDLENS_DB``).
"""

from __future__ import annotations

import click

from fundlens.cli import analysis, category, compare, data, fresh, index, query, report, serve, sip  # noqa: F401  (registers the commands)
from fundlens.cli._common import app, err
from fundlens.errors import FundlensError

__all__ = ["app", "main", "run_main"]


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app; fundlens errors become one red line and exit code 1."""
    try:
        code = app(args=argv, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt):
        err.print("[red]aborted[/]")
        return 130
    except FundlensError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        return 1
    return code if isinstance(code, int) else 0


def run_main() -> None:
    """Console-script wrapper around :func:`main`."""
    raise SystemExit(main())
