"""Write a synthetic universe as AMFI daily NAV files, ``OUT/YYYY/MM/DD.csv``.

The files copy AMFI's published format (``shared/data/amfi/README.md``):

- UTF-8, CRLF line endings, no BOM; the file ends with CRLF.
- A header line, a blank line, then blocks: a category line
  ``Open Ended Schemes ( Equity Scheme - Large Cap Fund )`` and two blank lines; per AMC a
  name line (``Aurora Mutual Fund``) and its ``;``-separated rows; a blank line between AMC
  blocks and before each new category line. Categories in catalog order (open ended first),
  AMCs and schemes by name.
- Layout A (8 fields: code, name, ISIN payout/growth, ISIN reinvestment, NAV, repurchase
  price, sale price, date) for dates before :data:`LAYOUT_B_FROM` (2026-08-20); the price
  columns repeat the NAV up to 2016 and are empty after. Layout B (code, NAV name, Plan,
  Option, ISIN payout/growth, ISIN reinvestment, NAV, date) from 2026-08-20.
- Dates ``DD-Mon-YYYY``; NAVs with 4 decimals. Weekend and holiday files hold only the
  funds that publish every day (liquid and overnight).
- Junk (optional, seeded, a fixed rate of the rows): the NAV replaced by ``#N/A``, ``N.A.``,
  ``#DIV/0!``, ``B.C.``, ``0.0000``, ``-`` or its negative; a malformed row (only code,
  name, NAV, date); an identical duplicate line. :class:`Summary` counts each kind, and
  :meth:`Summary.expected_rejects` maps them to the ingest reject reasons.

Strings are built with Polars over all rows of a year at once; memory stays bounded by one
year of rows (about 2 M at full scale).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.sources.synthetic.calendar import amfi_date_strings, years_of
from fundlens.sources.synthetic.catalog import CATEGORIES, SCHEME_TYPES
from fundlens.sources.synthetic.universe import Universe

__all__ = [
    "HEADER_A",
    "HEADER_B",
    "JUNK_KINDS",
    "JUNK_REASONS",
    "LAYOUT_B_FROM",
    "PRICES_FILLED_UNTIL",
    "Progress",
    "Summary",
    "write_universe",
]

HEADER_A: Final = (
    "Scheme Code;Scheme Name;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    "Net Asset Value;Repurchase Price;Sale Price;Date"
)
HEADER_B: Final = (
    "Scheme Code;NAV Name;Plan;Option;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    "Net Asset Value;Date"
)
#: First day written in layout B.
LAYOUT_B_FROM: Final = date(2026, 8, 20)
#: Last day whose repurchase and sale price columns are filled (layout A).
PRICES_FILLED_UNTIL: Final = date(2016, 12, 31)
JUNK_KINDS: Final[tuple[str, ...]] = (
    "na", "n_a", "div0", "bc", "zero", "dash", "negative", "malformed", "duplicate",
)  # fmt: skip
_JUNK_TEXT: Final = ("#N/A", "N.A.", "#DIV/0!", "B.C.", "0.0000", "-")
#: junk kind -> the ingest reject reason it should produce (duplicates are not rejects).
JUNK_REASONS: Final[dict[str, str]] = {
    "na": "junk_nav", "n_a": "junk_nav", "div0": "junk_nav", "bc": "junk_nav",
    "zero": "zero_nav", "dash": "junk_nav", "negative": "negative_nav",
    "malformed": "malformed_row",
}  # fmt: skip
_CRLF: Final = "\r\n"

Progress = Callable[[int, int], None]
"""Called as ``progress(files_written, files_total)`` after each year."""


@dataclass(frozen=True)
class Summary:
    """What a write produced: counts a benchmark or an ingest test can check."""

    out_dir: Path
    files: int
    schemes: int
    nav_rows: int  # published (scheme, day) NAVs of the universe
    lines: int  # data lines written: nav_rows + duplicates
    valid_rows: int  # rows an ingest keeps: nav_rows minus the rows junk replaced
    first_date: date
    last_date: date
    junk: dict[str, int] = field(default_factory=dict)

    @property
    def duplicates(self) -> int:
        """Identical duplicate lines (dropped and counted as duplicates, not rejects)."""
        return self.junk.get("duplicate", 0)

    def expected_rejects(self) -> dict[str, int]:
        """Reject reason -> count an AMFI parser should report for these files."""
        out: dict[str, int] = {}
        for kind, reason in JUNK_REASONS.items():
            if self.junk.get(kind, 0):
                out[reason] = out.get(reason, 0) + self.junk[kind]
        return out


def _file_order(schemes: pl.DataFrame) -> npt.NDArray[np.int64]:
    """Column order of the files: scheme type, category (catalog order), AMC, name."""
    cat_rank = {spec.key: i for i, spec in enumerate(CATEGORIES)}
    type_rank = {name: i for i, name in enumerate(SCHEME_TYPES)}
    keyed = schemes.with_row_index("col").with_columns(
        pl.col("scheme_type").replace_strict(type_rank).alias("t"),
        pl.col("category_key").replace_strict(cat_rank).alias("c"),
    )
    ordered = keyed.sort(["t", "c", "amc_name", "name"])
    return ordered["col"].to_numpy().astype(np.int64)


def _static_columns(schemes: pl.DataFrame) -> pl.DataFrame:
    """Per-scheme strings in file order: row prefixes per layout, category and AMC lines."""
    isin1, isin2 = pl.col("isin_growth").fill_null(""), pl.col("isin_reinvest").fill_null("")
    code = pl.col("scheme_code").cast(pl.String)
    code_name = pl.concat_str([code, pl.col("name")], separator=";")
    cat_line = pl.format("{} ( {} )", pl.col("scheme_type"), pl.col("category_raw"))
    return schemes.select(
        code_name.alias("code_name"),
        pl.concat_str([code_name, isin1, isin2], separator=";").alias("prefix_a"),
        pl.concat_str(
            [code_name, pl.col("amfi_plan"), pl.col("amfi_option"), isin1, isin2], separator=";"
        ).alias("prefix_b"),
        cat_line.alias("cat_line"),
        cat_line.rank("dense").cast(pl.Int32).alias("cat_id"),
        pl.col("amc_name"),
    )


def _nav_text(nav: pl.Expr) -> pl.Expr:
    """NAV with exactly 4 decimals, built from integers (no float formatting)."""
    ticks = (nav.abs() * 10_000).round(0).cast(pl.Int64)
    frac = (ticks % 10_000).cast(pl.String).str.zfill(4)
    return pl.concat_str([(ticks // 10_000).cast(pl.String), pl.lit("."), frac])


def _pick_junk(rng: np.random.Generator, n_rows: int, rate: float) -> npt.NDArray[np.int8]:
    """Junk kind index per row (-1 = clean): ``round(rate * n_rows)`` distinct rows."""
    kinds = np.full(n_rows, -1, np.int8)
    n_junk = round(rate * n_rows)
    if n_junk:
        rows = rng.choice(n_rows, size=n_junk, replace=False)
        kinds[rows] = rng.integers(0, len(JUNK_KINDS), n_junk).astype(np.int8)
    return kinds


def _row_expr(layout: pl.Expr) -> pl.Expr:
    """The data line of a row (before junk in line shape), for its day's layout (0, 1, 2)."""
    nav, date_s = pl.col("nav_s"), pl.col("date_s")
    filled = pl.concat_str([pl.col("prefix_a"), nav, nav, nav, date_s], separator=";")
    empty = pl.concat_str([pl.col("prefix_a"), nav, pl.lit(""), pl.lit(""), date_s], separator=";")
    layout_b = pl.concat_str([pl.col("prefix_b"), nav, date_s], separator=";")
    line = pl.when(layout == 0).then(filled).when(layout == 1).then(empty).otherwise(layout_b)
    malformed = pl.concat_str([pl.col("code_name"), nav, date_s], separator=";")
    kind = pl.col("junk")
    line = pl.when(kind == JUNK_KINDS.index("malformed")).then(malformed).otherwise(line)
    dup = kind == JUNK_KINDS.index("duplicate")
    return pl.when(dup).then(pl.concat_str([line, pl.lit(_CRLF), line])).otherwise(line)


def _block_prefix() -> pl.Expr:
    """Category and AMC lines in front of a row where a new block starts within its day."""
    first_of_day = pl.col("day") != pl.col("day").shift(1)
    new_cat = first_of_day.fill_null(True) | (pl.col("cat_id") != pl.col("cat_id").shift(1))
    new_amc = new_cat | (pl.col("amc_name") != pl.col("amc_name").shift(1))
    lead = pl.when(first_of_day.fill_null(True)).then(pl.lit("")).otherwise(pl.lit(_CRLF))
    cat_block = pl.concat_str([lead, pl.col("cat_line"), pl.lit(_CRLF * 3), pl.col("amc_name"),
                               pl.lit(_CRLF)])  # fmt: skip
    amc_block = pl.concat_str([pl.lit(_CRLF), pl.col("amc_name"), pl.lit(_CRLF)])
    return pl.when(new_cat).then(cat_block).when(new_amc).then(amc_block).otherwise(pl.lit(""))


def _nav_strings(nav: pl.Expr, kind: pl.Expr) -> pl.Expr:
    text = _nav_text(nav)
    out = pl.when(kind == JUNK_KINDS.index("negative")).then(pl.concat_str([pl.lit("-"), text]))
    for i, junk in enumerate(_JUNK_TEXT):
        out = out.when(kind == i).then(pl.lit(junk))
    return out.otherwise(text)


def _layouts(dates: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int8]:
    """Layout per day: 0 = A with prices, 1 = A without prices, 2 = B."""
    out = np.where(dates <= np.datetime64(PRICES_FILLED_UNTIL, "D"), 0, 1)
    return np.where(dates >= np.datetime64(LAYOUT_B_FROM, "D"), 2, out).astype(np.int8)


def _day_texts(
    block: npt.NDArray[np.float64], static: pl.DataFrame, layout: npt.NDArray[np.int8],
    date_s: list[str], junk: npt.NDArray[np.int8] | None,
) -> tuple[pl.DataFrame, npt.NDArray[np.int8]]:  # fmt: skip
    """Body text per day of ``block`` (days × schemes in file order) and the junk drawn."""
    day, col = np.nonzero(~np.isnan(block))
    kinds = np.full(len(day), -1, np.int8) if junk is None else junk
    frame = pl.DataFrame(
        {
            "day": day.astype(np.int32),
            "nav": block[day, col],
            "junk": kinds,
            "layout": layout[day],
            "date_s": pl.Series(date_s).gather(day),
        }
    )
    frame = pl.concat([frame, static.select(pl.all().gather(col))], how="horizontal")
    frame = frame.with_columns(_nav_strings(pl.col("nav"), pl.col("junk")).alias("nav_s"))
    text = pl.concat_str([_block_prefix(), _row_expr(pl.col("layout")), pl.lit(_CRLF)])
    bodies = (
        frame.select("day", text.alias("text"))
        .group_by("day", maintain_order=True)
        .agg(pl.col("text").str.join(""))
    )
    return bodies, kinds


def _write_day(out_dir: Path, when: str, layout: int, body: str) -> None:
    path = out_dir / when[:4] / when[5:7] / f"{when[8:10]}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = HEADER_B if layout == 2 else HEADER_A
    path.write_bytes((header + _CRLF + _CRLF + body).encode("utf-8"))


def write_universe(
    universe: Universe, out_dir: Path, *, junk_rate: float = 0.0, seed: int = 0,
    progress: Progress | None = None,
) -> Summary:  # fmt: skip
    """Write every day of ``universe`` under ``out_dir`` (``YYYY/MM/DD.csv``), a year at a time.

    ``junk_rate`` is the fraction of rows turned into junk (drawn per year from ``seed``).
    """
    out_dir = Path(out_dir)
    order = _file_order(universe.schemes)
    static = _static_columns(universe.schemes[order.tolist()])
    layout = _layouts(universe.dates)
    date_s = amfi_date_strings(universe.dates)
    iso = [str(d) for d in universe.dates.tolist()]
    years = years_of(universe.dates)
    total_files = int(np.count_nonzero((~np.isnan(universe.nav)).any(axis=1)))
    counts = np.zeros(len(JUNK_KINDS), np.int64)
    files = lines = 0
    written: list[int] = []
    for year in np.unique(years).tolist():
        idx = np.flatnonzero(years == year)
        rows = slice(int(idx[0]), int(idx[-1]) + 1)
        block = universe.nav[rows][:, order]
        junk = None
        if junk_rate > 0:
            n_rows = int(np.count_nonzero(~np.isnan(block)))
            junk = _pick_junk(np.random.default_rng([seed, year]), n_rows, junk_rate)
        bodies, kinds = _day_texts(block, static, layout[rows], date_s[rows], junk)
        for day, body in bodies.iter_rows():
            _write_day(out_dir, iso[rows.start + day], int(layout[rows.start + day]), body)
        counts += np.bincount(kinds[kinds >= 0], minlength=len(JUNK_KINDS))
        files += bodies.height
        written += [rows.start + d for d in bodies["day"].to_list()[:: max(bodies.height - 1, 1)]]
        lines += len(kinds)
        if progress is not None:
            progress(files, total_files)
    junk_counts = {kind: int(n) for kind, n in zip(JUNK_KINDS, counts, strict=True) if n}
    replaced = sum(n for kind, n in junk_counts.items() if kind != "duplicate")
    return Summary(
        out_dir=out_dir, files=files, schemes=universe.schemes.height, nav_rows=lines,
        lines=lines + junk_counts.get("duplicate", 0), valid_rows=lines - replaced,
        first_date=date.fromisoformat(iso[min(written, default=0)]),
        last_date=date.fromisoformat(iso[max(written, default=0)]), junk=junk_counts,
    )  # fmt: skip
