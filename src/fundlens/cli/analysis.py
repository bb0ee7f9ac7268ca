"""Analysis commands: ``metrics`` (one fund's full set) and ``riskfree import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from fundlens.analytics.keys import (
    METRIC_WINDOWS,
    RATIO_KEYS,
    RELATIVE_KEYS,
    RETURN_KEYS,
    RISK_KEYS,
    ROLLING_STATS,
    WINDOWED_KEYS,
)
from fundlens.cli._common import (
    DbOpt,
    FromOpt,
    JsonOpt,
    ToOpt,
    app,
    banner,
    out,
    print_json,
    reading,
    resolve_db,
)
from fundlens.errors import InputError
from fundlens.services.indices import IndexBenchmark
from fundlens.services.metrics import resolve_rf
from fundlens.services.report import BenchmarkChoice, metrics_report
from fundlens.services.riskfree import import_riskfree

__all__ = ["metrics", "riskfree_import"]

riskfree_app = typer.Typer(help="The risk-free rate used by Sharpe, Sortino, alpha, Treynor.")
app.add_typer(riskfree_app, name="riskfree")

BenchmarkOpt = Annotated[
    str,
    typer.Option(
        "--benchmark",
        help="Benchmark scheme code; 'auto' = the category's index-fund stand-in; 'none'; "
        "index:NAME = a series stored with `fundlens index import`.",
    ),
]
RfOpt = Annotated[
    float | None,
    typer.Option(
        "--rf",
        envvar="FUNDLENS_RF",
        help="Risk-free rate, a fraction a year (0.065). Without it and FUNDLENS_RF: the "
        "series from `fundlens riskfree import`, else 0.065.",
        show_default=False,
    ),
]

#: Keys shown as ratios (not percentages) in the human table.
_PLAIN = frozenset(
    {"sharpe", "sortino", "calmar", "treynor", "information_ratio", "beta", "skew",
     "up_capture", "down_capture", "up_capture_monthly", "down_capture_monthly",
     "capture_ratio", "ulcer_index"}
)  # fmt: skip


def _benchmark(text: str) -> BenchmarkChoice:
    lowered = text.strip().lower()
    if lowered == "auto":
        return "auto"
    if lowered == "none":
        return None
    if lowered.startswith("index:"):
        return IndexBenchmark(text.strip()[len("index:") :].strip().strip("'\""))
    if not lowered.isdigit():
        raise InputError(f"--benchmark {text!r}: give a scheme code, 'auto', 'none' or index:NAME")
    return int(lowered)


@app.command()
def metrics(
    code: Annotated[int, typer.Argument(help="AMFI scheme code.")],
    benchmark: BenchmarkOpt = "auto",
    start: FromOpt = None,
    end: ToOpt = None,
    rf: RfOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every return, risk, risk-adjusted and capture metric of one fund (fractions in JSON)."""
    with reading(db) as (con, synthetic):
        report = metrics_report(
            con,
            code,
            benchmark=_benchmark(benchmark),
            start_date=start.date() if start else None,
            end_date=end.date() if end else None,
            rf=resolve_rf(con, rf),
        )
    if as_json:
        print_json(report)
        return
    banner(synthetic)
    _print_report(report)


def _pct(key: str, value: Any) -> str:
    if value is None:
        return "—"
    base = key.rsplit("_", 1)[0] if key.endswith(tuple(f"_{w}" for w in METRIC_WINDOWS)) else key
    return f"{value:.2f}" if base in _PLAIN else f"{value:.2%}"


def _print_report(report: dict[str, Any]) -> None:
    values, reasons = report["metrics"], report["reasons"]
    bench = report["benchmark"]
    window = report["window"]
    out.print(f"[bold]{report['scheme_code']}[/] {report['name']}")
    if bench:
        code = "" if bench["code"] is None else f"{bench['code']} "
        out.print(f"benchmark: {code}{bench['name']} ({bench['label']})")
    out.print(
        f"window: {window['start_date']} → {window['end_date']} ({window['days']} d, "
        f"{window['observations']} daily observations)"
        + ("  [yellow]IDCW: price return only[/]" if report["price_return_only"] else "")
    )
    whole = Table(title="Whole window")
    whole.add_column("metric")
    whole.add_column("value", justify="right")
    whole.add_column("why null")
    for key in RETURN_KEYS + RISK_KEYS + RATIO_KEYS + RELATIVE_KEYS:
        whole.add_row(key, _pct(key, values[key]), reasons.get(key, ""))
    out.print(whole)
    trailing = [
        (key, [_pct(key, values[f"{key}_{w}"]) for w in METRIC_WINDOWS]) for key in WINDOWED_KEYS
    ]
    out.print(_by_window("Trailing windows", "metric", trailing))
    rolled = [
        (stat, [_pct("rolling", values[f"rolling_{w}_{stat}"]) for w in METRIC_WINDOWS])
        for stat in ROLLING_STATS
    ]
    out.print(_by_window("Rolling returns (annualised)", "statistic", rolled))
    dd = report["drawdown"]
    out.print(
        f"max drawdown: peak {dd['peak_date']}, trough {dd['trough_date']}, "
        f"recovered {dd['recovery_date'] or 'not yet'}"
    )


def _by_window(title: str, first: str, rows: list[tuple[str, list[str]]]) -> Table:
    """A table with one column per trailing window."""
    table = Table(title=title)
    table.add_column(first)
    for w in METRIC_WINDOWS:
        table.add_column(w, justify="right")
    for name, cells in rows:
        table.add_row(name, *cells)
    return table


@riskfree_app.command("import")
def riskfree_import(
    path: Annotated[Path, typer.Argument(help="CSV with date,annual_rate (or Date,Yield in %).")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Store a risk-free series; metrics use it unless --rf is given."""
    result = import_riskfree(resolve_db(db), path)
    if as_json:
        print_json(result.to_json())
        return
    out.print(
        f"stored {result.points:,} rates {result.first_date} → {result.last_date} "
        f"({result.min_rate:.2%} … {result.max_rate:.2%} a year"
        + (", read as percent" if result.percent else "")
        + ")"
    )
    for reason, n in sorted(result.rejected_by_reason.items()):
        out.print(f"rejected {reason}: {n}")
