"""``POST /api/v1/sip``: the same monthly SIP in up to five funds, each beside the same
money as a lump sum, and optionally every rolling N-year SIP of each fund."""

from __future__ import annotations

from fastapi import APIRouter

from fundlens.api.deps import Con
from fundlens.api.schemas.sip import SipRequest, SipResponse
from fundlens.api.stamp import Stamp
from fundlens.services.navs import require_schemes
from fundlens.services.sip import rolling_sip_report, sip_comparison

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["sip"])


@router.post(
    "/sip",
    response_model=SipResponse,
    summary="SIP vs lump sum in up to 5 funds, with rolling SIP XIRRs",
    responses={
        404: {"description": "Unknown scheme."},
        422: {"description": "Bad plan, or no instalment fits the fund's NAV dates."},
    },
)
def sip(body: SipRequest, con: Con, stamp: Stamp) -> SipResponse:
    """Per fund: every instalment (a holiday buys on the next NAV date), units, value and
    XIRR at the last NAV on or before end_date, the same total as a lump sum at the first
    instalment's NAV, and — per ``rolling_years`` N — the XIRR of every N-year SIP
    started in each month of the fund's whole history with its distribution. Rupees and
    fractions."""
    require_schemes(con, body.scheme_codes)
    funds = sip_comparison(
        con,
        body.scheme_codes,
        amount=body.amount,
        day=body.day,
        start_date=body.start_date,
        end_date=body.end_date,
        step_up=body.step_up,
    )
    for fund in funds:
        windows = {}
        if body.rolling_years:
            windows = rolling_sip_report(
                con,
                fund["scheme_code"],
                years=tuple(body.rolling_years),
                amount=body.amount,
                day=body.day,
                step_up=body.step_up,
            )["windows"]
        fund["rolling"] = [windows[f"{n}y"] for n in body.rolling_years]
    return SipResponse(**stamp, funds=funds)
