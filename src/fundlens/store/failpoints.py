"""Named crash points for the crash-safety tests (``kill -9`` at an exact step).

``failpoint("link")`` does nothing unless the environment variable ``FUNDLENS_FAILPOINT``
names that point, in which case the process sends itself SIGKILL right there — no cleanup,
no ``finally`` blocks, exactly like a power cut or ``kill -9``. The tests use it to prove
that every step of a write leaves the store readable and unchanged; the random-time kill
tests cover everything in between.
"""

from __future__ import annotations

import os
import signal

__all__ = ["FAILPOINTS", "failpoint"]

#: Every point, in the order a write passes them.
FAILPOINTS = ("staged", "merged", "committed", "checkpointed", "renamed", "linked")


def failpoint(name: str) -> None:
    """Die with SIGKILL here if ``FUNDLENS_FAILPOINT`` is ``name``."""
    if os.environ.get("FUNDLENS_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
