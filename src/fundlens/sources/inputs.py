"""Turn the paths a user gives into raw input files: plain files, folders, .zip and .gz.

A folder is walked recursively and its files taken in sorted path order, which for the
AMFI archive layout ``YYYY/MM/DD.csv`` is chronological: within one ingest, a later file
wins a revision. A ``.zip`` yields its members in sorted name order; a ``.gz`` its one
decompressed body. Bytes are read lazily, one file at a time, so memory stays bounded.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fundlens.errors import InputError

__all__ = ["DATA_SUFFIXES", "RawFile", "iter_raw_files", "list_input_files", "new_file_batches"]

#: File endings taken from a folder; anything else in a folder is ignored.
DATA_SUFFIXES = (".csv", ".txt", ".zip", ".gz")


@dataclass(frozen=True)
class RawFile:
    """One input body: its source name (path, or ``archive.zip!member``) and bytes.

    ``error`` is set instead of ``data`` when the body could not be read at all (a corrupt
    archive): the file is then logged and rejected as a whole, never silently dropped.
    """

    name: str
    data: bytes
    error: str | None = None
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())


def list_input_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand folders into their data files (sorted); plain files are kept as given.

    Raises:
        InputError: a path does not exist, or nothing ingestible was found.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(_walk(path))
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(f"no such file or folder: {path}")
    if not out:
        raise InputError("no input files found (looked for " + ", ".join(DATA_SUFFIXES) + ")")
    return out


def _walk(folder: Path) -> list[Path]:
    """Data files below ``folder`` in sorted path order (symlinked folders followed)."""
    found = [
        Path(root) / name
        for root, _dirs, names in os.walk(folder, followlinks=True)
        for name in names
        if name.lower().endswith(DATA_SUFFIXES)
    ]
    return sorted(p for p in found if p.is_file())


def iter_raw_files(paths: Iterable[Path]) -> Iterator[RawFile]:
    """Yield each input body in order, opening archives member by member."""
    for path in paths:
        lower = path.name.lower()
        if lower.endswith(".zip"):
            yield from _iter_zip(path)
        elif lower.endswith(".gz"):
            yield _read_gz(path)
        else:
            yield RawFile(str(path), path.read_bytes())


def _iter_zip(path: Path) -> Iterator[RawFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield RawFile(str(path), b"", error=f"unreadable zip archive: {exc}")
        return
    with archive:
        for member in sorted(i.filename for i in archive.infolist() if not i.is_dir()):
            name = f"{path}!{member}"
            try:
                yield RawFile(name, archive.read(member))
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
                yield RawFile(name, b"", error=f"unreadable zip member: {exc}")


def _read_gz(path: Path) -> RawFile:
    try:
        return RawFile(str(path), gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, zlib.error) as exc:
        return RawFile(str(path), b"", error=f"unreadable gzip file: {exc}")


def new_file_batches(
    raw_files: Iterable[RawFile],
    known: set[str],
    skipped: list[RawFile],
    *,
    batch_bytes: int,
    on_file: Callable[[], None] | None = None,
) -> Iterator[list[RawFile]]:
    """Group files not seen before into batches of about ``batch_bytes``.

    A file whose sha256 is in ``known`` (already ingested, or earlier in this run) is
    appended to ``skipped`` instead; an unreadable one is always passed on, to be rejected.
    ``on_file`` is called once per file read (a progress bar).
    """
    batch: list[RawFile] = []
    size = 0
    for raw in raw_files:
        if on_file:
            on_file()
        if raw.sha256 in known and raw.error is None:
            skipped.append(raw)
            continue
        known.add(raw.sha256)
        batch.append(raw)
        size += len(raw.data)
        if size >= batch_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
