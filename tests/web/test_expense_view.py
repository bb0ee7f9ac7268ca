"""``web.expense_view``: pair labels, the pairs and category tables, the summary and the
dual-axis figure, from hand-written responses shaped like ``GET /api/expense/pairs/{amc}``
and ``/drag/{amc}`` (UTI's Nifty 50 pair as the real store answers it, shortened)."""

from __future__ import annotations

from typing import Any

from fundlens.web import expense_view as v

# hand-written: one growth pair (the real UTI Nifty 50 numbers: 2013-01-01 both NAVs
# 37.14, 2016-02-22 Direct 45.97 / Regular 45.72 → drag 0.5468 %, 0.1737 % a year) and one
# IDCW pair younger than a year (annualised drag null)
DRAG: dict[str, Any] = {
    "amc_id": "uti", "amc_name": "UTI Mutual Fund",
    "pairs": [
        {"direct_code": 120716, "direct_name": "UTI Nifty 50 Index Fund - Growth Option- Direct",
         "regular_code": 100822, "category": "Index Funds", "option": "growth",
         "price_return_only": False, "start_date": "2013-01-01", "end_date": "2016-02-22",
         "days": 1147, "total_drag": 0.546806649169, "annualised_drag": 0.173682246523,
         "reason": None,
         "series": {"dates": ["2013-01-01", "2014-08-01", "2016-02-22"],
                    "direct_nav": [37.14, 40.0, 45.97], "regular_nav": [37.14, 39.9, 45.72],
                    "expense_drag": [0.0, 0.25, 0.546806649169]}},
        {"direct_code": 120999, "direct_name": "UTI Mid Cap Fund - Direct - IDCW",
         "regular_code": 100999, "category": "Mid Cap", "option": "idcw_payout",
         "price_return_only": True, "start_date": "2015-06-01", "end_date": "2016-02-22",
         "days": 266, "total_drag": 0.31, "annualised_drag": None,
         "reason": "history 266 d < 365 d",
         "series": {"dates": ["2015-06-01", "2016-02-22"], "direct_nav": [20.0, 21.0],
                    "regular_nav": [19.0, 19.9], "expense_drag": [0.0, 0.31]}},
    ],
    "summary": {"growth_pairs": 1, "median_annualised": 0.173682246523,
                "mean_annualised": 0.173682246523, "by_category": {"Index Funds": 0.173682246523}},
}  # fmt: skip


def test_pair_label_and_lookup() -> None:
    assert v.pair_label(DRAG["pairs"][1]) == (
        "UTI Mid Cap Fund - Direct - IDCW · IDCW payout · 120999 / 100999"
    )
    assert v.pair_label({"direct_code": 1, "regular_code": 2, "option": None}) == (
        "scheme 1 · — · 1 / 2"
    )
    assert v.pair_of(DRAG, 120999) is DRAG["pairs"][1]
    assert v.pair_of(DRAG, 1) is None


def test_pairs_frame() -> None:
    frame = v.pairs_frame(DRAG)
    first = frame.iloc[0].to_dict()
    assert first == {
        "Direct plan": "UTI Nifty 50 Index Fund - Growth Option- Direct", "Category": "Index Funds",
        "Option": "Growth", "Total drag": "0.55%", "Drag a year": "0.17%",
        "From": "01 Jan 2013", "To": "22 Feb 2016", "Days": "1,147", "Codes": "120716 / 100822",
    }  # fmt: skip
    second = frame.iloc[1]
    assert (second["Option"], second["Drag a year"], second["Total drag"]) == (
        "IDCW payout (price return)", "—", "0.31%"
    )  # fmt: skip


def test_summary_and_categories() -> None:
    assert v.summary_values(DRAG) == {"growth-pairs": "1", "median-drag": "0.17%",
                                      "mean-drag": "0.17%"}  # fmt: skip
    cats = v.category_frame(DRAG)
    assert cats.to_dict("records") == [{"Category": "Index Funds", "Median drag a year": "0.17%"}]
    empty = {"summary": {"growth_pairs": 0, "median_annualised": None,
                         "mean_annualised": None, "by_category": {}}}  # fmt: skip
    assert v.summary_values(empty)["median-drag"] == "—"
    assert v.category_frame(empty).empty


def test_drag_figure_has_two_axes() -> None:
    fig = v.drag_figure(DRAG["pairs"][0], template="plotly_white")
    assert [t.name for t in fig.data] == ["Direct NAV", "Regular NAV", "Expense drag"]
    assert [t.yaxis for t in fig.data] == ["y", "y", "y2"]
    assert list(fig.data[2].y) == [0.0, 0.25, 0.546806649169]
    assert list(fig.data[1].y) == [37.14, 39.9, 45.72]
    assert fig.layout.yaxis2.ticksuffix == "%" and fig.layout.yaxis.tickprefix == "₹"
