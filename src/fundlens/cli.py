"""The ``fundlens`` command line: each command parses, calls one library function, prints.

Rich tables and progress bars for people, ``--json`` for scripts. Every error fundlens
raises on purpose (:class:`~fundlens.errors.FundlensError`) prints as one red line and
exits 1, without a traceback. Every command takes ``--db`` (default ``FUNDLENS_DB``).
Output from a synthetic store says so (a banner, or ``"synthetic": true`` in JSON).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from fundlens import pipeline
from fundlens.errors import FundlensError, InputError
from fundlens.schedule import install_schedule, schedule_entry
from fundlens.settings import get_settings
from fundlens.sources.amfi_fetch import FetchConfig, FetchEvent, estimate, probe
from fundlens.store.ingest import IngestResult
from fundlens.store.meta import meta_object
from fundlens.store.reads import nav_history, scheme_detail, search_schemes
from fundlens.store.snapshots import current_snapshot, reader, writer
from fundlens.update import UpdateReport, backfill, update

__all__ = ["app", "main", "run_main"]

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

out = Console()
err = Console(stderr=True)

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


def _demo_db() -> Path:
    """Where the synthetic demo store lives: never the real store's file."""
    return get_settings().home / "demo.duckdb"


def _db(db: Path | None) -> Path:
    """The store a command uses: ``--db``/``FUNDLENS_DB``; else the real store if it exists,
    else the demo store if that exists (its output is labelled synthetic)."""
    if db is not None:
        return db
    real = get_settings().db
    return _demo_db() if not real.exists() and _demo_db().exists() else real


def _print_json(payload: Any) -> None:
    """Plain JSON on stdout (no colour, no wrapping) for scripts."""
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


def _banner(synthetic: bool) -> None:
    if synthetic:
        err.print(f"[bold black on yellow] {SYNTHETIC_BANNER} [/]")


@contextlib.contextmanager
def _progress(
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


def _report_ingest(result: IngestResult, *, as_json: bool, db: Path) -> None:
    if as_json:
        _print_json(result.to_json())
        return
    table = Table(title=f"Ingested into {db}", show_header=False)
    table.add_row("files read", f"{result.files:,}")
    table.add_row("files skipped (already ingested)", f"{result.files_skipped:,}")
    table.add_row("rows loaded", f"{result.rows_loaded:,}")
    table.add_row("duplicates dropped", f"{result.duplicates:,}")
    table.add_row("revisions (later NAV wins)", f"{result.revisions:,}")
    for reason, n in sorted(result.rows_rejected.items()):
        table.add_row(f"rejected: {reason}", f"{n:,}")
    out.print(table)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="AMFI files, folders, .zip or .gz.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Parse AMFI NAV files of any layout and era into the store (all or nothing)."""
    with _progress("reading files", enabled=not as_json) as (advance, total):
        result = pipeline.ingest_paths(_db(db), paths, progress=advance, total=total)
    _report_ingest(result, as_json=as_json, db=_db(db))


@app.command("import-mfapi")
def import_mfapi(
    files: Annotated[list[Path], typer.Argument(help="MFAPI-style JSON files.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import MFAPI-style JSON histories ({"meta": …, "data": [{"date", "nav"}]})."""
    from fundlens.sources.mfapi import import_mfapi_files

    result = import_mfapi_files(_db(db), files)
    _report_ingest(result, as_json=as_json, db=_db(db))


@app.command("import-sqlite")
def import_sqlite(
    file: Annotated[Path, typer.Argument(help="A community funds.db (SQLite).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import the community funds.db (scheme_data, nav_data, isin_data) in Arrow batches."""
    from fundlens.sources.funds_db import import_funds_db

    with _progress("importing funds.db", enabled=not as_json) as (advance, total):
        result = import_funds_db(_db(db), file, progress=advance, total=total)
    _report_ingest(result, as_json=as_json, db=_db(db))


@app.command("import-scheme-master")
def import_scheme_master(
    file: Annotated[Path, typer.Argument(help="AMFI scheme master (SchemeData CSV).")],
    db: DbOpt = None,
) -> None:
    """Import AMFI's scheme master (AMC, category, launch dates, ISINs) and re-classify."""
    rows = pipeline.set_scheme_master(_db(db), file)
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
    path = db if db is not None else (_demo_db() if demo else get_settings().db)
    if not demo:
        with writer(path):
            pass
        out.print(f"empty store ready at {path}; fill it with `fundlens ingest` or `--demo`")
        return
    _build_demo(path)
    stats(db=path, as_json=False)


def _build_demo(path: Path) -> None:
    from fundlens.sources.synthetic import write_demo_files

    with tempfile.TemporaryDirectory(prefix="fundlens-demo-") as tmp:
        with _progress("generating demo files") as _:
            write_demo_files(Path(tmp))
        with _progress("ingesting demo files") as (advance, total):
            pipeline.ingest_paths(path, [tmp], progress=advance, total=total)


@app.command()
def run(
    offline: Annotated[
        bool, typer.Option("--offline", help="Never touch the network (or FUNDLENS_OFFLINE=1).")
    ] = False,
) -> None:
    """The main job: real data when AMFI answers, else the synthetic demo; then a summary.

    Online (a probe bounded to 3 s decides), a new store gets the last 12 months of AMFI
    files and an existing one is updated; offline, the demo universe is built in its own
    store (FUNDLENS_HOME/demo.duckdb) if missing.
    """
    settings = get_settings()
    if offline or settings.offline or not probe(settings.amfi_url, timeout=3.0):
        why = "offline" if offline or settings.offline else f"{settings.amfi_url} did not answer"
        path = _demo_db()
        err.print(f"[yellow]{why}: using the synthetic demo store {path}[/]")
        if current_snapshot(path) is None:
            _build_demo(path)
        stats(db=path, as_json=False)
        return
    first = current_snapshot(settings.db) is None
    report = _run_update(settings.db, today=None)
    stats(db=settings.db, as_json=False)
    if first and report.plan.dates:
        start = report.plan.dates[0] - dt.timedelta(days=1)
        out.print(
            f"Fetched {report.plan.dates[0]} → {report.plan.dates[-1]}. Backfill the rest of "
            f"the history with:\n  fundlens fetch --from 2006-04-01 --to {start.isoformat()}"
        )


def _run_update(db: Path, *, today: dt.date | None) -> UpdateReport:
    settings = get_settings()
    with _progress("downloading AMFI files") as (advance, total):

        def progress(event: FetchEvent) -> None:
            total(event.total)
            advance(1)

        report = update(db, settings=settings, today=today, progress=progress)
    _warn_failures(report)
    return report


def _warn_failures(report: UpdateReport) -> None:
    for day, reason in sorted(report.fetch.failed.items()):
        err.print(f"[red]download failed[/] {day}: {reason}")


@app.command("update")
def update_cmd(
    db: DbOpt = None,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Take this day as today (replays)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Fetch what is missing, the last days again (AMFI restates NAVs), today's NAVAll.txt,
    and ingest it all in one write. Exit 1 if a download failed (the rest is kept)."""
    path = db if db is not None else get_settings().db
    report = _run_update(path, today=as_of.date() if as_of else None)
    if as_json:
        _print_json(report.to_json())
    else:
        _report_ingest(report.ingest, as_json=False, db=path)
    if report.fetch.failed:
        raise typer.Exit(1)


@app.command("fetch")
def fetch_cmd(
    start: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day.")],
    end: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day.")],
    db: DbOpt = None,
    ingest_too: Annotated[
        bool, typer.Option("--ingest/--no-ingest", help="Ingest what was downloaded.")
    ] = True,
    as_json: JsonOpt = False,
) -> None:
    """Backfill: download AMFI daily files of a date range (resumable), then ingest them."""
    settings = get_settings()
    if start > end:
        raise InputError(f"--from {start.date()} is after --to {end.date()}")
    days = (end.date() - start.date()).days + 1
    size, seconds = estimate(
        [start.date()] * max(days, 0), config=FetchConfig.from_settings(settings)
    )
    err.print(
        f"{days:,} days to check: about {size / 1e6:,.0f} MB and "
        f"{seconds / 60:,.1f} min at most (days already held are skipped)"
    )
    path = db if db is not None else settings.db
    with _progress("downloading AMFI files", enabled=not as_json) as (advance, total):

        def progress(event: FetchEvent) -> None:
            total(event.total)
            advance(1)

        report = backfill(
            path,
            settings=settings,
            start=start.date(),
            end=end.date(),
            ingest=ingest_too,
            progress=progress,
        )
    _warn_failures(report)
    if as_json:
        _print_json(report.to_json())
    else:
        f = report.fetch
        out.print(
            f"downloaded {len(f.fetched):,}, held {len(f.skipped):,}, "
            f"holidays {len(f.holidays):,}, failed {len(f.failed):,}"
        )
        if ingest_too:
            _report_ingest(report.ingest, as_json=False, db=path)
    if report.fetch.failed:
        raise typer.Exit(1)


@app.command("schedule")
def schedule_cmd(
    install: Annotated[
        bool, typer.Option("--install", help="Write the entry, not just print it.")
    ] = False,
    kind: Annotated[
        Literal["cron", "systemd"], typer.Option("--kind", help="cron or systemd timer.")
    ] = "cron",
) -> None:
    """The daily update at 19:00 UTC (after AMFI publishes) as a cron line or systemd timer."""
    entry = schedule_entry(kind, settings=get_settings())
    if not install:
        for name, text in entry.files.items():
            out.print(f"[bold]# {name}[/]", highlight=False)
            out.print(text, highlight=False, markup=False)
        return
    for path in install_schedule(entry):
        out.print(f"wrote {path}", soft_wrap=True)
    out.print(entry.hint, soft_wrap=True)


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

    with _progress("writing synthetic AMFI files") as (advance, total):

        def progress(done: int, of: int) -> None:
            total(of)
            advance(1)

        summary = write_full_scale(
            out_dir, n_schemes=schemes, years=years, seed=seed, junk=junk, progress=progress
        )
    _banner(True)
    out.print(summary)


@app.command()
def nav(
    code: Annotated[int, typer.Argument(help="AMFI scheme code.")],
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: Annotated[Literal["csv", "json"], typer.Option("--format", help="Output format.")] = "csv",
    db: DbOpt = None,
) -> None:
    """Print one scheme's NAV history, ascending by date."""
    con = reader(_db(db))
    try:
        frame = nav_history(
            con,
            code,
            start_date=start.date() if start else None,
            end_date=end.date() if end else None,
        )
        synthetic = meta_object(con)["synthetic"]
    finally:
        con.close()
    if fmt == "json":
        _print_json(
            {
                "scheme_code": code,
                "synthetic": synthetic,
                "data": [{"date": d.isoformat(), "nav": v} for d, v in frame.iter_rows()],
            }
        )
        return
    _banner(synthetic)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["date", "nav"])
    writer.writerows((d.isoformat(), repr(v)) for d, v in frame.iter_rows())


@schemes_app.command("search")
def schemes_search(
    text: Annotated[
        str, typer.Argument(help="Words of a current or past name, a code or an ISIN.")
    ],
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 25,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Search schemes by name (current or past), code or ISIN."""
    con = reader(_db(db))
    try:
        hits = search_schemes(con, text, limit=limit)
        synthetic = meta_object(con)["synthetic"]
    finally:
        con.close()
    if as_json:
        _print_json({"synthetic": synthetic, "count": hits.height, "data": hits.to_dicts()})
        return
    _banner(synthetic)
    table = Table(title=f"{hits.height} scheme(s) matching {text!r}")
    for col in hits.columns:
        table.add_column(col)
    for row in hits.iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)


@schemes_app.command("show")
def schemes_show(
    code: Annotated[int, typer.Argument(help="AMFI scheme code.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every field of one scheme, with its name/AMC/category history and data events."""
    con = reader(_db(db))
    try:
        detail = scheme_detail(con, code)
        detail["synthetic"] = meta_object(con)["synthetic"]
    finally:
        con.close()
    if as_json:
        _print_json(detail)
        return
    _banner(detail["synthetic"])
    table = Table(title=f"{detail['name']} ({code})", show_header=False)
    for key, value in detail.items():
        if key not in ("history", "events"):
            table.add_row(key, "" if value is None else str(value))
    out.print(table)
    history = Table(title="history")
    for col in ("kind", "value", "first_date", "last_date"):
        history.add_column(col)
    for item in detail["history"]:
        history.add_row(*(str(item[c]) for c in ("kind", "value", "first_date", "last_date")))
    out.print(history)
    for event in detail["events"]:
        out.print(f"[yellow]event[/] {event['date']} {event['kind']}: {event['detail']}")


@schemes_app.command("coverage")
def schemes_coverage(
    db: DbOpt = None,
    as_json: JsonOpt = False,
    show: Annotated[int, typer.Option("--disagreements", help="How many to list.")] = 20,
) -> None:
    """How many schemes each field classifies, and how often names alone agree with the masters."""
    con = reader(_db(db))
    try:
        report = pipeline.coverage_for_store(con).to_dict(max_disagreements=show)
        synthetic = meta_object(con)["synthetic"]
    finally:
        con.close()
    if as_json:
        _print_json({"synthetic": synthetic, **report})
        return
    _banner(synthetic)
    _table(
        f"classification coverage of {report['schemes']:,} schemes",
        ("field", "classified", "of", "share"),
        [(r["field"], r["numerator"], r["denominator"], r["share"]) for r in report["coverage"]],
    )
    _table(
        "name-based classifier vs the masters",
        ("field", "reference", "agree", "compared", "rate", "names cover"),
        [
            (
                r["field"],
                r["reference"],
                r["numerator"],
                r["denominator"],
                r["share"],
                r["name_coverage"],
            )
            for r in report["agreement"]
        ],
    )
    _table(
        f"disagreements (first {show} of {report['disagreements_total']:,})",
        ("scheme_code", "field", "reference", "name says", "master says"),
        [tuple(d.values()) for d in report["disagreements"]],
    )


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*(_fmt(v) for v in row))
    out.print(table)


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1%}"
    return f"{value:,}" if isinstance(value, int) else str(value)


@db_app.command("stats")
def stats(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The meta object: dates, counts, rejects by reason, synthetic flag, versions."""
    con = reader(_db(db))
    try:
        meta = meta_object(con)
    finally:
        con.close()
    if as_json:
        _print_json(meta)
        return
    _banner(meta["synthetic"])
    table = Table(title=f"fundlens store {_db(db)}", show_header=False)
    for key, value in meta.items():
        if key == "rejected_by_reason":
            value = ", ".join(f"{k} {v:,}" for k, v in value.items() if v) or "none"
        table.add_row(key, _fmt(value) if not isinstance(value, bool) else str(value).lower())
    out.print(table)


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
