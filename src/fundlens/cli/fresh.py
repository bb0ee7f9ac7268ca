"""Commands that keep a store fresh: run (the main job), update, fetch, schedule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from fundlens.cli._common import (
    DbOpt,
    JsonOpt,
    app,
    demo_db,
    err,
    out,
    print_json,
    progress_bar,
    report_ingest,
)
from fundlens.cli.data import build_demo
from fundlens.cli.query import stats
from fundlens.cli.serve import serve_cmd
from fundlens.errors import InputError
from fundlens.schedule import install_schedule, schedule_entry
from fundlens.services.fund_metrics import refresh_after_update
from fundlens.settings import get_settings
from fundlens.sources.amfi_fetch import FetchConfig, FetchEvent, estimate, probe
from fundlens.store.snapshots import current_snapshot
from fundlens.update import UpdateReport, backfill, update

__all__: list[str] = []


@app.command()
def run(
    offline: Annotated[
        bool, typer.Option("--offline", help="Never touch the network (or FUNDLENS_OFFLINE=1).")
    ] = False,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Then serve the REST API and the dashboard on that store (`fundlens serve`).",
        ),
    ] = False,
) -> None:
    """The main job: real data when AMFI answers, else the synthetic demo; then a summary.

    Online (a probe bounded to 3 s decides), a new store gets the last 12 months of AMFI
    files and an existing one is updated; offline, the demo universe is built in its own
    store (FUNDLENS_HOME/demo.duckdb) if missing. With --serve (`make run`), the REST API
    and the web dashboard then start on the store just built or updated, on
    127.0.0.1:FUNDLENS_API_PORT and 127.0.0.1:FUNDLENS_WEB_PORT (`fundlens serve`).
    """
    settings = get_settings()
    if offline or settings.offline or not probe(settings.amfi_url, timeout=3.0):
        why = "offline" if offline or settings.offline else f"{settings.amfi_url} did not answer"
        path = demo_db()
        err.print(f"[yellow]{why}: using the synthetic demo store {path}[/]")
        if current_snapshot(path) is None:
            build_demo(path)
        stats(db=path, as_json=False)
        if serve:
            serve_cmd(db=path)
        return
    first = current_snapshot(settings.db) is None
    report, _ = _run_update(settings.db, today=None)
    stats(db=settings.db, as_json=False)
    if first and report.plan.dates:
        start = report.plan.dates[0] - dt.timedelta(days=1)
        out.print(
            f"Fetched {report.plan.dates[0]} → {report.plan.dates[-1]}. Backfill the rest of "
            f"the history with:\n  fundlens fetch --from 2006-04-01 --to {start.isoformat()}"
        )
    if serve:
        serve_cmd(db=settings.db)


def _run_update(db: Path, *, today: dt.date | None) -> tuple[UpdateReport, dict[str, Any]]:
    settings = get_settings()
    with progress_bar("downloading AMFI files") as (advance, total):

        def progress(event: FetchEvent) -> None:
            total(event.total)
            advance(1)

        report = update(db, settings=settings, today=today, progress=progress)
    _warn_failures(report)
    return report, _refresh_metrics(db, report)


def _refresh_metrics(db: Path, report: UpdateReport) -> dict[str, Any]:
    """fund_metrics for the new last NAV date, in its own snapshot after the NAVs are
    published: a failure is reported (red line, exit 1) but the NAV update stands."""
    changed = bool(report.ingest.rows_loaded or report.ingest.revisions)
    with progress_bar("fund metrics") as (advance, total):
        seen = [0]

        def progress(done: int, of: int) -> None:
            total(of)
            advance(done - seen[0])
            seen[0] = done

        outcome = refresh_after_update(db, changed=changed, progress=progress)
    if outcome["status"] == "failed":
        err.print(f"[red]fund_metrics refresh failed[/] (NAVs kept): {outcome['error']}")
    return outcome


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
    and ingest it all in one write; then refresh fund_metrics in a second write. Exit 1 if
    a download or the refresh failed (the rest is kept)."""
    path = db if db is not None else get_settings().db
    report, metrics = _run_update(path, today=as_of.date() if as_of else None)
    if as_json:
        print_json({**report.to_json(), "fund_metrics": metrics})
    else:
        report_ingest(report.ingest, as_json=False, db=path)
        if metrics["status"] == "refreshed":
            out.print(f"fund_metrics as of {metrics['as_of']}: {metrics['rows']:,} schemes")
    if report.fetch.failed or metrics["status"] == "failed":
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
    with progress_bar("downloading AMFI files", enabled=not as_json) as (advance, total):

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
        print_json(report.to_json())
    else:
        f = report.fetch
        out.print(
            f"downloaded {len(f.fetched):,}, held {len(f.skipped):,}, "
            f"holidays {len(f.holidays):,}, failed {len(f.failed):,}"
        )
        if ingest_too:
            report_ingest(report.ingest, as_json=False, db=path)
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
