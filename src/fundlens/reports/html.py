"""HTML building blocks of the tearsheet: number formats, tables, sections, the page.

Everything returned is an HTML string; every text from the store goes through
:func:`esc`. Numbers are fractions in, formatted here once:

* :func:`pct` — a fraction as a percentage (``0.1007`` → ``10.07%``); None/NaN → ``—``.
* :func:`ratio` — a plain number with two decimals (Sharpe, beta).
* :func:`inr` — rupees with Indian digit grouping (``1234567`` → ``₹12,34,567``): the
  last three digits, then groups of two (thousand, lakh, crore).
* :func:`inr_short` — ``₹12.35 L`` / ``₹1.25 Cr`` / ``₹25 L`` for chart axes.

A missing value is an em dash whose ``title`` (the tooltip) holds the reason, never a
number from too little data.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Final

__all__ = [
    "CSS",
    "Cell",
    "esc",
    "heat_colour",
    "inr",
    "inr_short",
    "num_cell",
    "page",
    "pct",
    "ratio",
    "section",
    "table",
]

MISSING: Final = "—"

#: A table cell: pre-rendered HTML of a ``<td>`` (use :func:`num_cell` or ``esc``).
Cell = str


def esc(text: object) -> str:
    """HTML-escaped text (quotes too, so it can sit in an attribute)."""
    return html.escape("" if text is None else str(text), quote=True)


def _finite(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def pct(value: object, digits: int = 2, *, sign: bool = False) -> str:
    """``0.1007`` → ``10.07%`` (``+10.07%`` with ``sign``); None or NaN → ``—``."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{number * 100:{'+' if sign else ''}.{digits}f}%"


def ratio(value: object, digits: int = 2) -> str:
    """``1.2345`` → ``1.23``; None or NaN → ``—``."""
    number = _finite(value)
    return MISSING if number is None else f"{number:.{digits}f}"


def _indian_digits(whole: int) -> str:
    """``1234567`` → ``12,34,567`` (the last three digits, then pairs)."""
    text = str(whole)
    if len(text) <= 3:
        return text
    head, tail = text[:-3], text[-3:]
    pairs = [head[max(i - 2, 0) : i] for i in range(len(head), 0, -2)][::-1]
    return ",".join([*pairs, tail])


def inr(value: object) -> str:
    """Rupees, rounded to the rupee, Indian grouping: ``₹12,34,567``; negative ``−₹…``."""
    number = _finite(value)
    if number is None:
        return MISSING
    text = "₹" + _indian_digits(round(abs(number)))
    return ("−" + text) if number < 0 and round(abs(number)) else text


def inr_short(value: float) -> str:
    """Compact rupees, two decimals at most: ``₹950``, ``₹12.5 K``, ``₹3.4 L`` (lakh),
    ``₹1.25 Cr`` (crore)."""
    number = _finite(value)
    if number is None:
        return MISSING
    size = abs(number)
    sign = "−" if number < 0 else ""
    for unit, suffix in ((1e7, " Cr"), (1e5, " L"), (1e3, " K")):
        if size >= unit:
            text = f"{size / unit:.2f}".rstrip("0").rstrip(".")
            return f"{sign}₹{text}{suffix}"
    return f"{sign}₹{size:.0f}"


def num_cell(text: str, *, key: str = "", col: str = "", reason: str | None = None) -> Cell:
    """A right-aligned number cell; ``data-key``/``data-col`` let tests and scripts find
    it; a missing value carries its reason as a tooltip."""
    attrs = ' class="num"'
    if key:
        attrs += f' data-key="{esc(key)}"'
    if col:
        attrs += f' data-col="{esc(col)}"'
    if text == MISSING and reason:
        attrs += f' title="{esc(reason)}"'
    return f"<td{attrs}>{esc(text)}</td>"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    cls: str = "",
    caption: str = "",
) -> str:
    """A ``<table>``; the first header is the label column, the rest numbers (right)."""
    head = "".join(
        (f"<th>{esc(h)}</th>" if i == 0 else f'<th class="num">{esc(h)}</th>')
        for i, h in enumerate(headers)
    )
    body = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    klass = f' class="{esc(cls)}"' if cls else ""
    return f"<table{klass}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def section(ident: str, title: str, body: str, *, note: str = "") -> str:
    """``<section id=…>`` with its heading, an optional one-line note, and the body."""
    lead = f'<p class="note">{note}</p>' if note else ""
    return f'<section id="{esc(ident)}"><h2>{esc(title)}</h2>{lead}{body}</section>'


def heat_colour(value: float | None, scale: float) -> str:
    """Background of a heat-map cell: green for gains, red for losses, the opacity
    proportional to |value| / scale (capped at 1); no colour for a missing value."""
    number = _finite(value)
    if number is None or scale <= 0:
        return "transparent"
    alpha = min(abs(number) / scale, 1.0) * 0.85
    rgb = "22,163,74" if number >= 0 else "220,38,38"
    return f"rgba({rgb},{alpha:.2f})"


CSS: Final = """
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--fund:#1d4ed8;--bench:#d97706;
--cat:#0f766e;--bg:#f8fafc;--card:#ffffff;--warn:#facc15}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:26px;margin:4px 0 2px;line-height:1.25}
h2{font-size:19px;margin:0 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:15px;margin:16px 0 6px;color:var(--muted);font-weight:600}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:18px 22px;margin:18px 0;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.banner{background:var(--warn);color:#111;font-weight:700;text-align:center;
padding:12px;border-radius:8px;letter-spacing:.02em;margin-top:12px;font-size:16px}
.sub{color:var(--muted);margin:0 0 12px}
.note{color:var(--muted);font-size:13px;margin:0 0 10px}
.flag{display:inline-block;background:#fef3c7;color:#92400e;border-radius:4px;
padding:1px 8px;font-size:13px;font-weight:600}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));
gap:8px 24px;margin:12px 0 0}
dl.facts div{border-left:3px solid var(--line);padding-left:10px}
dl.facts dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
dl.facts dd{margin:0;font-weight:600}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;
margin:16px 0 0}
.kpi{background:var(--bg);border-radius:8px;padding:10px 12px}
.kpi b{display:block;font-size:22px;font-variant-numeric:tabular-nums}
.kpi span{color:var(--muted);font-size:12px}
.pos{color:#15803d}.neg{color:#b91c1c}
table{border-collapse:collapse;width:100%;margin:8px 0 4px;font-size:14px}
caption{text-align:left;color:var(--muted);font-size:13px;padding-bottom:4px}
th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
th{background:#f1f5f9;font-weight:600;font-size:13px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.metrics th,table.metrics td:first-child{white-space:normal}
tr.group td{background:#f8fafc;font-weight:700;color:var(--muted);font-size:12px;
text-transform:uppercase;letter-spacing:.05em}
table.heat td{text-align:right;font-size:13px;padding:4px 6px}
.wrap{overflow-x:auto}
.chart svg{width:100%;height:auto;display:block}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin:0 4px 0 12px;
vertical-align:-1px}
footer{color:var(--muted);font-size:12px;margin-top:24px}
footer li{margin:2px 0}
@media (max-width:640px){main{padding:10px}section{padding:12px}.grid2{display:block}}
@media print{body{background:#fff}section{box-shadow:none;break-inside:avoid}}
"""


def page(title: str, body: str) -> str:
    """The whole self-contained document: inline CSS, no external resource."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
