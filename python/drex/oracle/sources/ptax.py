"""The central bank's PTAX OData service (Olinda) as the source of PTAX_BUY and PTAX_SELL.

One reference date is one request, ``{base}/olinda/servico/PTAX/versao/v1/odata/CotacaoDolarDia(
dataCotacao=@dataCotacao)?@dataCotacao='MM-DD-YYYY'&$format=json``, answered with the day's closing PTAX::

    {"@odata.context": "…", "value": [{"cotacaoCompra": 5.3151, "cotacaoVenda": 5.3157,
                                       "dataHoraCotacao": "2025-01-02 13:04:27.613"}]}

PTAX_BUY is ``cotacaoCompra``, PTAX_SELL ``cotacaoVenda``: both series of a date read the same request, so
they carry the same source hash. Numbers are read exactly (``json.loads(parse_float=Decimal)``) and may
have at most 4 decimal places; an empty ``value`` (a weekend, a holiday, a day not closed yet) is "nothing
for that date". Transient failures are retried as for the SGS (:mod:`drex.oracle.sources.retry`); a 4xx is
:class:`~drex.oracle.sources.base.SourceRefused`, anything else unexpected
:class:`~drex.oracle.sources.base.MalformedAnswer`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import requests

from drex.oracle.sources import retry
from drex.oracle.sources.base import (
    MalformedAnswer,
    Reading,
    SeriesNotInSource,
    SourceRefused,
    answer_summary,
    exact,
)
from drex.reference import SERIES

#: The official OData services of the central bank.
DEFAULT_PTAX_URL = "https://olinda.bcb.gov.br"
#: The day's PTAX, after the base URL.
PTAX_PATH = "/olinda/servico/PTAX/versao/v1/odata/CotacaoDolarDia(dataCotacao=@dataCotacao)"
#: Series -> the field of the answer that holds it.
FIELDS = {"PTAX_BUY": "cotacaoCompra", "PTAX_SELL": "cotacaoVenda"}

_TIMESTAMP = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}) [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?")


class PtaxSource(retry.HttpSource):
    """Reads PTAX_BUY and PTAX_SELL from the PTAX OData service at ``base_url``; the other parameters as
    for :class:`~drex.oracle.sources.sgs.SgsSource`."""

    def __init__(
        self,
        base_url: str = DEFAULT_PTAX_URL,
        session: requests.Session | None = None,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        *,
        max_backoff: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(base_url, session, timeout, retries, backoff, max_backoff, sleep)

    def url(self, day: date) -> str:
        """The request for ``day``'s PTAX (the OData parameters unescaped, as documented)."""
        return f"{self.base_url}{PTAX_PATH}?@dataCotacao='{day:%m-%d-%Y}'&$format=json"

    def read(self, series: str, day: date) -> Reading | None:
        """The PTAX rate ``series`` (PTAX_BUY or PTAX_SELL) of ``day``, or None when there is none."""
        field = FIELDS.get(series)
        if field is None:
            raise SeriesNotInSource(f"the PTAX source reads PTAX_BUY and PTAX_SELL, not {series!r}")
        what = f"{series} (PTAX OData {field}) for {day:%m-%d-%Y} ({day.isoformat()})"
        url = self.url(day)
        response = retry.get(
            self.session, url, timeout=self.timeout, policy=self.policy, what=what, source="the PTAX service"
        )
        status, body = response.status_code, response.content
        summary = answer_summary(status, response.headers.get("Content-Type"), body)
        if 400 <= status < 500:
            raise SourceRefused(f"{what}: the PTAX service refused the request {url}: {summary}")
        if status != 200:
            raise MalformedAnswer(f"{what}: the PTAX service answered {summary}, not 200 and JSON")
        quotes = _quotes(body, what, summary)
        if not quotes:
            return None
        if len(quotes) > 1:
            raise MalformedAnswer(f"{what}: the PTAX service answered {len(quotes)} quotes: {summary}")
        quote = quotes[0]
        stamp = quote.get("dataHoraCotacao") if isinstance(quote, dict) else None
        matched = _TIMESTAMP.fullmatch(stamp) if isinstance(stamp, str) else None
        if matched is None:
            raise MalformedAnswer(
                f'{what}: the quote has no "dataHoraCotacao" of the form YYYY-MM-DD HH:MM:SS: {summary}'
            )
        if matched.group(1) != day.isoformat():
            raise MalformedAnswer(f"{what}: the PTAX service answered the quote of {stamp}: {summary}")
        number = quote.get(field)
        if not isinstance(number, Decimal):
            shown = json.dumps(number, default=str)
            raise MalformedAnswer(f'{what}: "{field}" is {shown}, not a number: {summary}')
        decimals = SERIES[series].decimals  # 4
        value = exact(number, decimals)
        if value is None or value <= 0:
            raise MalformedAnswer(
                f'{what}: "{field}" is {number}, not a positive rate with at most {decimals} decimal '
                f"places: {summary}"
            )
        return Reading(series, day, value, body, url)


def _quotes(body: bytes, what: str, summary: str) -> list[Any]:
    """The ``value`` array of an OData answer, numbers as Decimal."""
    try:
        document = json.loads(body, parse_float=Decimal, parse_int=Decimal)
    except ValueError:
        document = None
    quotes = document.get("value") if isinstance(document, dict) else None
    if not isinstance(quotes, list):
        raise MalformedAnswer(f'{what}: the PTAX service answered {summary}, not OData with a "value" array')
    return quotes
