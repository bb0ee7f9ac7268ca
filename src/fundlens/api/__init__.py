"""The REST API (FastAPI): every analysis of the engine as a documented HTTP service.

Layout (as the FastAPI full-stack template): ``app.py`` builds the application (routers,
middleware, error handlers), ``deps.py`` holds the dependencies (settings, the store
connection of the current snapshot, the API-key guard), ``schemas/`` the request and
response models per resource, ``routers/`` one router per resource. The API computes
nothing itself: every number comes from :mod:`fundlens.services` / :mod:`fundlens.analytics`.
"""

__all__: list[str] = []
