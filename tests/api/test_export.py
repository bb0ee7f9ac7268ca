"""``GET /api/v1/export/nav`` through a real server: CSV and Parquet of a panel of schemes.

Against the store (``store.reads.nav_history`` per scheme) and by hand: NAVs read from the
MFAPI JSON files in ../shared/data/nav.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import polars as pl
import pytest

from fundlens.store.reads import nav_history
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

URL = "/api/v1/export/nav"


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


def json_navs(code: int) -> dict[dt.date, float]:
    rows = json.loads((NAV_JSON / f"{code}.json").read_text())["data"]
    return {dt.datetime.strptime(r["date"], "%d-%m-%Y").date(): float(r["nav"]) for r in rows}


def read_csv(text: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(text), schema={"scheme_code": pl.Int64, "date": pl.Date,
                                                  "nav": pl.Float64})  # fmt: skip


def test_csv_panel_equals_the_store_and_the_files(real_api: str, real_store: Path) -> None:
    params = {"codes": "118825,100822", "start_date": "2015-01-01", "end_date": "2015-12-31"}
    r = httpx.get(f"{real_api}{URL}", params=params)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-as-of-date"] == "2016-06-10" and r.headers["x-synthetic"] == "false"
    assert 'filename="fundlens-nav.csv"' in r.headers["content-disposition"]
    assert r.text.splitlines()[0] == "scheme_code,date,nav"
    frame = read_csv(r.text)
    # in the order asked: 118825 first, then 100822; each by date
    assert frame["scheme_code"].unique(maintain_order=True).to_list() == [118825, 100822]
    with engine(real_store) as con:
        for code in (118825, 100822):
            rows = frame.filter(pl.col("scheme_code") == code).select("date", "nav")
            stored = nav_history(
                con, code, start_date=dt.date(2015, 1, 1), end_date=dt.date(2015, 12, 31)
            )
            assert rows.equals(stored)
            by_hand = {d: v for d, v in json_navs(code).items() if d.year == 2015}
            assert dict(rows.iter_rows()) == by_hand
    # one value written down: 100822 on the last trading day of 2015
    last = frame.filter(pl.col("scheme_code") == 100822).row(-1, named=True)
    assert last["date"] == dt.date(2015, 12, 31)
    assert last["nav"] == json_navs(100822)[dt.date(2015, 12, 31)]


def test_parquet_equals_csv(real_api: str) -> None:
    params = [("codes", "100822"), ("codes", "103504"), ("start_date", "2014-06-01")]
    csv_text = httpx.get(f"{real_api}{URL}", params=params).text
    r = httpx.get(f"{real_api}{URL}", params=[*params, ("format", "parquet")])
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    assert r.content[:4] == b"PAR1"
    frame = pl.read_parquet(io.BytesIO(r.content))
    assert frame.schema == {"scheme_code": pl.Int64, "date": pl.Date, "nav": pl.Float64}
    assert frame.equals(read_csv(csv_text))
    assert frame["date"].min() >= dt.date(2014, 6, 1)
    assert frame.height > 0 and frame["scheme_code"].unique().sort().to_list() == [100822, 103504]


def test_repeated_and_comma_forms_agree_and_duplicates_collapse(real_api: str) -> None:
    a = httpx.get(f"{real_api}{URL}", params={"codes": "100822,119598", "start_date": "2016-01-01"})
    b = httpx.get(
        f"{real_api}{URL}",
        params=[("codes", "100822"), ("codes", "119598"), ("codes", "100822"),
                ("start_date", "2016-01-01")],
    )  # fmt: skip
    assert a.status_code == b.status_code == 200 and a.text == b.text


def test_whole_history_without_dates(real_api: str, real_store: Path) -> None:
    frame = read_csv(httpx.get(f"{real_api}{URL}", params={"codes": "122639"}).text)
    with engine(real_store) as con:
        assert frame.select("date", "nav").equals(nav_history(con, 122639))


def test_demo_store_is_stamped_synthetic(demo_api: str) -> None:
    r = httpx.get(f"{demo_api}{URL}", params={"codes": "900010", "start_date": "2026-10-01"})
    assert r.status_code == 200 and r.headers["x-synthetic"] == "true"
    assert r.headers["x-as-of-date"] == "2026-10-30"


def test_errors(real_api: str) -> None:
    r = httpx.get(f"{real_api}{URL}", params={"codes": "100822,42"})
    assert r.status_code == 404 and r.json() == {"detail": "scheme 42 is not in the store"}
    too_many = ",".join(str(100000 + i) for i in range(51))
    r = httpx.get(f"{real_api}{URL}", params={"codes": too_many})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "codes"]
    assert "at most 50" in r.json()["detail"][0]["msg"]
    for params, field in [
        ({}, "codes"),
        ({"codes": ""}, "codes"),
        ({"codes": "abc"}, "codes"),
        ({"codes": "100822", "format": "xlsx"}, "format"),
        ({"codes": "100822", "start_date": "2016-13-01"}, "start_date"),
    ]:
        r = httpx.get(f"{real_api}{URL}", params=params)
        assert r.status_code == 422, params
        assert r.json()["detail"][0]["loc"][:2] == ["query", field], r.json()
    r = httpx.get(
        f"{real_api}{URL}",
        params={"codes": "100822", "start_date": "2016-01-01", "end_date": "2015-01-01"},
    )
    assert r.status_code == 422 and "after end_date" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_openapi_documents_the_media_type(real_api: str, fmt: str) -> None:
    spec = httpx.get(f"{real_api}/openapi.json").json()
    content = spec["paths"][URL]["get"]["responses"]["200"]["content"]
    media = "text/csv" if fmt == "csv" else "application/vnd.apache.parquet"
    assert media in content
