"""The "tpft" scenario phase runs end to end after the "realdigital" one on a freshly deployed embedded
chain, and leaves the positions, balances and reports it describes; the settlement report's final balances
are the chain's, read after every phase, and everything it prints is in the units people read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from web3 import Web3

from drex.chain import Chain, connect
from drex.chain.accounts import dev_account
from drex.deploy import deploy_platform
from drex.scenario import Session, oracles, realdigital, tpft
from drex.scenario.report import (
    Report,
    as_json,
    balance_rows,
    build_report,
    detail_lines,
    render,
    summary_lines,
)
from drex.sdk import Platform
from drex.sdk.display import quantity, reais
from drex.sdk.tpft import TPFtPlatform
from drex.sdk.tpft_ops import RepoState
from drex.sdk.tpft_values import Series, financial_value

#: One worker: the scenario fixture (37 s) runs once, not once per worker.
pytestmark = pytest.mark.xdist_group("sdk_tpft_scenario")


@dataclass
class Run:
    chain: Chain
    session: Session
    report: Report
    rd_before: dict[str, Decimal]
    start: int
    """First block of the tpft phase."""


@pytest.fixture(scope="module")
def run() -> Iterator[Run]:
    chain = connect("embedded")
    try:
        manifest = deploy_platform(chain)
        session = Session(chain, manifest)
        session.begin(realdigital.TITLE)
        realdigital.run(session)
        platform = Platform.from_manifest(chain, manifest)
        rd_before = {
            r: platform.real_digital.balance_of(dev_account(r).address) for r in ("STN", "BANK_A", "BANK_B")
        }
        session.begin(oracles.TITLE)
        oracles.run(session)  # the NTN-B is priced from the reference-data rounds
        start = platform.block_number() + 1
        session.begin(tpft.TITLE)
        tpft.run(session)
        yield Run(chain, session, build_report(session, 0.0), rd_before, start)
    finally:
        chain.close()


def test_final_positions_and_balances(run: Run) -> None:
    tp = TPFtPlatform(Platform.from_manifest(run.chain, run.session.manifest))
    start = run.start
    created = tp.tpft.all_series(from_block=start)
    assert [(c.tpft_id, c.series.acronym, c.series.code) for c in created] == [
        (1, "LTN", "100000"),
        (2, "NTN-B", "760199"),
    ]
    ltn, ntnb = created[0].series, created[1].series
    assert ltn.maturity_date.day == 1 and ltn.maturity_date.month in (1, 4, 7, 10)
    assert (ntnb.maturity_date.month, ntnb.maturity_date.day) == (8, 15)
    wallets = {r: dev_account(r).address for r in ("STN", "BANK_A", "BANK_B", "CUSTOMER_A1", "CUSTOMER_B1")}
    custody = dev_account(9).address
    # the LTN matured: every position repaid or cancelled; the NTN-B stays with the Treasury and bank B
    assert tp.tpft.total_supply(ltn) == 0
    assert all(tp.tpft.balance_of(w, ltn) == 0 for w in [*wallets.values(), custody])
    assert tp.tpft.balance_of(wallets["STN"], ntnb) == Decimal("400.00")
    assert tp.tpft.balance_of(wallets["BANK_B"], ntnb) == Decimal("100.00")
    assert all(
        tp.tpft.payment_status(wallets[r], ltn) for r in ("BANK_A", "BANK_B", "CUSTOMER_A1", "CUSTOMER_B1")
    )
    # the custody wallet's repayment went through the reserve and was withdrawn
    assert tp.reserve.balance(custody, 1) == 0
    assert tp.platform.real_digital.balance_of(custody) == Decimal("10000.00")
    movements = tp.reserve.movements(from_block=start)
    assert [m.event for m in movements] == ["RepaymentDeposited", "WithdrawalForParticipant"]
    repayments = tp.op1012.repayments(from_block=start)
    assert [r.route for r in repayments] == [
        "participant",
        "participant",
        "client",
        "client",
        "repayment-reserve",
    ]
    assert sum((r.value for r in repayments), Decimal(0)) == Decimal("500000.00")
    # money: the Treasury received the offerings and paid the repayments; every DvP value is the Python rule
    settlements = tp.dvp.settlements(from_block=start)
    offered = sum((s.financial_value for s in settlements if s.sender == wallets["STN"]), Decimal(0))
    rd_stn = tp.platform.real_digital.balance_of(wallets["STN"])
    assert rd_stn - run.rd_before["STN"] == offered - Decimal("500000.00")
    commands = {
        c.operation_id: c
        for code in ("1002", "1052", "1054")
        for c in tp.operation(code).commands(from_block=start)
    }
    for s in settlements:
        c = commands.get(s.operation_id)
        if c is not None and c.unit_price is not None:  # forward legs: quantity x unit price, truncated
            assert s.financial_value == financial_value(s.quantity, c.unit_price), s
    assert len(settlements) == 8
    (repo_id,) = {c.operation_id for c in commands.values() if c.contract == "TPFtOperation1054"}
    assert tp.op1054.get_repo(repo_id).state is RepoState.RETURNED
    assert Series.parse(str(ltn)) == ltn


def test_recorded_steps_and_checks(run: Run) -> None:
    phase = run.session.phases[-1]
    assert (phase.number, phase.title) == (3, "Tokenized federal bonds (Selic operations)")
    entries = phase.entries
    text = "\n".join(e.text for e in entries)
    refused = [e for e in entries if e.outcome == "refused"]
    assert [e.kind for e in refused] == ["1052 purchase and sale"]
    assert refused[0].reason.startswith("OperationMismatch, the command's terms differ from those registered")
    cancelled = [e for e in entries if e.outcome == "cancelled"]
    assert len(cancelled) == 1 and "cancels it (client withdrew the order)" in cancelled[0].text
    assert (
        "finds 1 pending operation(s)" in text
        and "awaiting the sender part from AUCTION_PLACEMENT_ROLE (BCB)" in text
    )
    assert "via repayment-reserve" in text and "withdraws R$ 10.000,00" in text
    assert "repo " in text and "is now RETURNED" in text
    counts = dict(run.report.operations())
    assert counts["1002 public offering"]["settled"] == 3 and counts["1012 repayment"]["settled"] == 5
    assert (
        counts["1052 purchase and sale"]["refused"] == 1
        and counts["1052 purchase and sale"]["cancelled"] == 1
    )
    assert all(c["pending"] == 0 for c in counts.values())
    titles = [t.title for t in phase.tables]
    assert titles[0].startswith("Bond positions per wallet") and "CUSTODY_A" in {
        r[0] for r in phase.tables[0].rows
    }
    assert titles[1] == "Real Digital / Real Tokenizado movements over this phase"
    checks = {c.name: c for c in run.session.checks}
    assert len(checks) == 9 and all(c.holds for c in checks.values())  # 2 of the oracles phase
    ltn, ntnb = [c for name, c in checks.items() if name.startswith("bonds of ")]
    assert ltn.detail == "minted 1.000,00 = held 0,00 + burned 1.000,00; total supply 0,00"
    assert ntnb.detail == "minted 500,00 = held 500,00 + burned 0,00; total supply 500,00"
    assert checks["delivery versus payment"].detail.startswith("8 settlements and 5 repayments")


def test_final_balances_are_the_chains_read_at_the_end(run: Run) -> None:
    """Every printed balance equals balanceOf read from the chain after the last phase (raw calls)."""
    b = run.report.balances
    w3 = run.chain.w3
    assert b.block == w3.eth.block_number  # read after every phase: nothing was mined since
    contracts = run.session.manifest.contracts
    out: Any = [{"name": "", "type": "uint256"}]
    erc20: Any = [{"name": "balanceOf", "type": "function", "stateMutability": "view",
              "inputs": [{"name": "a", "type": "address"}], "outputs": out}]  # fmt: skip
    erc1155: Any = [{"name": "balanceOf", "type": "function", "stateMutability": "view",
                "inputs": [{"name": "a", "type": "address"}, {"name": "id", "type": "uint256"}],
                "outputs": out}]  # fmt: skip
    coins = [contracts["RealDigital"]["address"]] + [
        contracts[f"RealTokenizado@{run.session.manifest.participants[bank]}"]["address"]
        for bank in ("BANK_A", "BANK_B")
    ]
    assert b.columns[:3] == ["Real Digital", "RT BANK_A", "RT BANK_B"] and b.bond_columns == 2
    tpft_contract = w3.eth.contract(
        address=Web3.to_checksum_address(contracts["TPFt"]["address"]), abi=erc1155
    )
    rd_contract = w3.eth.contract(address=Web3.to_checksum_address(coins[0]), abi=erc20)
    summary = "\n".join(summary_lines(run.report))
    printed_rows = {row[0]: row[1:] for row in balance_rows(b)}
    assert {"BANK_A", "BANK_B", "STN", "CUSTOMER_A1", "CUSTODY_A"} <= set(printed_rows)
    for role, address, _ in b.rows:
        on_chain = [
            w3.eth.contract(address=Web3.to_checksum_address(coin), abi=erc20)
            .functions.balanceOf(address)
            .call()
            for coin in coins
        ] + [tpft_contract.functions.balanceOf(address, tpft_id).call() for tpft_id in (1, 2)]
        expected = [reais(v, units=True) for v in on_chain[:3]] + [
            quantity(v, units=True) for v in on_chain[3:]
        ]
        assert printed_rows[role] == expected, role
        line = next(line for line in summary.splitlines() if line.startswith(f"  {role} "))
        assert line.split("  ")[1:] != [] and all(cell in line for cell in expected), line
    # BANK_A ends with what the bond phase left it, not the first phase's R$ 8.549,24 (the exact figure
    # follows the day's bond prices, so it is compared with the chain above, not written down here)
    bank_a_rd = rd_contract.functions.balanceOf(run.session.manifest.accounts["BANK_A"]).call()
    assert printed_rows["BANK_A"][0] != "R$ 8.549,24" and bank_a_rd > 100_000_000  # over R$ 1 million
    data = as_json(run.report)
    assert data["balances"]["wallets"]["BANK_A"]["values"][0] == bank_a_rd  # centavos, raw
    assert data["allHold"] is True and data["block"] == b.block


def test_the_report_shows_people_units_only(run: Run) -> None:
    text = render(run.report)
    assert (
        text.index("Final balances")
        < text.index("Invariants checked on chain: all hold")
        < text.index("Details")
    )
    assert len(summary_lines(run.report)) < 50  # one screen
    headings = [line for line in detail_lines(run.report) if re.match(r"^\d\. ", line)]
    assert [h.split(" (chain time")[0] for h in headings] == [
        "1. Real Digital and Real Tokenizado",
        "2. Reference data (oracles)",
        "3. Tokenized federal bonds (Selic operations)",
    ]
    assert "BRL" not in text
    assert not re.search(r"\b1[6-9]\d{8}\b", text), "a Unix time"
    raw_centavos = str(as_json(run.report)["balances"]["wallets"]["BANK_A"]["values"][0])
    assert raw_centavos not in text  # centavos are for JSON
    assert not re.search(r"(?<![\d.,])\d+\.\d{2}(?![\d%])", text), (
        "an amount or quantity with a decimal point"
    )
    assert "LIQ" not in text and " LAN" not in text and "0x9f2df0fe" not in text
    for line in re.findall(r"R\$ [^ ;:,)]*(?:,\d+)?", text):
        assert re.fullmatch(r"R\$ \d{1,3}(\.\d{3})*,\d{2}(\d{6})?", line), line
