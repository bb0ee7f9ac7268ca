"""Pure maths on NAV panels: returns, rolling, risk, ratios, capture, drawdowns.

One package used by the CLI, the API, the dashboard, ranking and reports alike; no
second implementation anywhere. Nothing here reads the store, the network or prints.

Inputs (see :mod:`fundlens.analytics.grid`)
    * **NAV levels** on a contiguous *daily calendar*: an array of shape ``(T,)`` (one
      fund) or ``(n, T)`` (n funds), ``NaN`` on days without a NAV, with the calendar's
      first day. Level functions (CAGR, trailing, rolling, drawdown, calendar-year and
      monthly returns) take these and use every NAV, calendar time: years = days / 365.
    * **Daily returns** for daily statistics, made by :func:`~fundlens.analytics.grid.
      daily_returns` on the same ``(n, T)`` shape, ``NaN`` where a day is not an
      observation. Return functions (volatility, Sharpe, Sortino, beta, TE, IR, capture,
      VaR, skew) work along the last axis: 1-D in, a float out; 2-D in, one value per row.

Conventions (``shared/docs/conventions.md``, 'Metric conventions')
    * Observations: daily statistics use Monday–Friday NAVs only; a return spanning more
      than 10 calendar days, or one into/out of a flagged ``nav_events`` day
      (face-value change, one-day outlier), is left out.
    * 252 periods a year; standard deviations are sample (ddof = 1).
    * Risk-free: 6.5 % a year by default or a user series (annual fraction per date);
      daily = annual / 252. Metrics built on CAGRs (Treynor, Jensen's alpha) use the
      mean annual rate over the window.
    * With a benchmark, every metric uses the common window: NAV levels joined first
      (dates both have a NAV), then returns.
    * Sharpe = (mean(r)·252 − rf) / (std(r)·√252) (empyrical's ``sharpe_ratio`` with
      ``risk_free = rf/252``). Sortino's downside deviation =
      √(mean(min(r − rf_d, 0)²))·√252 over all observations (empyrical, quantstats, ffn;
      seed 003 §14 writes "std", which would ignore how many days were calm).
    * Max drawdown = min(NAV / running max − 1) ≤ 0; the peak is the *last* date on or
      before the trough where NAV equals its running max; recovery is the first date
      after the trough with NAV ≥ the peak NAV.
    * Beta = cov(r_f, r_b) / var(r_b); tracking error = std(r_f − r_b)·√252;
      information ratio = mean(r_f − r_b)·252 / tracking error.
    * CAGR = (NAV_end / NAV_start)^(365 / days) − 1 (empyrical's ``cagr`` counts
      observations / 252 instead); Calmar = CAGR / |max drawdown|.
    * Jensen's alpha = CAGR_f − [rf + β·(CAGR_b − rf)]; Treynor = (CAGR − rf) / β;
      excess return = CAGR_f − CAGR_b.
    * Capture (daily, arithmetic): mean(r_f | r_b > 0) / mean(r_b | r_b > 0), likewise
      r_b < 0. Monthly (Freefincal): over complete months with benchmark return > 0,
      Π(1 + m)^(12 / n_up) − 1 for fund and benchmark, their ratio; likewise < 0;
      capture_ratio = up_capture_monthly / down_capture_monthly.
    * Rolling returns: calendar re-index, forward fill never past a series' last NAV,
      windows 1y = 365, 3y = 1095, 5y = 1825, 10y = 3650 days; statistics from the
      full-resolution series.
    * Trailing returns: start NAV = last NAV on or before the start date; absolute below
      one year, CAGR from one year up. Monthly returns: last NAV of each complete month.
    * Too little data gives NaN, never an exception; the caller attaches the reason.
"""

__all__: list[str] = []
