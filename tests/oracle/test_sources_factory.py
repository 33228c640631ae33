"""``source_for``: the sources by the names the command line uses, with the base URL from a parameter, the
environment or the central bank's default."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from drex.oracle.sources import (
    DEFAULT_PTAX_URL,
    DEFAULT_SGS_URL,
    CsvSource,
    PtaxSource,
    SgsSource,
    UnknownSource,
    source_for,
)

from .http_server import RecordedServer


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    with RecordedServer() as running:
        yield running
    assert not running.unmatched, f"requests without a recording: {running.unmatched}"


@pytest.fixture(autouse=True)
def no_url_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DREX_SGS_URL", raising=False)
    monkeypatch.delenv("DREX_PTAX_URL", raising=False)


def test_the_official_services_by_default() -> None:
    sgs, ptax = source_for("sgs"), source_for("ptax")
    assert isinstance(sgs, SgsSource) and sgs.base_url == DEFAULT_SGS_URL == "https://api.bcb.gov.br"
    assert isinstance(ptax, PtaxSource) and ptax.base_url == DEFAULT_PTAX_URL == "https://olinda.bcb.gov.br"


def test_the_environment_points_the_sources_elsewhere(
    server: RecordedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.serve("sgs/selic-2025-01-02", "ptax/2025-01-02")
    monkeypatch.setenv("DREX_SGS_URL", server.base_url)
    monkeypatch.setenv("DREX_PTAX_URL", server.base_url + "/")
    selic = source_for("sgs").read("SELIC", date(2025, 1, 2))
    sell = source_for("ptax").read("PTAX_SELL", date(2025, 1, 2))
    assert selic is not None and selic.value == Decimal("0.045513")
    assert (
        sell is not None
        and sell.value == Decimal("5.3157")
        and sell.url.startswith(server.base_url + "/olinda/")
    )


def test_the_parameter_wins_over_the_environment(
    server: RecordedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.serve("sgs/server-error-500", "sgs/selic-2025-01-02")
    monkeypatch.setenv("DREX_SGS_URL", "http://127.0.0.1:9/nowhere")
    sleeps: list[float] = []
    source = source_for("sgs", base_url=server.base_url, retries=1, backoff=0.5, sleep=sleeps.append)
    reading = source.read("SELIC", date(2025, 1, 2))
    assert reading is not None and sleeps == [0.5] and len(server.requests) == 2


def test_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "vna.csv"
    path.write_text("series,reference_date,value\nVNA_LFT,2025-01-02,15736.194323\n")
    source = source_for(f"csv:{path}")
    assert isinstance(source, CsvSource) and source.path == path
    reading = source.read("VNA_LFT", date(2025, 1, 2))
    assert reading is not None and reading.payload == b"VNA_LFT,2025-01-02,15736.194323\n"


@pytest.mark.parametrize(
    ("name", "base_url", "message"),
    [
        ("bcb", None, "unknown source 'bcb': expected sgs, ptax or csv:FILE"),
        ("csv", None, "unknown source 'csv': expected sgs, ptax or csv:FILE"),
        ("SGS", None, "unknown source 'SGS': expected sgs, ptax or csv:FILE"),
        ("csv:", None, "the csv source needs a file: csv:PATH"),
        (
            "csv:rounds.csv",
            "http://127.0.0.1",
            "the csv source 'csv:rounds.csv' reads a file: it takes no base URL or HTTP session",
        ),
    ],
)
def test_unknown_names_are_refused(name: str, base_url: str | None, message: str) -> None:
    with pytest.raises(UnknownSource) as raised:
        source_for(name, base_url=base_url)
    assert str(raised.value) == message
