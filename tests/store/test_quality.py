"""Tests for fundlens.store.quality (data-quality events, conventions.md 'Ingest contract').

Real data: the MFAPI-style histories in ``shared/data/nav/*.json`` are read in place.
Expected gaps, last dates, NAVs and percentages come from that folder's README.md (the
"problems seen" column); the hand-made frames below are labelled as such and their
numbers are worked out by hand in comments.

The per-file table in docs/data-quality.md is printed by:
``pytest tests/store/test_quality.py -k per_file_summary -s -q``
"""

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from fundlens.errors import InputError
from fundlens.store.quality import (
    EVENT_COLUMNS,
    EVENT_KINDS,
    FLAGGED_KINDS,
    detect_events,
    flagged_return_days,
)

NAV_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "nav"

#: The latest NAV date in the folder (10-06-2016, README): a store holding every file
#: would have this as its as-of date, so staleness is measured against it.
REAL_AS_OF = dt.date(2016, 6, 10)

#: From NAV_DIR/README.md, per scheme: last date, gaps > 10 calendar days, largest gap
#: in days (None: the README lists no gap).
README_FACTS: dict[int, tuple[str, int, int | None]] = {
    100356: ("27-05-2016", 0, None),
    100484: ("10-06-2016", 0, None),
    100669: ("22-02-2016", 12, 190),
    100821: ("22-02-2016", 1, 14),
    100822: ("22-02-2016", 1, 11),
    100868: ("05-06-2016", 0, None),
    101001: ("22-02-2016", 0, None),
    101525: ("03-06-2016", 0, None),
    101762: ("03-06-2016", 1, 12),
    102394: ("22-02-2016", 1, 14),
    103504: ("22-02-2016", 0, None),
    105758: ("03-06-2016", 0, None),
    105989: ("10-06-2016", 1, 14),
    107578: ("22-02-2016", 1, 328),
    112957: ("27-05-2016", 0, None),
    113177: ("22-02-2016", 0, None),
    115676: ("22-02-2016", 0, None),
    118581: ("10-06-2016", 0, None),
    118778: ("22-02-2016", 0, None),
    118825: ("22-02-2016", 1, 23),
    118955: ("03-06-2016", 0, None),
    118989: ("03-06-2016", 0, None),
    119063: ("03-06-2016", 0, None),
    119091: ("05-06-2016", 0, None),
    119598: ("22-02-2016", 0, None),
    119707: ("22-02-2016", 0, None),
    119788: ("22-02-2016", 0, None),
    120251: ("27-05-2016", 0, None),
    120684: ("22-02-2016", 0, None),
    120716: ("22-02-2016", 0, None),
    122639: ("22-02-2016", 0, None),
    122640: ("22-02-2016", 0, None),
}

#: Every outlier the detector may flag in the real files, each justified as junk:
#: - 100356 02-10-2000: README, "NAV 7.79 is a one-day outlier between 9.64 and 9.61".
#: - 100669 01-02-2004: a Sunday row carrying the NAV of 01-03-2004 (16.62, a month
#:   later); 100821 and 100822 have the same mis-dated row (checked below), too small
#:   a move there (+4.6 %, +1.3 %) to be told from a market day.
JUNK_OUTLIERS = {(100356, dt.date(2000, 10, 2)), (100669, dt.date(2004, 2, 1))}

#: Genuine big market days (README): no outlier or face-value change may fall on them.
MARKET_DAYS = [
    dt.date(2004, 5, 17),
    dt.date(2008, 1, 21),
    dt.date(2008, 1, 22),
    dt.date(2008, 10, 24),
    dt.date(2009, 5, 18),
    dt.date(2009, 5, 19),
    dt.date(2009, 5, 20),
    dt.date(2015, 8, 24),
]


def _read_nav_json(path: Path) -> pl.DataFrame:
    """One MFAPI-style file as (scheme_code, date, nav), identical duplicate rows dropped."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    code = int(doc["meta"]["scheme_code"])
    frame = pl.DataFrame(
        {
            "scheme_code": [code] * len(doc["data"]),
            "date": [dt.datetime.strptime(r["date"], "%d-%m-%Y").date() for r in doc["data"]],
            "nav": [float(r["nav"]) for r in doc["data"]],
        },
        schema={"scheme_code": pl.Int64, "date": pl.Date, "nav": pl.Float64},
    )
    return frame.unique(maintain_order=True)


def _frame(code: int, rows: list[tuple[dt.date, float]]) -> pl.DataFrame:
    """A hand-made NAV frame for one scheme."""
    return pl.DataFrame(
        {
            "scheme_code": [code] * len(rows),
            "date": [d for d, _ in rows],
            "nav": [v for _, v in rows],
        },
        schema={"scheme_code": pl.Int64, "date": pl.Date, "nav": pl.Float64},
    )


def _daily(code: int, start: dt.date, navs: list[float]) -> pl.DataFrame:
    """Hand-made: ``navs`` on consecutive calendar days from ``start``."""
    return _frame(code, [(start + dt.timedelta(days=i), v) for i, v in enumerate(navs)])


def _keys(events: pl.DataFrame, kind: str) -> set[tuple[int, dt.date]]:
    return set(events.filter(pl.col("kind") == kind).select("scheme_code", "date").iter_rows())


@pytest.fixture(scope="module")
def real_files() -> dict[int, pl.DataFrame]:
    return {int(p.stem): _read_nav_json(p) for p in sorted(NAV_DIR.glob("*.json"))}


@pytest.fixture(scope="module")
def real_events(real_files: dict[int, pl.DataFrame]) -> pl.DataFrame:
    return detect_events(pl.concat(list(real_files.values())), as_of=REAL_AS_OF)


# --- real files -------------------------------------------------------------------


def test_every_file_is_covered(real_files: dict[int, pl.DataFrame]) -> None:
    assert set(real_files) == set(README_FACTS)


def test_107578_has_exactly_the_known_328_day_gap(real_events: pl.DataFrame) -> None:
    gaps = real_events.filter(pl.col("scheme_code") == 107578, pl.col("kind") == "gap")
    assert gaps.select("date", "detail").rows() == [
        (dt.date(2010, 12, 22), "gap 328 d since 2010-01-28")
    ]


@pytest.mark.parametrize("code", sorted(README_FACTS))
def test_gap_count_and_largest_match_readme(code: int, real_events: pl.DataFrame) -> None:
    _, count, largest = README_FACTS[code]
    gaps = real_events.filter(pl.col("scheme_code") == code, pl.col("kind") == "gap")
    days = gaps.get_column("detail").str.extract(r"^gap (\d+) d since ", 1).cast(pl.Int64)
    assert gaps.height == count
    assert (days.max() if count else None) == largest


def test_100356_outlier_detail(real_events: pl.DataFrame) -> None:
    row = real_events.filter(pl.col("scheme_code") == 100356, pl.col("kind") == "outlier")
    # README: 9.64 -> 7.79 (-19.2 %) on 02-10-2000 -> 9.61 (+23.4 %) on 03-10-2000.
    assert row.select("date", "detail").rows() == [
        (dt.date(2000, 10, 2), "nav 9.64 -> 7.79 -> 9.61 (-19.2%, +23.4%) back on 2000-10-03")
    ]


def test_outliers_in_all_files_are_exactly_the_justified_junk(real_events: pl.DataFrame) -> None:
    assert _keys(real_events, "outlier") == JUNK_OUTLIERS


def test_misdated_uti_row_is_a_copy_of_1_march_2004(real_files: dict[int, pl.DataFrame]) -> None:
    # The evidence behind JUNK_OUTLIERS' second entry: a Sunday with a month-later NAV.
    assert dt.date(2004, 2, 1).isoweekday() == 7
    for code in (100669, 100821, 100822):
        by_date = dict(real_files[code].select("date", "nav").iter_rows())
        assert by_date[dt.date(2004, 2, 1)] == by_date[dt.date(2004, 3, 1)]


def test_100821_drop_of_21_jan_2004_is_not_an_outlier(real_events: pl.DataFrame) -> None:
    # README: 20.11 -> 15.71 (-21.9 %) and the NAV stays there: no reversion, no power of ten.
    on_day = real_events.filter(
        pl.col("scheme_code") == 100821, pl.col("date") == dt.date(2004, 1, 21)
    )
    assert on_day.is_empty()


def test_no_genuine_market_day_is_flagged(real_events: pl.DataFrame) -> None:
    flagged = real_events.filter(
        pl.col("kind").is_in(FLAGGED_KINDS), pl.col("date").is_in(MARKET_DAYS)
    )
    assert flagged.is_empty()


def test_no_face_value_change_in_unmodified_files(real_events: pl.DataFrame) -> None:
    assert _keys(real_events, "face_value_change") == set()


def test_stale_schemes_against_latest_date(real_events: pl.DataFrame) -> None:
    # README last dates vs 10-06-2016: 22-02-2016 is 109 d, 27-05-2016 14 d (stale);
    # 03-06-2016 exactly 7 d, 05-06-2016 5 d, 10-06-2016 0 d (not stale).
    stale = real_events.filter(pl.col("kind") == "stale")
    expected = {
        (code, dt.datetime.strptime(last, "%d-%m-%Y").date())
        for code, (last, _, _) in README_FACTS.items()
        if last in ("22-02-2016", "27-05-2016")
    }
    assert set(stale.select("scheme_code", "date").iter_rows()) == expected
    details = set(stale.get_column("detail"))
    assert details == {"no NAV for 109 d before 2016-06-10", "no NAV for 14 d before 2016-06-10"}


def test_face_value_change_in_mfapi_form_of_100868(real_files: dict[int, pl.DataFrame]) -> None:
    # README/meta: MFAPI shows this code's pre-2015 NAVs 100x smaller; the mirror's year-end
    # points for 2007-2014 are 1/100 of this file and 2015's match, so the change falls in
    # 2015. No day of 2015 stands out in this file (no gap over 5 d, largest daily change
    # 0.14 % across the 01-05/04/2015 holidays), so take the earliest date the evidence
    # allows: the first NAV of 2015, 01-01-2015.
    change = dt.date(2015, 1, 1)
    nav = real_files[100868]
    mfapi = nav.with_columns(
        pl.when(pl.col("date") < change).then(pl.col("nav") / 100).otherwise(pl.col("nav"))
    )
    events = detect_events(mfapi, as_of=dt.date(2016, 6, 5))
    # 31-12-2014 is 2700.53 in the file (27.0053 in MFAPI form); 01-01-2015 is 2701.18.
    assert events.select("date", "kind", "detail").rows() == [
        (change, "face_value_change", "nav x100.0 (27.0053 -> 2701.18)")
    ]
    assert flagged_return_days(events).rows() == [(100868, change)]


def test_flagged_return_days_on_real_files(real_events: pl.DataFrame) -> None:
    # Into and out of each spike: 100356 03-10-2000 follows 02-10-2000; 100669's next NAV
    # after the Sunday row is Tuesday 03-02-2004.
    assert flagged_return_days(real_events).rows() == [
        (100356, dt.date(2000, 10, 2)),
        (100356, dt.date(2000, 10, 3)),
        (100669, dt.date(2004, 2, 1)),
        (100669, dt.date(2004, 2, 3)),
    ]


def test_per_file_summary(real_files: dict[int, pl.DataFrame], real_events: pl.DataFrame) -> None:
    """Print the per-file table of docs/data-quality.md (run with ``-s``)."""
    counts = real_events.group_by("scheme_code", "kind").len()
    lines = ["| scheme | rows | first | last | " + " | ".join(EVENT_KINDS) + " |"]
    lines.append("|---" * (4 + len(EVENT_KINDS)) + "|")
    for code, frame in real_files.items():
        mine = dict(counts.filter(pl.col("scheme_code") == code).select("kind", "len").iter_rows())
        cells = [str(mine.get(kind, 0)) for kind in EVENT_KINDS]
        first, last = frame.get_column("date").min(), frame.get_column("date").max()
        lines.append(f"| {code} | {frame.height} | {first} | {last} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    assert len(lines) == 2 + len(README_FACTS)
    totals = dict(real_events.group_by("kind").len().iter_rows())
    assert totals.get("gap") == sum(count for _, count, _ in README_FACTS.values())


# --- hand-made frames -------------------------------------------------------------

DAY0 = dt.date(2020, 1, 1)


def test_empty_frame_gives_empty_events_with_schema() -> None:
    events = detect_events(_frame(1, []), as_of=DAY0)
    assert events.is_empty()
    assert events.schema == pl.Schema(EVENT_COLUMNS)
    assert flagged_return_days(events).schema == pl.Schema(
        {"scheme_code": pl.Int64, "date": pl.Date}
    )


def test_one_row_gives_only_staleness() -> None:
    one = _frame(1, [(DAY0, 10.0)])
    assert detect_events(one, as_of=DAY0).is_empty()
    stale = detect_events(one, as_of=DAY0 + dt.timedelta(days=8))
    assert stale.rows() == [(1, DAY0, "stale", "no NAV for 8 d before 2020-01-09")]


@pytest.mark.parametrize(
    ("days_before", "is_stale"), [(0, False), (6, False), (7, False), (8, True)]
)
def test_stale_boundary_is_more_than_7_days(days_before: int, is_stale: bool) -> None:
    as_of = dt.date(2020, 3, 10)
    frame = _daily(5, as_of - dt.timedelta(days=days_before + 3), [10.0, 10.1, 10.2, 10.3])
    events = detect_events(frame, as_of=as_of)
    assert events.filter(pl.col("kind") == "stale").height == int(is_stale)


def test_nav_after_as_of_is_not_stale() -> None:
    frame = _daily(5, DAY0, [10.0, 10.1])
    assert detect_events(frame, as_of=DAY0 - dt.timedelta(days=30)).is_empty()


def test_stale_detail_and_date() -> None:
    frame = pl.concat([_daily(1, DAY0, [10.0, 10.1]), _daily(2, DAY0, [20.0, 20.0, 20.2])])
    # Scheme 1 ends 02-01-2020, scheme 2 on 03-01-2020; as_of 15-01-2020: 13 d and 12 d.
    events = detect_events(frame, as_of=dt.date(2020, 1, 15))
    assert events.rows() == [
        (1, dt.date(2020, 1, 2), "stale", "no NAV for 13 d before 2020-01-15"),
        (2, dt.date(2020, 1, 3), "stale", "no NAV for 12 d before 2020-01-15"),
    ]


def test_gap_boundary_is_more_than_10_days() -> None:
    frame = _frame(1, [(DAY0, 10.0), (dt.date(2020, 1, 11), 10.1), (dt.date(2020, 1, 22), 10.2)])
    # 01-01 -> 11-01 is 10 d (no gap); 11-01 -> 22-01 is 11 d (gap).
    assert detect_events(frame, as_of=dt.date(2020, 1, 22)).rows() == [
        (1, dt.date(2020, 1, 22), "gap", "gap 11 d since 2020-01-11")
    ]


def test_unsorted_input_gives_sorted_identical_events() -> None:
    frame = pl.concat(
        [
            _daily(2, DAY0, [10.0, 12.0, 10.0, 10.1]),
            _frame(1, [(DAY0, 5.0), (dt.date(2020, 2, 1), 5.1), (dt.date(2020, 2, 2), 510.0)]),
        ]
    )
    as_of = dt.date(2020, 2, 20)
    expected = detect_events(frame.sort("scheme_code", "date"), as_of=as_of)
    shuffled = detect_events(frame.sample(fraction=1.0, shuffle=True, seed=7), as_of=as_of)
    assert shuffled.equals(expected)
    assert expected.select("scheme_code", "date", "kind").rows() == [
        (1, dt.date(2020, 2, 1), "gap"),
        (1, dt.date(2020, 2, 2), "face_value_change"),
        (1, dt.date(2020, 2, 2), "stale"),
        (2, dt.date(2020, 1, 2), "outlier"),
        (2, dt.date(2020, 1, 4), "stale"),
    ]


def test_two_schemes_interleaved_do_not_leak() -> None:
    # Scheme 1 near 10, scheme 2 near 1000 on the same days: sorted by date alone, every
    # step would look like x100 or /100. Per scheme there is nothing.
    frame = pl.concat(
        [
            _daily(1, DAY0, [10.0, 10.1, 10.2, 10.3]),
            _daily(2, DAY0, [1000.0, 1001.0, 1002.0, 1003.0]),
        ]
    )
    interleaved = frame.sort("date", "scheme_code")
    assert detect_events(interleaved, as_of=dt.date(2020, 1, 4)).is_empty()


def test_same_date_in_two_schemes_is_fine_but_repeated_key_is_refused() -> None:
    ok = pl.concat([_frame(1, [(DAY0, 10.0)]), _frame(2, [(DAY0, 10.0)])])
    assert detect_events(ok, as_of=DAY0).is_empty()
    repeated = _frame(1, [(DAY0, 10.0), (DAY0, 10.0)])
    with pytest.raises(InputError, match="repeats"):
        detect_events(repeated, as_of=DAY0)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pl.DataFrame({"scheme_code": [1], "date": [DAY0]}), "lacks column"),
        (_frame(1, [(DAY0, 0.0)]), "<= 0"),
        (_frame(1, [(DAY0, -1.0)]), "<= 0"),
        (pl.DataFrame({"scheme_code": [1], "date": [DAY0], "nav": [None]}), "null"),
    ],
)
def test_bad_frames_are_refused(frame: pl.DataFrame, message: str) -> None:
    with pytest.raises(InputError, match=message):
        detect_events(frame, as_of=DAY0)


def test_other_integer_type_is_accepted() -> None:
    frame = _daily(1, DAY0, [10.0, 12.0, 10.0]).with_columns(pl.col("scheme_code").cast(pl.Int32))
    events = detect_events(frame, as_of=dt.date(2020, 1, 3))
    assert events.schema == pl.Schema(EVENT_COLUMNS)
    assert events.select("scheme_code", "kind").rows() == [(1, "outlier")]


@pytest.mark.parametrize(
    ("navs", "outlier_days"),
    [
        # +11 % then back to 10.0: legs ln 1.11 = 0.104 and -0.104 >= ln 1.10 = 0.0953.
        ([10.0, 11.1, 10.0], [1]),
        # +9 % then back: legs 0.086 < 0.0953, a plausible market V.
        ([10.0, 10.9, 10.0], []),
        # +30 % then -11 %: back only 0.117 of 0.262; residual 0.146 > 0.5 * 0.262.
        ([10.0, 13.0, 11.57], []),
        # +20 % then -12 %: residual ln(10.56/10) = 0.0545 <= 0.5 * ln 1.2 = 0.0912.
        ([10.0, 12.0, 10.56], [1]),
        # Down spike: -50 % then x2 (the 9.64 -> 7.79 -> 9.61 shape, larger).
        ([10.0, 5.0, 10.0], [1]),
        # Spike on the first or last NAV cannot be confirmed: nothing.
        ([13.0, 10.0, 10.0], []),
        ([10.0, 10.0, 13.0], []),
        # Two consecutive junk NAVs are not a one-NAV outlier.
        ([10.0, 13.0, 13.0, 10.0], []),
    ],
)
def test_outlier_rule(navs: list[float], outlier_days: list[int]) -> None:
    events = detect_events(_daily(1, DAY0, navs), as_of=DAY0 + dt.timedelta(days=len(navs)))
    expected = {(1, DAY0 + dt.timedelta(days=i)) for i in outlier_days}
    assert _keys(events, "outlier") == expected
    assert _keys(events, "face_value_change") == set()


@pytest.mark.parametrize(
    ("navs", "detail"),
    [
        ([10.23, 10.25, 1023.4, 1024.0], "nav x99.8 (10.25 -> 1023.4)"),
        ([1023.4, 1024.0, 10.25, 10.3], "nav /99.9 (1024.0 -> 10.25)"),
        # x10 on a +30 % day: 13 = 10 * 1.3, within the x/÷1.5 slack.
        ([10.0, 10.0, 130.0, 131.0], "nav x13.0 (10.0 -> 130.0)"),
        # The jump on the last NAV counts until a later NAV reverts it.
        ([10.0, 10.0, 1000.0], "nav x100.0 (10.0 -> 1000.0)"),
    ],
)
def test_face_value_change_rule(navs: list[float], detail: str) -> None:
    events = detect_events(_daily(1, DAY0, navs), as_of=DAY0 + dt.timedelta(days=3))
    assert events.select("date", "kind", "detail").rows() == [
        (DAY0 + dt.timedelta(days=2), "face_value_change", detail)
    ]
    assert flagged_return_days(events).get_column("date").to_list() == [DAY0 + dt.timedelta(days=2)]


@pytest.mark.parametrize(
    "navs",
    [
        [10.0, 10.0, 50.0, 50.0],  # x5: no power of ten
        [10.0, 10.0, 1000.0, 10.0, 10.0],  # x100 for one day: an outlier instead
    ],
)
def test_not_a_face_value_change(navs: list[float]) -> None:
    events = detect_events(_daily(1, DAY0, navs), as_of=DAY0 + dt.timedelta(days=len(navs)))
    assert _keys(events, "face_value_change") == set()


def test_one_day_x100_is_an_outlier_with_both_return_days_flagged() -> None:
    events = detect_events(_daily(1, DAY0, [10.0, 10.0, 1000.0, 10.01, 10.02]), as_of=DAY0)
    assert events.select("date", "kind", "detail").rows() == [
        (
            DAY0 + dt.timedelta(days=2),
            "outlier",
            "nav 10.0 -> 1000.0 -> 10.01 (+9900.0%, -99.0%) back on 2020-01-04",
        )
    ]
    assert flagged_return_days(events).get_column("date").to_list() == [
        DAY0 + dt.timedelta(days=2),
        DAY0 + dt.timedelta(days=3),
    ]


def test_flagged_return_days_ignores_gap_and_stale() -> None:
    events = pl.DataFrame(
        {
            "scheme_code": [1, 1],
            "date": [DAY0, DAY0 + dt.timedelta(days=1)],
            "kind": ["gap", "stale"],
            "detail": ["gap 11 d since 2019-12-21", "no NAV for 8 d before 2020-01-10"],
        },
        schema=EVENT_COLUMNS,
    )
    assert flagged_return_days(events).is_empty()


def test_flagged_return_days_needs_back_on_date() -> None:
    events = pl.DataFrame(
        {"scheme_code": [1], "date": [DAY0], "kind": ["outlier"], "detail": ["nav 1 -> 2 -> 1"]},
        schema=EVENT_COLUMNS,
    )
    with pytest.raises(InputError, match="back on"):
        flagged_return_days(events)
