"""Names, AMFI plan/option texts and ISINs of synthetic schemes, built with Polars expressions.

Conventions:

- A family's base name is ``<AMC> <core>`` (``Aurora Large Cap Fund``); a second family of
  the same AMC and core gets ``II``, ``III``…; fixed maturity plans, interval funds and
  close-ended ELSS get ``- Series N`` instead.
- AMCs write plan and option in one of three AMFI styles (chosen by AMC):
  ``Aurora Large Cap Fund - Direct Plan - Growth``, ``…Fund-Direct Plan-Growth Option``,
  ``…Fund Direct Plan Growth``; ETFs have no plan or option. Every name ends with
  ``(Synthetic)``. Layout B's Plan and Option columns use the same style
  (``Direct Plan``; ``Growth`` or ``Growth Option``).
- ISINs: ``INFZ`` + two base-36 AMC characters + ``S`` + a four-character serial + the
  ISIN check digit (letters as 10–35, Luhn). ``INFZ`` is not an issuer prefix AMFI uses.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.sources.synthetic.catalog import AMC_NAMES, CATEGORIES

__all__ = [
    "SYNTHETIC_SUFFIX",
    "family_base_names",
    "isin_check_digit",
    "isins",
    "scheme_texts",
]

SYNTHETIC_SUFFIX: Final = " (Synthetic)"
_STYLES: Final = (0, 0, 1, 2)  # naming style by AMC index modulo 4
_ROMAN: Final = ("", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X")
_B36: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SERIES_SUFFIX: Final = {
    "fmp": " - Series {} - 1100 Days",
    "interval": " - Quarterly Plan - Series {}",
    "close_elss": " - Series {}",
}
IntArray = npt.NDArray[np.int64]


def family_base_names(amc: IntArray, category: IntArray, variant: IntArray) -> pl.Series:
    """``<AMC> <core>[ II | - Series N]`` per family."""
    cores = [[v.core for v in spec.variants] for spec in CATEGORIES]
    life = [spec.life for spec in CATEGORIES]
    df = pl.DataFrame(
        {
            "amc": [AMC_NAMES[a] for a in amc.tolist()],
            "core": [cores[c][v] for c, v in zip(category.tolist(), variant.tolist(), strict=True)],
            "life": [life[c] for c in category.tolist()],
        }
    )
    nth = pl.int_range(pl.len()).over(["amc", "core"])
    roman = nth.replace_strict(
        list(range(len(_ROMAN))), list(_ROMAN), default=pl.format(" {}", nth + 1)
    )
    suffix = pl.when(pl.col("life") == "open").then(roman)
    for kind, template in _SERIES_SUFFIX.items():
        head, tail = template.split("{}")
        suffix = suffix.when(pl.col("life") == kind).then(
            pl.concat_str([pl.lit(head), (nth + 1).cast(pl.String), pl.lit(tail)])
        )
    return df.select(
        pl.concat_str([pl.col("amc"), pl.lit(" "), pl.col("core"), suffix.otherwise(pl.lit(""))])
    ).to_series()


def scheme_texts(
    base: pl.Series, amc: IntArray, plan: pl.Series, option: pl.Series
) -> pl.DataFrame:
    """Scheme name and layout-B Plan/Option texts (``name``, ``amfi_plan``, ``amfi_option``)."""
    style = np.array(_STYLES)[amc % len(_STYLES)]
    df = pl.DataFrame({"base": base, "style": style, "plan": plan, "option": option})
    p, o, b, st = pl.col("plan"), pl.col("option"), pl.col("base"), pl.col("style")
    name = (
        pl.when(p.is_null())
        .then(b)
        .when(st == 0)
        .then(pl.concat_str([b, pl.lit(" - "), p, pl.lit(" Plan - "), o]))
        .when(st == 1)
        .then(pl.concat_str([b, pl.lit("-"), p, pl.lit(" Plan-"), o, pl.lit(" Option")]))
        .otherwise(pl.concat_str([b, pl.lit(" "), p, pl.lit(" Plan "), o]))
    )
    amfi_option = pl.when(st == 1).then(pl.concat_str([o, pl.lit(" Option")])).otherwise(o)
    return df.select(
        pl.concat_str([name, pl.lit(SYNTHETIC_SUFFIX)]).alias("name"),
        pl.concat_str([p, pl.lit(" Plan")]).fill_null("").alias("amfi_plan"),
        amfi_option.fill_null("").alias("amfi_option"),
    )


def isin_check_digit(body: str) -> str:
    """ISIN check digit of an 11-character body (letters as 10–35, then Luhn from the right)."""
    digits = "".join(str(int(ch, 36)) for ch in body)
    total = 0
    for pos, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if pos % 2 == 0 else 1)
        total += d // 10 + d % 10
    return str((10 - total % 10) % 10)


def isins(amc: IntArray, serial: IntArray) -> list[str]:
    """ISIN-shaped strings ``INFZ<aa>S<ssss><check>`` for AMC indices and serial numbers."""
    chars = np.array(list(_B36))
    parts = [chars[amc // 36 % 36], chars[amc % 36], chars[serial // 36**3 % 36],
             chars[serial // 36**2 % 36], chars[serial // 36 % 36], chars[serial % 36]]  # fmt: skip
    bodies = ["INFZ" + a + b + "S" + c + d + e + f for a, b, c, d, e, f in zip(*parts, strict=True)]
    return [body + isin_check_digit(body) for body in bodies]
