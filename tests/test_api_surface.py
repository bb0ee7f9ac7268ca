"""Meta tests of the analytics kernels' public surface (in the spirit of Polars' tests/unit/meta).

Every public function of the kernel modules follows one calling convention: data positional
first (named after what it is), options keyword-only; full type hints; a docstring that states
the formula or rule and shows a doctest; and every metric key of the contract
(conventions.md, 'Names, tokens and units') is both a kernel of that name and a key of the
full set (``fundlens metrics --json``).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from fundlens.analytics.keys import all_keys

#: The kernel modules (``peers`` works on metric tables, not on NAVs or returns: not here).
MODULE_NAMES = (
    "returns",
    "rolling",
    "risk",
    "drawdown",
    "ratios",
    "capture",
    "sip",
    "xirr",
    "expense",
    "portfolio",
)
MODULES: tuple[ModuleType, ...] = tuple(
    importlib.import_module(f"fundlens.analytics.{name}") for name in MODULE_NAMES
)

#: Names a function's first parameter may have: the data it takes.
FIRST_PARAMETERS = frozenset(
    {
        "returns",  # daily returns (risk, ratios, capture)
        "levels",  # NAV levels on the daily calendar (returns, drawdown, rolling)
        "rolling",  # a rolling-return series (rolling_summary, down_market_excess)
        "period_returns",  # monthly / yearly returns (best_period, worst_period)
        "cagr",  # a CAGR (alpha, calmar, treynor, excess_return)
        "fund_monthly",  # complete-month returns (monthly capture)
        "up",  # up capture (capture_ratio)
        "func",  # the kernel rolling_apply runs
        "dates",  # display downsampling: the x axis
        "rates",  # XIRRs of rolling SIPs (sip_distribution)
        "start_date",  # a SIP schedule's first date (sip_schedule)
        "cash_flows",  # XIRR
        "drag",  # an expense-drag series (drag_summary, annualised_drag)
        "direct",  # a Direct plan's NAV levels (expense_drag)
    }
)
#: Further positional (data) parameters; anything else is an option and keyword-only.
DATA_PARAMETERS = FIRST_PARAMETERS | {
    "benchmark",
    "start",
    "benchmark_cagr",
    "beta",
    "max_drawdown",
    "benchmark_monthly",
    "down",
    "values",
    "end_date",
    "regular",
}
#: A formula or rule: one of these in the docstring's text (before the doctest).
FORMULA_MARKS = ("=", "·", "/", "√", "−", "×", "<", ">", "≤", "≥", "Σ", "^")

#: conventions.md, 'Metric keys'.
CONTRACT_KEYS = (
    "cagr",
    "cumulative_return",
    "volatility",
    "max_drawdown",
    "downside_deviation",
    "beta",
    "tracking_error",
    "sharpe",
    "sortino",
    "calmar",
    "treynor",
    "information_ratio",
    "alpha",
    "excess_return",
    "up_capture",
    "down_capture",
    "up_capture_monthly",
    "down_capture_monthly",
    "capture_ratio",
    "down_market_excess",
)


def _public_functions() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for module in MODULES:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found.append((f"{module.__name__.rsplit('.', 1)[1]}.{name}", obj))
    return found


FUNCTIONS = _public_functions()
IDS = [name for name, _ in FUNCTIONS]


def test_there_are_kernels_to_check() -> None:
    assert len(FUNCTIONS) >= 40


@pytest.mark.parametrize("module", MODULES, ids=MODULE_NAMES)
def test_all_is_explicit_and_complete(module: ModuleType) -> None:
    assert len(set(module.__all__)) == len(module.__all__)
    for name in module.__all__:
        assert hasattr(module, name), f"{module.__name__}.__all__ names missing {name}"
    defined_here = {
        name
        for name, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and name[0] != "_"
    }
    assert defined_here <= set(module.__all__), defined_here - set(module.__all__)


@pytest.mark.parametrize(("name", "func"), FUNCTIONS, ids=IDS)
def test_data_first_options_keyword_only(name: str, func: Callable[..., Any]) -> None:
    params = list(inspect.signature(func).parameters.values())
    assert params, f"{name} takes no data"
    assert params[0].name in FIRST_PARAMETERS, f"{name}: first parameter {params[0].name!r}"
    for p in params:
        assert p.kind is not p.VAR_POSITIONAL, f"{name}: *{p.name}"
        assert p.kind is not p.POSITIONAL_ONLY, f"{name}: {p.name} is positional-only"
        if p.kind is p.POSITIONAL_OR_KEYWORD:
            assert p.name in DATA_PARAMETERS, f"{name}: option {p.name!r} is not keyword-only"


@pytest.mark.parametrize(("name", "func"), FUNCTIONS, ids=IDS)
def test_fully_typed(name: str, func: Callable[..., Any]) -> None:
    signature = inspect.signature(func)
    assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type"
    for p in signature.parameters.values():
        assert p.annotation is not inspect.Parameter.empty, f"{name}: {p.name} has no type"


@pytest.mark.parametrize(("name", "func"), FUNCTIONS, ids=IDS)
def test_docstring_states_a_formula_and_an_example(name: str, func: Callable[..., Any]) -> None:
    doc = inspect.getdoc(func) or ""
    text = doc.split(">>>", 1)[0].strip()
    assert text, f"{name} has no docstring text"
    assert any(mark in text for mark in FORMULA_MARKS), f"{name}: no formula or rule in {text!r}"
    assert ">>>" in doc, f"{name} has no doctest example"


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_contract_key_is_a_kernel_and_a_full_set_key(key: str) -> None:
    owners = [m.__name__ for m in MODULES if key in m.__all__ and callable(getattr(m, key))]
    assert len(owners) == 1, f"{key}: kernels in {owners}"
    assert key in all_keys()


def test_full_set_keys_are_unique_snake_case() -> None:
    keys = all_keys()
    assert len(set(keys)) == len(keys)
    assert all(k == k.lower() and " " not in k and "-" not in k for k in keys)
