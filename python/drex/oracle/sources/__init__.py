"""Where reporters read reference data: a :class:`Source` answers :meth:`~Source.read` (series, reference
date) with a :class:`Reading`, the exact value plus the raw bytes the source answered (their SHA-256 goes
on chain with the round), or None when it has nothing for that date.

* :class:`SgsSource` — the central bank's SGS API (SELIC, SELIC_TARGET, CDI, IPCA, PTAX_SELL, PTAX_BUY);
* :class:`PtaxSource` — the PTAX OData service (PTAX_BUY, PTAX_SELL);
* :class:`CsvSource` — an operator's CSV file (any series; VNA and TPFt prices have no official API);
* :func:`source_for` — one of them from its name on the command line: ``sgs``, ``ptax``, ``csv:FILE``.

Errors are :class:`SourceError` subclasses naming the series, the date asked and what the source answered.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import requests

from drex.oracle.sources.base import (
    MalformedAnswer,
    MalformedCsv,
    NotAReferenceDate,
    Reading,
    SeriesNotInSource,
    Source,
    SourceError,
    SourceRefused,
    SourceUnavailable,
    UnknownSeriesCode,
    UnknownSource,
)
from drex.oracle.sources.csv_source import CsvSource
from drex.oracle.sources.ptax import DEFAULT_PTAX_URL, PtaxSource
from drex.oracle.sources.retry import RetryPolicy
from drex.oracle.sources.sgs import DEFAULT_SGS_URL, SgsSource

#: Environment variables overriding the official base URLs (a mirror, a proxy, a test server).
SGS_URL_VARIABLE = "DREX_SGS_URL"
PTAX_URL_VARIABLE = "DREX_PTAX_URL"


def source_for(
    name: str,
    *,
    base_url: str | None = None,
    session: requests.Session | None = None,
    timeout: float = 30.0,
    retries: int = 4,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Source:
    """The source called ``name``: ``sgs``, ``ptax`` or ``csv:PATH``.

    The base URL of ``sgs`` and ``ptax`` is ``base_url`` if given, else the environment variable
    ``DREX_SGS_URL`` / ``DREX_PTAX_URL`` if set, else the central bank's; the other parameters are those of
    :class:`SgsSource`. A CSV source takes none of them.
    """
    kind, colon, argument = name.partition(":")
    if kind == "csv" and colon:
        if not argument:
            raise UnknownSource("the csv source needs a file: csv:PATH")
        if base_url is not None or session is not None:
            raise UnknownSource(f"the csv source {name!r} reads a file: it takes no base URL or HTTP session")
        return CsvSource(argument)
    if name == "sgs":
        url = base_url or os.environ.get(SGS_URL_VARIABLE) or DEFAULT_SGS_URL
        return SgsSource(url, session, timeout, retries, backoff, sleep=sleep)
    if name == "ptax":
        url = base_url or os.environ.get(PTAX_URL_VARIABLE) or DEFAULT_PTAX_URL
        return PtaxSource(url, session, timeout, retries, backoff, sleep=sleep)
    raise UnknownSource(f"unknown source {name!r}: expected sgs, ptax or csv:FILE")


__all__ = [
    "DEFAULT_PTAX_URL",
    "DEFAULT_SGS_URL",
    "CsvSource",
    "MalformedAnswer",
    "MalformedCsv",
    "NotAReferenceDate",
    "PtaxSource",
    "Reading",
    "RetryPolicy",
    "SeriesNotInSource",
    "SgsSource",
    "Source",
    "SourceError",
    "SourceRefused",
    "SourceUnavailable",
    "UnknownSeriesCode",
    "UnknownSource",
    "source_for",
]
