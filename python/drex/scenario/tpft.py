"""Scenario phase "tpft": federal bonds issued, placed, traded, lent in a repo and repaid, through the SDK.

Starting from the "realdigital" phase (banks with Real Digital, customers with Real Tokenizado, registered
in KeyDictionary), the Treasury (STN) creates an LTN maturing on the first LTN date (1 Jan/Apr/Jul/Oct)
at least 120 days away and an NTN-B maturing on 15 August more than two years away, and mints them; their
unit prices come from :mod:`drex.pricing` for the next business day (LTN at 13.75% a.a.; NTN-B at 7.20%
a.a. real over the VNA the oracles phase published on chain: the VNA of the 15th
projected with the IPCA projection). The banks fund themselves through STR and grant TPFtDvP its
approvals (and, as their Real Tokenizado's reserves, SwapOneStepFrom its Real Digital allowance, through
which customers of different banks trade), and enable their customers and a custody wallet (a second
wallet of BANK_A, bound to it by its enabling on Real Digital) for TPFt. The central bank settles the
public offering (1002) to both banks, once each way round: BCB's command first, found by the bank among
its pending operations, and the bank's first, found by BCB. The banks then trade (1052) by CNPJ8 (the
buyer's first command carries a wrong price and is rejected with ``OperationMismatch``), a bank sells to
another bank's customer, and two customers of different banks trade, paying in Real Tokenizado (through
SwapOneStepFrom); one operation is registered and cancelled by its initiator. Bank B lends against LTN
in a one-business-day repo (1054), returned (1056) on its return date after time travel. At maturity the
Treasury cancels its unsold LTN, and BCB repays every holder (1012): participants in Real Digital,
customers in Real Tokenizado, and the custody wallet, closed on Real Digital, through
TPFtRepaymentReserve, from which it withdraws once reopened. The phase records each operation with its
outcome, tables of bond positions and of Real Digital / Real Tokenizado movements, and checks that each
series' minted quantity equals what is held plus what was burned and that every settlement and repayment
moved both legs in the same transaction. On
networks other than the dev chains the phase stops before the repo's return and maturity, which need time
travel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from drex.chain.accounts import dev_account
from drex.chain.reverts import ContractRevert
from drex.errors import DrexError
from drex.pricing import add_business_days, following_business_day, ltn_pu, ntnb_pu, truncate
from drex.scenario.tpft_checks import conservation
from drex.sdk import Platform
from drex.sdk.display import account_label, day, moment, quantity, reais, unit_price
from drex.sdk.reference_pricing import ntnb_vna_from_rounds
from drex.sdk.tpft import PendingOperation, TPFtPlatform
from drex.sdk.tpft_ops import CommandResult, Party
from drex.sdk.tpft_values import (
    CallerPart,
    Series,
    financial_value,
    maturity_timestamp,
    noon_timestamp,
)

if TYPE_CHECKING:
    from drex.scenario import Outcome, Session

TITLE = "Tokenized federal bonds (Selic operations)"

SENDER, RECEIVER = CallerPart.SENDER, CallerPart.RECEIVER

#: Annual rates of the scenario (fractions): LTN, NTN-B (real), the repo (Selic-like).
LTN_RATE = Decimal("0.1375")
LTN_TRADE_RATE = Decimal("0.1370")
NTNB_RATE = Decimal("0.0720")
REPO_RATE = Decimal("0.1490")
#: Repayment unit price of an LTN: its face value.
LTN_FACE = Decimal("1000.00000000")

#: Quantities minted by the Treasury.
LTN_MINTED = Decimal("1000.00")
NTNB_MINTED = Decimal("500.00")
#: Real Digital each bank requests through STR to buy bonds.
BANK_FUNDING = Decimal("1000000.00")
#: Dev account used as BANK_A's custody wallet (a second participant wallet of the bank).
CUSTODY_INDEX = 9

HOLDERS = ("STN", "BCB", "BANK_A", "BANK_B", "CUSTOMER_A1", "CUSTOMER_A2", "CUSTOMER_B1", "CUSTOMER_B2")


def brl(amount: Decimal) -> str:
    return reais(amount)


def _signed(amount: Decimal) -> str:
    return ("+" if amount > 0 else "-" if amount < 0 else "") + reais(abs(amount))


_OUTCOME: dict[str, Outcome] = {"LAN": "registered", "LIQ": "settled", "CAN": "cancelled"}


def _pending_text(p: PendingOperation, names: dict[str, str]) -> str:
    """A pending command in words: contract, id, parties, what, who is awaited."""
    c = p.command
    if c.original_operation_id is not None:
        what = f"return of repo {c.original_operation_id} at {unit_price(c.return_unit_price or 0)}"
    else:
        value = reais(c.financial_value) if c.financial_value is not None else "?"
        what = f"{quantity(c.quantity or 0)} {c.series} at {unit_price(c.unit_price or 0)} = {value}"
    if c.cnpj8_sender and c.parties in ("cnpj8", "auction"):
        sides = f"{c.cnpj8_sender} -> {c.cnpj8_receiver}"
    else:
        sides = f"{account_label(str(c.sender), names)} -> {account_label(str(c.receiver), names)}"
    who = account_label(p.counterpart, names) if p.counterpart else "AUCTION_PLACEMENT_ROLE (BCB)"
    return (
        f"{c.contract} {c.operation_id} {c.function}({c.parties}) {sides}: {what}; "
        f"{p.initiator_part.name.lower()} part sent, awaiting the {p.awaiting.name.lower()} part from {who}"
    )


def _next_ltn_date(after: dt.date) -> dt.date:
    day = dt.date(after.year, 1, 1)
    while day <= after:
        month = day.month + 3
        day = dt.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
    return day


def _next_ntnb_august(after: dt.date) -> dt.date:
    day = dt.date(after.year, 8, 15)
    return day if day > after else dt.date(after.year + 1, 8, 15)


def _truncate8(value: Decimal) -> Decimal:
    return truncate(value, 8)


@dataclass
class _Plan:
    """Dates and prices of the phase."""

    today: dt.date
    settlement: dt.date
    ltn: Series
    ntnb: Series
    ltn_pu: Decimal
    ltn_trade_pu: Decimal
    ntnb_pu: Decimal
    repo_return_day: dt.date
    repo_return_pu: Decimal


class _Phase:
    def __init__(self, session: Session):
        self.s = session
        self.chain = session.chain
        self.manifest = session.manifest
        self.base = Platform.from_manifest(self.chain, self.manifest)
        self.reader = TPFtPlatform(self.base)
        self.start_block = self.base.block_number() + 1
        self.sessions: dict[str, TPFtPlatform] = {}
        self.wallets: dict[str, str] = {role: dev_account(role).address for role in HOLDERS}
        self.wallets["CUSTODY_A"] = dev_account(CUSTODY_INDEX).address
        session.wallets.setdefault("CUSTODY_A", self.wallets["CUSTODY_A"])
        self.cnpj8 = {role: self.manifest.participants[role] for role in ("BCB", "STN", "BANK_A", "BANK_B")}
        self.rt = {
            "BANK_A": self.base.real_tokenizado(self.cnpj8["BANK_A"]),
            "BANK_B": self.base.real_tokenizado(self.cnpj8["BANK_B"]),
        }
        self.positions_before_maturity: dict[str, dict[str, Decimal]] = {}
        self.money_before = self.money_snapshot()
        self.settled: list[CommandResult] = []

    # ------------------------------------------------------------------ helpers
    def as_role(self, role: str) -> TPFtPlatform:
        """The TPFt session of a dev role (``CUSTODY_A`` is BANK_A's second wallet), with BANK_A's range."""
        found = self.sessions.get(role)
        if found is None:
            account = dev_account(CUSTODY_INDEX if role == "CUSTODY_A" else role)
            expected = self.manifest.accounts.get(role, account.address)
            if not self.chain.is_dev and expected.lower() != account.address.lower():
                raise DrexError(
                    f"the tpft scenario signs as {role} with its dev key, but {self.chain.name} "
                    "was not deployed with the dev accounts"
                )
            faixa = int(self.cnpj8["BANK_A"]) if role == "CUSTODY_A" else None
            found = self.sessions[role] = TPFtPlatform(self.base.as_signer(account), faixa=faixa)
        return found

    def step(self, text: str) -> None:
        self.s.step(text)

    def op(self, kind: str, text: str) -> None:
        self.s.op(kind, "settled", text)

    def result(self, kind: str, who: str, what: str, r: CommandResult) -> None:
        value = f", value {brl(r.financial_value)}" if r.financial_value is not None else ""
        outcome = _OUTCOME.get(r.status)
        if outcome is None:
            raise DrexError(f"operation {r.operation_id} ended in status {r.status}")
        self.s.op(kind, outcome, f"{who} {what} (operation {r.operation_id}{value})", ref=r.operation_id)
        if r.settled:
            self.settled.append(r)

    def match_pending(self, role: str, operation_id: int) -> CommandResult:
        """``role`` lists its pending operations, finds ``operation_id`` and sends the matching command."""
        me = self.as_role(role)
        pending = me.pending_operations(from_block=self.start_block)
        found: PendingOperation | None = next((p for p in pending if p.operation_id == operation_id), None)
        if found is None:
            raise DrexError(f"{role} does not see operation {operation_id} among its pending operations")
        what = _pending_text(found, self.s.wallets)
        self.step(f"{role} finds {len(pending)} pending operation(s) awaiting it: {what}")
        return me.match(found)

    def go_to(self, timestamp: int, why: str) -> None:
        now = self.chain.timestamp()
        if timestamp > now:
            self.chain.increase_time(timestamp - now)
            days = (timestamp - now) / 86_400
            self.step(f"the dev chain's clock moves forward {days:.1f} days, to {moment(timestamp)} ({why})")

    # --------------------------------------------------------------------- plan
    def plan(self) -> _Plan:
        today = self.reader.today()
        settlement = following_business_day(today)
        ltn_maturity = _next_ltn_date(today + dt.timedelta(days=120))
        ntnb_maturity = _next_ntnb_august(today + dt.timedelta(days=2 * 365))
        # The VNA from the rounds the oracles phase published (VNA of the 15th, IPCA projection).
        ntnb_vna = ntnb_vna_from_rounds(self.base.reference_data, settlement)
        vna = ntnb_vna.vna
        repo_pu = ltn_pu(settlement, ltn_maturity, LTN_RATE)
        return_day = add_business_days(settlement, 1) if settlement == today else settlement
        with localcontext() as ctx:
            ctx.prec = 40
            factor = (1 + REPO_RATE) ** (Decimal(1) / Decimal(252))
            repo_return = _truncate8(repo_pu * factor)
        plan = _Plan(
            today=today,
            settlement=settlement,
            ltn=Series.of("LTN", "100000", ltn_maturity),
            ntnb=Series.of("NTN-B", "760199", ntnb_maturity),
            ltn_pu=repo_pu,
            ltn_trade_pu=ltn_pu(settlement, ltn_maturity, LTN_TRADE_RATE),
            ntnb_pu=ntnb_pu(settlement, ntnb_maturity, NTNB_RATE, vna),
            repo_return_day=return_day,
            repo_return_pu=repo_return,
        )
        self.step(
            f"chain date {day(today)} (Brasília); unit prices for settlement on {day(settlement)}: "
            f"LTN {day(ltn_maturity)} at {LTN_RATE:.2%} a.a. -> {unit_price(plan.ltn_pu)}; "
            f"NTN-B {day(ntnb_maturity)} at {NTNB_RATE:.2%} a.a. over VNA {unit_price(vna)} "
            f"({ntnb_vna.method}, on-chain rounds) -> {unit_price(plan.ntnb_pu)}"
        )
        return plan

    # -------------------------------------------------------------------- setup
    def issue(self, p: _Plan) -> None:
        stn = self.as_role("STN")
        for series, minted in ((p.ltn, LTN_MINTED), (p.ntnb, NTNB_MINTED)):
            self.s.series.append(series)
            if stn.tpft.exists(series):
                tpft_id = stn.tpft.series_id(series)
                self.step(f"{series} already exists as TPFt id {tpft_id}")
            else:
                tpft_id = stn.tpft.create(series)
                self.op("bond issuance", f"STN creates {series} (TPFt id {tpft_id})")
            stn.tpft.mint(stn.address, series, minted)
            self.op("bond issuance", f"STN mints {quantity(minted)} {series.acronym} to its wallet")

    def onboard(self) -> None:
        for role in ("BANK_A", "BANK_B"):
            bank = self.as_role(role)
            bank.platform.real_digital.request_mint(BANK_FUNDING)
            bank.approve_dvp(BANK_FUNDING, reserve=True)
            self.op(
                "Real Digital issuance (STR)",
                f"{role} requests {brl(BANK_FUNDING)} of Real Digital through STR and lets TPFtDvP take "
                "as much (approve), its bonds already authorized (setApprovalForAll); as its Real "
                "Tokenizado's reserve it lets SwapOneStepFrom take as much too (its customers' trades with "
                "other banks' customers)",
            )
        for customer, role in (("CUSTOMER_A1", "BANK_A"), ("CUSTOMER_B1", "BANK_B")):
            bank, me = self.as_role(role), self.as_role(customer)
            if not bank.tpft.is_enabled(me.address):
                bank.tpft.enable(me.address)
            allowance = self.rt[role].balance_of(me.address)
            me.approve_dvp(allowance, token=self.cnpj8[role])
            self.op(
                "allowance",
                f"{role} enables {customer} for TPFt; {customer} authorizes TPFtDvP on TPFt and on "
                f"{role}'s Real Tokenizado up to {brl(allowance)}",
            )
        custody, bank_a = self.as_role("CUSTODY_A"), self.as_role("BANK_A")
        if not self.base.real_digital.is_enabled(custody.address):
            bank_a.platform.real_digital.enable_own_account(custody.address)
        if not bank_a.tpft.is_enabled(custody.address):
            bank_a.tpft.enable(custody.address)
        self.op(
            "participant setup", f"BANK_A opens its custody wallet {custody.address} on Real Digital and TPFt"
        )

    # -------------------------------------------------------------- operations
    def offering(self, p: _Plan) -> None:
        bcb, b = self.as_role("BCB"), self.as_role("BANK_B")
        op = bcb.next_operation_id()
        qty = Decimal("300.00")
        r = bcb.op1002.place(op, self.cnpj8["BANK_A"], SENDER, p.ltn, qty, p.ltn_pu)
        k = "1002 public offering"
        self.result(
            k, "BCB (for STN)", f"sends the seller command of the LTN offering, {quantity(qty)} to BANK_A", r
        )
        self.result(k, "BANK_A", "matches it", self.match_pending("BANK_A", op))

        op = b.next_operation_id()
        qty = Decimal("200.00")
        r = b.op1002.place(op, self.cnpj8["BANK_B"], RECEIVER, p.ltn, qty, p.ltn_pu)
        self.result(k, "BANK_B", f"sends the buyer command of the LTN offering, {quantity(qty)}", r)
        self.result(k, "BCB", "matches it for STN", self.match_pending("BCB", op))

        op = bcb.next_operation_id()
        qty = Decimal("100.00")
        r = bcb.op1002.place(op, self.cnpj8["BANK_B"], SENDER, p.ntnb, qty, p.ntnb_pu)
        self.result(
            k,
            "BCB (for STN)",
            f"sends the seller command of the NTN-B offering, {quantity(qty)} to BANK_B",
            r,
        )
        self.result(k, "BANK_B", "matches it", self.match_pending("BANK_B", op))
        expected = financial_value(qty, p.ntnb_pu)
        if self.settled[-1].financial_value != expected:
            raise DrexError(f"NTN-B offering value {self.settled[-1].financial_value} != {expected} (Python)")

    def trades(self, p: _Plan) -> None:
        a, b = self.as_role("BANK_A"), self.as_role("BANK_B")
        bank_a, bank_b = Party.institution(self.cnpj8["BANK_A"]), Party.institution(self.cnpj8["BANK_B"])
        qty = Decimal("50.00")
        op = a.next_operation_id()
        r = a.op1052.trade(op, bank_a, bank_b, SENDER, p.ltn, qty, p.ltn_trade_pu)
        k = "1052 purchase and sale"
        self.result(
            k, "BANK_A", f"offers {quantity(qty)} LTN to BANK_B by CNPJ8 at {unit_price(p.ltn_trade_pu)}", r
        )
        typo = p.ltn_trade_pu - Decimal("0.01")
        try:
            b.op1052.trade(op, bank_a, bank_b, RECEIVER, p.ltn, qty, typo)
        except ContractRevert as exc:
            self.s.refused(
                k, f"BANK_B answers with the price {unit_price(typo)} (the offer stays pending)", exc, ref=op
            )
        else:
            raise DrexError(f"a mismatching command settled operation {op}")
        self.result(k, "BANK_B", "matches the registered terms", self.match_pending("BANK_B", op))

        a1, b1 = self.as_role("CUSTOMER_A1"), self.as_role("CUSTOMER_B1")
        qty = Decimal("3.00")
        op = b.next_operation_id()
        seller, buyer = b.party(b.address), b.party(a1.address)
        r = b.op1052.trade(op, seller, buyer, SENDER, p.ltn, qty, p.ltn_trade_pu)
        self.result(
            k,
            "BANK_B",
            f"offers {quantity(qty)} LTN to CUSTOMER_A1 (BANK_A's customer, pays in Real Tokenizado)",
            r,
        )
        self.result(k, "CUSTOMER_A1", "matches it", self.match_pending("CUSTOMER_A1", op))

        qty = Decimal("1.50")
        op = a1.next_operation_id()
        seller, buyer = a1.party(a1.address), a1.party(b1.address)
        r = a1.op1052.trade(op, seller, buyer, SENDER, p.ltn, qty, p.ltn_trade_pu)
        self.result(
            k,
            "CUSTOMER_A1",
            f"offers {quantity(qty)} LTN to CUSTOMER_B1 (BANK_B's customer, paid through SwapOneStepFrom)",
            r,
        )
        self.result(k, "CUSTOMER_B1", "matches it", self.match_pending("CUSTOMER_B1", op))

        qty = Decimal("10.00")
        op = b.next_operation_id()
        r = b.op1052.trade(
            op, Party.participant(b.address), Party.participant(a.address), SENDER, p.ntnb, qty, p.ntnb_pu
        )
        self.result(k, "BANK_B", f"offers {quantity(qty)} NTN-B to BANK_A by wallet", r)
        r = b.cancel(op, "client withdrew the order")
        self.result(k, "BANK_B", f"cancels it ({r.command.reason})", r)
        still = [x.operation_id for x in a.pending_operations(from_block=self.start_block)]
        self.step(f"BANK_A's pending operations now: {still or 'none'}")

        custody = self.as_role("CUSTODY_A")
        a.tpft.transfer(custody.address, p.ltn, Decimal("10.00"))
        self.op(
            "free-of-payment transfer", f"BANK_A moves {quantity(Decimal('10.00'))} LTN to its custody wallet"
        )

    def repo(self, p: _Plan) -> int:
        b = self.as_role("BANK_B")
        bank_a, bank_b = Party.institution(self.cnpj8["BANK_A"]), Party.institution(self.cnpj8["BANK_B"])
        qty = Decimal("100.00")
        op = b.next_operation_id()
        return_at = noon_timestamp(p.repo_return_day)
        r = b.op1054.repo(op, bank_b, bank_a, SENDER, p.ltn, qty, p.ltn_pu, p.repo_return_pu, return_at)
        self.result(
            "1054 repo",
            "BANK_B",
            f"sells {quantity(qty)} LTN to BANK_A in a repo at {unit_price(p.ltn_pu)}, repurchasing on "
            f"{day(p.repo_return_day)} at {unit_price(p.repo_return_pu)} ({REPO_RATE:.2%} a.a.)",
            r,
        )
        self.result("1054 repo", "BANK_A", "matches the repo", self.match_pending("BANK_A", op))
        return op

    def repo_return(self, p: _Plan, repo_id: int) -> None:
        a, b = self.as_role("BANK_A"), self.as_role("BANK_B")
        self.go_to(noon_timestamp(p.repo_return_day), "the repo's return date")
        ret = a.next_operation_id()
        r = a.op1056.reverse(repo_id, ret)
        self.result("1056 repo return", "BANK_A", f"gives the bonds of repo {repo_id} back", r)
        self.result("1056 repo return", "BANK_B", "repurchases them", self.match_pending("BANK_B", ret))
        state = b.op1054.get_repo(repo_id, b.address).state
        self.step(f"repo {repo_id} is now {state.name}")

    def maturity(self, p: _Plan) -> None:
        stn, bcb = self.as_role("STN"), self.as_role("BCB")
        custody, bank_a = self.as_role("CUSTODY_A"), self.as_role("BANK_A")
        custody.platform.real_digital.disable_own_account()
        self.op(
            "participant setup", "BANK_A's custody wallet closes its Real Digital account (disables itself)"
        )
        self.positions_before_maturity = self.positions([p.ltn, p.ntnb])
        self.go_to(maturity_timestamp(p.ltn.maturity_date) + 3600, f"maturity of {p.ltn}")
        unsold = stn.tpft.balance_of(stn.address, p.ltn)
        stn.tpft.burn(stn.address, p.ltn, unsold)
        self.op("bond cancellation", f"STN cancels its {quantity(unsold)} unsold LTN (burn)")
        due = Decimal("0.00")
        for role in ("BANK_A", "BANK_B", "CUSTOMER_A1", "CUSTOMER_B1", "CUSTODY_A"):
            due += financial_value(bcb.tpft.balance_of(self.wallets[role], p.ltn), LTN_FACE)
        have = self.base.real_digital.balance_of(stn.address)
        if have < due:
            stn.platform.real_digital.request_mint(due - have)
            self.op(
                "Real Digital issuance (STR)",
                f"STN requests {brl(due - have)} of Real Digital through STR to repay",
            )
        self.step(f"repayments due: {brl(due)}; the Treasury holds {brl(have)} of Real Digital")
        for role in ("BANK_A", "BANK_B", "CUSTOMER_A1", "CUSTOMER_B1", "CUSTODY_A"):
            rep = bcb.op1012.repay(self.wallets[role], bcb.next_operation_id(), p.ltn, LTN_FACE)
            where = f" to {rep.reserve_account}" if rep.reserve_account else ""
            why = f" ({rep.reason})" if rep.reason else ""
            self.s.op(
                "1012 repayment",
                "settled",
                f"BCB repays {role}: {quantity(rep.quantity)} LTN at {unit_price(rep.unit_price)} = "
                f"{brl(rep.value)} via {rep.route}{where}{why} (operation {rep.operation_id})",
            )
        tpft_id = stn.tpft.series_id(p.ltn)
        held = bcb.reserve.balance(custody.address, tpft_id)
        bank_a.platform.real_digital.enable_own_account(custody.address)
        moved = custody.reserve.withdraw(tpft_id)
        left = bcb.reserve.balance(custody.address, tpft_id)
        self.op(
            "repayment reserve withdrawal",
            f"BANK_A reopens the custody wallet on Real Digital; it withdraws {brl(moved.value)} from "
            f"TPFtRepaymentReserve (held {brl(held)}, now {brl(left)})",
        )

    # ------------------------------------------------------------------ summary
    def money_snapshot(self) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
        rd = self.base.real_digital
        out: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
        for role, who in self.wallets.items():
            out[role] = (
                rd.balance_of(who),
                self.rt["BANK_A"].balance_of(who),
                self.rt["BANK_B"].balance_of(who),
            )
        reserve = self.base.address_of("TPFtRepaymentReserve")
        out["RepaymentReserve"] = (rd.balance_of(reserve), Decimal("0.00"), Decimal("0.00"))
        return out

    def positions(self, series: list[Series]) -> dict[str, dict[str, Decimal]]:
        tpft = self.reader.tpft
        return {role: {str(s): tpft.balance_of(who, s) for s in series} for role, who in self.wallets.items()}

    def summary(self, p: _Plan) -> None:
        tpft = self.reader.tpft
        series = [p.ltn, p.ntnb]
        before = self.positions_before_maturity
        rows = []
        for role, who in self.wallets.items():
            cells, held = [], False
            for s in series:
                now = tpft.balance_of(who, s)
                was = before.get(role, {}).get(str(s))
                held = held or bool(now) or bool(was)
                cells.append(
                    quantity(now) + (f" (was {quantity(was)})" if was is not None and was != now else "")
                )
            if held:
                rows.append([role, *cells])
        self.s.table(
            "Bond positions per wallet at the end of this phase (before the repayments at maturity: was)",
            ["wallet", *(f"{s.acronym} {day(s.maturity_date)}" for s in series)],
            rows,
        )
        after = self.money_snapshot()
        rd_delta = Decimal("0.00")
        rows = []
        for who, balances in after.items():
            deltas = [n - w for n, w in zip(balances, self.money_before[who], strict=True)]
            rd_delta += deltas[0]
            if any(deltas):
                rows.append([who, *(_signed(d) for d in deltas)])
        self.s.table(
            "Real Digital / Real Tokenizado movements over this phase",
            ["wallet", "Real Digital", "RT BANK_A", "RT BANK_B"],
            rows,
        )
        conservation(self, series, rd_delta)

    def run(self) -> None:
        plan = self.plan()
        self.issue(plan)
        self.onboard()
        self.offering(plan)
        self.trades(plan)
        repo_id = self.repo(plan)
        matured = self.chain.is_dev
        if matured:
            self.repo_return(plan, repo_id)
            self.maturity(plan)
        else:
            self.step(
                f"{self.chain.name} is not a dev chain: the repo's return and the maturity need time travel, "
                "not run"
            )
            self.positions_before_maturity = self.positions([plan.ltn, plan.ntnb])
        self.summary(plan)


def run(session: Session) -> None:
    """Run the phase on the session's chain (see the module docstring); raises DrexError when a check
    fails."""
    _Phase(session).run()


__all__ = ["run"]
