"""An operator's CSV file as a reference-data source (the series no official API publishes: VNA, ANBIMA's
IPCA projection, TPFt reference prices; or any series, by hand).

The file::

    series,reference_date,value
    VNA_LFT,2025-01-02,15736.194323
    TPFT_PU:7,2025-01-02,14711.11227318

is strict: that header, catalogue series names (or ``TPFT_PU:<id>``), ISO dates (the first of the month for
a monthly series), plain decimal values with '.' and no more places than the series has; a (series, date)
written twice must have the same value. Any other line is :class:`~drex.oracle.sources.base.MalformedCsv`
naming the file and the line. The file is read again when it changes, so an operator may append rows while
a reporter runs.

The payload of a reading is not the file but the canonical line ``series,YYYY-MM-DD,value\\n`` (the value
at the series' decimal places), so that reporters holding different files that agree on the figure hash
the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from drex.oracle.sources.base import (
    MalformedCsv,
    NotAReferenceDate,
    Reading,
    SeriesNotInSource,
    SourceUnavailable,
    exact,
    plain_decimal,
)
from drex.reference import SERIES, TPFT_PRICE_PREFIX, Cadence, ReferenceDataError, SeriesSpec, series_spec

#: The header a file must start with.
HEADER = ("series", "reference_date", "value")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The names a file may use, for messages.
_KNOWN = f"{', '.join(SERIES)}, {TPFT_PRICE_PREFIX}<id>"


def _spec(name: str) -> SeriesSpec | None:
    """The catalogue's spec of ``name`` (a fixed series or ``TPFT_PU:<id>``), None if it has none."""
    try:
        return series_spec(name)
    except ReferenceDataError:
        return None


def canonical_line(series: str, day: date, value: Decimal) -> bytes:
    """The bytes a CSV reading hashes: ``series,YYYY-MM-DD,value\\n`` (``value`` already at the series'
    decimal places).

    >>> canonical_line("PTAX_SELL", date(2025, 1, 2), Decimal("5.3150"))
    b'PTAX_SELL,2025-01-02,5.3150\\n'
    """
    return f"{series},{day.isoformat()},{value:f}\n".encode()


@dataclass(frozen=True)
class _Row:
    value: Decimal
    line: int


class CsvSource:
    """Reads the figures of an operator's CSV file at ``path`` (checked as soon as it is made)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int] | None = None
        self._table: dict[tuple[str, date], _Row] = {}
        self._load()

    def read(self, series: str, day: date) -> Reading | None:
        """The figure the file gives for ``series`` on ``day``, or None when it gives none."""
        info = _spec(series)
        if info is None:
            raise SeriesNotInSource(f"{series!r} is not a series of the catalogue ({_KNOWN})")
        if info.cadence is Cadence.MONTHLY and day.day != 1:
            raise NotAReferenceDate(
                f"{series} is monthly: its reference date is the first day of a month, not {day.isoformat()}"
            )
        row = self._load().get((series, day))
        if row is None:
            return None
        url = f"{self.path.resolve().as_uri()}#L{row.line}"
        return Reading(series, day, row.value, canonical_line(series, day, row.value), url)

    def _load(self) -> dict[tuple[str, date], _Row]:
        """The file's figures, parsed again if the file changed since the last time."""
        try:
            status = self.path.stat()
            stamp = (status.st_mtime_ns, status.st_size)
            if stamp == self._stamp:
                return self._table
            data = self.path.read_bytes()
        except OSError as exc:
            raise SourceUnavailable(f"cannot read the CSV file {self.path}: {exc.strerror or exc}") from exc
        self._table = _parse(self.path, data)
        self._stamp = stamp
        return self._table


def _parse(path: Path, data: bytes) -> dict[tuple[str, date], _Row]:
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is what spreadsheets write: tolerated
    except UnicodeDecodeError as exc:
        raise MalformedCsv(f"{path}: not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    table: dict[tuple[str, date], _Row] = {}
    try:
        header = next(reader, None)
        if header is None:
            raise MalformedCsv(f"{path}, line 1: the file is empty; it must start with {','.join(HEADER)}")
        if tuple(header) != HEADER:
            raise MalformedCsv(
                f"{path}, line 1: the header must be {','.join(HEADER)}, not {','.join(header)!r}"
            )
        for fields in reader:
            line = reader.line_num
            if not fields:
                continue  # a blank line
            series, day, value = _row(path, line, fields)
            known = table.get((series, day))
            if known is not None and known.value != value:
                raise MalformedCsv(
                    f"{path}, line {line}: {series} on {day.isoformat()} is {value} here but {known.value} "
                    f"on line {known.line}"
                )
            if known is None:
                table[series, day] = _Row(value, line)
    except csv.Error as exc:
        raise MalformedCsv(f"{path}, line {reader.line_num}: {exc}") from None
    return table


def _row(path: Path, line: int, fields: list[str]) -> tuple[str, date, Decimal]:
    """One data line, checked: (series, reference date, value at the series' decimal places)."""
    where = f"{path}, line {line}"
    if len(fields) != len(HEADER):
        raise MalformedCsv(f"{where}: {len(fields)} fields, expected 3 ({','.join(HEADER)}): {fields}")
    name, text_date, text_value = fields
    info = _spec(name)
    if info is None:
        raise MalformedCsv(f"{where}: unknown series {name!r} (known: {_KNOWN})")
    try:
        day = date.fromisoformat(text_date) if _ISO_DATE.fullmatch(text_date) else None
    except ValueError:
        day = None
    if day is None:
        raise MalformedCsv(f"{where}: {text_date!r} is not a date written YYYY-MM-DD")
    if info.cadence is Cadence.MONTHLY and day.day != 1:
        raise MalformedCsv(f"{where}: {name} is monthly (reference dates on the 1st), not {day}")
    number = plain_decimal(text_value)
    if number is None:
        raise MalformedCsv(f"{where}: {text_value!r} is not a number written with digits and '.'")
    value = exact(number, info.decimals)
    if value is None:
        raise MalformedCsv(f"{where}: {text_value} has more decimal places than {name}'s {info.decimals}")
    return name, day, value
