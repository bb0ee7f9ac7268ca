"""Category commands: ``category stats|leaders|rank`` and ``refresh-metrics``.

``refresh-metrics`` is its own top-level command: ``fundlens metrics CODE`` already takes a
scheme code as its argument, so a ``metrics refresh`` subcommand would collide with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from fundlens.analytics.peers import better, metric_key
from fundlens.cli._common import (
    DbOpt,
    JsonOpt,
    app,
    banner,
    out,
    print_json,
    progress_bar,
    reading,
    resolve_db,
)
from fundlens.cli.analysis import RfOpt
from fundlens.services.category import category_leaders, category_report, peer_rank
from fundlens.services.fund_metrics import FUND_METRICS_KEYS, refresh_fund_metrics

__all__ = ["category_app"]

category_app = typer.Typer(
    help="Where a fund stands in its category: ranks, percentiles, quartiles, medians.",
    no_args_is_help=True,
)
app.add_typer(category_app, name="category")

AsOfOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Rank as of this day, from the NAVs up to it (default: the last NAV date).",
    ),
]
PlanOpt = Annotated[str, typer.Option("--plan", help="direct, regular, institutional, …")]
MetricOpt = Annotated[
    str, typer.Option("--metric", help="Metric key without window: return, sharpe, …")
]
WindowOpt = Annotated[str, typer.Option("--window", help="1m 3m 6m 1y 3y 5y 10y.")]

#: Keys printed as plain numbers (ratios), not percentages.
_PLAIN = ("sharpe", "sortino", "calmar", "treynor", "information_ratio", "beta", "capture")


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _fmt(metric: str, value: Any) -> str:
    if value is None:
        return "—"
    if any(p in metric for p in _PLAIN):
        return f"{value:.2f}"
    return f"{value:.2%}"


@app.command("refresh-metrics")
def refresh_metrics(
    as_of: AsOfOpt = None,
    rf: RfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compute the fund_metrics rows of the last NAV date (or --as-of) and store them."""
    with progress_bar("fund metrics", enabled=not as_json) as (advance, total):
        seen = [0]

        def progress(done: int, of: int) -> None:
            total(of)
            advance(done - seen[0])
            seen[0] = done

        summary = refresh_fund_metrics(resolve_db(db), as_of=_day(as_of), rf=rf, progress=progress)
    if as_json:
        print_json(summary.to_json())
        return
    banner(summary.synthetic)
    out.print(
        f"fund_metrics as of {summary.as_of}: {summary.rows:,} schemes "
        f"({summary.ranked:,} ranked in their category), {summary.replaced:,} rows replaced, "
        f"{summary.seconds:.1f} s"
    )


@category_app.command("stats")
def stats(
    category: Annotated[str, typer.Argument(help="Category slug or name (flexi-cap).")],
    plan: Annotated[str | None, typer.Option("--plan", help="One plan (default: all).")] = None,
    metric: Annotated[str | None, typer.Option("--metric", help="One metric: return, …")] = None,
    window: Annotated[str, typer.Option("--window", help="Its window.")] = "3y",
    as_of: AsOfOpt = None,
    rf: RfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Peer count, median, quartile edges, best and worst of every metric in a category;
    with --metric, that metric's ranked funds."""
    key = None if metric is None else metric_key(metric, window)
    with reading(db) as (con, synthetic):
        report = category_report(con, category, plan=plan, key=key, as_of=_day(as_of), rf=rf)
    if as_json:
        print_json(report)
        return
    banner(synthetic)
    title = f"{report['category']} · {plan or 'every plan'} · as of {report['as_of']}"
    if key is None:
        order = {k: i for i, k in enumerate(FUND_METRICS_KEYS)}
        rows = [r for r in report["summary"] if r["key"] in order]
        rows.sort(key=lambda r: (r["plan"] or "", order[r["key"]]))
        _summary_table(title, rows)
        _years_table(report["calendar_years"])
        return
    _summary_table(title, report["summary"])
    _funds_table(f"{key} ({better(key)} is better)", report["funds"], key)


def _summary_table(title: str, rows: list[dict[str, Any]]) -> None:
    table = Table(title=title)
    for col in ("plan", "key", "better", "peers", "median", "p25", "p75", "best", "worst"):
        table.add_column(col, justify="left" if col in ("plan", "key", "better") else "right")
    for r in rows:
        cells = [_fmt(r["metric"], r[k]) for k in ("median", "p25", "p75", "best", "worst")]
        table.add_row(r["plan"] or "—", r["key"], r["better"] or "—", str(r["peer_count"]), *cells)
    out.print(table)


def _years_table(rows: list[dict[str, Any]]) -> None:
    table = Table(title="Calendar-year returns of the peer group")
    for col in ("plan", "year", "peers", "p25", "median", "p75"):
        table.add_column(col, justify="left" if col == "plan" else "right")
    for r in rows:
        cells = [_fmt("return", r[k]) for k in ("p25", "median", "p75")]
        table.add_row(r["plan"] or "—", str(r["year"]), str(r["peer_count"]), *cells)
    out.print(table)


def _funds_table(title: str, rows: list[dict[str, Any]], key: str) -> None:
    table = Table(title=title)
    for col in ("plan", "rank", "code", "name", "value", "percentile", "quartile"):
        table.add_column(col, justify="left" if col in ("plan", "name") else "right")
    for r in rows:
        table.add_row(
            r["plan"] or "—",
            "—" if r["rank"] is None else f"{r['rank']:g}",
            str(r["scheme_code"]),
            r["name"] or "",
            _fmt(key, r["value"]),
            "—" if r["percentile"] is None else f"{r['percentile']:.2f}",
            "—" if r["quartile"] is None else f"Q{r['quartile']}",
        )
    out.print(table)


@category_app.command("leaders")
def leaders(
    slug: Annotated[str, typer.Argument(help="Category slug (flexi-cap) or name.")],
    metric: MetricOpt = "return",
    window: WindowOpt = "3y",
    plan: PlanOpt = "direct",
    limit: Annotated[int, typer.Option("--limit", help="How many funds.")] = 10,
    as_of: AsOfOpt = None,
    rf: RfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The best funds of a category and plan by one metric over one window."""
    with reading(db) as (con, synthetic):
        report = category_leaders(
            con,
            slug,
            metric=metric,
            window=window,
            plan=plan,
            limit=limit,
            as_of=_day(as_of),
            rf=rf,
        )
    if as_json:
        print_json(report)
        return
    banner(synthetic)
    key = report["key"]
    head = report["summary"][0] if report["summary"] else None
    median = "—" if head is None else _fmt(key, head["median"])
    peers = 0 if head is None else head["peer_count"]
    title = (
        f"{report['category']} · {plan} · {key} ({report['better']} is better) · "
        f"as of {report['as_of']} · {peers} peers, median {median}"
    )
    _funds_table(title, report["funds"], key)


@category_app.command("rank")
def rank(
    code: Annotated[int, typer.Argument(help="AMFI scheme code.")],
    as_of: AsOfOpt = None,
    rf: RfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One fund's rank, percentile and quartile in its category for every metric."""
    with reading(db) as (con, synthetic):
        report = peer_rank(con, code, as_of=_day(as_of), rf=rf)
    if as_json:
        print_json(report)
        return
    banner(synthetic)
    out.print(
        f"[bold]{report['scheme_code']}[/] {report['name']} · {report['sebi_category']} · "
        f"{report['plan']} · as of {report['as_of']}"
    )
    if report["excluded"]:
        out.print(f"[yellow]not ranked: {report['excluded']}[/]")
    table = Table(title="Standing among peers (1 = best)")
    for col in ("key", "value", "rank", "of", "percentile", "quartile", "median", "why no rank"):
        table.add_column(col, justify="left" if col in ("key", "why no rank") else "right")
    for key in FUND_METRICS_KEYS:
        m = report["metrics"][key]
        table.add_row(
            key,
            _fmt(key, m["value"]),
            "—" if m["rank"] is None else f"{m['rank']:g}",
            "—" if m["peer_count"] is None else str(m["peer_count"]),
            "—" if m["percentile"] is None else f"{m['percentile']:.2f}",
            "—" if m["quartile"] is None else f"Q{m['quartile']}",
            _fmt(key, m["category_median"]),
            report["reasons"].get(key, ""),
        )
    out.print(table)
    years = Table(title="Calendar years")
    for col in ("year", "return", "rank", "of", "quartile", "median"):
        years.add_column(col, justify="right")
    for year, y in report["calendar_years"].items():
        years.add_row(
            year,
            _fmt("return", y["return"]),
            "—" if y["rank"] is None else f"{y['rank']:g}",
            "—" if y["peer_count"] is None else str(y["peer_count"]),
            "—" if y["quartile"] is None else f"Q{y['quartile']}",
            _fmt("return", y["category_median"]),
        )
    out.print(years)
