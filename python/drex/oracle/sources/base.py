"""What a source gives a reporter (:class:`Reading`), what a source is (:class:`Source`) and what can go
wrong reading one (:class:`SourceError` and its subclasses), plus the small text helpers the sources share.

>>> reading = Reading("SELIC", date(2025, 1, 2), Decimal("0.045513"), b'[{"data":"02/01/2025"}]', "u")
>>> reading.source_hash.hex()[:16]
'ce0d59aed2dca8c1'
>>> br_date(date(2025, 1, 2)), plain_decimal("-0.25"), plain_decimal("1e3"), exact(Decimal("5.3"), 4)
('02/01/2025', Decimal('-0.25'), None, Decimal('5.3000'))
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from drex.errors import DrexError


@dataclass(frozen=True)
class Reading:
    """One figure of one series for one reference date, with the bytes the source answered.

    ``payload`` is the source's answer exactly as received (an SGS JSON array, a PTAX OData document, the
    canonical line of a CSV file): reporters that read the same official source for the same date receive
    the same bytes, so they compute the same :attr:`source_hash`, which goes on chain with the value.
    ``value`` is exact (``Decimal``, never a float), at the series' number of decimal places; ``url`` is
    where it was read (the request's URL, or the CSV file and line).
    """

    series: str
    reference_date: date
    value: Decimal
    payload: bytes
    url: str

    @property
    def source_hash(self) -> bytes:
        """SHA-256 of :attr:`payload` (32 bytes): the round's ``sourceHash``."""
        return hashlib.sha256(self.payload).digest()


class Source(Protocol):
    """Anything a reporter reads reference data from."""

    def read(self, series: str, day: date) -> Reading | None:
        """The figure of ``series`` for the reference date ``day``; None when the source has nothing for
        that date (a weekend, a holiday, a month not published yet). Raises :class:`SourceError`."""
        ...


class SourceError(DrexError):
    """Base of the errors of reading a reference-data source."""


class SourceUnavailable(SourceError):
    """The source did not answer usefully after the bounded retries: no connection, timeouts, server
    errors (5xx) or rate limiting (429)."""


class SourceRefused(SourceError):
    """The source refused the request (a 4xx other than 429): for the SGS, 406 means a window over 10
    years for a daily series or a missing start date."""


class UnknownSeriesCode(SourceError):
    """The SGS answered an HTML page (with status 200) instead of JSON: what it does for a series code it
    does not know."""


class MalformedAnswer(SourceError):
    """The source answered, but not what it documents: JSON of another shape, a value that is not a
    number or has more decimal places than the series, a figure for another date than the one asked."""


class SeriesNotInSource(SourceError):
    """The series is not one this source can read (unknown name, or a series without an SGS code)."""


class NotAReferenceDate(SourceError):
    """The date is not a reference date of the series: a monthly series' reference date is the first day
    of its month."""


class MalformedCsv(SourceError):
    """An operator's CSV file breaks the format (header, unknown series, bad date or value, conflicting
    duplicate): the message names the file and the line."""


class UnknownSource(SourceError):
    """A source name the factory does not know (expected ``sgs``, ``ptax`` or ``csv:FILE``)."""


# Plain decimal notation only: sign, digits, optional fraction. No exponent ("1e3"), no "NaN" or
# "Infinity", no thousands separator, no decimal comma, no spaces: Decimal() would accept several of those.
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def plain_decimal(text: str) -> Decimal | None:
    """``text`` as an exact Decimal when it is a plain decimal number (``-12.345``), else None."""
    return Decimal(text) if _PLAIN_DECIMAL.fullmatch(text) else None


def exact(value: Decimal, decimals: int) -> Decimal | None:
    """``value`` written with exactly ``decimals`` places (``5.3`` -> ``5.3000``), or None when that would
    round it (more significant places than the series has). Negative zero becomes zero."""
    scaled = value.quantize(Decimal(1).scaleb(-decimals))
    if scaled != value:
        return None
    return scaled.copy_abs() if scaled.is_zero() else scaled


def br_date(day: date) -> str:
    """``day`` as the SGS writes dates: DD/MM/YYYY."""
    return day.strftime("%d/%m/%Y")


def excerpt(body: bytes, limit: int = 240) -> str:
    """The first bytes of an answer, printable, for an error message."""
    text = body[:limit].decode("utf-8", errors="replace")
    more = "…" if len(body) > limit else ""
    return repr(text) + more


def answer_summary(status: int, content_type: str | None, body: bytes) -> str:
    """What came back, for an error message: status, content type and the first bytes of the body."""
    kind = content_type or "no content type"
    if not body:
        return f"status {status} ({kind}), empty body"
    return f"status {status} ({kind}), {len(body)} bytes starting {excerpt(body)}"
