"""Reading delimited files record by record, keeping each record's line number for reject reports."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

# Narratives can be long; the stdlib default (128 KiB) is ample but make the limit explicit.
csv.field_size_limit(1024 * 1024)


class FormatError(ValueError):
    """The file as a whole cannot be read (no header, wrong columns): nothing is loaded."""


@dataclass(frozen=True)
class Reject:
    """A record that was not loaded: where it starts in the file, why, and what it held."""

    line: int
    reason: str
    raw: str = ""


@dataclass
class SourceFile:
    """An open text stream over a file (gzipped or not) that can say how far through it is."""

    text: TextIO
    raw: BinaryIO
    size: int

    def bytes_read(self) -> int:
        try:
            return min(self.size, self.raw.tell())
        except (OSError, ValueError):
            return self.size

    def close(self) -> None:
        self.text.close()
        self.raw.close()

    def __enter__(self) -> SourceFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_source(path: str | Path) -> SourceFile:
    """Open a UTF-8 file (a byte-order mark is dropped), decompressing ``.gz`` on the fly."""
    p = Path(path)
    raw = p.open("rb")
    size = p.stat().st_size
    stream: BinaryIO = gzip.GzipFile(fileobj=raw) if p.suffix == ".gz" else raw  # type: ignore[assignment]
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    return SourceFile(text=text, raw=raw, size=size)


def sniff_delimiter(header_line: str) -> str:
    return "\t" if header_line.count("\t") > header_line.count(",") else ","


def iter_records(text: TextIO) -> tuple[list[str], Iterator[tuple[int, list[str] | Reject]]]:
    """Read the header, then yield ``(line, fields)`` per record, or a Reject for a malformed one.

    The delimiter (comma or tab) is taken from the header line. Blank lines are skipped. A record
    with a different number of fields from the header is rejected, not guessed at.
    """
    first = text.readline()
    if not first.strip():
        raise FormatError("the file is empty or its first line is blank: a header row is required")
    delimiter = sniff_delimiter(first)
    header = next(csv.reader([first], delimiter=delimiter))
    header = [h.strip() for h in header]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise FormatError(f"the header repeats column(s): {', '.join(dupes)}")

    def generate() -> Iterator[tuple[int, list[str] | Reject]]:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        while True:
            # reader.line_num counts physical lines consumed after the header (line 1).
            line = 2 + reader.line_num
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line, Reject(line, f"malformed record: {exc}")
                continue
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raw = delimiter.join(fields)
                yield line, Reject(line, f"has {len(fields)} fields but the header has {len(header)}", raw)
                continue
            yield line, fields

    return header, generate()
