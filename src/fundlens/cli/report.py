"""``fundlens report``: one fund's tearsheet as a single self-contained HTML file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from fundlens.cli._common import DbOpt, FromOpt, ToOpt, app, banner, err, out, reading
from fundlens.cli.analysis import BenchmarkOpt, RfOpt, _benchmark
from fundlens.errors import InputError

__all__ = ["report"]

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="HTML file to write (default: tearsheet-CODE.html).",
        show_default=False,
    ),
]
SipAmountOpt = Annotated[
    float, typer.Option("--sip-amount", help="Monthly SIP in rupees for the SIP section.")
]
SipDayOpt = Annotated[int, typer.Option("--sip-day", help="Day of the month of each SIP.")]


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (temporary file, then rename)."""
    if path.is_dir():
        raise InputError(f"-o {path} is a folder: give a file name, e.g. report.html")
    if not path.parent.exists():
        raise InputError(f"-o {path}: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


@app.command()
def report(
    code: Annotated[int, typer.Argument(help="AMFI scheme code.")],
    output: OutputOpt = None,
    benchmark: BenchmarkOpt = "auto",
    start: FromOpt = None,
    end: ToOpt = None,
    rf: RfOpt = None,
    sip_amount: SipAmountOpt = 10_000.0,
    sip_day: SipDayOpt = 1,
    db: DbOpt = None,
) -> None:
    """Tearsheet of one fund: key metrics against the benchmark and category, cumulative,
    rolling and yearly returns, drawdowns, monthly heat map, capture, SIPs, peer rank —
    one HTML file with everything inline (opens offline)."""
    from fundlens.reports.tearsheet import tearsheet  # Matplotlib only when asked for
    from fundlens.services.metrics import resolve_rf

    target = output or Path(f"tearsheet-{code}.html")
    with reading(db) as (con, synthetic), err.status(f"building the tearsheet of {code}…"):
        html = tearsheet(
            con,
            code,
            benchmark=_benchmark(benchmark),
            start_date=start.date() if start else None,
            end_date=end.date() if end else None,
            rf=resolve_rf(con, rf),
            sip_amount=sip_amount,
            sip_day=sip_day,
        )
    _write(target, html)
    banner(synthetic)
    out.print(f"wrote {target} ({len(html.encode()) / 1024:,.0f} KB)")
