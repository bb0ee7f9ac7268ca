"""Services: store reads joined with analytics, for the CLI, the API and the library.

Each function takes an open store connection (or a store path for writes) and keyword
options, and returns plain data; no printing, no HTTP.
"""

__all__: list[str] = []
