"""A child process's stderr, read as it comes on a thread, for tests that wait for a line
(e.g. the addresses `fundlens serve` prints once its servers answer) before stopping it."""

from __future__ import annotations

import subprocess
import threading
import time

__all__ = ["StderrLines"]


class StderrLines:
    """Collects ``proc.stderr`` (a pipe) line by line until the process closes it."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None, "start the process with stderr=subprocess.PIPE"
        self.proc = proc
        self._lines: list[bytes] = []
        self._thread = threading.Thread(target=self._read, args=(proc.stderr,), daemon=True)
        self._thread.start()

    def _read(self, pipe: object) -> None:
        for line in iter(pipe.readline, b""):  # type: ignore[attr-defined]
            self._lines.append(line)

    @property
    def text(self) -> str:
        """Everything read so far."""
        return b"".join(self._lines).decode(errors="replace")

    def wait_for(self, needle: str, timeout: float = 60.0) -> None:
        """Return once ``needle`` has been printed; AssertionError if the process ends or
        ``timeout`` passes first."""
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            assert self.proc.poll() is None, f"exited before printing {needle!r}:\n{self.text}"
            assert time.monotonic() < deadline, f"{needle!r} not printed:\n{self.text}"
            time.sleep(0.1)

    def finish(self) -> str:
        """After the process has ended: all it printed."""
        self._thread.join(timeout=10)
        return self.text
