"""Data-quality events on NAV histories (conventions.md, 'Ingest contract').

:func:`detect_events` scans a NAV panel (every scheme at once, vectorised: the panel is
sorted by scheme and date and each row's neighbours are the shifted rows of the same
scheme) and returns the rows kept in
``nav_events(scheme_code, date, kind, detail)``. Four kinds:

``face_value_change``
    A one-observation NAV ratio within a factor :data:`FACE_VALUE_SLACK` of a power of
    ten (×10, ×100, ÷10, ÷100, …) whose new level persists (the jump is not an
    outlier, and does not undo an outlier the observation before). Dated at the first
    NAV on the new face value. Detail: ``nav x100.0 (27.0053 -> 2701.18)``
    (``/10.0`` for a fall).
``outlier``
    One NAV that jumps away and comes back the next observation: both moves at least
    :data:`OUTLIER_MIN_MOVE` (in log terms), in opposite directions, and the next NAV
    back within :data:`OUTLIER_MAX_RESIDUAL` of the jump from the NAV before the spike.
    Dated at the spike. Detail: ``nav 9.64 -> 7.79 -> 9.61 (-19.2%, +23.4%) back on
    2000-10-03``; the trailing ``back on <ISO date>`` is part of the contract: it is
    the day the return out of the spike is booked, read by :func:`flagged_return_days`.
``gap``
    Consecutive NAVs more than :data:`GAP_MAX_DAYS` calendar days apart. Dated at the
    first NAV after the hole. Detail: ``gap 328 d since 2010-01-28``.
``stale``
    The scheme's last NAV is more than :data:`STALE_MAX_DAYS` calendar days before
    ``as_of``. Dated at the last NAV. Detail: ``no NAV for 9 d before 2016-03-01``.

Units: moves are natural-log NAV ratios (``ln(nav_t / nav_{t-1})``) so that a jump and
its reversal have the same size; days are calendar days. "Observation" means the
scheme's previous or next row, whatever the calendar distance. The first and last NAV
of a scheme cannot be outliers (no NAV on one side); a power-of-ten jump on the last
NAV counts as a face-value change until a later NAV shows it reverting.

Analytics leave the returns of :data:`FLAGGED_KINDS` out of daily statistics; see
:func:`flagged_return_days`. Thresholds were checked on the real histories in
``shared/data/nav`` (docs/data-quality.md lists what each file gives).
"""

import datetime as dt
import math
from typing import Final, Literal, get_args

import polars as pl

from fundlens.errors import InputError

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_KINDS",
    "FACE_VALUE_SLACK",
    "FLAGGED_KINDS",
    "GAP_MAX_DAYS",
    "OUTLIER_MAX_RESIDUAL",
    "OUTLIER_MIN_MOVE",
    "STALE_MAX_DAYS",
    "EventKind",
    "detect_events",
    "flagged_return_days",
]

EventKind = Literal["face_value_change", "outlier", "gap", "stale"]
EVENT_KINDS: Final[tuple[str, ...]] = get_args(EventKind)

#: Output schema of :func:`detect_events` (the ``nav_events`` table).
EVENT_COLUMNS: Final[dict[str, pl.DataType]] = {
    "scheme_code": pl.Int64(),
    "date": pl.Date(),
    "kind": pl.String(),
    "detail": pl.String(),
}

#: A one-observation ratio r is a face-value step of 10**k (k ≠ 0) when
#: 10**k / SLACK <= r <= 10**k * SLACK. A face-value change comes on top of that day's
#: market move; the largest one-observation moves in the real files are −21.9 % and
#: +27.9 %, so 1.5 (÷1.5 … ×1.5 around the power) keeps a ×10 on a ±30 % day a ×10,
#: while a ×5 or ×3 jump (no power of ten) is not called a face-value change.
FACE_VALUE_SLACK: Final = 1.5

#: Both legs of an outlier move at least ln(1.10) ≈ 0.0953 in log terms (+10 % / −9.1 %).
#: Genuine market days do not pass twice in opposite directions: the real files'
#: sharpest V-shapes are 17-05-2004 (Nifty funds −12.3 % then +8.5 %: second leg
#: 0.081), 15-01-1997 (+11.7 % then −7.1 %: 0.074) and 22-01-2008 (−6 % then +6 %).
#: The junk points have second legs of 0.21 (100356, 02-10-2000) and 0.112 (100669,
#: 01-02-2004, a Sunday row carrying the 01-03-2004 NAV).
OUTLIER_MIN_MOVE: Final = math.log(1.10)

#: The NAV after the spike is back within this fraction of the jump (log terms):
#: |ln(nav_next / nav_prev)| <= 0.5 · |ln(nav / nav_prev)|, i.e. the reversal undoes
#: between half and one and a half times the jump. Otherwise the "spike" is a level
#: change followed by another move, not one bad NAV.
OUTLIER_MAX_RESIDUAL: Final = 0.5

#: Consecutive NAVs more than 10 calendar days apart are a gap (conventions.md); a
#: return across them is also left out of daily statistics by the analytics span rule.
GAP_MAX_DAYS: Final = 10

#: A scheme whose last NAV is more than 7 calendar days before ``as_of`` is stale; at
#: exactly 7 days it still counts as alive ("a NAV in the last 7 days", conventions.md
#: 'Category ranks'). Long holidays (Diwali, year end) stay under 7 days.
STALE_MAX_DAYS: Final = 7

#: Kinds whose return days analytics leave out of daily statistics. ``gap`` is not
#: here: a gap's return spans more than GAP_MAX_DAYS and the analytics span rule
#: (conventions.md 'Observations') already drops it, with its own reason; ``stale``
#: has no return day.
FLAGGED_KINDS: Final[tuple[str, ...]] = ("face_value_change", "outlier")

_CODE: Final = "scheme_code"
_BACK_ON: Final = r"back on (\d{4}-\d{2}-\d{2})$"
_LN10: Final = math.log(10.0)
_NAV_DECIMALS: Final = 4  # AMFI publishes NAVs with up to 4 decimals


def detect_events(nav: pl.DataFrame, *, as_of: dt.date) -> pl.DataFrame:
    """Return the data-quality events of every scheme in ``nav``.

    ``nav`` has columns ``scheme_code`` (integer), ``date`` (Date) and ``nav`` (NAV per
    unit, > 0), one row per (scheme_code, date), in any order. ``as_of`` is the date
    the panel is current to (staleness only). The result has columns ``scheme_code``
    (Int64), ``date`` (Date), ``kind`` (one of :data:`EVENT_KINDS`) and ``detail``,
    sorted by scheme_code, date, kind; the rules are in the module docstring.

    Raises :class:`~fundlens.errors.InputError` for a missing column, a null, a NAV
    ≤ 0 or a repeated (scheme_code, date).

    >>> import datetime as dt
    >>> frame = pl.DataFrame({"scheme_code": [1, 1, 1], "nav": [9.64, 7.79, 9.61],
    ...     "date": [dt.date(2000, 9, 29), dt.date(2000, 10, 2), dt.date(2000, 10, 3)]})
    >>> detect_events(frame, as_of=dt.date(2000, 10, 3)).select("date", "kind").rows()
    [(datetime.date(2000, 10, 2), 'outlier')]
    """
    panel = _validated(nav)
    steps = _with_steps(panel)
    parts = [
        _face_value_events(steps),
        _outlier_events(steps),
        _gap_events(steps),
        _stale_events(panel, as_of=as_of),
    ]
    return pl.concat(parts).sort(_CODE, "date", "kind")


def flagged_return_days(events: pl.DataFrame) -> pl.DataFrame:
    """List the (scheme_code, date) whose daily return analytics leave out.

    A return is dated at its later NAV. A ``face_value_change`` flags the return into
    the new face value (the event date); an ``outlier`` flags the return into the spike
    (the event date) and the one out of it (the ``back on`` date in its detail). Other
    kinds flag nothing (see :data:`FLAGGED_KINDS`). Columns scheme_code (Int64) and
    date (Date), unique, sorted.
    """
    flagged = events.filter(pl.col("kind").is_in(FLAGGED_KINDS))
    into = flagged.select(pl.col(_CODE).cast(pl.Int64), pl.col("date").cast(pl.Date))
    out_of = flagged.filter(pl.col("kind") == "outlier").select(
        pl.col(_CODE).cast(pl.Int64),
        pl.col("detail").str.extract(_BACK_ON, 1).str.to_date("%Y-%m-%d").alias("date"),
    )
    if out_of.get_column("date").null_count():
        raise InputError("an outlier event's detail lacks 'back on <YYYY-MM-DD>'")
    return pl.concat([into, out_of]).unique().sort(_CODE, "date")


def _validated(nav: pl.DataFrame) -> pl.DataFrame:
    """The panel as scheme_code Int64, date Date, nav Float64, sorted; or InputError."""
    missing = {_CODE, "date", "nav"} - set(nav.columns)
    if missing:
        raise InputError(f"NAV frame lacks column(s): {', '.join(sorted(missing))}")
    try:
        panel = nav.select(
            pl.col(_CODE).cast(pl.Int64),
            pl.col("date").cast(pl.Date),
            pl.col("nav").cast(pl.Float64),
        )
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"NAV frame has columns of the wrong type: {exc}") from exc
    if panel.null_count().sum_horizontal().item():
        raise InputError("NAV frame has null values")
    if panel.filter(pl.col("nav") <= 0).height:
        raise InputError("NAV frame has NAVs <= 0")
    panel = panel.sort(_CODE, "date")
    # sorted, a repeated (scheme_code, date) sits next to its twins: no hash over the panel
    twin = (pl.col(_CODE) == pl.col(_CODE).shift(1)) & (pl.col("date") == pl.col("date").shift(1))
    twin = twin.fill_null(False)
    repeated = panel.select((twin | twin.shift(-1).fill_null(False)).sum()).item()
    if repeated:
        raise InputError(f"NAV frame repeats (scheme_code, date) on {repeated} rows")
    return panel


def _within_scheme(expr: pl.Expr, n: int) -> pl.Expr:
    """``expr`` shifted by ``n`` rows within each scheme of the sorted panel: null where the
    neighbour belongs to another scheme (or there is none). The same neighbours as
    ``expr.shift(n).over("scheme_code")``, without grouping tens of millions of rows."""
    same = pl.col(_CODE) == pl.col(_CODE).shift(n)
    return pl.when(same).then(expr.shift(n))


def _with_steps(panel: pl.DataFrame) -> pl.DataFrame:
    """Add neighbours, log moves and the outlier mask, each scheme on its own (``panel``
    is sorted by scheme and date, as :func:`_validated` returns it)."""
    prev_nav = _within_scheme(pl.col("nav"), 1)
    next_nav = _within_scheme(pl.col("nav"), -1)
    steps = panel.with_columns(
        prev_nav.alias("prev_nav"),
        next_nav.alias("next_nav"),
        _within_scheme(pl.col("date"), 1).alias("prev_date"),
        _within_scheme(pl.col("date"), -1).alias("next_date"),
    ).with_columns(
        (pl.col("nav") / pl.col("prev_nav")).log().alias("move_in"),
        (pl.col("next_nav") / pl.col("nav")).log().alias("move_out"),
    )
    move_in, move_out = pl.col("move_in"), pl.col("move_out")
    is_outlier = (
        (move_in.abs() >= OUTLIER_MIN_MOVE)
        & (move_out.abs() >= OUTLIER_MIN_MOVE)
        & (move_in.sign() != move_out.sign())
        & ((move_in + move_out).abs() <= OUTLIER_MAX_RESIDUAL * move_in.abs())
    ).fill_null(False)
    return steps.with_columns(is_outlier.alias("is_outlier"))


def _events(frame: pl.DataFrame, kind: EventKind, detail: pl.Expr) -> pl.DataFrame:
    """Shape rows already filtered to one kind as the nav_events schema.

    The few rows are re-chunked first: shifted columns come in other chunk boundaries than
    the rest, and Polars 2.1's ``pl.format`` over misaligned chunks panics."""
    return (
        frame.rechunk()
        .select(
            pl.col(_CODE),
            pl.col("date"),
            pl.lit(kind, dtype=pl.String).alias("kind"),
            detail.alias("detail"),
        )
        .cast(EVENT_COLUMNS)
    )


def _face_value_events(steps: pl.DataFrame) -> pl.DataFrame:
    """Power-of-ten steps that are neither a spike nor the way back from one."""
    decades = pl.col("move_in") / _LN10
    power = decades.round(0)
    is_step = (power != 0) & ((decades - power).abs() <= math.log10(FACE_VALUE_SLACK))
    after_spike = _within_scheme(pl.col("is_outlier"), 1).fill_null(False)
    found = steps.filter(is_step.fill_null(False) & ~pl.col("is_outlier") & ~after_spike)
    ratio = pl.col("nav") / pl.col("prev_nav")
    factor = (
        pl.when(ratio >= 1)
        .then(pl.format("x{}", ratio.round(1)))
        .otherwise(pl.format("/{}", (1 / ratio).round(1)))
    )
    detail = pl.format("nav {} ({} -> {})", factor, _nav_text("prev_nav"), _nav_text("nav"))
    return _events(found, "face_value_change", detail)


def _nav_text(column: str) -> pl.Expr:
    """A NAV for a detail: at most :data:`_NAV_DECIMALS` decimals, shortest form."""
    return pl.col(column).round(_NAV_DECIMALS)


def _percent(move: pl.Expr) -> pl.Expr:
    """A log move as a signed simple percentage string, one decimal: ``+23.4%``."""
    pct = ((move.exp() - 1) * 100).round(1)
    return pl.format("{}{}%", pl.when(pct >= 0).then(pl.lit("+")).otherwise(pl.lit("")), pct)


def _outlier_events(steps: pl.DataFrame) -> pl.DataFrame:
    """One-NAV spikes that revert the next observation."""
    found = steps.filter(pl.col("is_outlier"))
    detail = pl.format(
        "nav {} -> {} -> {} ({}, {}) back on {}",
        _nav_text("prev_nav"),
        _nav_text("nav"),
        _nav_text("next_nav"),
        _percent(pl.col("move_in")),
        _percent(pl.col("move_out")),
        pl.col("next_date"),
    )
    return _events(found, "outlier", detail)


def _gap_events(steps: pl.DataFrame) -> pl.DataFrame:
    """Holes of more than GAP_MAX_DAYS calendar days, dated after the hole."""
    days = (pl.col("date") - pl.col("prev_date")).dt.total_days()
    found = steps.filter(days > GAP_MAX_DAYS)
    return _events(found, "gap", pl.format("gap {} d since {}", days, pl.col("prev_date")))


def _stale_events(panel: pl.DataFrame, *, as_of: dt.date) -> pl.DataFrame:
    """Schemes whose last NAV is more than STALE_MAX_DAYS before ``as_of``."""
    last = panel.group_by(_CODE).agg(pl.col("date").max())
    days = (pl.lit(as_of, dtype=pl.Date) - pl.col("date")).dt.total_days()
    found = last.filter(days > STALE_MAX_DAYS)
    detail = pl.format("no NAV for {} d before {}", days, pl.lit(as_of, dtype=pl.Date))
    return _events(found, "stale", detail)
