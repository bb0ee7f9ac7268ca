"""Commands that put data into a store: ingest, imports, the demo universe, synthetic files."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from fundlens import pipeline
from fundlens.cli._common import (
    DbOpt,
    JsonOpt,
    app,
    banner,
    demo_db,
    out,
    progress_bar,
    report_ingest,
    resolve_db,
)
from fundlens.settings import get_settings
from fundlens.store.snapshots import writer

__all__ = ["build_demo"]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="AMFI files, folders, .zip or .gz.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Parse AMFI NAV files of any layout and era into the store (all or nothing)."""
    with progress_bar("reading files", enabled=not as_json) as (advance, total):
        result = pipeline.ingest_paths(resolve_db(db), paths, progress=advance, total=total)
    report_ingest(result, as_json=as_json, db=resolve_db(db))


@app.command("import-mfapi")
def import_mfapi(
    files: Annotated[list[Path], typer.Argument(help="MFAPI-style JSON files.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import MFAPI-style JSON histories ({"meta": …, "data": [{"date", "nav"}]})."""
    result = pipeline.import_mfapi(resolve_db(db), files)
    report_ingest(result, as_json=as_json, db=resolve_db(db))


@app.command("import-sqlite")
def import_sqlite(
    file: Annotated[Path, typer.Argument(help="A community funds.db (SQLite).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import the community funds.db (scheme_data, nav_data, isin_data) in Arrow batches."""

    with progress_bar("importing funds.db", enabled=not as_json) as (advance, total):
        result = pipeline.import_funds_db(resolve_db(db), file, progress=advance, total=total)
    report_ingest(result, as_json=as_json, db=resolve_db(db))


@app.command("import-scheme-master")
def import_scheme_master(
    file: Annotated[Path, typer.Argument(help="AMFI scheme master (SchemeData CSV).")],
    db: DbOpt = None,
) -> None:
    """Import AMFI's scheme master (AMC, category, launch dates, ISINs) and re-classify."""
    rows = pipeline.set_scheme_master(resolve_db(db), file)
    out.print(f"scheme master: {rows:,} schemes stored; schemes re-classified")


@app.command()
def init(
    demo: Annotated[
        bool, typer.Option("--demo", help="Build the synthetic demo universe.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Create a store; with --demo, fill it with the synthetic demo universe.

    The demo store defaults to FUNDLENS_HOME/demo.duckdb, never the real store's file."""
    path = db if db is not None else (demo_db() if demo else get_settings().db)
    if not demo:
        with writer(path):
            pass
        out.print(f"empty store ready at {path}; fill it with `fundlens ingest` or `--demo`")
        return
    build_demo(path)
    from fundlens.cli.query import stats

    stats(db=path, as_json=False)


def build_demo(path: Path) -> None:
    from fundlens.sources.synthetic import write_demo_files

    with tempfile.TemporaryDirectory(prefix="fundlens-demo-") as tmp:
        with progress_bar("generating demo files") as _:
            write_demo_files(Path(tmp))
        with progress_bar("ingesting demo files") as (advance, total):
            pipeline.ingest_paths(path, [tmp], progress=advance, total=total)


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write YYYY/MM/DD.csv into.")],
    schemes: Annotated[int, typer.Option("--schemes", min=1, help="Number of schemes.")] = 8200,
    years: Annotated[int, typer.Option("--years", min=1, max=20, help="Years of history.")] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 7,
    junk: Annotated[bool, typer.Option("--junk/--no-junk", help="Inject junk rows.")] = True,
) -> None:
    """Write a full-scale SYNTHETIC dataset as AMFI daily files (benchmarks only)."""
    from fundlens.sources.synthetic import write_full_scale

    with progress_bar("writing synthetic AMFI files") as (advance, total):

        def progress(done: int, of: int) -> None:
            total(of)
            advance(1)

        summary = write_full_scale(
            out_dir, n_schemes=schemes, years=years, seed=seed, junk=junk, progress=progress
        )
    banner(True)
    out.print(summary)
