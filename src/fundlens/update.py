"""Keep the store fresh: download what is missing from AMFI, then ingest it in one write.

``update`` fetches every day after the store's last NAV date up to yesterday as AMFI daily
history files, downloads the trailing ``update_window_days`` again (AMFI restates NAVs: a
changed file is ingested and its changes recorded as revisions; an unchanged one is skipped
by its sha256), and takes today's NAVs from ``NAVAll.txt`` (the fast path: the history file
of a day appears later). Downloads land in ``FUNDLENS_HOME/raw/amfi/YYYY/MM/DD.csv`` (the
download cache: a resumable backfill skips what it holds), and are then ingested through
the same all-or-nothing path as ``fundlens ingest``. Running it twice changes nothing the
second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fundlens.errors import InputError
from fundlens.pipeline import ingest_paths
from fundlens.settings import Settings
from fundlens.sources.amfi_fetch import (
    FetchConfig,
    FetchError,
    FetchEvent,
    FetchReport,
    fetch_history,
    fetch_navall,
    history_path,
)
from fundlens.store.ingest import IngestResult
from fundlens.store.snapshots import current_snapshot, reader
from fundlens.store.sql import run_one

__all__ = ["UpdatePlan", "UpdateReport", "backfill", "plan_update", "raw_dir", "update"]

Progress = Callable[[FetchEvent], None]


def raw_dir(settings: Settings) -> Path:
    """Where downloaded AMFI files are kept (``FUNDLENS_HOME/raw/amfi``)."""
    return settings.home / "raw" / "amfi"


@dataclass(frozen=True)
class UpdatePlan:
    """The days an update downloads: ``dates`` in all, of which ``refetch`` again."""

    dates: tuple[dt.date, ...]
    refetch: tuple[dt.date, ...]
    today: dt.date


@dataclass(frozen=True)
class UpdateReport:
    """What an update or backfill did: downloads, today's NAVAll, and the ingest."""

    plan: UpdatePlan
    fetch: FetchReport
    navall: str | None
    ingest: IngestResult

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.plan.dates[0].isoformat() if self.plan.dates else None,
            "to": self.plan.dates[-1].isoformat() if self.plan.dates else None,
            "fetch": self.fetch.as_dict(),
            "navall": self.navall,
            "ingest": self.ingest.to_json(),
        }


def _days(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    return tuple(first + dt.timedelta(days=i) for i in range((last - first).days + 1))


def _last_nav_date(db: Path) -> dt.date | None:
    if current_snapshot(db) is None:
        return None
    con = reader(db)
    try:
        row = run_one(con, "SELECT max(date) FROM nav")
    finally:
        con.close()
    return None if row is None else row[0]


def plan_update(db: Path, *, settings: Settings, today: dt.date) -> UpdatePlan:
    """Days after the store's last NAV (or the last ``first_run_days`` for a new store) up
    to yesterday, plus the trailing window downloaded again."""
    last = _last_nav_date(db)
    yesterday = today - dt.timedelta(days=1)
    window_start = today - dt.timedelta(days=settings.update_window_days)
    start = (
        last + dt.timedelta(days=1) if last else today - dt.timedelta(days=settings.first_run_days)
    )
    start = min(start, window_start)
    dates = _days(start, yesterday) if start <= yesterday else ()
    refetch = tuple(d for d in dates if d >= window_start)
    return UpdatePlan(dates=dates, refetch=refetch, today=today)


def _held_files(folder: Path, dates: tuple[dt.date, ...]) -> list[Path]:
    return [p for p in (history_path(folder, d) for d in dates) if p.exists()]


def update(
    db: Path,
    *,
    settings: Settings,
    config: FetchConfig | None = None,
    today: dt.date | None = None,
    navall: bool = True,
    progress: Progress | None = None,
) -> UpdateReport:
    """Fetch what is missing plus the trailing window, today's NAVAll, and ingest them."""
    config = config or FetchConfig.from_settings(settings)
    plan = plan_update(db, settings=settings, today=today or dt.date.today())
    folder = raw_dir(settings)
    fetched = _fetch(plan, folder, config, progress)
    files = _held_files(folder, plan.dates)
    navall_note: str | None = None
    if navall:
        try:
            dest = folder / "navall" / plan.today.isoformat()
            files.append(fetch_navall(dest=dest, config=config))
            navall_note = "fetched"
        except FetchError as exc:
            navall_note = f"not available: {exc}"
    result = ingest_paths(db, files) if files else IngestResult()
    return UpdateReport(plan=plan, fetch=fetched, navall=navall_note, ingest=result)


def backfill(
    db: Path,
    *,
    settings: Settings,
    start: dt.date,
    end: dt.date,
    config: FetchConfig | None = None,
    ingest: bool = True,
    progress: Progress | None = None,
) -> UpdateReport:
    """Download the AMFI daily files of ``start``–``end`` (resumable) and ingest them."""
    if start > end:
        raise InputError(f"--from {start} is after --to {end}")
    config = config or FetchConfig.from_settings(settings)
    plan = UpdatePlan(dates=_days(start, end), refetch=(), today=end)
    folder = raw_dir(settings)
    fetched = _fetch(plan, folder, config, progress)
    files = _held_files(folder, plan.dates)
    result = ingest_paths(db, files) if ingest and files else IngestResult()
    return UpdateReport(plan=plan, fetch=fetched, navall=None, ingest=result)


def _fetch(
    plan: UpdatePlan, folder: Path, config: FetchConfig, progress: Progress | None
) -> FetchReport:
    try:
        return fetch_history(
            plan.dates, dest=folder, config=config, refetch=plan.refetch, progress=progress
        )
    except FetchError as exc:
        if exc.report is None:
            raise
        return exc.report  # an aborted run: ingest what did arrive, report the rest
