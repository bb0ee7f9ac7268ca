"""Stage parsed rows from any source, then merge them into the store in one transaction.

Every source (AMFI files, MFAPI JSON, funds.db) hands :class:`Staging` the same frames:
good rows in :data:`fundlens.sources.amfi_parse.ROW_SCHEMA` and rejects. The merge then
classifies each good row exactly once (conventions.md, 'Ingest contract'):

* **loaded**: a new (scheme_code, date);
* **duplicate**: same code, date and NAV as the value before it (in the store or earlier in
  this ingest) — dropped, counted;
* **revision**: same code and date, another NAV — the later one wins (later file, then later
  line) and ``nav_revisions`` records old and new.

So for every ingest: good rows = rows_loaded + duplicates + revisions. The work is set-based
in DuckDB: a count-only hash aggregate finds the keys staged more than once, a semi join the
keys already stored, and an ordered window runs only over those few keys; every other staged
row is loaded as it is. Callers wrap :func:`merge` in a transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from fundlens.errors import SyntheticMixError
from fundlens.sources.amfi_parse import FileReport
from fundlens.store.sql import run, run_one
from fundlens.types import REJECT_REASONS, SYNTHETIC_CODE_MAX, SYNTHETIC_CODE_MIN

__all__ = [
    "HISTORY_KINDS",
    "IngestResult",
    "Staging",
    "attributes_changed",
    "merge",
    "observations_of",
]

#: scheme_history kinds and the staged column each comes from.
HISTORY_KINDS: dict[str, str] = {
    "name": "name",
    "amc": "amc_raw",
    "category": "category_raw",
    "plan": "plan_raw",
    "option": "option_raw",
    "isin_growth": "isin_growth",
    "isin_reinvest": "isin_reinvest",
}
_SEQ_SHIFT = 32  # seq = file id << 32 | line number: file order first, then line order


@dataclass
class IngestResult:
    """Counts of one ingest; ``to_json`` is the shape ``fundlens ingest --json`` prints."""

    files: int = 0
    files_skipped: int = 0
    rows_loaded: int = 0
    duplicates: int = 0
    revisions: int = 0
    rows_rejected: dict[str, int] = field(default_factory=dict)

    @property
    def rejected_total(self) -> int:
        return sum(self.rows_rejected.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "files_skipped": self.files_skipped,
            "rows_loaded": self.rows_loaded,
            "duplicates": self.duplicates,
            "revisions": self.revisions,
            "rows_rejected": {r: self.rows_rejected.get(r, 0) for r in REJECT_REASONS},
        }


class Staging:
    """Temporary tables that collect one ingest's rows before the merge.

    File ids are global across batches so that ``seq`` orders every staged row. NAV rows and
    rejects go to DuckDB batch by batch (they are the bulk); the small per-file and
    per-attribute frames are kept in Polars, folded as they come, and written once by
    :meth:`close` — many tiny inserts cost more than the rows they carry.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, *, kind: str) -> None:
        self.con = con
        self.kind = kind
        self.n_files = 0
        self.synthetic: set[bool] = set()
        self._files: list[pl.DataFrame] = []
        self._obs: list[pl.DataFrame] = []
        self._unnamed = False  # a staged row without a name (never synthetic)
        run(
            con,
            """
            CREATE OR REPLACE TEMP TABLE stage_nav (
                scheme_code BIGINT, date DATE, nav DOUBLE, seq BIGINT);
            CREATE OR REPLACE TEMP TABLE stage_obs (
                scheme_code BIGINT, kind VARCHAR, value VARCHAR,
                first_date DATE, last_date DATE);
            CREATE OR REPLACE TEMP TABLE stage_rejects (
                file_id BIGINT, line_no BIGINT, raw_line VARCHAR, reason VARCHAR);
            CREATE OR REPLACE TEMP TABLE stage_files (
                file_id BIGINT, source VARCHAR, sha256 VARCHAR, layout VARCHAR,
                status VARCHAR, detail VARCHAR);
        """,
        )

    def add(
        self,
        files: list[FileReport],
        rows: pl.DataFrame,
        rejects: pl.DataFrame,
        observations: pl.DataFrame | None = None,
    ) -> None:
        """Stage one parsed batch (``file_idx`` in the frames indexes ``files``);
        ``observations`` is :func:`observations_of` of ``rows`` if already computed."""
        base = self.n_files
        self.n_files += len(files)
        self._files.append(_file_frame(files, base))
        if rows.height:
            self._obs.append(observations if observations is not None else observations_of(rows))
            if len(self._obs) >= _FOLD_EVERY:
                self._obs = [_folded(self._obs)]
            self._unnamed = self._unnamed or bool(rows["name"].null_count())
            seq = ((pl.col("file_idx").cast(pl.Int64) + base) * (1 << _SEQ_SHIFT)) + pl.col(
                "line_no"
            ).cast(pl.Int64)
            self._insert("stage_nav", rows.select("scheme_code", "date", "nav", seq.alias("seq")))
        if rejects.height:
            self._insert(
                "stage_rejects",
                rejects.select(
                    (pl.col("file_idx").cast(pl.Int64) + base).alias("file_id"),
                    pl.col("line_no").cast(pl.Int64),
                    "raw_line",
                    "reason",
                ),
            )

    def close(self) -> None:
        """Write the folded file and attribute frames and note whether the rows are
        synthetic (call once, after the last batch)."""
        if self._files:
            self._insert("stage_files", pl.concat(self._files, how="vertical"))
            self._files = []
        if self._obs:
            obs = _folded(self._obs)
            self._note_synthetic(obs)
            self._insert("stage_obs", obs)
            self._obs = []

    def _insert(self, table: str, frame: pl.DataFrame) -> None:
        self.con.register("_frame", frame.to_arrow())
        run(self.con, f"INSERT INTO {table} SELECT * FROM _frame")
        self.con.unregister("_frame")

    def _note_synthetic(self, obs: pl.DataFrame) -> None:
        """The set of synthetic flags of the staged rows: a row is synthetic when its code
        is in the reserved range and its name ends in ``(Synthetic)``. The flag depends on
        (code, name) only, so the distinct pairs among the observations give the same set as
        every row; a row without a name counts as not synthetic."""
        flags = (
            obs.filter(pl.col("kind") == "name")
            .select(
                (
                    pl.col("scheme_code").is_between(SYNTHETIC_CODE_MIN, SYNTHETIC_CODE_MAX)
                    & pl.col("value").str.ends_with("(Synthetic)")
                ).unique()
            )
            .to_series()
        )
        self.synthetic.update(bool(v) for v in flags)
        if self._unnamed:
            self.synthetic.add(False)


#: Observation frames folded together every this many batches (and at the end): the merge
#: only needs one (first, last) date range per scheme, kind and value, and one group-by per
#: few batches costs less than one per batch.
_FOLD_EVERY = 16


def _folded(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """Observation frames as one: the earliest first and latest last date per scheme,
    kind and value (what the merge makes of them anyway)."""
    return (
        pl.concat(parts, how="vertical")
        .group_by("scheme_code", "kind", "value", maintain_order=True)
        .agg(pl.col("first_date").min(), pl.col("last_date").max())
    )


def _file_frame(files: list[FileReport], base: int) -> pl.DataFrame:
    """One stage_files row per file of a batch, numbered from ``base``."""
    return pl.DataFrame(
        {
            "file_id": [base + i for i in range(len(files))],
            "source": [f.name for f in files],
            "sha256": [f.sha256 for f in files],
            "layout": [f.layout for f in files],
            "status": ["rejected" if f.file_reject else "loaded" for f in files],
            "detail": [f.detail or None for f in files],
        },
        schema={
            "file_id": pl.Int64,
            "source": pl.String,
            "sha256": pl.String,
            "layout": pl.String,
            "status": pl.String,
            "detail": pl.String,
        },
    )


def observations_of(rows: pl.DataFrame) -> pl.DataFrame:
    """(code, kind, value, first_date, last_date) for every attribute value seen."""
    cols = list(HISTORY_KINDS.values())
    combos = rows.group_by("scheme_code", *cols).agg(
        pl.col("date").min().alias("first_date"), pl.col("date").max().alias("last_date")
    )
    long = combos.unpivot(
        index=["scheme_code", "first_date", "last_date"],
        on=cols,
        variable_name="col",
        value_name="value",
    ).drop_nulls("value")
    kind_of = {v: k for k, v in HISTORY_KINDS.items()}
    return (
        long.with_columns(pl.col("col").replace_strict(kind_of).alias("kind"))
        .group_by("scheme_code", "kind", "value")
        .agg(pl.col("first_date").min(), pl.col("last_date").max())
        .select("scheme_code", "kind", "value", "first_date", "last_date")
    )


def _check_store_kind(con: duckdb.DuckDBPyConnection, staged: set[bool]) -> bool | None:
    """Refuse to mix synthetic and real rows; returns the store's kind after this ingest."""
    if len(staged) > 1:
        raise SyntheticMixError("these files mix synthetic and real schemes: refused")
    row = run_one(con, "SELECT value FROM meta WHERE key = 'synthetic'")
    current = None if row is None else row[0] == "true"
    has_rows = run_one(con, "SELECT count(*) > 0 FROM (SELECT 1 FROM nav LIMIT 1)")
    if not staged:
        return current
    new = next(iter(staged))
    if current is not None and has_rows and has_rows[0] and current != new:
        what = "synthetic" if new else "real"
        store = "synthetic (demo)" if current else "real"
        raise SyntheticMixError(
            f"refusing to ingest {what} data into a {store} store: use another --db"
        )
    return new


def attributes_changed(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the staged rows bring a new scheme or a name, AMC, category, plan, option
    or ISIN other than a scheme's current one (then schemes must be re-classified).
    Call before :func:`merge`, which folds the staged values into ``scheme_history``."""
    row = run_one(
        con,
        """
        SELECT count(*) FROM stage_obs s LEFT JOIN (
            SELECT scheme_code, kind, arg_max(value, (last_date, first_date)) AS value
            FROM scheme_history GROUP BY ALL
        ) cur USING (scheme_code, kind)
        WHERE cur.value IS DISTINCT FROM s.value
        """,
    )
    codes = run_one(
        con,
        "SELECT count(*) FROM (SELECT DISTINCT scheme_code FROM stage_nav) "
        "ANTI JOIN schemes USING (scheme_code)",
    )
    return bool(row[0] or codes[0])


def merge(con: duckdb.DuckDBPyConnection, staging: Staging, *, now: dt.datetime) -> IngestResult:
    """Merge the staged rows into ``nav``, ``nav_revisions``, ``scheme_history``,
    ``ingest_log`` and ``rejects``. Must run inside the caller's transaction."""
    synthetic = _check_store_kind(con, staging.synthetic)
    run(con, _CLASSIFY_SQL)
    run(con, _FILE_COUNTS_SQL)
    _run_script(con, _WRITE_SQL, {"now": now})
    _write_log(con, staging.kind, now)
    if synthetic is not None:
        run(
            con,
            "INSERT OR REPLACE INTO meta VALUES ('synthetic', ?)",
            ["true" if synthetic else "false"],
        )
    return _result(con)


def _run_script(con: duckdb.DuckDBPyConnection, script: str, params: dict[str, Any]) -> None:
    """Run ``;``-separated statements, binding ``params`` in those that use them."""
    for statement in filter(str.strip, script.split(";")):
        used = {k: v for k, v in params.items() if f"${k}" in statement}
        run(con, statement, used or None)


_CLASSIFY_SQL = """
CREATE OR REPLACE TEMP TABLE repeated AS
    SELECT scheme_code, date FROM stage_nav GROUP BY scheme_code, date HAVING count(*) > 1;
CREATE OR REPLACE TEMP TABLE hit AS
    SELECT n.scheme_code, n.date, n.nav FROM nav n SEMI JOIN stage_nav USING (scheme_code, date);
CREATE OR REPLACE TEMP TABLE keys AS
    SELECT scheme_code, date FROM repeated UNION SELECT scheme_code, date FROM hit;
CREATE OR REPLACE TEMP TABLE walk AS
    WITH seqd AS (
        SELECT scheme_code, date, nav, seq FROM stage_nav SEMI JOIN keys USING (scheme_code, date)
        UNION ALL SELECT scheme_code, date, nav, -1 FROM hit
    )
    SELECT scheme_code, date, nav, seq,
           lag(nav) OVER (PARTITION BY scheme_code, date ORDER BY seq) AS prev
    FROM seqd QUALIFY seq >= 0;
CREATE OR REPLACE TEMP TABLE row_status AS
    SELECT seq >> 32 AS file_id, CASE WHEN prev IS NULL THEN 'loaded'
           WHEN prev = nav THEN 'duplicate' ELSE 'revision' END AS status, count(*) AS n
    FROM walk GROUP BY ALL
    UNION ALL
    SELECT seq >> 32, 'loaded', count(*) FROM stage_nav ANTI JOIN keys USING (scheme_code, date)
    GROUP BY ALL;
"""

_WRITE_SQL = """
INSERT INTO nav_revisions
    SELECT w.scheme_code, w.date, w.prev, w.nav, f.source, $now
    FROM walk w JOIN stage_files f ON f.file_id = w.seq >> 32
    WHERE w.prev IS NOT NULL AND w.prev <> w.nav;
CREATE OR REPLACE TEMP TABLE walk_last AS
    SELECT scheme_code, date, arg_max(nav, seq) AS last_nav FROM walk GROUP BY ALL;
UPDATE nav SET nav = a.last_nav FROM walk_last a
    WHERE nav.scheme_code = a.scheme_code AND nav.date = a.date AND nav.nav <> a.last_nav;
INSERT INTO nav
    SELECT scheme_code, date, nav FROM (
        SELECT scheme_code, date, nav FROM stage_nav ANTI JOIN keys USING (scheme_code, date)
        UNION ALL
        SELECT scheme_code, date, last_nav FROM walk_last ANTI JOIN hit USING (scheme_code, date)
    ) ORDER BY scheme_code, date;
CREATE OR REPLACE TEMP TABLE obs_merged AS
    SELECT scheme_code, kind, value, min(first_date) AS first_date, max(last_date) AS last_date
    FROM (SELECT * FROM scheme_history WHERE scheme_code IN (SELECT scheme_code FROM stage_obs)
          UNION ALL SELECT * FROM stage_obs)
    GROUP BY ALL;
DELETE FROM scheme_history WHERE scheme_code IN (SELECT scheme_code FROM stage_obs);
INSERT INTO scheme_history SELECT * FROM obs_merged ORDER BY scheme_code, kind, first_date;
INSERT INTO rejects
    SELECT f.source, r.line_no, r.raw_line, r.reason, $now
    FROM stage_rejects r JOIN stage_files f USING (file_id) ORDER BY r.file_id, r.line_no;
"""


_FILE_COUNTS_SQL = """
CREATE OR REPLACE TEMP TABLE file_counts AS
    SELECT f.file_id, f.source, f.sha256, f.layout, f.status, f.detail,
        coalesce(sum(s.n) FILTER (WHERE s.status = 'loaded'), 0) AS rows_loaded,
        coalesce(sum(s.n) FILTER (WHERE s.status = 'duplicate'), 0) AS duplicates,
        coalesce(sum(s.n) FILTER (WHERE s.status = 'revision'), 0) AS revisions,
        (SELECT count(*) FROM stage_rejects r WHERE r.file_id = f.file_id) AS rejected
    FROM stage_files f LEFT JOIN row_status s USING (file_id)
    GROUP BY ALL;
"""


def _write_log(con: duckdb.DuckDBPyConnection, kind: str, now: dt.datetime) -> None:
    run(
        con,
        """
        INSERT INTO ingest_log
        SELECT (SELECT coalesce(max(id), 0) FROM ingest_log) + row_number() OVER (ORDER BY file_id),
               source, sha256, ?, layout, status, rows_loaded, duplicates, revisions, rejected,
               detail, ?
        FROM file_counts ORDER BY file_id
        """,
        [kind, now],
    )


def _result(con: duckdb.DuckDBPyConnection) -> IngestResult:
    by_reason = dict(run(con, "SELECT reason, count(*) FROM stage_rejects GROUP BY reason"))
    totals = run(
        con, "SELECT count(*), sum(rows_loaded), sum(duplicates), sum(revisions) FROM file_counts"
    )[0]
    assert totals is not None
    return IngestResult(
        files=int(totals[0]),
        rows_loaded=int(totals[1] or 0),
        duplicates=int(totals[2] or 0),
        revisions=int(totals[3] or 0),
        rows_rejected={k: int(v) for k, v in by_reason.items()},
    )
