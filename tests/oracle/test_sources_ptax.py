"""The PTAX OData source against recorded answers of the Olinda service, served over HTTP by a local
server: a normal day, a weekend, and each way an answer can be wrong."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from drex.oracle.sources import MalformedAnswer, PtaxSource, SeriesNotInSource, SourceRefused

from .http_server import RecordedServer

P0102 = (
    "/olinda/servico/PTAX/versao/v1/odata/CotacaoDolarDia(dataCotacao=@dataCotacao)"
    "?@dataCotacao='01-02-2025'&$format=json"
)
ODATA = "application/json;odata.metadata=minimal"
CONTEXT = (
    '{"@odata.context":"https://was-p.bcnet.bcb.gov.br/olinda/servico/PTAX/versao/v1/odata$metadata#_Cotacao'
    'DolarDia(cotacaoCompra,cotacaoVenda,dataHoraCotacao)","value":[{'
)


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    with RecordedServer() as running:
        yield running
    assert not running.unmatched, f"requests without a recording: {running.unmatched}"


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def ptax(server: RecordedServer, sleeps: list[float]) -> Iterator[PtaxSource]:
    with PtaxSource(server.base_url, timeout=5, retries=2, sleep=sleeps.append) as source:
        yield source


def test_a_normal_day_gives_both_rates_from_the_same_answer(server: RecordedServer, ptax: PtaxSource) -> None:
    (answer,) = server.serve("ptax/2025-01-02")
    sell = ptax.read("PTAX_SELL", date(2025, 1, 2))
    buy = ptax.read("PTAX_BUY", date(2025, 1, 2))
    assert sell is not None and buy is not None
    assert (sell.series, sell.reference_date, sell.value) == (
        "PTAX_SELL",
        date(2025, 1, 2),
        Decimal("5.3157"),
    )
    assert (buy.series, buy.reference_date, buy.value) == ("PTAX_BUY", date(2025, 1, 2), Decimal("5.3151"))
    assert str(sell.value) == "5.3157" and isinstance(buy.value, Decimal)
    assert sell.payload == buy.payload == answer.body
    assert sell.source_hash == buy.source_hash == hashlib.sha256(answer.body).digest()
    assert sell.url == server.base_url + P0102
    assert server.requests == [P0102, P0102]  # one request per (series, date)


def test_a_weekend_has_no_rate(server: RecordedServer, ptax: PtaxSource, sleeps: list[float]) -> None:
    (answer,) = server.serve("ptax/2025-01-04-weekend")
    assert ptax.read("PTAX_SELL", date(2025, 1, 4)) is None
    assert server.requests == [answer.target] and sleeps == []


def test_a_service_outage_is_retried(server: RecordedServer, ptax: PtaxSource, sleeps: list[float]) -> None:
    server.serve("ptax/server-error-503", "ptax/2025-01-02")
    reading = ptax.read("PTAX_BUY", date(2025, 1, 2))
    assert reading is not None and reading.value == Decimal("5.3151")
    assert sleeps == [1.0] and server.count(P0102) == 2


@pytest.mark.parametrize(
    ("recording", "series", "complaint"),
    [
        (
            "ptax/too-many-places",
            "PTAX_SELL",
            '"cotacaoVenda" is 5.31575, not a positive rate with at most 4 decimal places: status 200 '
            f'({ODATA}), 259 bytes starting \'{CONTEXT}"cotacaoCompra":5.3151,"cotacaoVenda":5.31575,'
            '"dataHoraCotacao":"2025-01-\'…',
        ),
        (
            "ptax/date-mismatch",
            "PTAX_SELL",
            f"the PTAX service answered the quote of 2024-12-31 13:11:28.894: status 200 ({ODATA}), 258 "
            f'bytes starting \'{CONTEXT}"cotacaoCompra":6.1917,"cotacaoVenda":6.1923,"dataHoraCotacao":'
            "\"2024-12-3'…",
        ),
        (
            "ptax/text-value",
            "PTAX_BUY",
            f'"cotacaoCompra" is "5.3151", not a number: status 200 ({ODATA}), 262 bytes starting '
            f'\'{CONTEXT}"cotacaoCompra":"5.3151","cotacaoVenda":"5.3157","dataHoraCotacao":'
            "\"2025-'…",
        ),
        (
            "ptax/html-page",
            "PTAX_SELL",
            "the PTAX service answered status 200 (text/html), 58 bytes starting "
            "'<html><body><h1>Serviço indisponível</h1></body></html>\\n', not OData with a \"value\" array",
        ),
    ],
)
def test_malformed_answers_are_refused_naming_what_came_back(
    server: RecordedServer, ptax: PtaxSource, sleeps: list[float], recording: str, series: str, complaint: str
) -> None:
    server.serve(recording)
    field = "cotacaoVenda" if series == "PTAX_SELL" else "cotacaoCompra"
    with pytest.raises(MalformedAnswer) as raised:
        ptax.read(series, date(2025, 1, 2))
    assert str(raised.value) == f"{series} (PTAX OData {field}) for 01-02-2025 (2025-01-02): {complaint}"
    assert server.count(P0102) == 1 and sleeps == []


def test_a_4xx_is_refused_without_retry(
    server: RecordedServer, ptax: PtaxSource, sleeps: list[float]
) -> None:
    server.serve("ptax/refused-400")
    with pytest.raises(SourceRefused) as raised:
        ptax.read("PTAX_SELL", date(2025, 1, 2))
    assert str(raised.value) == (
        "PTAX_SELL (PTAX OData cotacaoVenda) for 01-02-2025 (2025-01-02): the PTAX service refused the "
        f"request {server.base_url}{P0102}: status 400 ({ODATA}), 78 bytes starting "
        '\'{"error":{"code":"","message":"The query specified in the URI is not valid."}}\''
    )
    assert server.count(P0102) == 1 and sleeps == []


def test_only_the_ptax_series_are_read(server: RecordedServer, ptax: PtaxSource) -> None:
    with pytest.raises(SeriesNotInSource) as raised:
        ptax.read("SELIC", date(2025, 1, 2))
    assert str(raised.value) == "the PTAX source reads PTAX_BUY and PTAX_SELL, not 'SELIC'"
    assert server.requests == []
