"""``fundlens api``: the REST API under uvicorn (host, port, workers); ``fundlens serve``:
the API and the web dashboard together."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from fundlens.cli._common import DbOpt, app, err, resolve_db
from fundlens.settings import get_settings

__all__ = ["api", "serve_cmd"]


@app.command()
def api(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int | None, typer.Option(help="Port (default FUNDLENS_API_PORT, 8001).", show_default=False)
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    db: DbOpt = None,
) -> None:
    """Serve the REST API on the store (docs at /docs, schema at /openapi.json).

    Workers each read the current snapshot and pick up a new one after `fundlens update`
    without a restart."""
    import uvicorn

    path = resolve_db(db)
    os.environ["FUNDLENS_DB"] = str(path)  # the workers' settings
    settings = get_settings()  # bad settings are refused here, before any worker starts
    listen = port or settings.api_port
    err.print(f"fundlens API on http://{host}:{listen} — store {path}")
    if workers == 1:
        uvicorn.run(
            "fundlens.api.app:create_app",
            factory=True,
            host=host,
            port=listen,
            log_level="warning",
        )
        return
    _run_workers(host, listen, workers)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option(help="Interface both servers listen on.")] = "127.0.0.1",
    api_port: Annotated[
        int | None,
        typer.Option(help="API port (default FUNDLENS_API_PORT, 8001).", show_default=False),
    ] = None,
    web_port: Annotated[
        int | None,
        typer.Option(help="Dashboard port (default FUNDLENS_WEB_PORT, 8501).", show_default=False),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="API worker processes.")] = 1,
    db: DbOpt = None,
) -> None:
    """Serve the REST API and the web dashboard on the store, until Ctrl-C.

    The dashboard (Streamlit) finds the API through FUNDLENS_API_URL, set to the API
    started here; open the dashboard's address in a browser."""
    from fundlens.web.launch import serve

    path = resolve_db(db)
    settings = get_settings()  # bad settings are refused here, before any server starts
    code = serve(
        db=path,
        host=host,
        api_port=api_port or settings.api_port,
        web_port=web_port or settings.web_port,
        workers=workers,
        echo=lambda line: err.print(line, highlight=False),
    )
    if code:
        raise typer.Exit(code)


def _run_workers(host: str, port: int, workers: int) -> None:
    """``uvicorn.run`` with ``workers > 1``, on a listening socket that says it is TCP.

    uvicorn binds the shared socket with ``proto`` 0; accepted connections inherit it and
    asyncio then leaves Nagle's algorithm on, so every keep-alive request after the first
    waits ~40 ms for the client's delayed ACK (uvicorn issue #3149). Re-opening the same
    descriptor lets the kernel report ``IPPROTO_TCP``, and asyncio sets ``TCP_NODELAY``.
    """
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "fundlens.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
    bound = config.bind_socket()
    sock = socket.socket(fileno=bound.detach())  # family, type and proto read from the fd
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()
