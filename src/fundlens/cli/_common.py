"""Shared pieces of the CLI: the Typer apps, options declared once, consoles, output helpers.

Rich tables and progress bars for people, ``--json`` for scripts. Output from a synthetic
store says so (a banner on stderr, or ``"synthetic": true`` in JSON).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from fundlens.settings import get_settings
from fundlens.store.ingest import IngestResult
from fundlens.store.meta import is_synthetic
from fundlens.store.snapshots import reader

__all__ = [
    "SYNTHETIC_BANNER",
    "DbOpt",
    "FromOpt",
    "JsonOpt",
    "ToOpt",
    "app",
    "banner",
    "db_app",
    "demo_db",
    "err",
    "fmt",
    "out",
    "print_json",
    "print_table",
    "progress_bar",
    "reading",
    "report_ingest",
    "resolve_db",
    "schemes_app",
]

app = typer.Typer(
    name="fundlens",
    help="fundlens: every AMFI NAV of every Indian mutual fund, parsed, stored and analysed.",
    no_args_is_help=True,
    add_completion=False,
)
schemes_app = typer.Typer(
    help="Find schemes and see how they are classified.", no_args_is_help=True
)
db_app = typer.Typer(help="Inspect the store.", no_args_is_help=True)
app.add_typer(schemes_app, name="schemes")
app.add_typer(db_app, name="db")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Store file (default: FUNDLENS_DB or ~/.fundlens/fundlens.duckdb).",
        envvar="FUNDLENS_DB",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
FromOpt = Annotated[
    dt.datetime | None,
    typer.Option("--from", formats=["%Y-%m-%d"], help="First date (YYYY-MM-DD)."),
]
ToOpt = Annotated[
    dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last date (YYYY-MM-DD).")
]

SYNTHETIC_BANNER = "SYNTHETIC DATA — generated demo universe, not real NAVs"


def demo_db() -> Path:
    """Where the synthetic demo store lives: never the real store's file."""
    return get_settings().home / "demo.duckdb"


def resolve_db(db: Path | None) -> Path:
    """The store a command uses: ``--db``/``FUNDLENS_DB``; else the real store if it exists,
    else the demo store if that exists (its output is labelled synthetic)."""
    if db is not None:
        return db
    real = get_settings().db
    return demo_db() if not real.exists() and demo_db().exists() else real


@contextlib.contextmanager
def reading(db: Path | None) -> Iterator[tuple[duckdb.DuckDBPyConnection, bool]]:
    """A read-only connection to the command's store and whether it is synthetic."""
    con = reader(resolve_db(db))
    try:
        yield con, is_synthetic(con)
    finally:
        con.close()


def print_json(payload: Any) -> None:
    """Plain JSON on stdout (no colour, no wrapping) for scripts."""
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


def banner(synthetic: bool) -> None:
    if synthetic:
        err.print(f"[bold black on yellow] {SYNTHETIC_BANNER} [/]")


@contextlib.contextmanager
def progress_bar(
    label: str, *, enabled: bool = True
) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """A rich progress bar on stderr; yields (advance, set_total) callbacks."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not enabled,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield (lambda n: bar.advance(task, n)), (lambda t: bar.update(task, total=t))


def report_ingest(result: IngestResult, *, as_json: bool, db: Path) -> None:
    if as_json:
        print_json(result.to_json())
        return
    grid = Table(title=f"Ingested into {db}", show_header=False)
    grid.add_row("files read", f"{result.files:,}")
    grid.add_row("files skipped (already ingested)", f"{result.files_skipped:,}")
    grid.add_row("rows loaded", f"{result.rows_loaded:,}")
    grid.add_row("duplicates dropped", f"{result.duplicates:,}")
    grid.add_row("revisions (later NAV wins)", f"{result.revisions:,}")
    for reason, n in sorted(result.rows_rejected.items()):
        grid.add_row(f"rejected: {reason}", f"{n:,}")
    out.print(grid)


def print_table(title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    grid = Table(title=title)
    for col in columns:
        grid.add_column(col)
    for row in rows:
        grid.add_row(*(fmt(v) for v in row))
    out.print(grid)


def fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1%}"
    return f"{value:,}" if isinstance(value, int) else str(value)
