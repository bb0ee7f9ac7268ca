"""Import a risk-free series into the store (``fundlens riskfree import FILE.csv``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fundlens.sources.riskfree import read_riskfree_csv
from fundlens.store.riskfree import replace_riskfree
from fundlens.store.snapshots import writer

__all__ = ["RiskfreeImport", "import_riskfree"]


@dataclass(frozen=True)
class RiskfreeImport:
    """What an import stored and rejected."""

    path: Path
    points: int
    first_date: str
    last_date: str
    min_rate: float
    max_rate: float
    percent: bool
    duplicate_dates: int
    rejected_by_reason: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "path": str(self.path)}


def import_riskfree(db: Path, path: Path) -> RiskfreeImport:
    """Parse ``path`` and store it as the risk-free series (all or nothing)."""
    parsed = read_riskfree_csv(path)
    rates = parsed.rates
    with writer(db) as con:
        replace_riskfree(con, rates, source=Path(path).name)
    return RiskfreeImport(
        path=Path(path),
        points=rates.height,
        first_date=str(rates["date"].min()),
        last_date=str(rates["date"].max()),
        min_rate=float(rates["annual_rate"].min()),  # type: ignore[arg-type]
        max_rate=float(rates["annual_rate"].max()),  # type: ignore[arg-type]
        percent=parsed.percent,
        duplicate_dates=parsed.duplicate_dates,
        rejected_by_reason=parsed.rejected_by_reason,
    )
