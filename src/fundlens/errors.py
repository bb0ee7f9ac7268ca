"""One exception root for fundlens; the CLI prints these as one red line, exit 1."""

__all__ = ["FundlensError", "InputError", "SettingsError", "StoreError", "SyntheticMixError"]


class FundlensError(Exception):
    """Root of every error fundlens raises on purpose."""


class InputError(FundlensError):
    """A file, argument or request the user gave cannot be used (the message says why)."""


class SettingsError(FundlensError):
    """A setting (environment variable, fundlens.toml or flag) has an invalid value."""


class StoreError(FundlensError):
    """The store is missing, of another schema version, or cannot be opened."""


class SyntheticMixError(FundlensError):
    """Synthetic and real data were about to be mixed in one store."""
