"""Expense drag and AMC commands: ``expense pairs|drag|summary``, ``amc list|schemes|
categories|compare``. Each parses, calls one service function, and prints a table (or
JSON with ``--json``; fractions throughout)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import polars as pl
import typer
from rich.table import Table

from fundlens.cli._common import (
    DbOpt,
    FromOpt,
    JsonOpt,
    ToOpt,
    app,
    banner,
    out,
    print_json,
    progress_bar,
    reading,
)
from fundlens.cli.analysis import RfOpt
from fundlens.services.amc import (
    amc_categories,
    amc_comparison,
    amc_list,
    amc_schemes,
)
from fundlens.services.expense import amc_expense_summary, expense_drag, expense_pairs

__all__ = ["amc_app", "expense_app"]

expense_app = typer.Typer(
    help="Expense drag: how far each Direct plan pulls ahead of its Regular plan.",
    no_args_is_help=True,
)
amc_app = typer.Typer(
    help="AMCs: their schemes, and their track record in a category.", no_args_is_help=True
)
app.add_typer(expense_app, name="expense")
app.add_typer(amc_app, name="amc")

#: Keys shown by ``amc compare`` (the JSON has every key of ``fundlens metrics``).
_SHOWN: tuple[tuple[str, bool], ...] = (
    ("cagr", True), ("cumulative_return", True), ("return_1y", True), ("return_3y", True),
    ("return_5y", True), ("volatility", True), ("max_drawdown", True), ("sharpe", False),
    ("sortino", False), ("calmar", False), ("beta", False), ("alpha", True),
    ("tracking_error", True), ("information_ratio", False), ("excess_return", True),
    ("up_capture", False), ("down_capture", False), ("rolling_3y_beat_benchmark", True),
)  # fmt: skip


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value:.2%}"


def _plain(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}"


def _frame_json(frame: pl.DataFrame, synthetic: bool) -> dict[str, Any]:
    rows = frame.with_columns(pl.col(pl.Date).cast(pl.String)).to_dicts()
    return {"synthetic": synthetic, "count": frame.height, "data": rows}


def _table(title: str, frame: pl.DataFrame, columns: list[str]) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in frame.select(columns).iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)


@expense_app.command("pairs")
def pairs(
    amc: Annotated[str | None, typer.Option("--amc", help="AMC slug (hdfc) or name.")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every Direct/Regular pair (same scheme, same option), optionally of one AMC."""
    with reading(db) as (con, synthetic):
        frame = expense_pairs(con, amc)
    if as_json:
        print_json(_frame_json(frame, synthetic))
        return
    banner(synthetic)
    _table(
        f"{frame.height} Direct/Regular pair(s)",
        frame,
        ["direct_code", "regular_code", "direct_name", "amc_id", "sebi_category", "option",
         "overlap_start", "overlap_end"],
    )  # fmt: skip


@expense_app.command("drag")
def drag(
    direct: Annotated[int, typer.Argument(help="Direct plan's scheme code.")],
    regular: Annotated[int, typer.Argument(help="Regular plan's scheme code.")],
    start: FromOpt = None,
    end: ToOpt = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Expense drag of one pair: (D_t/D_0)/(R_t/R_0) − 1 from the common start, annualised."""
    with reading(db) as (con, _synthetic):
        report = expense_drag(
            con,
            direct,
            regular,
            start_date=start.date() if start else None,
            end_date=end.date() if end else None,
        )
    if as_json:
        print_json(report)
        return
    banner(report["synthetic"])
    window = report["window"]
    out.print(f"[bold]Direct[/]  {direct} {report['direct']['name']}")
    out.print(f"[bold]Regular[/] {regular} {report['regular']['name']}")
    out.print(
        f"window: {window['start_date']} → {window['end_date']} ({window['days']} d, "
        f"{window['points']} common NAV dates)"
        + ("" if report["paired"] else "  [yellow]not paired in the store[/]")
        + ("  [yellow]IDCW: price return only[/]" if report["price_return_only"] else "")
    )
    out.print(
        f"Direct ahead by {_pct(report['drag'])} in total, {_pct(report['annualised'])} a year"
    )
    for key, why in report["reasons"].items():
        out.print(f"[dim]{key} null: {why}[/]")


@expense_app.command("summary")
def summary(
    amc: Annotated[str, typer.Argument(help="AMC slug (hdfc) or name.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every pair of one AMC with its drag; median and mean over growth pairs."""
    with reading(db) as (con, _synthetic):
        report = amc_expense_summary(con, amc, with_series=as_json)
    if as_json:
        print_json(report)
        return
    banner(report["synthetic"])
    table = Table(title=f"{report['amc_name']}: expense drag of {len(report['pairs'])} pair(s)")
    for col in ("direct", "regular", "name", "category", "option", "from", "to", "total", "a year"):
        table.add_column(col)
    for p in report["pairs"]:
        table.add_row(
            str(p["direct_code"]), str(p["regular_code"]), p["direct_name"],
            p["sebi_category"] or "", p["option"] or "", str(p["start_date"]),
            str(p["end_date"]), _pct(p["drag"]), _pct(p["annualised"]) if
            p["annualised"] is not None else f"— ({p['reason']})",
        )  # fmt: skip
    out.print(table)
    out.print(
        f"growth pairs: {report['growth_pairs']}, median {_pct(report['median_annualised'])} "
        f"a year, mean {_pct(report['mean_annualised'])} a year"
    )


@amc_app.command("list")
def list_amcs(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Every AMC in the store: slug, name, schemes (alive), categories."""
    with reading(db) as (con, synthetic):
        frame = amc_list(con)
    if as_json:
        print_json(_frame_json(frame, synthetic))
        return
    banner(synthetic)
    shown = frame.with_columns(
        pl.col("categories")
        .list.eval(pl.format("{} {}", pl.element().struct.field("category"),
                             pl.element().struct.field("schemes")))
        .list.join(", ")
    )  # fmt: skip
    _table(
        f"{frame.height} AMC(s)",
        shown,
        ["amc_id", "amc_name", "schemes", "alive", "first_nav_date", "last_nav_date",
         "categories"],
    )  # fmt: skip


@amc_app.command("schemes")
def schemes(
    amc: Annotated[str, typer.Argument(help="AMC slug (hdfc) or name.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The schemes of one AMC with category, plan, option and NAV dates."""
    with reading(db) as (con, synthetic):
        frame = amc_schemes(con, amc)
    if as_json:
        print_json(_frame_json(frame, synthetic))
        return
    banner(synthetic)
    _table(f"{frame.height} scheme(s) of {amc}", frame, frame.columns)


@amc_app.command("categories")
def categories(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """SEBI categories with their slugs and how many schemes and AMCs the store has."""
    with reading(db) as (con, synthetic):
        frame = amc_categories(con)
    if as_json:
        print_json(_frame_json(frame, synthetic))
        return
    banner(synthetic)
    _table("categories", frame, frame.columns)


@amc_app.command("compare")
def compare(
    amcs: Annotated[list[str], typer.Argument(help="AMC slugs (hdfc sbi) or names.")],
    category: Annotated[
        str, typer.Option("--category", help="Category name ('Large Cap') or slug.")
    ],
    plan: Annotated[Literal["direct", "regular"], typer.Option("--plan")] = "direct",
    start: FromOpt = None,
    end: ToOpt = None,
    rf: RfOpt = None,
    own_windows: Annotated[
        bool,
        typer.Option("--own-windows", help="Each AMC over its whole history, not the common one."),
    ] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Each AMC's equal-weighted, daily-rebalanced portfolio of its growth schemes in a
    category (closed ones included) with the full metric set against the category benchmark."""
    with reading(db) as (con, _synthetic), progress_bar("comparing", enabled=not as_json):
        report = amc_comparison(
            con,
            amcs,
            category=category,
            plan=plan,
            start_date=start.date() if start else None,
            end_date=end.date() if end else None,
            rf=rf,
            common_window=not own_windows,
        )
    if as_json:
        print_json(report)
        return
    banner(report["synthetic"])
    _print_comparison(report)


def _print_comparison(report: dict[str, Any]) -> None:
    bench = report["benchmark"]
    out.print(
        f"[bold]{report['category']}[/], {report['plan']} plan, growth option; "
        + (
            f"benchmark {bench['code']} {bench['name']} ({bench['label']})"
            if bench
            else f"no benchmark ({report['no_benchmark_reason']})"
        )
    )
    out.print(f"[dim]{report['method']}[/]")
    table = Table(title="AMC portfolios" + (" (common window)" if report["common_window"] else ""))
    table.add_column("metric")
    for amc in report["amcs"]:
        table.add_column(amc["amc"], justify="right")
    table.add_row("window", *(f"{a['window']['start_date']} → {a['window']['end_date']}"
                              for a in report["amcs"]))  # fmt: skip
    table.add_row(
        "schemes (closed)",
        *(
            f"{a['scheme_count']} ({sum(not s['alive'] for s in a['schemes'])})"
            for a in report["amcs"]
        ),
    )
    for key, pct in _SHOWN:
        table.add_row(key, *((_pct if pct else _plain)(a["metrics"][key]) for a in report["amcs"]))
    out.print(table)
