"""Typed settings from the environment or ``fundlens.toml`` (conventions.md, 'Settings').

Precedence: a CLI flag beats an environment variable, which beats ``fundlens.toml`` (looked
for in the working directory, then in ``FUNDLENS_HOME``), which beats the default. Bad
values are refused at start-up with a :class:`~fundlens.errors.SettingsError`, e.g. a risk-free
rate above 1 (a percent typed where a fraction belongs).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from fundlens.errors import SettingsError

__all__ = ["Settings", "get_settings", "load_settings"]

_ENV_PREFIX = "FUNDLENS_"
_ORIGIN = re.compile(r"^https?://[^/\s]+$")


@dataclass(frozen=True)
class Settings:
    """Every fundlens setting; field ``x`` is read from ``FUNDLENS_X`` or ``x`` in the toml."""

    db: Path = field(default_factory=lambda: Path("~/.fundlens/fundlens.duckdb").expanduser())
    home: Path = field(default_factory=lambda: Path("~/.fundlens").expanduser())
    #: Risk-free rate, a fraction a year; None = the imported series, else 6.5 %.
    rf: float | None = None
    offline: bool = False
    amfi_url: str = "https://portal.amfiindia.com"
    api_url: str = "http://127.0.0.1:8001"
    api_key: str | None = None
    api_port: int = 8001
    web_port: int = 8501
    #: Days before today whose AMFI files ``update`` downloads again (AMFI restates NAVs).
    update_window_days: int = 7
    #: Days of history the first online ``fundlens run`` fetches.
    first_run_days: int = 365
    #: Network: read time-out (s), retries after the first attempt, exponential backoff base
    #: and cap (s), parallel downloads, and the minimum interval between request starts (s).
    fetch_timeout: float = 60.0
    fetch_retries: int = 4
    fetch_backoff: float = 1.0
    fetch_backoff_max: float = 60.0
    fetch_concurrency: int = 4
    fetch_interval: float = 0.2
    #: API: browser origins allowed by CORS (comma-separated; default none: no CORS headers).
    cors_origins: tuple[str, ...] = ()
    #: API: requests a minute per client IP and worker (token bucket); 0 = no limit.
    rate_limit: int = 600
    #: API: the in-process response cache per snapshot (ETags and 304s work either way).
    api_cache: bool = True
    #: API: the largest request body accepted, in bytes (larger: 413).
    max_body: int = 65536

    def __post_init__(self) -> None:
        if self.rf is not None and not 0.0 <= self.rf <= 1.0:
            raise SettingsError(f"FUNDLENS_RF={self.rf} is not a fraction a year (6.5 % is 0.065)")
        for port in (self.api_port, self.web_port):
            if not 0 < port < 65536:
                raise SettingsError(f"port {port} is out of range 1-65535")
        if self.update_window_days < 0 or self.first_run_days < 1:
            raise SettingsError("update_window_days must be >= 0 and first_run_days >= 1")
        if self.fetch_timeout <= 0 or self.fetch_concurrency < 1 or self.fetch_retries < 0:
            raise SettingsError("fetch_timeout > 0, fetch_concurrency >= 1, fetch_retries >= 0")
        if self.rate_limit < 0:
            raise SettingsError(f"FUNDLENS_RATE_LIMIT={self.rate_limit}: requests a minute, >= 0")
        if self.max_body < 1:
            raise SettingsError(f"FUNDLENS_MAX_BODY={self.max_body}: bytes, >= 1")
        for origin in self.cors_origins:
            if origin != "*" and not _ORIGIN.match(origin):
                raise SettingsError(
                    f"FUNDLENS_CORS_ORIGINS: {origin!r} is not an origin "
                    "(scheme://host[:port], no path or trailing slash; or *)"
                )


def _coerce(name: str, raw: Any, kind: Any) -> Any:
    try:
        if kind in (Path, "Path"):
            return Path(str(raw)).expanduser()
        if kind in (float, "float"):
            return float(raw)
        if kind in (int, "int"):
            return int(raw)
        if kind in (tuple, "tuple"):
            items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
            return tuple(str(item).strip() for item in items if str(item).strip())
        if kind in (bool, "bool"):
            if isinstance(raw, bool):
                return raw
            value = str(raw).strip().lower()
            if value in ("1", "true", "yes", "on"):
                return True
            if value in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
    except ValueError as exc:
        raise SettingsError(f"{_ENV_PREFIX}{name.upper()}={raw!r} is not a valid value") from exc
    return str(raw)


def load_settings(env: dict[str, str] | None = None, cwd: Path | None = None) -> Settings:
    """Read settings from ``env`` (default ``os.environ``) and the first ``fundlens.toml``."""
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    home = Path(env.get(f"{_ENV_PREFIX}HOME", "~/.fundlens")).expanduser()
    for candidate in ((cwd or Path.cwd()) / "fundlens.toml", home / "fundlens.toml"):
        if candidate.is_file():
            try:
                values.update(tomllib.loads(candidate.read_text(encoding="utf-8")))
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(f"{candidate}: {exc}") from exc
            break
    for f in fields(Settings):
        key = f"{_ENV_PREFIX}{f.name.upper()}"
        if key in env:
            values[f.name] = env[key]
    known = {f.name: f.type for f in fields(Settings)}
    unknown = set(values) - set(known)
    if unknown:
        raise SettingsError(f"unknown setting(s) in fundlens.toml: {', '.join(sorted(unknown))}")
    kind_of = {"Path": Path, "float": float, "int": int, "bool": bool, "tuple": tuple}
    coerced = {
        k: None
        if v is None
        else _coerce(k, v, kind_of.get(str(known[k]).split(" | ")[0].split("[")[0], str))
        for k, v in values.items()
    }
    if "home" in coerced and "db" not in coerced:
        coerced["db"] = coerced["home"] / "fundlens.duckdb"
    return Settings(**coerced)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests call ``get_settings.cache_clear()``)."""
    return load_settings()
