"""A strict, independent reader of the AMFI daily-file grammar, for testing the writer.

Written from ``shared/data/amfi/README.md`` (not from the writer's code): header line, a blank
line, then blocks of ``<type> ( <category> )`` + two blank lines, and per AMC a name line and
its rows; a blank line between AMC blocks and before each category line; CRLF everywhere,
the file ending with CRLF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CATEGORY_LINE", "DayFile", "Row", "read_day"]

CATEGORY_LINE = re.compile(
    r"^(Open Ended Schemes|Close Ended Schemes|Interval Fund Schemes) \( (.+) \)$"
)


@dataclass(frozen=True)
class Row:
    """One data line with the category and AMC lines above it."""

    scheme_type: str
    category: str
    amc: str
    line: str

    @property
    def fields(self) -> list[str]:
        return self.line.split(";")


@dataclass(frozen=True)
class DayFile:
    header: str
    rows: list[Row]


def read_day(path: Path) -> DayFile:
    """Parse one file, asserting every structural rule on the way."""
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "no BOM"
    text = data.decode("utf-8")
    assert text.endswith("\r\n"), "ends with CRLF"
    assert "\n" not in text.replace("\r\n", ""), "no bare LF"
    assert "\r" not in text.replace("\r\n", ""), "no bare CR"
    lines = text[:-2].split("\r\n")
    assert lines[1] == "", "blank line after the header"
    rows: list[Row] = []
    i = 2
    while i < len(lines):
        match = CATEGORY_LINE.match(lines[i])
        assert match, f"category line expected at {i + 1}: {lines[i]!r}"
        assert lines[i + 1] == "" and lines[i + 2] == "", "two blank lines after a category"
        i += 3
        while True:
            amc = lines[i]
            assert amc.endswith("Mutual Fund") and not amc[0].isdigit(), f"AMC line: {amc!r}"
            i += 1
            start = i
            while i < len(lines) and lines[i][:1].isdigit():
                rows.append(Row(match.group(1), match.group(2), amc, lines[i]))
                i += 1
            assert i > start, "an AMC line has rows"
            if i == len(lines):
                break
            assert lines[i] == "", f"blank line expected at {i + 1}"
            i += 1
            if CATEGORY_LINE.match(lines[i]):
                break
    return DayFile(lines[0], rows)
