"""The "tpft" scenario phase runs end to end after the "realdigital" one on a freshly deployed embedded
chain, and leaves the positions, balances and reports it describes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from drex.chain import Chain, connect
from drex.chain.accounts import dev_account
from drex.deploy import deploy_platform
from drex.scenario import Session, realdigital, tpft
from drex.sdk import Platform
from drex.sdk.tpft import TPFtPlatform
from drex.sdk.tpft_ops import RepoState
from drex.sdk.tpft_values import Series, financial_value


@dataclass
class Run:
    chain: Chain
    session: Session
    printed: list[str]
    rd_before: dict[str, Decimal]
    start: int
    """First block of the tpft phase."""


@pytest.fixture(scope="module")
def run() -> Iterator[Run]:
    chain = connect("embedded")
    try:
        manifest = deploy_platform(chain)
        printed: list[str] = []
        session = Session(chain, manifest, printed.append)
        realdigital.run(session)
        platform = Platform.from_manifest(chain, manifest)
        rd_before = {
            r: platform.real_digital.balance_of(dev_account(r).address) for r in ("STN", "BANK_A", "BANK_B")
        }
        session.summary.clear()
        printed.clear()
        start = platform.block_number() + 1
        tpft.run(session)
        yield Run(chain, session, printed, rd_before, start)
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


def test_printed_steps_and_summary(run: Run) -> None:
    text = "\n".join(run.printed)
    assert "rejected, reverted with OperationMismatch(" in text
    assert "cancels operation" in text and ": CAN (" in text
    assert "finds 1 pending operation(s)" in text
    assert "awaiting the sender part from AUCTION_PLACEMENT_ROLE (BCB)" in text
    assert "via repayment-reserve" in text and "withdraws R$ 10.000,00" in text
    assert "repo " in text and "is now RETURNED" in text
    summary = "\n".join(run.session.summary)
    assert "TPFt: bond positions per wallet" in summary and "CUSTODY_A" in summary
    assert "Real Digital / Real Tokenizado movements over the phase" in summary
    assert summary.count(": holds") == 3 and "all hold" in summary and "VIOLATED" not in summary
    assert "minted 1000.00 = held 0.00 + burned 1000.00" in summary
    assert "minted 500.00 = held 500.00 + burned 0.00" in summary
    assert "8 DvP settlements" in summary and "5 repayments" in summary
