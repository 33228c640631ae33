"""Scenario phase "realdigital": two banks, their customers, Real Tokenizado and swaps, through the SDK.

The central bank enables the two banks on Real Digital (if the deployment did not) and registers their
default wallets; each bank requests Real Digital through STR into its reserve wallet, enables its
customers on its Real Tokenizado, registers them in KeyDictionary (keys hashed client-side) and issues
Real Tokenizado to them against that reserve, one real of Real Tokenizado per real of Real Digital. The
banks approve the swap contracts on their reserves, and customers pay each other across banks: one
one-step swap, a two-step swap (funds frozen, then executed by the receiver), a two-step swap with
escrow executed in the other direction, an escrowed swap cancelled by its payer, and a two-step swap
left to expire (the receiver's late execution is rejected with ``SwapExpired``, then the proposal is
closed and its funds released). Each step is recorded on the session with its outcome; at the end the
phase checks, for each bank, the reserve invariant: the change in the Real Tokenizado it has issued
(mints minus burns) equals the net change of its reserve wallet's Real Digital (STR issuance plus swap
receipts minus swap payments), computed both from balances and from the phase's Transfer events; and that
no frozen balance nor escrowed Real Digital is left.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from drex.chain.accounts import dev_account
from drex.chain.reverts import ContractRevert
from drex.errors import DrexError
from drex.sdk import Platform
from drex.sdk.display import moment, reais
from drex.sdk.swaps import SwapTwoSteps
from drex.sdk.tokens import RealTokenizado

if TYPE_CHECKING:
    from drex.scenario import Outcome, Session

TITLE = "Real Digital and Real Tokenizado"

#: Real Digital each bank requests from STR, and the Real Tokenizado it issues to each customer
#: (their sum: the bank's whole reserve backs its deposits).
BANK_SETUP: dict[str, tuple[Decimal, dict[str, Decimal]]] = {
    "BANK_A": (Decimal("10000.00"), {"CUSTOMER_A1": Decimal("6000.00"), "CUSTOMER_A2": Decimal("4000.00")}),
    "BANK_B": (Decimal("5000.00"), {"CUSTOMER_B1": Decimal("3000.00"), "CUSTOMER_B2": Decimal("2000.00")}),
}

#: Customer -> (key identifier, CPF, bank code, branch, account) registered in KeyDictionary.
CUSTOMERS: dict[str, tuple[str, int, int, int, int]] = {
    "CUSTOMER_A1": ("ana@banco-a.example", 11111111111, 101, 1, 10001),
    "CUSTOMER_A2": ("alberto@banco-a.example", 22222222222, 101, 1, 10002),
    "CUSTOMER_B1": ("beatriz@banco-b.example", 33333333333, 202, 7, 20001),
    "CUSTOMER_B2": ("bruno@banco-b.example", 44444444444, 202, 7, 20002),
}


def brl(amount: Decimal) -> str:
    return reais(amount)


@dataclass
class _Bank:
    role: str
    cnpj8: str
    session: Platform
    token: RealTokenizado
    reserve: str
    supply_before: Decimal
    reserve_before: Decimal


class _Phase:
    def __init__(self, session: Session):
        self.s = session
        self.chain = session.chain
        self.manifest = session.manifest
        self.platform = Platform.from_manifest(self.chain, self.manifest)
        self.start_block = self.platform.block_number() + 1
        self.banks: dict[str, _Bank] = {}

    # ------------------------------------------------------------------ helpers
    def as_role(self, role: str) -> Platform:
        """The SDK session of a dev role; only where the manifest says the roles are the dev accounts."""
        account = dev_account(role)
        if not self.chain.is_dev and self.manifest.accounts.get(role, "").lower() != account.address.lower():
            raise DrexError(
                f"the realdigital scenario signs as {role} with its dev key, but {self.chain.name} "
                "was not deployed with the dev accounts"
            )
        return self.platform.as_signer(account)

    def addr(self, role: str) -> str:
        return dev_account(role).address

    def step(self, text: str) -> None:
        self.s.step(text)

    def op(self, kind: str, outcome: Outcome, text: str, ref: object = None) -> None:
        self.s.op(kind, outcome, text, ref=ref)

    # -------------------------------------------------------------------- setup
    def enable_banks(self) -> None:
        bcb = self.as_role("BCB")
        rd = bcb.real_digital
        for role in BANK_SETUP:
            cnpj8 = self.manifest.participants[role]
            wallet = self.addr(role)
            if rd.is_enabled(wallet):
                self.step(f"{role} ({cnpj8}) already enabled on Real Digital by the deployment")
            else:
                rd.enable_account(wallet)
                self.op("participant setup", "settled", f"BCB enables {role} ({cnpj8}) on Real Digital")
            if rd.default_account(cnpj8) is None:
                rd.add_default_account(cnpj8, wallet)
                self.op(
                    "participant setup", "settled", f"BCB registers {wallet} as the default wallet of {cnpj8}"
                )
            else:
                self.step(f"default wallet of {cnpj8}: {rd.default_account(cnpj8)}")

    def fund_banks(self) -> None:
        for role, (reserve_amount, _) in BANK_SETUP.items():
            bank = self.as_role(role)
            cnpj8 = self.manifest.participants[role]
            token = bank.real_tokenizado(cnpj8)
            reserve = token.reserve()
            self.banks[role] = _Bank(
                role,
                cnpj8,
                bank,
                token,
                reserve,
                token.total_supply(),
                bank.real_digital.balance_of(reserve),
            )
            if reserve != bank.address:
                raise DrexError(
                    f"the reserve of the Real Tokenizado of {cnpj8} is {reserve}, not {role}'s wallet: "
                    "cannot fund it"
                )
            bank.real_digital.request_mint(reserve_amount)
            self.op(
                "Real Digital issuance (STR)",
                "settled",
                f"{role} requests {brl(reserve_amount)} of Real Digital through STR into its reserve",
            )

    def onboard_customers(self) -> None:
        for role, (_, customers) in BANK_SETUP.items():
            bank = self.banks[role]
            keys = bank.session.key_dictionary
            for customer, amount in customers.items():
                wallet = self.addr(customer)
                bank.token.enable_account(wallet)
                identifier, cpf, code, branch, account = CUSTOMERS[customer]
                if keys.find_wallet(identifier) is not None:
                    self.step(f"{customer}'s key is already in KeyDictionary")
                else:
                    keys.add_account(
                        identifier,
                        tax_id=cpf,
                        cnpj8=bank.cnpj8,
                        bank_number=code,
                        account=account,
                        branch=branch,
                        wallet=wallet,
                    )
                bank.token.mint(wallet, amount)
                self.op(
                    "customer onboarding",
                    "settled",
                    f"{role} enables {customer} on its Real Tokenizado, registers key {identifier!r} "
                    f"(hashed) in KeyDictionary, issues {brl(amount)} of Real Tokenizado",
                )

    def approve_swaps(self) -> None:
        for role, (reserve_amount, _) in BANK_SETUP.items():
            bank = self.banks[role].session
            swaps = (
                bank.swap_one_step,
                bank.swap_two_steps,
                bank.swap_two_steps_reserve,
                bank.swap_one_step_from,
            )
            for swap in swaps:
                swap.approve_reserve(reserve_amount)
            self.op(
                "allowance",
                "settled",
                f"{role} lets each swap contract take up to {brl(reserve_amount)} from its reserve",
            )

    # -------------------------------------------------------------------- swaps
    def lookup(self, payer_bank: str, key: str) -> str:
        """The payer's bank finds the receiver's wallet by key, as the pilot's flow does."""
        wallet = self.banks[payer_bank].session.key_dictionary.get_wallet(key)
        self.step(f"{payer_bank} looks up key {key!r} in KeyDictionary: wallet {wallet}")
        return wallet

    def one_step(self) -> None:
        payer = self.as_role("CUSTOMER_A1")
        to = self.lookup("BANK_A", CUSTOMERS["CUSTOMER_B1"][0])
        amount = Decimal("1250.75")
        payer.swap_one_step.execute(self.banks["BANK_A"].cnpj8, self.banks["BANK_B"].cnpj8, to, amount)
        self.op(
            "SwapOneStep payment",
            "settled",
            f"CUSTOMER_A1 pays CUSTOMER_B1 {brl(amount)} with SwapOneStep "
            "(burn at A, reserve A->B, mint at B)",
        )
        data = self.banks["BANK_B"].session.key_dictionary
        payer_key = data.get_key(payer.address)
        who = data.get_customer_data(payer_key)
        self.step(f"BANK_B identifies the payer by its key: CPF {who.tax_id:011d}, bank {who.cnpj8}")

    def two_steps_executed(self) -> None:
        payer = self.as_role("CUSTOMER_A2")
        receiver = self.as_role("CUSTOMER_B2")
        a, b = self.banks["BANK_A"], self.banks["BANK_B"]
        amount = Decimal("300.00")
        pid = payer.swap_two_steps.start(a.cnpj8, b.cnpj8, receiver.address, amount)
        frozen_rt = a.token.frozen_balance_of(payer.address)
        frozen_rd = self.platform.real_digital.frozen_balance_of(a.reserve)
        kind = "SwapTwoSteps payment"
        self.op(
            kind,
            "registered",
            f"CUSTOMER_A2 proposes {brl(amount)} to CUSTOMER_B2 on SwapTwoSteps (proposal {pid}); frozen: "
            f"{brl(frozen_rt)} of A2's Real Tokenizado, {brl(frozen_rd)} of BANK_A's Real Digital",
            pid,
        )
        receiver.swap_two_steps.execute(pid)
        self.op(kind, "settled", f"CUSTOMER_B2 accepts proposal {pid}, atomically, funds unfrozen", pid)

    def reserve_executed(self) -> None:
        payer = self.as_role("CUSTOMER_B1")
        receiver = self.as_role("CUSTOMER_A1")
        a, b = self.banks["BANK_A"], self.banks["BANK_B"]
        amount = Decimal("99.99")
        swap = payer.swap_two_steps_reserve
        pid = swap.start(b.cnpj8, a.cnpj8, receiver.address, amount)
        escrow = self.platform.real_digital.balance_of(swap.address)
        kind = "SwapTwoStepsReserve payment"
        self.op(
            kind,
            "registered",
            f"CUSTOMER_B1 proposes {brl(amount)} to CUSTOMER_A1 on SwapTwoStepsReserve (proposal {pid}); "
            f"escrow now holds {brl(escrow)} of Real Digital",
            pid,
        )
        receiver.swap_two_steps_reserve.execute(pid)
        self.op(
            kind,
            "settled",
            f"CUSTOMER_A1 accepts proposal {pid} (escrow burned at B, paid to BANK_A, minted to A1)",
            pid,
        )

    def reserve_cancelled(self) -> None:
        payer = self.as_role("CUSTOMER_A1")
        a, b = self.banks["BANK_A"], self.banks["BANK_B"]
        amount = Decimal("500.00")
        swap = payer.swap_two_steps_reserve
        before = a.token.balance_of(payer.address)
        pid = swap.start(a.cnpj8, b.cnpj8, self.addr("CUSTOMER_B2"), amount)
        kind = "SwapTwoStepsReserve payment"
        self.op(
            kind,
            "registered",
            f"CUSTOMER_A1 proposes {brl(amount)} to CUSTOMER_B2 on SwapTwoStepsReserve (proposal {pid})",
            pid,
        )
        swap.cancel(pid, "customer changed their mind")
        after = a.token.balance_of(payer.address)
        if after != before:
            raise DrexError(
                f"cancelling proposal {pid} left CUSTOMER_A1 with {brl(after)}, not {brl(before)}"
            )
        self.op(
            kind,
            "cancelled",
            f"CUSTOMER_A1 cancels proposal {pid}, escrow returned (A1 holds {brl(after)} of Real Tokenizado, "
            "as before)",
            pid,
        )

    def two_steps_expired(self) -> None:
        payer = self.as_role("CUSTOMER_A2")
        receiver = self.as_role("CUSTOMER_B1")
        a, b = self.banks["BANK_A"], self.banks["BANK_B"]
        amount = Decimal("42.00")
        pid = payer.swap_two_steps.start(a.cnpj8, b.cnpj8, receiver.address, amount)
        proposal = payer.swap_two_steps.proposal(pid)
        kind = "SwapTwoSteps payment"
        self.op(
            kind,
            "registered",
            f"CUSTOMER_A2 proposes {brl(amount)} to CUSTOMER_B1 on SwapTwoSteps (proposal {pid}), "
            f"executable until {moment(proposal.expires_at)}",
            pid,
        )
        self.let_expire(payer.swap_two_steps, proposal.expires_at)
        try:
            receiver.swap_two_steps.execute(pid)
        except ContractRevert as exc:
            self.s.refused(kind, f"CUSTOMER_B1 tries to accept proposal {pid} too late", exc, ref=pid)
        else:
            raise DrexError(f"proposal {pid} was executed after its expiry")
        self.as_role("BANK_A").swap_two_steps.cancel(pid, "expired")
        frozen = a.token.frozen_balance_of(payer.address)
        self.op(
            kind,
            "cancelled",
            f"BANK_A closes expired proposal {pid} (ExpiredProposal), A2's frozen Real Tokenizado back to "
            f"{brl(frozen)}",
            pid,
        )

    def let_expire(self, swap: SwapTwoSteps, expires_at: int) -> None:
        now = self.chain.timestamp()
        if self.chain.is_dev:
            self.chain.increase_time(expires_at - now + 1)
            reached = moment(self.chain.timestamp())
            self.step(f"the dev chain's clock moves forward {expires_at - now + 1} s, to {reached}")
            return
        self.step(
            f"waiting {expires_at - now + 1} s of real time for the proposal to expire"
        )  # not a dev chain
        deadline = time.monotonic() + 3 * swap.expiration_time() + 30
        while self.chain.timestamp() <= expires_at:
            if time.monotonic() > deadline:
                raise DrexError("the chain's clock did not pass the proposal's expiry")
            time.sleep(1)

    # ------------------------------------------------------------------ checks
    def summary(self) -> None:
        rd = self.platform.real_digital
        a, b = self.banks["BANK_A"], self.banks["BANK_B"]
        rows: list[list[str]] = []
        violations: list[str] = []
        for bank in self.banks.values():
            supply, held = bank.token.total_supply(), rd.balance_of(bank.reserve)
            d_supply, d_reserve = supply - bank.supply_before, held - bank.reserve_before
            issued = Decimal("0.00")
            for t in bank.token.transfers(from_block=self.start_block):
                issued += t.amount if t.kind == "mint" else -t.amount if t.kind == "burn" else 0
            moved = Decimal("0.00")
            for t in rd.transfers(bank.reserve, from_block=self.start_block):
                moved += t.amount if t.receiver == bank.reserve else -t.amount
            ok = d_supply == d_reserve == issued == moved
            rows.append(
                [
                    f"{bank.role} ({bank.cnpj8})",
                    *(brl(x) for x in (d_supply, d_reserve, issued, moved, supply, held)),
                ]
            )
            self.s.check(
                f"reserve of {bank.role}",
                ok,
                f"Real Tokenizado issued {brl(issued)} = net Real Digital into its reserve {brl(moved)} "
                "(balances and Transfer events)",
            )
            if not ok:
                violations.append(bank.role)
        self.s.table(
            "Reserve invariant per bank over this phase: Δ supply of its Real Tokenizado = Δ Real Digital of "
            "its reserve wallet",
            [
                "bank",
                "Δ supply",
                "Δ reserve",
                "RT minted-burned",
                "reserve in-out",
                "supply now",
                "reserve now",
            ],
            rows,
        )
        frozen = sum(
            (t.frozen_balance_of(self.addr(role)) for t in (a.token, b.token) for role in CUSTOMERS),
            Decimal("0.00"),
        ) + sum((rd.frozen_balance_of(bank.reserve) for bank in self.banks.values()), Decimal("0.00"))
        escrow = rd.balance_of(self.platform.swap_two_steps_reserve.address)
        self.s.check(
            "swaps leave nothing behind",
            frozen == 0 and escrow == 0,
            f"frozen balances {brl(frozen)}, Real Digital in swap escrow {brl(escrow)}",
        )
        if escrow != 0 or frozen != 0:
            violations.append("escrow or frozen balances not empty")
        if violations:
            raise DrexError(f"reserve invariant violated for {', '.join(violations)}")

    def run(self) -> None:
        self.enable_banks()
        self.fund_banks()
        self.onboard_customers()
        self.approve_swaps()
        self.one_step()
        self.two_steps_executed()
        self.reserve_executed()
        self.reserve_cancelled()
        self.two_steps_expired()
        self.summary()


def run(session: Session) -> None:
    """Run the phase on the session's chain (see the module docstring); raises DrexError if an invariant
    fails."""
    _Phase(session).run()


__all__ = ["BANK_SETUP", "CUSTOMERS", "run"]
