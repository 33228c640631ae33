"""Gas: each platform operation next to its plain OpenZeppelin counterpart, on the same chain, in one run.

The platform is deployed with ``deploy_platform`` and the baselines of ``contracts/baseline`` (plain
OpenZeppelin ERC20 and ERC1155, and the plain swap and DvP built on them) are deployed next to it,
compiled by the same build (solc 0.8.28, optimizer 200 runs, Shanghai). Every operation is measured in
steady state: the same operation is done once first, so neither side pays for a first write that the
other does not (a zero balance, allowance or flag becoming non-zero), and both sides move the same
amounts between accounts in the same state. Real Digital operations and the swaps are driven through
the SDK (:mod:`drex.sdk`), the baselines through the chain. TPFt settlements are taken from the pilot
scenario (``drex.scenario``) run on the same chain: every transaction in which TPFtDvP emitted
``DvPSettled``, and every repayment of operation 1012, grouped by operation contract and command kind;
their baseline is one plain delivery versus payment (ERC1155 ``safeTransferFrom`` plus ERC20
``transferFrom`` in one call).
"""

from __future__ import annotations

import importlib
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eth_account import Account
from eth_utils import keccak
from web3.logs import DISCARD

from drex.bench.wallets import BENCH_CNPJ8
from drex.chain.accounts import dev_account
from drex.chain.core import Chain
from drex.deploy import Manifest

Progress = Callable[[str], None]

#: Dev accounts (indices of the test mnemonic) the gas measurements sign with: the scenarios use 0-9.
W0, W1, PAYER, RECEIVER = 10, 11, 12, 13

DVP_SETTLED = "0x" + keccak(text="DvPSettled(address,uint256,address,address,uint256,uint256,uint256)").hex()

#: Readable kinds of the TPFt operation events (which overload settled).
EVENT_KINDS: dict[str, str] = {
    "OperationEvent": "by CNPJ8",
    "OperationTradeEvent": "participant wallets",
    "OperationClientTradeEvent": "customer wallets, Real Tokenizado",
    "AuctionOperationEvent": "auction",
    "RepoOperationTradeForwardCNPJ8Event": "by CNPJ8",
    "RepoOperationTradeForwardEvent": "participant wallets",
    "RepoOperationTradeForwardParticipantClientEvent": "customer wallets, Real Tokenizado",
    "ReverseRepoOperationTradeReturnCNPJ8Event": "by CNPJ8",
    "ReverseRepoOperationTradeReturnEvent": "participant wallets",
    "ReverseRepoOperationTradeReturnParticipantClientEvent": "customer wallets, Real Tokenizado",
    "OperationRepaymentParticipant": "participant, in Real Digital",
    "OperationRepaymentClient": "customer, in Real Tokenizado",
    "OperationRepaymentWithReserve": "to TPFtRepaymentReserve",
    "OperationRepaymentForContract": "contract holder",
}


@dataclass
class GasRow:
    """One operation next to its baseline."""

    operation: str
    gas: int
    baseline: str
    baseline_gas: int
    samples: int = 1

    @property
    def ratio(self) -> float:
        return self.gas / self.baseline_gas if self.baseline_gas else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gas": self.gas,
            "baseline": self.baseline,
            "baseline_gas": self.baseline_gas,
            "ratio": round(self.ratio, 3),
        }


@dataclass
class GasReport:
    rows: list[GasRow]
    notes: list[str]


def _gas(receipt: Any) -> int:
    return int(receipt["gasUsed"])


class _Baselines:
    """The plain contracts, deployed by BCB."""

    def __init__(self, chain: Chain):
        self.chain = chain
        self.bcb = chain.account("BCB")
        deploy = chain.deploy
        self.erc20 = deploy("BaselineERC20", "Plain", "PLN", self.bcb.address, sender=self.bcb)
        self.cash = deploy("BaselineERC20", "Plain cash", "CSH", self.bcb.address, sender=self.bcb)
        self.token_a = deploy("BaselineERC20", "Plain A", "PLA", self.bcb.address, sender=self.bcb)
        self.token_b = deploy("BaselineERC20", "Plain B", "PLB", self.bcb.address, sender=self.bcb)
        self.swap = deploy("BaselineSwap", self.cash.address, sender=self.bcb)
        self.bond = deploy("BaselineERC1155", self.bcb.address, sender=self.bcb)
        self.dvp = deploy("BaselineDvP", sender=self.bcb)

    def send(self, fn: Any, who: Any) -> int:
        return _gas(self.chain.transact(fn, sender=who))


def measure_gas(chain: Chain, manifest: Manifest, *, progress: Progress | None = None) -> GasReport:
    """Every platform operation and its baseline, measured on ``chain`` (the platform deployed there)."""
    say = progress or (lambda msg: None)
    from drex.sdk import Platform

    rows: list[GasRow] = []
    notes: list[str] = []
    say("gas: deploying the plain OpenZeppelin baselines")
    base = _Baselines(chain)
    platform = Platform.from_manifest(chain, manifest)
    say("gas: TPFt settlements of the pilot scenario")
    try:
        tpft_rows = _tpft_settlements(chain, manifest, base)
        rows += tpft_rows
        if not tpft_rows:
            notes.append("TPFt: the scenario settled nothing (no DvPSettled event)")
    except Exception as exc:  # the TPFt rows are reported as missing, the rest is still measured
        notes.append(f"TPFt settlements not measured: the scenario failed ({type(exc).__name__}: {exc})")
    say("gas: Real Digital")
    rows = _real_digital(chain, platform, base) + _swaps(chain, platform, base) + rows
    return GasReport(rows, notes)


# ------------------------------------------------------------------------------------ Real Digital
def _real_digital(chain: Chain, platform: Any, base: _Baselines) -> list[GasRow]:
    bcb = base.bcb
    w0, w1 = dev_account(W0), dev_account(W1)
    empty = [Account.from_key(keccak(text=f"drex-bench-empty:{i}")).address for i in range(2)]
    rd = platform.real_digital
    as_bcb = platform.as_signer(bcb).real_digital
    # W0 and W1 are wallets of the benchmark participant: STR mints only to participant wallets.
    for address in (w0.address, w1.address):
        if rd.participant_of(address) is None:
            as_bcb.set_participant_wallet(address, BENCH_CNPJ8)
    if as_bcb.mint_limit(BENCH_CNPJ8) < as_bcb.outstanding(BENCH_CNPJ8) + Decimal("30000.00"):
        as_bcb.set_mint_limit(BENCH_CNPJ8, as_bcb.outstanding(BENCH_CNPJ8) + Decimal("30000.00"))
    for address in (w0.address, w1.address, *empty):
        if not rd.is_enabled(address):
            as_bcb.enable_account(address)
    a0, a1 = platform.as_signer(w0).real_digital, platform.as_signer(w1).real_digital
    a0.request_mint(Decimal("10000.00"))
    a1.request_mint(Decimal("10000.00"))
    for w in (w0, w1):
        base.send(base.erc20.functions.mint(w.address, 1_000_000), bcb)
    amount, units = Decimal("1.00"), 100
    rows: list[GasRow] = []

    a0.transfer(w1.address, amount)
    base.send(base.erc20.functions.transfer(w1.address, units), w0)
    rows.append(
        GasRow(
            "RealDigital.transfer",
            a0.transfer(w1.address, amount).gas_used,
            "ERC20.transfer",
            base.send(base.erc20.functions.transfer(w1.address, units), w0),
        )
    )

    a0.transfer(empty[0], amount)
    base.send(base.erc20.functions.transfer(empty[0], units), w0)
    rows.append(
        GasRow(
            "RealDigital.transfer to an empty wallet",
            a0.transfer(empty[1], amount).gas_used,
            "ERC20.transfer to an empty account",
            base.send(base.erc20.functions.transfer(empty[1], units), w0),
        )
    )

    a0.approve(w1.address, Decimal("1000.00"))
    base.send(base.erc20.functions.approve(w1.address, 100_000), w0)
    a1.transfer_from(w0.address, w1.address, amount)
    base.send(base.erc20.functions.transferFrom(w0.address, w1.address, units), w1)
    rows.append(
        GasRow(
            "RealDigital.transferFrom",
            a1.transfer_from(w0.address, w1.address, amount).gas_used,
            "ERC20.transferFrom",
            base.send(base.erc20.functions.transferFrom(w0.address, w1.address, units), w1),
        )
    )

    rows.append(
        GasRow(
            "STR.requestToMint (mint request)",
            a0.request_mint(amount).gas_used,
            "ERC20.mint by its owner",
            base.send(base.erc20.functions.mint(w0.address, units), bcb),
        )
    )
    return rows


# ------------------------------------------------------------------------------------------- swaps
def _swaps(chain: Chain, platform: Any, base: _Baselines) -> list[GasRow]:
    bcb = base.bcb
    bank_a, bank_b = dev_account("BANK_A"), dev_account("BANK_B")
    payer, receiver = dev_account(PAYER), dev_account(RECEIVER)
    cnpj_a, cnpj_b = platform.participants["BANK_A"], platform.participants["BANK_B"]
    pa, pb = platform.as_signer(bank_a), platform.as_signer(bank_b)
    rt_a, rt_b = pa.real_tokenizado(cnpj_a), pb.real_tokenizado(cnpj_b)
    if not rt_a.is_enabled(payer.address):
        rt_a.enable_account(payer.address)
    if not rt_b.is_enabled(receiver.address):
        rt_b.enable_account(receiver.address)
    rt_a.mint(payer.address, Decimal("1000.00"))
    rt_b.mint(receiver.address, Decimal("10.00"))
    pa.real_digital.request_mint(Decimal("10000.00"))
    pb.real_digital.request_mint(Decimal("10000.00"))
    pa.swap_one_step.approve_reserve(Decimal("5000.00"))
    pa.swap_two_steps.approve_reserve(Decimal("5000.00"))
    me = platform.as_signer(payer)
    me.swap_one_step.approve_payer(cnpj_a, Decimal("500.00"))
    me.swap_two_steps.approve_payer(cnpj_a, Decimal("500.00"))
    them = platform.as_signer(receiver)
    amount, units = Decimal("1.00"), 100

    # The plain side: payer holds token A, receiver token B; reserve A pays reserve B in cash.
    p, r = payer, receiver
    reserve_a, reserve_b = bank_a, bank_b
    for fn in (
        base.token_a.functions.mint(p.address, 100_000),
        base.token_b.functions.mint(r.address, 1_000),
        base.cash.functions.mint(reserve_a.address, 1_000_000),
        base.cash.functions.mint(reserve_b.address, 1_000_000),
        base.token_b.functions.transferOwnership(base.swap.address),
    ):
        base.send(fn, bcb)
    base.send(base.token_a.functions.approve(base.swap.address, 50_000), p)
    base.send(base.cash.functions.approve(base.swap.address, 500_000), reserve_a)
    plain_swap = base.swap.functions.swap(
        base.token_a.address, base.token_b.address, reserve_a.address, reserve_b.address, r.address, units
    )

    rows: list[GasRow] = []
    me.swap_one_step.execute(cnpj_a, cnpj_b, r.address, amount, approve=False)
    base.send(plain_swap, p)
    rows.append(
        GasRow(
            "SwapOneStep.executeSwap",
            me.swap_one_step.execute(cnpj_a, cnpj_b, r.address, amount, approve=False).gas_used,
            "plain swap: ERC20 burnFrom + transferFrom + mint in one call",
            base.send(plain_swap, p),
        )
    )

    two = me.swap_two_steps
    rta, rtb = platform.real_tokenizado(cnpj_a).address, platform.real_tokenizado(cnpj_b).address

    def start() -> tuple[int, int]:
        result = me.send(two.contract.functions.startSwap(rta, rtb, r.address, 100))
        started = two.contract.events.SwapStarted().process_receipt(result.receipt, errors=DISCARD)
        return result.gas_used, int(started[0]["args"]["proposalId"])

    def plain_start() -> tuple[int, int]:
        pid = int(base.swap.functions.proposalCount().call())
        fn = base.swap.functions.start(
            base.token_a.address, base.token_b.address, reserve_a.address, r.address, units
        )
        return base.send(fn, p), pid

    gas, pid = start()
    them.swap_two_steps.execute(pid)
    g, ppid = plain_start()
    base.send(base.swap.functions.execute(ppid, reserve_b.address), r)
    gas, pid = start()
    plain_gas, ppid = plain_start()
    rows.append(
        GasRow(
            "SwapTwoSteps.startSwap",
            gas,
            "plain two-step start: store proposal + escrow 2 ERC20 (transferFrom)",
            plain_gas,
        )
    )
    rows.append(
        GasRow(
            "SwapTwoSteps.executeSwap",
            them.swap_two_steps.execute(pid).gas_used,
            "plain two-step execute: ERC20 burn + transfer + mint",
            base.send(base.swap.functions.execute(ppid, reserve_b.address), r),
        )
    )
    return rows


# -------------------------------------------------------------------------------------------- TPFt
def _tpft_settlements(chain: Chain, manifest: Manifest, base: _Baselines) -> list[GasRow]:
    if "TPFtDvP" not in manifest.contracts:
        return []
    from drex.scenario import Session

    session = Session(chain, manifest, lambda msg: None)
    start = int(chain.w3.eth.block_number) + 1
    for phase in ("realdigital", "oracles"):  # the bond phase prices the NTN-B from the oracles' rounds
        importlib.import_module(f"drex.scenario.{phase}").run(session)
    importlib.import_module("drex.scenario.tpft").run(session)
    end = int(chain.w3.eth.block_number)
    names = {entry["address"].lower(): name for name, entry in manifest.contracts.items()}
    contracts = {
        name: chain.at(entry["artifact"], entry["address"])
        for name, entry in manifest.contracts.items()
        if name.startswith("TPFtOperation1")
    }
    dvp = manifest.address("TPFtDvP")
    settling = {
        log["transactionHash"]
        for log in chain.w3.eth.get_logs(
            {"address": dvp, "topics": [DVP_SETTLED], "fromBlock": start, "toBlock": end}  # type: ignore[typeddict-item]
        )
    }
    if "TPFtOperation1012" in contracts:
        op1012 = contracts["TPFtOperation1012"].address
        for log in chain.w3.eth.get_logs({"address": op1012, "fromBlock": start, "toBlock": end}):
            settling.add(log["transactionHash"])
    groups: dict[str, list[int]] = {}
    for tx_hash in settling:
        receipt = chain.w3.eth.get_transaction_receipt(tx_hash)
        to = str(receipt["to"] or "").lower()
        name = names.get(to)
        if name is None or name not in contracts or receipt["status"] != 1:
            continue
        kind = _event_kind(contracts[name], receipt)
        if kind is None:
            continue
        groups.setdefault(f"{name} settlement ({kind})", []).append(_gas(receipt))
    if not groups:
        return []
    plain = _plain_dvp(chain, base)
    return [
        GasRow(
            label,
            int(statistics.median(gas)),
            "plain DvP: ERC1155 safeTransferFrom + ERC20 transferFrom",
            plain,
            len(gas),
        )
        for label, gas in sorted(groups.items())
    ]


def _event_kind(contract: Any, receipt: Any) -> str | None:
    """The kind of command that settled: the operation contract's event in the receipt."""
    by_topic = {}
    for item in contract.abi:
        if item.get("type") == "event":
            sig = f"{item['name']}({','.join(_type(i) for i in item['inputs'])})"
            by_topic["0x" + keccak(text=sig).hex()] = str(item["name"])
    for log in receipt["logs"]:
        if str(log["address"]).lower() != contract.address.lower() or not log["topics"]:
            continue
        event = by_topic.get("0x" + bytes(log["topics"][0]).hex())
        if event is not None and "Cancel" not in event and "Default" not in event:
            return EVENT_KINDS.get(event, event)
    return None


def _type(item: dict[str, Any]) -> str:
    t = str(item["type"])
    if t.startswith("tuple"):
        return "(" + ",".join(_type(c) for c in item["components"]) + ")" + t[len("tuple") :]
    return t


def _plain_dvp(chain: Chain, base: _Baselines) -> int:
    """One plain delivery versus payment in steady state (both parties already hold both tokens)."""
    bcb = base.bcb
    seller, buyer = dev_account(W0), dev_account(W1)
    series = 1
    for fn in (
        base.bond.functions.mint(seller.address, series, 1_000_000),
        base.bond.functions.mint(buyer.address, series, 1_000),
        base.cash.functions.mint(buyer.address, 1_000_000),
        base.cash.functions.mint(seller.address, 1_000),
    ):
        base.send(fn, bcb)
    base.send(base.bond.functions.setApprovalForAll(base.dvp.address, True), seller)
    base.send(base.cash.functions.approve(base.dvp.address, 500_000), buyer)
    settle = base.dvp.functions.settle(
        base.bond.address, series, 10_000, seller.address, buyer.address, base.cash.address, 12_345
    )
    base.send(settle, bcb)
    return base.send(settle, bcb)
