"""``drex compliance run`` and ``rules backtest`` with the ``dvp_price`` rule's reference prices from the
chain (``--prices-from-chain``: the ``TPFT_PU:<id>`` round the reporters published on ReferenceData) and
from the operator's CSV file (``--prices``), on a real anvil node with the platform deployed on it: both
sources make the rule fire, and stay silent, on the same settlements; without prices it says nothing and
the rule cannot go ACTIVE; a manifest without ReferenceData is a one-line error.

Commands run in-process through :func:`drex.cli.main.run` (the console script's entry point, with its
one-line error handling), as tests/sdk_tpft/test_cli.py does. The chain is only read by the tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from compliance.conftest import HERE
from drex.chain import AnvilChain, connect_anvil
from drex.chain.accounts import DEV_REPORTERS
from drex.chain.anvil import AnvilNode, start_anvil
from drex.cli.main import run
from drex.compliance.detectors import brasilia_date
from drex.deploy import deploy_platform
from drex.index import Indexer, IndexStore
from drex.reference import tpft_price_series, tpft_price_spec
from drex.sdk import Platform
from drex.sdk.tpft import TPFtPlatform
from drex.sdk.tpft_values import CallerPart, Series

pytestmark = pytest.mark.anvil

#: The reporters who sign the round: three of the four dev reporters (the quorum with f = 1).
REPORTERS = DEV_REPORTERS[:3]
REFERENCE = "950.00"


@dataclass
class Market:
    node: AnvilNode
    chain: AnvilChain
    platform: Platform
    manifest: Path
    csv: Path  # the operator's file, with the on-chain round's price
    bank: str  # BANK_A's address, the buyer of both offerings


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Market]:
    """The platform on anvil; BCB configures ``TPFT_PU:<id>`` of an LTN and three reporters publish today's
    round at R$ 950,00 (the CSV file says the same for that day); then BANK_A buys 10 bonds at R$ 951,00
    (0.1 % above the reference) and 10 at R$ 1.100,00 (15.8 % above)."""
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        folder = tmp_path_factory.mktemp("compliance-prices")
        deploy_platform(chain, folder / "deployment.json")
        platform = Platform.from_manifest(chain, folder / "deployment.json")
        today = brasilia_date(chain.timestamp())
        series = Series.of("LTN", "100000", dt.date(today.year + 1, 7, 1))
        stn, bcb, bank = (
            TPFtPlatform(platform.as_signer(chain.account(r))) for r in ("STN", "BCB", "BANK_A")
        )
        stn.tpft.create(series)
        stn.tpft.mint(stn.address, series, Decimal("1000"))
        bank.platform.real_digital.request_mint(Decimal("40000.00"))
        bank.approve_dvp(Decimal("40000.00"))
        tpft_id = bcb.tpft.id_of(series)

        day = brasilia_date(chain.timestamp())
        rd = bcb.platform.reference_data
        rd.configure_series(tpft_price_spec(tpft_id))
        now, payload = chain.timestamp(), hashlib.sha256(REFERENCE.encode()).digest()
        name = tpft_price_series(tpft_id)
        rd.publish(
            [rd.sign_vote(chain.account(r), name, day, Decimal(REFERENCE), payload, now) for r in REPORTERS]
        )
        csv = folder / "prices.csv"
        csv.write_text(f"tpft_id,date,unit_price\n{tpft_id},{day},{REFERENCE}\n")

        for unit_price in ("951.00", "1100.00"):
            op = bcb.next_operation_id()
            bcb.op1002.place(
                op, platform.participants["BANK_A"], CallerPart.SENDER, series, 10, Decimal(unit_price)
            )
            bank.op1002.place(
                op, platform.participants["BANK_A"], CallerPart.RECEIVER, series, 10, Decimal(unit_price)
            )
        yield Market(node, chain, platform, folder / "deployment.json", csv, bank.address)
        chain.close()
    finally:
        node.kill()


def indexed(m: Market, path: Path) -> str:
    """A fresh SQLite index database holding the whole history of the market's chain."""
    url = f"sqlite:///{path}"
    index = IndexStore(url)
    try:
        Indexer(m.platform, index).sync()
    finally:
        index.close()
    return url


@dataclass
class Result:
    code: int
    out: str
    err: str


def drex(capsys: pytest.CaptureFixture[str], m: Market, *args: str, manifest: Path | None = None) -> Result:
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run(["compliance", *args, "--network", m.node.url, "--manifest", str(manifest or m.manifest)])
    captured = capsys.readouterr()
    code = info.value.code if isinstance(info.value.code, int) else 1
    return Result(code, captured.out, captured.err)


def ok(capsys: pytest.CaptureFixture[str], m: Market, *args: str) -> Any:
    r = drex(capsys, m, *args, "--json")
    assert r.code == 0, r.err or r.out
    return json.loads(r.out)


def fails(capsys: pytest.CaptureFixture[str], m: Market, *args: str, manifest: Path | None = None) -> str:
    r = drex(capsys, m, *args, manifest=manifest)
    assert r.code == 1 and r.out == "", (r.code, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drex: error: "), r.err
    return lines[0]


SOURCES = {"csv": ["--prices"], "chain": ["--prices-from-chain"], "none": []}


def outcome(capsys: pytest.CaptureFixture[str], m: Market, db: str, source: str) -> dict[str, Any]:
    """Backtest, activation and a run of the dvp_price rule with ``source``'s prices, on database ``db``."""
    prices = [*SOURCES[source], str(m.csv)] if source == "csv" else SOURCES[source]
    ok(capsys, m, "rules", "load", str(HERE / "rules" / "dvp-price.yaml"), "--db", db)
    backtest = ok(capsys, m, "rules", "backtest", "t-dvp-price", *prices, "--db", db)
    mode = drex(capsys, m, "rules", "mode", "t-dvp-price", "ACTIVE", "--db", db)
    ran = ok(capsys, m, "run", *prices, "--db", db)
    alerts = ok(capsys, m, "alerts", "--db", db)["alerts"]
    return {"backtest": backtest, "mode": mode, "run": ran, "alerts": alerts}


def test_prices_from_chain_fire_exactly_as_the_same_prices_from_csv(
    capsys: pytest.CaptureFixture[str], market: Market, tmp_path: Path
) -> None:
    done = {s: outcome(capsys, market, indexed(market, tmp_path / f"{s}.sqlite"), s) for s in SOURCES}
    csv, chain, none = done["csv"], done["chain"], done["none"]
    # One hit and one alert, the R$ 1.100,00 offering; the R$ 951,00 one is within 5 % of the reference.
    [hit] = chain["backtest"]["hits"]
    assert hit["subject"] == market.bank and hit["total"] == 1_100_000
    assert hit["evidence"][0]["unit_price"] == 110_000_000_000
    assert hit["evidence"][0]["reference_price"] == 95_000_000_000
    [alert] = chain["alerts"]
    assert alert["rule"] == "t-dvp-price" and alert["subject"] == market.bank and alert["test"] is False
    assert alert["evidence"] == hit["evidence"] and chain["run"]["alerts"] == 1
    assert chain["mode"].code == 0, chain["mode"].err  # backtested with prices: may go ACTIVE
    # The CSV file with the same price: the very same backtest, activation, run and alert.
    assert csv["backtest"] == chain["backtest"] and csv["run"] == chain["run"]
    assert csv["alerts"] == chain["alerts"] and csv["mode"] == chain["mode"]
    # Control: without reference prices the rule says nothing and may not go ACTIVE.
    assert none["backtest"]["hits"] == [] and none["alerts"] == [] and none["run"]["alerts"] == 0
    assert none["mode"].code == 1 and "backtested without reference prices" in none["mode"].err
    assert "--prices-from-chain" in none["mode"].err


@pytest.mark.parametrize("command", [["run"], ["rules", "backtest", "t-dvp-price"]])
def test_prices_and_prices_from_chain_together_are_refused(
    capsys: pytest.CaptureFixture[str], market: Market, tmp_path: Path, command: list[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    line = fails(capsys, market, *command, "--prices", str(market.csv), "--prices-from-chain", "--db", db)
    assert line == "drex: error: pass either --prices FILE or --prices-from-chain, not both"
    assert not (tmp_path / "c.sqlite").exists()  # refused before the database is opened


def test_a_manifest_without_reference_data(
    capsys: pytest.CaptureFixture[str], market: Market, tmp_path: Path
) -> None:
    """An older deployment, without the oracles: --prices-from-chain names what is missing; the commands
    without the flag do not connect to the network at all."""
    old = json.loads(market.manifest.read_text())
    del old["contracts"]["ReferenceData"]
    manifest = tmp_path / "old-deployment.json"
    manifest.write_text(json.dumps(old))
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    for command in (["run"], ["rules", "backtest", "t-dvp-price"]):
        line = fails(capsys, market, *command, "--prices-from-chain", "--db", db, manifest=manifest)
        assert line == (
            f"drex: error: manifest {manifest} has no ReferenceData: deploy the oracles first (drex deploy)"
        )
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:  # no node there: only the flag would connect
        run(["compliance", "run", "--db", db, "--network", "http://127.0.0.1:9", "--manifest", str(manifest)])
    assert info.value.code in (0, None), capsys.readouterr().err
