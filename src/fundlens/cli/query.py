"""Commands that read a store: nav, schemes search/show/coverage, db stats."""

from __future__ import annotations

import csv
import sys
from typing import Annotated, Literal

import typer
from rich.table import Table

from fundlens import pipeline
from fundlens.cli._common import (
    DbOpt,
    FromOpt,
    JsonOpt,
    ToOpt,
    app,
    banner,
    db_app,
    fmt,
    out,
    print_json,
    print_table,
    reading,
    resolve_db,
    schemes_app,
)
from fundlens.store.meta import meta_object
from fundlens.store.reads import nav_history, scheme_detail, search_schemes

__all__ = ["stats"]


@app.command()
def nav(
    code: Annotated[int, typer.Argument(help="AMFI scheme code.")],
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: Annotated[Literal["csv", "json"], typer.Option("--format", help="Output format.")] = "csv",
    db: DbOpt = None,
) -> None:
    """Print one scheme's NAV history, ascending by date."""
    with reading(db) as (con, synthetic):
        frame = nav_history(
            con,
            code,
            start_date=start.date() if start else None,
            end_date=end.date() if end else None,
        )
    if fmt == "json":
        print_json(
            {
                "scheme_code": code,
                "synthetic": synthetic,
                "data": [{"date": d.isoformat(), "nav": v} for d, v in frame.iter_rows()],
            }
        )
        return
    banner(synthetic)
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
    with reading(db) as (con, synthetic):
        hits = search_schemes(con, text, limit=limit)
    if as_json:
        print_json({"synthetic": synthetic, "count": hits.height, "data": hits.to_dicts()})
        return
    banner(synthetic)
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
    with reading(db) as (con, synthetic):
        detail = scheme_detail(con, code)
        detail["synthetic"] = synthetic
    if as_json:
        print_json(detail)
        return
    banner(detail["synthetic"])
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
    with reading(db) as (con, synthetic):
        report = pipeline.coverage_for_store(con).to_dict(max_disagreements=show)
    if as_json:
        print_json({"synthetic": synthetic, **report})
        return
    banner(synthetic)
    print_table(
        f"classification coverage of {report['schemes']:,} schemes",
        ("field", "classified", "of", "share"),
        [(r["field"], r["numerator"], r["denominator"], r["share"]) for r in report["coverage"]],
    )
    print_table(
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
    print_table(
        f"disagreements (first {show} of {report['disagreements_total']:,})",
        ("scheme_code", "field", "reference", "name says", "master says"),
        [tuple(d.values()) for d in report["disagreements"]],
    )


@db_app.command("stats")
def stats(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The meta object: dates, counts, rejects by reason, synthetic flag, versions."""
    with reading(db) as (con, _synthetic):
        meta = meta_object(con)
    if as_json:
        print_json(meta)
        return
    banner(meta["synthetic"])
    table = Table(title=f"fundlens store {resolve_db(db)}", show_header=False)
    for key, value in meta.items():
        if key == "rejected_by_reason":
            value = ", ".join(f"{k} {v:,}" for k, v in value.items() if v) or "none"
        table.add_row(key, fmt(value) if not isinstance(value, bool) else str(value).lower())
    out.print(table)
