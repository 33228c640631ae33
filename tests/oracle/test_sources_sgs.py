"""The SGS source against recorded SGS answers served over HTTP by a local server: every catalogue series
with an SGS code, "no figure" in each of its three shapes, and each failure mode with its error and message.
Sleeps between retries are recorded, not slept."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from drex.chain.anvil import free_port
from drex.oracle.sources import (
    MalformedAnswer,
    NotAReferenceDate,
    SeriesNotInSource,
    SgsSource,
    SourceError,
    SourceRefused,
    SourceUnavailable,
    UnknownSeriesCode,
)

from .http_server import RecordedServer

S11 = "/dados/serie/bcdata.sgs.11/dados?formato=json&dataInicial=02/01/2025&dataFinal=02/01/2025"
SELIC_0201 = "SELIC (SGS code 11) for 02/01/2025 (2025-01-02)"


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    with RecordedServer() as running:
        yield running
    assert not running.unmatched, f"requests without a recording: {running.unmatched}"


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def sgs(server: RecordedServer, sleeps: list[float]) -> Iterator[SgsSource]:
    with SgsSource(
        server.base_url, timeout=5, retries=3, backoff=1.0, max_backoff=3.0, sleep=sleeps.append
    ) as source:
        yield source


@pytest.mark.parametrize(
    ("recording", "series", "day", "value"),
    [
        ("sgs/selic-2025-01-02", "SELIC", date(2025, 1, 2), "0.045513"),
        ("sgs/selic-target-2025-01-02", "SELIC_TARGET", date(2025, 1, 2), "12.25"),
        ("sgs/cdi-2025-01-02", "CDI", date(2025, 1, 2), "0.045513"),
        ("sgs/ipca-2025-10", "IPCA", date(2025, 10, 1), "0.09"),
        ("sgs/ptax-sell-2025-01-02", "PTAX_SELL", date(2025, 1, 2), "5.3157"),
        ("sgs/ptax-buy-2025-01-02", "PTAX_BUY", date(2025, 1, 2), "5.3151"),
    ],
)
def test_each_series_is_read_exactly_with_one_request_and_the_hash_of_the_bytes_answered(
    server: RecordedServer, sgs: SgsSource, recording: str, series: str, day: date, value: str
) -> None:
    (answer,) = server.serve(recording)
    reading = sgs.read(series, day)
    assert reading is not None
    assert (reading.series, reading.reference_date) == (series, day)
    assert isinstance(reading.value, Decimal) and str(reading.value) == value
    assert reading.payload == answer.body
    assert reading.source_hash == hashlib.sha256(answer.body).digest()
    assert reading.url == server.base_url + answer.target
    assert server.requests == [answer.target]
    assert server.headers[0]["Accept"] == "application/json"
    assert server.headers[0]["User-Agent"].startswith("drex-oracle/")


def test_reading_dates_one_after_the_other_asks_each_date_once(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float]
) -> None:
    first, second = server.serve("sgs/selic-2025-01-02", "sgs/selic-2025-01-03")
    readings = [sgs.read("SELIC", date(2025, 1, 2)), sgs.read("SELIC", date(2025, 1, 3))]
    assert [r.reference_date for r in readings if r] == [date(2025, 1, 2), date(2025, 1, 3)]
    assert server.requests == [first.target, second.target] and sleeps == []
    # Another reporter reading the same date receives, and hashes, the same bytes.
    with SgsSource(server.base_url) as other:
        again = other.read("SELIC", date(2025, 1, 2))
    assert again is not None and again == readings[0]


@pytest.mark.parametrize(
    ("recording", "series", "day"),
    [
        ("sgs/selic-2025-01-04-empty", "SELIC", date(2025, 1, 4)),  # []
        ("sgs/selic-2025-01-05-not-found", "SELIC", date(2025, 1, 5)),  # 404 "Value(s) not found"
        ("sgs/ipca-2025-11-carry-forward", "IPCA", date(2025, 11, 1)),  # the last figure, dated before
    ],
)
def test_no_figure_for_the_date_is_none_in_each_of_its_shapes(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float], recording: str, series: str, day: date
) -> None:
    (answer,) = server.serve(recording)
    assert sgs.read(series, day) is None
    assert server.requests == [answer.target] and sleeps == []


def test_a_monthly_series_is_read_on_the_first_of_the_month_only(
    server: RecordedServer, sgs: SgsSource
) -> None:
    with pytest.raises(NotAReferenceDate) as raised:
        sgs.read("IPCA", date(2025, 10, 15))
    assert str(raised.value) == (
        "IPCA is monthly: its reference date is the first day of a month, not 15/10/2025 (2025-10-15)"
    )
    assert server.requests == []


def test_series_the_sgs_does_not_publish_are_refused_before_any_request(
    server: RecordedServer, sgs: SgsSource
) -> None:
    readable = "SELIC, SELIC_TARGET, CDI, IPCA, PTAX_SELL, PTAX_BUY"
    with pytest.raises(SeriesNotInSource) as raised:
        sgs.read("VNA_LFT", date(2025, 1, 2))
    assert str(raised.value) == f"VNA_LFT has no SGS code (operators publish it); the SGS has {readable}"
    with pytest.raises(SeriesNotInSource) as raised:
        sgs.read("SELIC_OVER", date(2025, 1, 2))
    assert str(raised.value) == f"'SELIC_OVER' is not a series of the catalogue; the SGS has {readable}"
    assert server.requests == []


def test_an_html_page_with_status_200_is_an_unknown_series_code(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float]
) -> None:
    server.serve("sgs/unknown-code-page")
    with pytest.raises(UnknownSeriesCode) as raised:
        sgs.read("SELIC", date(2025, 1, 2))
    assert str(raised.value) == (
        f"{SELIC_0201}: the SGS answered a page instead of JSON, as it does for a series code it does "
        "not know: is 11 the SGS code of SELIC? Answer: status 200 (text/html; charset=UTF-8), 192 bytes "
        'starting \'<!DOCTYPE html>\\n<html lang="pt-br">\\n<head><meta charset="utf-8"><title>'
        "Banco Central do Brasil</title></head>\\n<body><h1>Erro</h1><p>A série solicitada não foi "
        "encontrada.</p></body>\\n</html>\\n'"
    )
    assert server.count(S11) == 1 and sleeps == []


def test_406_is_refused_at_once_saying_the_window_was_within_ten_years(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float]
) -> None:
    server.serve("sgs/refused-406")
    with pytest.raises(SourceRefused) as raised:
        sgs.read("SELIC", date(2025, 1, 2))
    message = str(raised.value)
    assert message.startswith(
        f"{SELIC_0201}: the SGS refuses (406) the window 02/01/2025 to 02/01/2025, though it is within "
        "10 years and has its start date (dataInicial=02/01/2025); the SGS answers 406 for a window over 10 "
        "years or a missing start date, so its rules have changed. Answer: status 406 (application/json; "
        "charset=utf-8), 804 bytes starting "
        '\'{"error":"O sistema aceita uma janela de consulta de, no máximo, 10 anos'
    ), message
    assert server.count(S11) == 1 and sleeps == []


def test_406_for_a_window_over_ten_years_says_so(server: RecordedServer, sleeps: list[float]) -> None:
    (answer,) = server.serve("sgs/refused-406-15-years")
    with (
        SgsSource(server.base_url, sleep=sleeps.append, window_years=15) as sgs,
        pytest.raises(SourceRefused) as raised,
    ):
        sgs.fetch_range("SELIC", date(2010, 1, 1), date(2024, 12, 31))
    assert str(raised.value).startswith(
        "SELIC (SGS code 11) from 01/01/2010 to 31/12/2024 (2010-01-01 to 2024-12-31): the SGS refuses (406) "
        "the window 01/01/2010 to 31/12/2024: it is over 10 years, the longest the SGS serves a daily series "
        "in one request. Answer: status 406"
    ), str(raised.value)
    assert server.requests == [answer.target] and sleeps == []


def test_a_404_page_that_is_not_the_sgs_no_figure_answer_is_refused(
    server: RecordedServer, sgs: SgsSource
) -> None:
    server.serve("sgs/not-found-page")
    with pytest.raises(SourceRefused) as raised:
        sgs.read("SELIC", date(2025, 1, 2))
    assert str(raised.value) == (
        f"{SELIC_0201}: the SGS refused the request {server.base_url}{S11}: status 404 (text/html), 49 bytes "
        "starting '<html><body><h1>404 Not Found</h1></body></html>\\n'"
    )


def test_429_waits_the_retry_after_seconds_then_reads(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float]
) -> None:
    server.serve("sgs/rate-limited-429", "sgs/selic-2025-01-02")
    reading = sgs.read("SELIC", date(2025, 1, 2))
    assert reading is not None and reading.value == Decimal("0.045513")
    assert reading.payload == server.recording("sgs/selic-2025-01-02").body
    assert sleeps == [2.0] and server.count(S11) == 2


def test_429_asking_for_longer_than_the_client_waits_gives_up_at_once(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float]
) -> None:
    server.serve("sgs/rate-limited-429-hour")
    with pytest.raises(SourceUnavailable) as raised:
        sgs.read("SELIC", date(2025, 1, 2))
    assert str(raised.value) == (
        f"{SELIC_0201}: the SGS is rate limiting (429) and asks to retry after 3600 s, longer than this "
        "client waits (3 s); try again later. Answer: status 429 (text/html), 57 bytes starting "
        "'<html><body><h1>429 Too Many Requests</h1></body></html>\\n'"
    )
    assert sleeps == [] and server.count(S11) == 1


def test_a_server_error_is_retried_then_read(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float]
) -> None:
    server.serve("sgs/server-error-500", "sgs/selic-2025-01-02")
    reading = sgs.read("SELIC", date(2025, 1, 2))
    assert reading is not None and reading.value == Decimal("0.045513")
    assert sleeps == [1.0] and server.count(S11) == 2


def test_retries_are_bounded_with_capped_exponential_backoff(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float]
) -> None:
    server.serve("sgs/server-error-500")  # every request gets the 500
    with pytest.raises(SourceUnavailable) as raised:
        sgs.read("SELIC", date(2025, 1, 2))
    assert str(raised.value) == (
        f"{SELIC_0201}: the SGS did not answer usefully after 4 attempt(s) at {server.base_url}{S11}; last: "
        "status 500 (text/html), 61 bytes starting "
        "'<html><body><h1>500 Internal Server Error</h1></body></html>\\n'"
    )
    assert server.count(S11) == 4 and sleeps == [1.0, 2.0, 3.0]  # 1, 2, then 4 capped at 3


def test_a_refused_connection_is_retried_then_unavailable(sleeps: list[float]) -> None:
    port = free_port()  # a port nothing listens on once closed
    with (
        SgsSource(f"http://127.0.0.1:{port}", timeout=5, retries=2, sleep=sleeps.append) as sgs,
        pytest.raises(SourceUnavailable) as raised,
    ):
        sgs.read("CDI", date(2025, 1, 2))
    assert str(raised.value).startswith(
        "CDI (SGS code 12) for 02/01/2025 (2025-01-02): the SGS did not answer usefully after 3 attempt(s) "
        f"at http://127.0.0.1:{port}/dados/serie/bcdata.sgs.12/dados?formato=json&dataInicial=02/01/2025&"
        "dataFinal=02/01/2025; last: no answer (ConnectionError: "
    ), str(raised.value)
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize(
    ("recording", "complaint"),
    [
        (
            "sgs/value-empty",
            "the SGS answered the value '' for 02/01/2025, not a number: status 200 (application/json; "
            'charset=utf-8), 34 bytes starting \'[{"data":"02/01/2025","valor":""}]\'',
        ),
        (
            "sgs/value-dash",
            "the SGS answered the value '-' for 02/01/2025, not a number: status 200 (application/json; "
            'charset=utf-8), 35 bytes starting \'[{"data":"02/01/2025","valor":"-"}]\'',
        ),
        (
            "sgs/date-mismatch",
            "the SGS answered a figure dated 03/01/2025 (2025-01-03), outside the dates asked: status 200 "
            "(application/json; charset=utf-8), 42 bytes starting "
            '\'[{"data":"03/01/2025","valor":"0.045513"}]\'',
        ),
        (
            "sgs/wrong-shape",
            "the SGS answered status 200 (application/json; charset=utf-8), 40 bytes starting "
            '\'{"data":"02/01/2025","valor":"0.045513"}\', not a JSON array of {"data", "valor"}',
        ),
        (
            "sgs/too-many-places",
            "the SGS answered 0.0455131 for 02/01/2025, more decimal places than the 6 of SELIC: status 200 "
            "(application/json; charset=utf-8), 43 bytes starting "
            '\'[{"data":"02/01/2025","valor":"0.0455131"}]\'',
        ),
        (
            "sgs/duplicate-date",
            "the SGS answered 02/01/2025 twice: status 200 (application/json; charset=utf-8), 83 bytes "
            "starting "
            '\'[{"data":"02/01/2025","valor":"0.045513"},{"data":"02/01/2025","valor":"0.045514"}]\'',
        ),
    ],
)
def test_malformed_answers_are_refused_naming_what_came_back(
    server: RecordedServer, sgs: SgsSource, sleeps: list[float], recording: str, complaint: str
) -> None:
    server.serve(recording)
    with pytest.raises(MalformedAnswer) as raised:
        sgs.read("SELIC", date(2025, 1, 2))
    assert str(raised.value) == f"{SELIC_0201}: {complaint}"
    assert server.count(S11) == 1 and sleeps == []


def test_fetch_range_splits_a_backfill_into_windows_under_ten_years(
    server: RecordedServer, sgs: SgsSource
) -> None:
    first, second = server.serve("sgs/selic-range-2014-2023", "sgs/selic-range-2024-2025")
    readings = sgs.fetch_range("SELIC", date(2014, 1, 2), date(2025, 1, 3))
    assert server.requests == [first.target, second.target]
    assert [(r.reference_date, str(r.value)) for r in readings] == [
        (date(2014, 1, 2), "0.037270"),
        (date(2023, 12, 28), "0.043739"),
        (date(2024, 1, 2), "0.043739"),
        (date(2025, 1, 2), "0.045513"),
        (date(2025, 1, 3), "0.045513"),
    ]
    assert [r.payload for r in readings] == [first.body] * 2 + [second.body] * 3
    assert readings[2].url == server.base_url + second.target


def test_fetch_range_of_a_monthly_series(server: RecordedServer, sgs: SgsSource) -> None:
    server.serve("sgs/ipca-2024")
    readings = sgs.fetch_range("IPCA", date(2024, 1, 1), date(2024, 12, 31))
    assert [r.reference_date for r in readings] == [date(2024, month, 1) for month in range(1, 13)]
    assert readings[7].value == Decimal("-0.02") and sum(r.value for r in readings) == Decimal("4.73")


def test_every_error_is_a_source_error() -> None:
    for error in (MalformedAnswer, NotAReferenceDate, SeriesNotInSource, SourceRefused, SourceUnavailable):
        assert issubclass(error, SourceError)
    assert issubclass(UnknownSeriesCode, SourceError)


def test_the_server_answers_404_to_a_request_it_has_no_recording_for(
    server: RecordedServer, sgs: SgsSource
) -> None:
    with pytest.raises(SourceRefused, match="no recording for GET"):
        sgs.read("SELIC", date(2025, 1, 2))
    assert server.unmatched == [S11]
    server.unmatched.clear()  # this test wanted it
