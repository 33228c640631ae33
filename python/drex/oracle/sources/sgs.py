"""The central bank's SGS API (Sistema Gerenciador de Séries Temporais) as a reference-data source.

One reference date is one request, ``{base}/dados/serie/bcdata.sgs.{code}/dados?formato=json&
dataInicial=DD/MM/YYYY&dataFinal=DD/MM/YYYY`` with both dates the reference date (a monthly series: the
first and the last day of its month), so that every reporter reading that date receives, and hashes, the
same bytes. The answer is ``[{"data": "DD/MM/YYYY", "valor": "0.045513"}]``; values are read exactly
(``Decimal``, never a float) and may not have more decimal places than the series.

The SGS's known failure modes and what they become here:

* no figure for the dates asked: ``[]``, or a 404 whose JSON is ``{"erro": {"statusCode": 404, "detail":
  "Value(s) not found"}}``, or the last figure the series has, dated before the window (older answers
  did that): all three are "nothing for that date", :meth:`SgsSource.read` returns None;
* 429 on bursts, 5xx and broken connections: retried with backoff (:mod:`drex.oracle.sources.retry`),
  then :class:`~drex.oracle.sources.base.SourceUnavailable`;
* 406 for a window over 10 years of a daily series or a missing ``dataInicial``: never retried,
  :class:`~drex.oracle.sources.base.SourceRefused` saying which (:meth:`SgsSource.fetch_range` splits
  long windows so that it does not happen by our own doing); other 4xx: ``SourceRefused`` too;
* an HTML page with status 200 for a code the SGS does not know:
  :class:`~drex.oracle.sources.base.UnknownSeriesCode`;
* anything else unexpected (another JSON shape, ``"valor": ""`` or ``"-"``, a figure dated another day
  than the one asked): :class:`~drex.oracle.sources.base.MalformedAnswer`.
"""

from __future__ import annotations

import calendar
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import requests

from drex.oracle.sources import retry
from drex.oracle.sources.base import (
    MalformedAnswer,
    NotAReferenceDate,
    Reading,
    SeriesNotInSource,
    SourceRefused,
    UnknownSeriesCode,
    answer_summary,
    br_date,
    exact,
    plain_decimal,
)
from drex.reference import SERIES, Cadence, ReferenceDataError, SeriesSpec, series_spec

#: The official SGS API.
DEFAULT_SGS_URL = "https://api.bcb.gov.br"
#: The longest window, in years, the SGS serves for a daily series in one request (longer: 406).
SGS_MAX_YEARS = 10

_BR_DATE = re.compile(r"[0-9]{2}/[0-9]{2}/[0-9]{4}")


def add_years(day: date, years: int) -> date:
    """``day`` ``years`` years later (29 February becomes 28 February in a common year).

    >>> add_years(date(2016, 2, 29), 10), add_years(date(2015, 3, 29), 10)
    (datetime.date(2026, 2, 28), datetime.date(2025, 3, 29))
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def windows(start: date, end: date, years: int = SGS_MAX_YEARS) -> Iterator[tuple[date, date]]:
    """``[start, end]`` cut into consecutive windows of less than ``years`` years each.

    >>> [(a.isoformat(), b.isoformat()) for a, b in windows(date(2010, 1, 1), date(2026, 6, 30))]
    [('2010-01-01', '2019-12-31'), ('2020-01-01', '2026-06-30')]
    """
    if years < 1:
        raise ValueError(f"a window of {years} years is empty")
    while start <= end:
        last = min(end, add_years(start, years) - timedelta(days=1))
        yield start, last
        start = last + timedelta(days=1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class _Answer:
    """The SGS's answer for one window: its URL, its bytes, its figures inside the window in date order
    (none when the SGS has no figure for the window) and a summary of it for messages."""

    url: str
    payload: bytes
    rows: list[tuple[date, Decimal]]
    summary: str


class SgsSource(retry.HttpSource):
    """Reads the catalogue's series that have an SGS code (SELIC 11, SELIC_TARGET 432, CDI 12, IPCA 433,
    PTAX_SELL 1, PTAX_BUY 10813) from the SGS API at ``base_url``.

    ``retries``, ``backoff``, ``max_backoff`` and ``sleep`` make the :class:`~drex.oracle.sources.retry.
    RetryPolicy` of each request; ``window_years`` is the longest window :meth:`fetch_range` asks for in
    one request (the SGS's limit). A session given is used as is and left open; one made here is closed by
    :meth:`close` (or leaving a ``with`` block).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_SGS_URL,
        session: requests.Session | None = None,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        *,
        max_backoff: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        window_years: int = SGS_MAX_YEARS,
    ) -> None:
        super().__init__(base_url, session, timeout, retries, backoff, max_backoff, sleep)
        self.window_years = window_years

    def url(self, code: int, start: date, end: date) -> str:
        """The request for series ``code`` from ``start`` to ``end`` (the dates unescaped, as documented)."""
        return (
            f"{self.base_url}/dados/serie/bcdata.sgs.{code}/dados?formato=json"
            f"&dataInicial={br_date(start)}&dataFinal={br_date(end)}"
        )

    def read(self, series: str, day: date) -> Reading | None:
        """The figure of ``series`` for the reference date ``day`` (a monthly series: the first of its
        month), or None when the SGS has none; one request."""
        info, code = self._series(series)
        if info.cadence is Cadence.MONTHLY:
            if day.day != 1:
                raise NotAReferenceDate(
                    f"{series} is monthly: its reference date is the first day of a month, not "
                    f"{br_date(day)} ({day.isoformat()})"
                )
            start, end = day, month_end(day)
            what = (
                f"{series} (SGS code {code}) for the month {day:%m/%Y}, asked as {br_date(start)} to "
                f"{br_date(end)} (reference date {day.isoformat()})"
            )
        else:
            start = end = day
            what = f"{series} (SGS code {code}) for {br_date(day)} ({day.isoformat()})"
        answer = self._ask(info, code, start, end, what)
        if not answer.rows:
            return None
        summary = answer.summary
        if len(answer.rows) > 1:
            raise MalformedAnswer(f"{what}: the SGS answered {len(answer.rows)} figures, not one: {summary}")
        row_day, value = answer.rows[0]
        if row_day != day:
            raise MalformedAnswer(
                f"{what}: the SGS answered a figure dated {br_date(row_day)} ({row_day.isoformat()}), not "
                f"{br_date(day)}: {summary}"
            )
        return Reading(series, day, value, answer.payload, answer.url)

    def fetch_range(self, series: str, start: date, end: date) -> list[Reading]:
        """Every figure of ``series`` from ``start`` to ``end`` (inclusive), in date order, reading windows of
        less than ``window_years`` years (one request each) so the SGS never refuses the range.

        For backfills and checks: each reading's payload and URL are those of the whole window it came
        in, so its ``source_hash`` is not the one :meth:`read` gives for that date. Reporters that must
        agree on a round's hash read it with :meth:`read`.
        """
        if end < start:
            raise ValueError(f"the range {start.isoformat()}..{end.isoformat()} ends before it starts")
        info, code = self._series(series)
        readings: list[Reading] = []
        for first, last in windows(start, end, self.window_years):
            what = (
                f"{series} (SGS code {code}) from {br_date(first)} to {br_date(last)} "
                f"({first.isoformat()} to {last.isoformat()})"
            )
            answer = self._ask(info, code, first, last, what)
            for row_day, value in answer.rows:
                if info.cadence is Cadence.MONTHLY and row_day.day != 1:
                    raise MalformedAnswer(
                        f"{what}: the SGS answered a figure of the monthly series dated {br_date(row_day)}, "
                        f"not the first of a month: {answer.summary}"
                    )
                readings.append(Reading(series, row_day, value, answer.payload, answer.url))
        return readings

    def _series(self, name: str) -> tuple[SeriesSpec, int]:
        """The catalogue's spec of ``name`` and its SGS code."""
        readable = ", ".join(spec.name for spec in SERIES.values() if spec.sgs_code is not None)
        try:
            info = series_spec(name)
        except ReferenceDataError:
            raise SeriesNotInSource(
                f"{name!r} is not a series of the catalogue; the SGS has {readable}"
            ) from None
        if info.sgs_code is None:
            raise SeriesNotInSource(f"{name} has no SGS code (operators publish it); the SGS has {readable}")
        return info, info.sgs_code

    def _ask(self, info: SeriesSpec, code: int, start: date, end: date, what: str) -> _Answer:
        """GET the window ``[start, end]`` and interpret the answer (see the module's documentation)."""
        url = self.url(code, start, end)
        response = retry.get(
            self.session, url, timeout=self.timeout, policy=self.policy, what=what, source="the SGS"
        )
        status, body = response.status_code, response.content
        content_type = response.headers.get("Content-Type", "")
        summary = answer_summary(status, content_type, body)
        if status == 404 and _is_not_found(body):
            return _Answer(url, body, [], summary)
        if status == 406:
            raise SourceRefused(f"{what}: {_refusal(start, end)}. Answer: {summary}")
        if 400 <= status < 500:
            raise SourceRefused(f"{what}: the SGS refused the request {url}: {summary}")
        if status != 200:
            raise MalformedAnswer(f"{what}: the SGS answered {summary}, where it answers 200 and JSON")
        if "html" in content_type.lower() or body.lstrip()[:1] == b"<":
            raise UnknownSeriesCode(
                f"{what}: the SGS answered a page instead of JSON, as it does for a series code it does not "
                f"know: is {code} the SGS code of {info.name}? Answer: {summary}"
            )
        rows = _rows(body, info, what, summary)
        if rows and all(row_day < start for row_day, _ in rows):
            return _Answer(url, body, [], summary)  # the SGS's last figure before the window: nothing in it
        for row_day, _ in rows:
            if not start <= row_day <= end:
                raise MalformedAnswer(
                    f"{what}: the SGS answered a figure dated {br_date(row_day)} ({row_day.isoformat()}), "
                    f"outside the dates asked: {summary}"
                )
        return _Answer(url, body, rows, summary)


def _refusal(start: date, end: date) -> str:
    """Why the SGS answered 406 to the window ``[start, end]``, for the message: a window over its limit,
    or (our requests always have one) a missing start date."""
    if end > add_years(start, SGS_MAX_YEARS):
        return (
            f"the SGS refuses (406) the window {br_date(start)} to {br_date(end)}: it is over "
            f"{SGS_MAX_YEARS} years, the longest the SGS serves a daily series in one request"
        )
    return (
        f"the SGS refuses (406) the window {br_date(start)} to {br_date(end)}, though it is within "
        f"{SGS_MAX_YEARS} years and has its start date (dataInicial={br_date(start)}); the SGS answers "
        f"406 for a window over {SGS_MAX_YEARS} years or a missing start date, so its rules have changed"
    )


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _is_not_found(body: bytes) -> bool:
    """Whether a 404's body is the SGS's "no figure in the window": ``{"erro": {"statusCode": 404, ...}}``."""
    document = _json(body)
    error = document.get("erro") if isinstance(document, dict) else None
    return isinstance(error, dict) and error.get("statusCode") == 404


def _rows(body: bytes, info: SeriesSpec, what: str, summary: str) -> list[tuple[date, Decimal]]:
    """The ``[{"data": "DD/MM/YYYY", "valor": "…"}]`` of an answer, checked, in date order."""
    document = _json(body)
    if not isinstance(document, list):
        raise MalformedAnswer(f'{what}: the SGS answered {summary}, not a JSON array of {{"data", "valor"}}')
    rows: dict[date, Decimal] = {}
    for item in document:
        text_date = item.get("data") if isinstance(item, dict) else None
        text_value = item.get("valor") if isinstance(item, dict) else None
        if not isinstance(text_date, str) or not isinstance(text_value, str):
            raise MalformedAnswer(
                f'{what}: the SGS answered an element {json.dumps(item)[:80]} without the texts "data" and '
                f'"valor": {summary}'
            )
        if not _BR_DATE.fullmatch(text_date):
            raise MalformedAnswer(f"{what}: the SGS answered {text_date!r}, not a DD/MM/YYYY date: {summary}")
        try:
            row_day = datetime.strptime(text_date, "%d/%m/%Y").date()
        except ValueError:
            raise MalformedAnswer(f"{what}: the SGS answered {text_date!r}, not a date: {summary}") from None
        number = plain_decimal(text_value)
        if number is None:
            raise MalformedAnswer(
                f"{what}: the SGS answered the value {text_value!r} for {text_date}, not a number: {summary}"
            )
        value = exact(number, info.decimals)
        if value is None:
            raise MalformedAnswer(
                f"{what}: the SGS answered {text_value} for {text_date}, more decimal places than the "
                f"{info.decimals} of {info.name}: {summary}"
            )
        if row_day in rows:
            raise MalformedAnswer(f"{what}: the SGS answered {text_date} twice: {summary}")
        rows[row_day] = value
    return sorted(rows.items())
