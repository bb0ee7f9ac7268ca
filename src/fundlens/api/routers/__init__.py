"""One router per resource; :mod:`fundlens.api.app` joins them."""

__all__: list[str] = []
