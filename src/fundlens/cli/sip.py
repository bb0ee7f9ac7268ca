"""``fundlens sip``: a monthly SIP against the same money as a lump sum, and rolling SIPs."""

from __future__ import annotations

from typing import Annotated, Any

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
    reading,
)
from fundlens.services.sip import rolling_sip_report, sip_report

__all__ = ["sip"]


def rupees(value: float | None) -> str:
    """₹ with Indian digit grouping (lakhs, crores), whole rupees.

    >>> rupees(1234567.8), rupees(-950.0), rupees(None)
    ('₹12,34,568', '−₹950', '—')
    """
    if value is None:
        return "—"
    sign, whole = ("−" if value < 0 else ""), f"{abs(value):.0f}"
    head, tail = whole[:-3], whole[-3:]
    groups = [head[max(i - 2, 0) : i] for i in range(len(head), 0, -2)][::-1]
    return f"{sign}₹{','.join([*groups, tail]) if head else tail}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2%}"


@app.command()
def sip(
    code: Annotated[int, typer.Argument(help="AMFI scheme code.")],
    amount: Annotated[float, typer.Option("--amount", help="Rupees a month.")] = 10_000.0,
    day: Annotated[int, typer.Option("--day", help="Day of the month, 1–31.")] = 1,
    start: FromOpt = None,
    end: ToOpt = None,
    step_up: Annotated[
        float, typer.Option("--step-up", help="Yearly rise of the instalment (0.1 = +10 %).")
    ] = 0.0,
    rolling: Annotated[
        int | None,
        typer.Option(
            "--rolling",
            help="Also the XIRR of every N-year SIP started in each month of the whole "
            "history (same amount, day and step-up).",
        ),
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A monthly SIP (units, value, XIRR) beside the same total as a lump sum at the start.

    A holiday, a weekend or a missing day 29–31 buys on the next NAV date (a missing day
    counts as the month's last day); the value is taken at the last NAV on or before --to.
    """
    with reading(db) as (con, synthetic):
        report = sip_report(
            con,
            code,
            amount=amount,
            day=day,
            start_date=start.date() if start else None,
            end_date=end.date() if end else None,
            step_up=step_up,
        )
        if rolling is not None:
            report["rolling"] = rolling_sip_report(
                con, code, years=(rolling,), amount=amount, day=day, step_up=step_up
            )["windows"]
    if as_json:
        print_json(report)
        return
    banner(synthetic)
    _print_sip(report)
    if rolling is not None:
        _print_rolling(report["rolling"][f"{rolling}y"])


def _print_sip(report: dict[str, Any]) -> None:
    s, ls, plan = report["summary"], report["lump_sum"], report["plan"]
    out.print(f"[bold]{report['scheme_code']}[/] {report['name']}")
    step = f", +{plan['step_up']:.0%} a year" if plan["step_up"] else ""
    out.print(
        f"SIP of {rupees(plan['amount'])} on day {plan['day']}{step}: "
        f"{s['first_instalment']} → {s['last_instalment']}, valued {s['valuation_date']} "
        f"(NAV {s['valuation_nav']:,.4f})"
    )
    table = Table(title="SIP against the same money as a lump sum at the start")
    for column in ("", "SIP", "lump sum"):
        table.add_column(column, justify="left" if not column else "right")
    table.add_row("first investment", s["first_instalment"], ls["date"])
    table.add_row("instalments", f"{s['instalments']:,}", "1")
    table.add_row("invested", rupees(s["invested"]), rupees(ls["amount"]))
    table.add_row("units", f"{s['units']:,.3f}", f"{ls['units']:,.3f}")
    table.add_row("value", rupees(s["value"]), rupees(ls["value"]))
    table.add_row("gain", rupees(s["gain"]), rupees(ls["gain"]))
    table.add_row("absolute return", _pct(s["absolute_return"]), _pct(ls["absolute_return"]))
    table.add_row("XIRR / CAGR", _pct(s["xirr"]), _pct(ls["cagr"]))
    out.print(table)
    for note in report["notes"]:
        out.print(f"[yellow]note:[/] {note}")
    for key, reason in report["reasons"].items():
        out.print(f"[yellow]{key} is null:[/] {reason}")


def _print_rolling(window: dict[str, Any]) -> None:
    n = window["years"]
    if window["reason"]:
        out.print(f"[yellow]rolling {n}-year SIPs:[/] {window['reason']}")
        return
    dist = window["distribution"]
    table = Table(
        title=f"Rolling {n}-year SIPs: XIRR of one started each month "
        f"({window['starts'][0]} … {window['starts'][-1]})"
    )
    table.add_column("statistic")
    table.add_column("value", justify="right")
    table.add_row("SIPs", f"{dist['count']:,}")
    for key in ("min", "p10", "p25", "median", "mean", "p75", "p90", "max", "std"):
        table.add_row(key, _pct(dist[key]))
    table.add_row("share below 0 %", _pct(dist["below_0"]))
    for rate in (8, 10, 12, 15):
        table.add_row(f"share above {rate} %", _pct(dist[f"above_{rate}"]))
    out.print(table)
