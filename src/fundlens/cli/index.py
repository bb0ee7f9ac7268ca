"""``fundlens index``: import index/TRI series, list them, show the benchmark map and the
tracking of index funds against their index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from fundlens.cli._common import DbOpt, JsonOpt, app, banner, out, print_json, reading, resolve_db
from fundlens.errors import InputError
from fundlens.services.indices import benchmark_overview, import_index, index_series_list
from fundlens.services.tracking import tracking_report
from fundlens.sources.index_series import IndexKind

__all__ = ["index_benchmarks", "index_import", "index_list", "index_tracking"]

index_app = typer.Typer(
    help="Index and TRI series: import, list, benchmarks, tracking of index funds.",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")


def _kind(tri: bool, price: bool) -> IndexKind | None:
    if tri and price:
        raise InputError("--tri and --price together: give one")
    return "tri" if tri else "price" if price else None


@index_app.command("import")
def index_import(
    name: Annotated[str, typer.Argument(help="Series name, e.g. 'NIFTY 50 TRI'.")],
    path: Annotated[
        Path, typer.Argument(help="NSE/investing.com export, date,value CSV or JSON list.")
    ],
    tri: Annotated[bool, typer.Option("--tri", help="The file is a total-return index.")] = False,
    price: Annotated[bool, typer.Option("--price", help="The file is a price index.")] = False,
    column: Annotated[
        str | None,
        typer.Option("--column", help="Value column of a wide table (default: NAME)."),
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Store an index series (replacing one of the same name); TRI when --tri, or when
    the name or file says TRI / Total Return."""
    result = import_index(resolve_db(db), name, path, kind=_kind(tri, price), column=column)
    if as_json:
        print_json(result.to_json())
        return
    out.print(
        f"{'replaced' if result.replaced else 'stored'} [bold]{result.name}[/] "
        f"({result.label}: {result.kind_reason}) — {result.points:,} values "
        f"{result.first_date} → {result.last_date} "
        f"({result.first_value:,.2f} → {result.last_value:,.2f}; {result.layout} layout, "
        f"column {result.column!r})"
    )
    if result.duplicates:
        out.print(f"duplicates dropped: {result.duplicates}")
    for reason, n in result.rejected_by_reason.items():
        out.print(f"rejected {reason}: {n}")


@index_app.command("list")
def index_list(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The stored index series with their kind, span and points."""
    with reading(db) as (con, synthetic):
        rows = index_series_list(con)
    if as_json:
        print_json({"synthetic": synthetic, "series": rows})
        return
    banner(synthetic)
    if not rows:
        out.print("no index series stored: `fundlens index import NAME FILE.csv`")
        return
    table = Table(title="Index series")
    for col in ("name", "label", "first", "last", "points", "first value", "last value", "file"):
        table.add_column(col, justify="right" if "value" in col or col == "points" else "left")
    for r in rows:
        table.add_row(
            r["name"],
            r["label"],
            r["first_date"],
            r["last_date"],
            f"{r['points']:,}",
            f"{r['first_value']:,.2f}",
            f"{r['last_value']:,.2f}",
            r["source"],
        )
    out.print(table)


def _proxy_text(proxy: dict[str, Any] | None) -> str:
    if proxy is None:
        return ""
    if proxy["kind"] is None:
        return f"[dim]{proxy['note']}[/]"
    if "series" in proxy:
        text = f"{proxy['series']} ({proxy['label']}, {proxy['first_date']} → {proxy['last_date']})"
    else:
        plans = [f"{k} {v['code']}" for k in ("direct", "regular") if (v := proxy.get(k))]
        text = f"{proxy['index']} index fund: {', '.join(plans)} (incl. costs)"
    return text + (f" [dim]— {proxy['note']}[/]" if "note" in proxy else "")


@index_app.command("benchmarks")
def index_benchmarks(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Curated index funds that stand in for indices, and seed 002 §3.3's category →
    benchmark map with the proxy used for each (an imported series, else an index fund)."""
    with reading(db) as (con, synthetic):
        overview = benchmark_overview(con)
    if as_json:
        print_json({"synthetic": synthetic, **overview})
        return
    banner(synthetic)
    funds = Table(title="Index funds standing in for indices — index fund (incl. costs)")
    for col in ("code", "name", "index", "AMC", "plan", "first NAV", "last NAV"):
        funds.add_column(col)
    for f in overview["index_funds"]:
        funds.add_row(
            str(f["scheme_code"]),
            f["name"],
            f["index"],
            f["amc"] or "—",
            f["plan"] or "—",
            f["first_nav_date"] or "—",
            f["last_nav_date"] or "—",
        )
    out.print(funds)
    cats = Table(title="Category benchmarks (seed 002 §3.3) and the proxy used")
    for col in ("category", "primary", "proxy", "secondary", "proxy "):
        cats.add_column(col)
    for c in overview["categories"]:
        cats.add_row(
            c["category"],
            c["primary"],
            _proxy_text(c["primary_proxy"]),
            c["secondary"] or "—",
            _proxy_text(c["secondary_proxy"]),
        )
    out.print(cats)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2%}"


@index_app.command("tracking")
def index_tracking(
    name: Annotated[str | None, typer.Argument(help="One stored series (default: all).")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Tracking difference (CAGR fund − index, whole common window and per calendar year)
    and tracking error (std of daily return differences × √252) of every index fund
    against the stored series of its index."""
    with reading(db) as (con, synthetic):
        pairs = tracking_report(con, name)
    if as_json:
        print_json({"synthetic": synthetic, "pairs": pairs})
        return
    banner(synthetic)
    if not pairs:
        out.print("no index fund in the store tracks a stored index series")
        return
    table = Table(title="Tracking against the index (fractions a year)")
    for col in ("code", "fund", "series", "window", "TD", "TE", "why null"):
        table.add_column(col, justify="right" if col in ("TD", "TE") else "left")
    for p in pairs:
        window = f"{p['start_date']} → {p['end_date']}" if p["start_date"] else "—"
        table.add_row(
            str(p["scheme_code"]),
            p["name"],
            f"{p['series']} ({p['label']})",
            window,
            _pct(p["tracking_difference"]),
            "—" if p["tracking_error"] is None else f"{p['tracking_error']:.2%}",
            "; ".join(sorted(set(p["reasons"].values()))),
        )
    out.print(table)
    out.print(
        "[dim]Against a price index the difference includes the index's dividend yield "
        "(the fund reinvests dividends): expect it positive; against a TRI, slightly "
        "negative (costs).[/]"
    )
