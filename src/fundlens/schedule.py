"""The daily ``fundlens update`` as a cron line or a systemd user timer (19:00 UTC).

19:00 UTC (00:30 IST) is when seed 003's job runs: after AMFI has published the day's NAVs.
``fundlens schedule`` prints the entry; ``--install`` writes it: systemd units into
``~/.config/systemd/user/`` (enable them with the printed ``systemctl`` line), or the cron
line into ``FUNDLENS_HOME/fundlens.cron`` and, when a ``crontab`` command exists, into the
user's crontab (an earlier fundlens line is replaced, other lines are kept).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fundlens.settings import Settings

__all__ = ["CRON_MARKER", "ScheduleEntry", "install_schedule", "schedule_entry"]

CRON_MARKER = "# fundlens-update"
_UNIT = "fundlens-update"


@dataclass(frozen=True)
class ScheduleEntry:
    """Files to write (name → text), where they go, and what to run afterwards."""

    kind: Literal["cron", "systemd"]
    files: dict[str, str]
    target: Path
    hint: str


def _command(settings: Settings) -> str:
    exe = shutil.which("fundlens") or f"{sys.executable} -m fundlens"
    home, db = shlex.quote(str(settings.home)), shlex.quote(str(settings.db))
    env = f"FUNDLENS_HOME={home} FUNDLENS_DB={db}"
    return f"{env} {exe} update"


def schedule_entry(kind: Literal["cron", "systemd"], *, settings: Settings) -> ScheduleEntry:
    """The cron line or the systemd service + timer for the daily update."""
    log = settings.home / "update.log"
    if kind == "cron":
        line = f"0 19 * * * {_command(settings)} >> {shlex.quote(str(log))} 2>&1 {CRON_MARKER}"
        return ScheduleEntry(
            kind="cron",
            files={"fundlens.cron": f"CRON_TZ=UTC\n{line}\n"},
            target=settings.home,
            hint="cron runs it daily at 19:00 UTC; see `crontab -l`",
        )
    exe = shutil.which("fundlens") or f"{sys.executable} -m fundlens"
    service = (
        "[Unit]\nDescription=fundlens: fetch and ingest the day's AMFI NAVs\n"
        "After=network-online.target\n\n[Service]\nType=oneshot\n"
        f"Environment=FUNDLENS_HOME={settings.home}\nEnvironment=FUNDLENS_DB={settings.db}\n"
        f"ExecStart={exe} update\n"
    )
    timer = (
        "[Unit]\nDescription=fundlens daily update at 19:00 UTC\n\n[Timer]\n"
        "OnCalendar=*-*-* 19:00:00 UTC\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n"
    )
    return ScheduleEntry(
        kind="systemd",
        files={f"{_UNIT}.service": service, f"{_UNIT}.timer": timer},
        target=Path.home() / ".config" / "systemd" / "user",
        hint="enable it: systemctl --user daemon-reload && "
        f"systemctl --user enable --now {_UNIT}.timer",
    )


def install_schedule(entry: ScheduleEntry) -> list[Path]:
    """Write the entry's files (and the user's crontab for cron, where ``crontab`` exists)."""
    entry.target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in entry.files.items():
        path = entry.target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if entry.kind == "cron" and shutil.which("crontab"):
        _merge_crontab(entry.files["fundlens.cron"])
    return written


def _merge_crontab(text: str) -> None:
    current = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    kept = (
        [
            line
            for line in current.stdout.splitlines()
            if CRON_MARKER not in line and line.strip() != "CRON_TZ=UTC"
        ]
        if current.returncode == 0
        else []
    )
    subprocess.run(
        ["crontab", "-"], input="\n".join([*kept, text.rstrip("\n")]) + "\n", text=True, check=True
    )
