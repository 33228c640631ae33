"""``drex rd|rt|swap``: an institution's Real Digital, Real Tokenizado and swap operations.

Each command reads the deployment manifest and connects to the network given by the shared options
(:mod:`drex.cli.options`: flag, ``DREX_NETWORK``/``DREX_MANIFEST``, ``drex.toml``, default ``local`` and
``deployment.json``), checking the chain id, and calls the institution SDK (:mod:`drex.sdk`). Commands
that send a transaction need a signer: ``--as ROLE`` uses the public dev account of that role, accepted
only on dev chains (embedded, local, any anvil node) or when the manifest records that its roles are those
dev accounts; elsewhere ``--keystore PATH`` (an encrypted keystore; password from
``DREX_KEYSTORE_PASSWORD`` or a prompt). Account arguments take an address or a role name of the manifest
(``CUSTOMER_B1``); bank arguments a CNPJ8 or a bank role; ``--bank`` of ``drex rt`` goes before or after
the subcommand. Amounts are reais with at most 2 decimals (``1234.56``), shown as ``R$ 1.234,56``; with
``--json`` every command prints one JSON document with amounts in centavos. Only Typer is imported at
module level, so ``drex --help`` stays fast; every error is a :class:`~drex.errors.DrexError`, one line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import Session, cents, open_session, print_tx, report
from drex.cli.numbers import FromBlock, ProposalId
from drex.cli.options import BANK, SIGNING, shared_group

if TYPE_CHECKING:
    from drex.sdk.swaps import SwapTwoSteps

rd_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Real Digital: balances, STR mint/burn requests, transfers, enabled wallets.",
    no_args_is_help=True,
)
rt_app = typer.Typer(
    cls=shared_group(*BANK),
    help="Real Tokenizado of one bank (--bank CNPJ8 or role, before or after the command): balances, "
    "issuance, transfers.",
    no_args_is_help=True,
)
swap_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Swaps of Real Tokenizado between customers of two banks.",
    no_args_is_help=True,
)

Reserve = Annotated[
    bool, typer.Option("--reserve", help="use SwapTwoStepsReserve (escrow) instead of SwapTwoSteps")
]


def _money(value: Decimal | str) -> str:
    from drex.sdk.display import reais

    return reais(Decimal(value))


def _rt(cnpj8: str) -> str:
    return f"Real Tokenizado of {cnpj8}"


# -------------------------------------------------------------------------- Real Digital
@rd_app.command("balance")
def rd_balance(account: str) -> None:
    """Real Digital balance, frozen and available amounts, and whether ACCOUNT is enabled."""
    from drex.sdk.display import yes_no

    s = open_session()
    who = s.account(account)
    rd = s.platform.real_digital
    balance, frozen, enabled = rd.balance_of(who), rd.frozen_balance_of(who), rd.is_enabled(who)
    available = max(balance - frozen, Decimal(0))
    report(
        [
            f"account    {s.label(who)}",
            f"balance    {_money(balance)}",
            f"frozen     {_money(frozen)}",
            f"available  {_money(available)}",
            f"enabled    {yes_no(enabled)}",
        ],
        {
            "account": who,
            "balance": cents(balance),
            "frozen": cents(frozen),
            "available": cents(available),
            "enabled": enabled,
        },
    )


@rd_app.command("enable")
def rd_enable(account: str) -> None:
    """Enable ACCOUNT on Real Digital: directly when the signer holds ACCESS_ROLE (BCB), otherwise through
    RealDigitalEnableAccount (a participant enabling another wallet of its own)."""
    s = open_session(sign=True)
    who = s.account(account)
    rd = s.platform.real_digital
    if rd.has_role("ACCESS_ROLE", s.platform.address):
        print_tx(
            f"enabled {s.label(who)} on Real Digital (ACCESS_ROLE)",
            rd.enable_account(who),
            "enable",
            account=who,
        )
    else:
        result = rd.enable_own_account(who)
        print_tx(
            f"enabled {s.label(who)} on Real Digital (via RealDigitalEnableAccount)",
            result,
            "enable",
            account=who,
        )


@rd_app.command("disable")
def rd_disable(
    account: Annotated[
        str | None, typer.Argument(help="wallet to disable (ACCESS_ROLE); omit to disable your own")
    ] = None,
) -> None:
    """Disable ACCOUNT (the authority, ACCESS_ROLE), or without ACCOUNT the signer's own wallet (through
    RealDigitalEnableAccount)."""
    s = open_session(sign=True)
    rd = s.platform.real_digital
    if account is None:
        own = s.platform.address
        print_tx(
            f"disabled own wallet {s.label(own)} on Real Digital",
            rd.disable_own_account(),
            "disable",
            account=own,
        )
    else:
        who = s.account(account)
        print_tx(f"disabled {s.label(who)} on Real Digital", rd.disable_account(who), "disable", account=who)


@rd_app.command("mint-request")
def rd_mint_request(amount: str) -> None:
    """Request AMOUNT reais of Real Digital from STR into the signer's enabled wallet."""
    s = open_session(sign=True)
    result = s.platform.real_digital.request_mint(amount)
    who = s.platform.address
    print_tx(
        f"STR issued {_money(amount)} to {s.label(who)}",
        result,
        "mint-request",
        amount=cents(Decimal(amount)),
        account=who,
    )


@rd_app.command("burn-request")
def rd_burn_request(amount: str) -> None:
    """Redeem AMOUNT reais of the signer's Real Digital through STR (no approve needed)."""
    s = open_session(sign=True)
    result = s.platform.real_digital.request_burn(amount)
    who = s.platform.address
    print_tx(
        f"STR redeemed {_money(amount)} from {s.label(who)}",
        result,
        "burn-request",
        amount=cents(Decimal(amount)),
        account=who,
    )


@rd_app.command("transfer")
def rd_transfer(to: str, amount: str) -> None:
    """Transfer AMOUNT reais of Real Digital from the signer to TO."""
    s = open_session(sign=True)
    who = s.account(to, "receiver")
    result = s.platform.real_digital.transfer(who, amount)
    print_tx(
        f"transferred {_money(amount)} to {s.label(who)}",
        result,
        "transfer",
        amount=cents(Decimal(amount)),
        to=who,
    )


@rd_app.command("approve")
def rd_approve(spender: str, amount: str) -> None:
    """Set SPENDER's Real Digital allowance over the signer's wallet to AMOUNT (a contract name such as
    SwapOneStep is accepted)."""
    s = open_session(sign=True)
    who = _spender(s, spender)
    result = s.platform.real_digital.approve(who, amount)
    print_tx(
        f"allowance of {s.label(who)} set to {_money(amount)}",
        result,
        "approve",
        amount=cents(Decimal(amount)),
        spender=who,
    )


def _spender(s: Session, text: str) -> str:
    if text in s.manifest.contracts:
        return s.platform.address_of(text)
    return s.account(text, "spender")


@rd_app.command("freeze")
def rd_freeze(account: str, amount: str) -> None:
    """Freeze AMOUNT more of ACCOUNT's Real Digital (FREEZER_ROLE)."""
    s = open_session(sign=True)
    who = s.account(account)
    result = s.platform.real_digital.freeze(who, amount)
    print_tx(
        f"froze {_money(amount)} of {s.label(who)}",
        result,
        "freeze",
        amount=cents(Decimal(amount)),
        account=who,
    )


@rd_app.command("unfreeze")
def rd_unfreeze(account: str, amount: str) -> None:
    """Unfreeze AMOUNT of ACCOUNT's Real Digital (FREEZER_ROLE)."""
    s = open_session(sign=True)
    who = s.account(account)
    result = s.platform.real_digital.unfreeze(who, amount)
    print_tx(
        f"unfroze {_money(amount)} of {s.label(who)}",
        result,
        "unfreeze",
        amount=cents(Decimal(amount)),
        account=who,
    )


@rd_app.command("default-account")
def rd_default_account(bank: str) -> None:
    """The default Real Digital wallet of BANK (CNPJ8 or bank role)."""
    s = open_session()
    cnpj8 = s.bank(bank)
    found = s.platform.real_digital.default_account(cnpj8)
    role = next((r for r, a in s.manifest.accounts.items() if found and a.lower() == found.lower()), None)
    shown = "no default wallet" if not found else f"{found} ({role})" if role else found
    report([f"{cnpj8}  {shown}"], {"cnpj8": cnpj8, "wallet": found})


@rd_app.command("history")
def rd_history(account: str, from_block: FromBlock = 0) -> None:
    """Real Digital transfers (mints and burns included) from or to ACCOUNT."""
    s = open_session()
    _print_transfers(s, s.platform.real_digital.transfers(s.account(account), from_block=from_block))


def _print_transfers(s: Session, records: list[Any]) -> None:
    lines = [
        f"block {t.where.block_number:>6}  {t.kind:<8} {_money(t.amount):>18}  "
        f"{s.label(t.sender)} -> {s.label(t.receiver)}"
        for t in records
    ]
    docs = [
        {
            "block": t.where.block_number,
            "tx": t.where.tx_hash,
            "kind": t.kind,
            "amount": cents(t.amount),
            "sender": t.sender,
            "receiver": t.receiver,
        }
        for t in records
    ]
    report(lines or ["no transfers"], {"transfers": docs})


# ----------------------------------------------------------------------- Real Tokenizado
def _bank(s: Session) -> str:
    from drex.errors import DrexError

    if not s.options.bank:
        raise DrexError(
            "say which bank's Real Tokenizado: --bank CNPJ8 or role (before or after the command)"
        )
    return s.bank(s.options.bank)


@rt_app.command("info")
def rt_info() -> None:
    """Name, symbol, institution, reserve wallet and supply of --bank's Real Tokenizado."""
    s = open_session()
    rt = s.platform.real_tokenizado(_bank(s))
    name, symbol, institution, cnpj8 = rt.token_name(), rt.symbol(), rt.participant(), rt.cnpj8()
    reserve, supply = rt.reserve(), rt.total_supply()
    report(
        [
            f"contract     {rt.address}",
            f"token        {name} ({symbol})",
            f"institution  {institution} (CNPJ8 {cnpj8})",
            f"reserve      {s.label(reserve)}",
            f"supply       {_money(supply)}",
        ],
        {
            "contract": rt.address,
            "name": name,
            "symbol": symbol,
            "institution": institution,
            "cnpj8": cnpj8,
            "reserve": reserve,
            "supply": cents(supply),
        },
    )


@rt_app.command("balance")
def rt_balance(account: str) -> None:
    """ACCOUNT's balance of --bank's Real Tokenizado, frozen part, and whether it is enabled."""
    from drex.sdk.display import yes_no

    s = open_session()
    cnpj8 = _bank(s)
    rt = s.platform.real_tokenizado(cnpj8)
    who = s.account(account)
    balance, frozen, enabled = rt.balance_of(who), rt.frozen_balance_of(who), rt.is_enabled(who)
    report(
        [
            f"account    {s.label(who)}",
            f"token      {_rt(cnpj8)}",
            f"balance    {_money(balance)}",
            f"frozen     {_money(frozen)}",
            f"enabled    {yes_no(enabled)}",
        ],
        {
            "account": who,
            "cnpj8": cnpj8,
            "balance": cents(balance),
            "frozen": cents(frozen),
            "enabled": enabled,
        },
    )


@rt_app.command("enable")
def rt_enable(account: str) -> None:
    """Enable ACCOUNT on --bank's Real Tokenizado (the bank, ACCESS_ROLE)."""
    s = open_session(sign=True)
    cnpj8, who = _bank(s), s.account(account)
    result = s.platform.real_tokenizado(cnpj8).enable_account(who)
    print_tx(f"enabled {s.label(who)} on {_rt(cnpj8)}", result, "enable", cnpj8=cnpj8, account=who)


@rt_app.command("disable")
def rt_disable(account: str) -> None:
    """Disable ACCOUNT on --bank's Real Tokenizado (the bank, ACCESS_ROLE)."""
    s = open_session(sign=True)
    cnpj8, who = _bank(s), s.account(account)
    result = s.platform.real_tokenizado(cnpj8).disable_account(who)
    print_tx(f"disabled {s.label(who)} on {_rt(cnpj8)}", result, "disable", cnpj8=cnpj8, account=who)


@rt_app.command("mint")
def rt_mint(to: str, amount: str) -> None:
    """Issue AMOUNT of --bank's Real Tokenizado to customer TO (the bank, MINTER_ROLE)."""
    s = open_session(sign=True)
    cnpj8, who = _bank(s), s.account(to, "receiver")
    result = s.platform.real_tokenizado(cnpj8).mint(who, amount)
    print_tx(
        f"issued {_money(amount)} of {_rt(cnpj8)} to {s.label(who)}",
        result,
        "mint",
        cnpj8=cnpj8,
        amount=cents(Decimal(amount)),
        to=who,
    )


@rt_app.command("burn")
def rt_burn(amount: str) -> None:
    """Destroy AMOUNT of the signer's own Real Tokenizado (the bank, BURNER_ROLE)."""
    s = open_session(sign=True)
    cnpj8 = _bank(s)
    result = s.platform.real_tokenizado(cnpj8).burn(amount)
    print_tx(
        f"burned {_money(amount)} of {_rt(cnpj8)}", result, "burn", cnpj8=cnpj8, amount=cents(Decimal(amount))
    )


@rt_app.command("transfer")
def rt_transfer(to: str, amount: str) -> None:
    """Transfer AMOUNT of --bank's Real Tokenizado from the signer to TO (a customer of the same bank)."""
    s = open_session(sign=True)
    cnpj8, who = _bank(s), s.account(to, "receiver")
    result = s.platform.real_tokenizado(cnpj8).transfer(who, amount)
    print_tx(
        f"transferred {_money(amount)} of {_rt(cnpj8)} to {s.label(who)}",
        result,
        "transfer",
        cnpj8=cnpj8,
        amount=cents(Decimal(amount)),
        to=who,
    )


@rt_app.command("history")
def rt_history(account: str, from_block: FromBlock = 0) -> None:
    """Transfers of --bank's Real Tokenizado (issuance and burns included) from or to ACCOUNT."""
    s = open_session()
    rt = s.platform.real_tokenizado(_bank(s))
    _print_transfers(s, rt.transfers(s.account(account), from_block=from_block))


# ---------------------------------------------------------------------------------- swaps
SwapKind = Annotated[
    str, typer.Option("--contract", "-c", help="one-step, two-steps, reserve or one-step-from")
]
_SWAPS = {
    "one-step": "swap_one_step",
    "two-steps": "swap_two_steps",
    "reserve": "swap_two_steps_reserve",
    "one-step-from": "swap_one_step_from",
}


def _swap_by_kind(s: Session, kind: str) -> Any:
    from drex.errors import DrexError

    attr = _SWAPS.get(kind)
    if attr is None:
        raise DrexError(f"unknown swap contract {kind!r}: use one-step, two-steps, reserve or one-step-from")
    return getattr(s.platform, attr)


def _two_steps(s: Session, reserve: bool) -> SwapTwoSteps:
    return s.platform.swap_two_steps_reserve if reserve else s.platform.swap_two_steps


FromBank = Annotated[str, typer.Option("--from-bank", help="payer's bank: CNPJ8 or role")]
ToBank = Annotated[str, typer.Option("--to-bank", help="receiver's bank: CNPJ8 or role")]
To = Annotated[str, typer.Option("--to", help="receiving customer: address or role")]


@swap_app.command("approve-reserve")
def swap_approve_reserve(amount: str, contract: SwapKind = "one-step") -> None:
    """Raise the swap contract's Real Digital allowance over the signer's reserve wallet by AMOUNT (the
    paying bank does this before its customers pay)."""
    s = open_session(sign=True)
    swap = _swap_by_kind(s, contract)
    result = swap.approve_reserve(amount)
    print_tx(
        f"{swap.name} may take {_money(amount)} more from {s.label(s.platform.address)}",
        result,
        "approve-reserve",
        contract=swap.name,
        amount=cents(Decimal(amount)),
    )


@swap_app.command("one-step")
def swap_one_step(amount: str, from_bank: FromBank, to_bank: ToBank, to: To) -> None:
    """Pay AMOUNT from the signer (a customer of --from-bank) to --to (a customer of --to-bank) atomically;
    approves the swap contract on the signer's Real Tokenizado first."""
    s = open_session(sign=True)
    sender_bank, receiver_bank, who = s.bank(from_bank), s.bank(to_bank), s.account(to, "receiver")
    result = s.platform.swap_one_step.execute(sender_bank, receiver_bank, who, amount)
    print_tx(
        f"paid {_money(amount)}: {_rt(sender_bank)} -> {_rt(receiver_bank)}, to {s.label(who)}",
        result,
        "one-step",
        amount=cents(Decimal(amount)),
        fromBank=sender_bank,
        toBank=receiver_bank,
        to=who,
    )


@swap_app.command("start")
def swap_start(amount: str, from_bank: FromBank, to_bank: ToBank, to: To, reserve: Reserve = False) -> None:
    """Propose a two-step payment of AMOUNT to --to; prints the proposal id the receiver executes."""
    s = open_session(sign=True)
    swap = _two_steps(s, reserve)
    sender_bank, receiver_bank, who = s.bank(from_bank), s.bank(to_bank), s.account(to, "receiver")
    proposal_id = swap.start(sender_bank, receiver_bank, who, amount)
    expiry = swap.expiration_time()
    flag = " --reserve" if reserve else ""
    report(
        [
            f"proposal {proposal_id} started on {swap.name}: {_money(amount)}, {_rt(sender_bank)} -> "
            f"{_rt(receiver_bank)}",
            f"receiver {s.label(who)} has {expiry} s to run: drex swap execute {proposal_id}{flag}",
        ],
        {
            "action": "start",
            "contract": swap.name,
            "proposalId": proposal_id,
            "amount": cents(Decimal(amount)),
            "fromBank": sender_bank,
            "toBank": receiver_bank,
            "to": who,
            "expirationSeconds": expiry,
        },
    )


@swap_app.command("execute")
def swap_execute(proposal_id: ProposalId, reserve: Reserve = False) -> None:
    """Accept two-step proposal PROPOSAL_ID and settle it (its receiver, before it expires)."""
    s = open_session(sign=True)
    swap = _two_steps(s, reserve)
    result = swap.execute(proposal_id)
    print_tx(f"executed proposal {proposal_id} on {swap.name}", result, "execute", proposalId=proposal_id)


@swap_app.command("cancel")
def swap_cancel(
    proposal_id: ProposalId,
    reason: Annotated[str, typer.Option(help="why (recorded in the SwapCancelled event)")] = "",
    reserve: Reserve = False,
) -> None:
    """Cancel two-step proposal PROPOSAL_ID (payer or receiver; anyone once expired), releasing its funds."""
    s = open_session(sign=True)
    swap = _two_steps(s, reserve)
    result = swap.cancel(proposal_id, reason)
    print_tx(f"cancelled proposal {proposal_id} on {swap.name}", result, "cancel", proposalId=proposal_id)


@swap_app.command("show")
def swap_show(proposal_id: ProposalId, reserve: Reserve = False) -> None:
    """A two-step proposal: parties, amount, status and expiry."""
    from drex.sdk.display import moment

    s = open_session()
    swap = _two_steps(s, reserve)
    p = swap.proposal(proposal_id)
    now = s.chain.timestamp()
    expired = p.is_expired(now)
    status = "expired (pending past its expiry)" if expired else p.status.name.lower()
    left = p.expires_at - now
    when = f"{left} s after the latest block" if left >= 0 else f"{-left} s before the latest block"
    report(
        [
            f"proposal   {p.proposal_id} on {swap.name}",
            f"status     {status}",
            f"amount     {_money(p.amount)}",
            f"sender     {s.label(p.sender)} (token {p.token_sender})",
            f"receiver   {s.label(p.receiver)} (token {p.token_receiver})",
            f"expires    {moment(p.expires_at)} ({when})",
        ],
        {
            "proposalId": p.proposal_id,
            "contract": swap.name,
            "status": p.status.name,
            "expired": expired,
            "amount": cents(p.amount),
            "sender": p.sender,
            "tokenSender": p.token_sender,
            "receiver": p.receiver,
            "tokenReceiver": p.token_receiver,
            "startedAt": p.started_at,
            "expiresAt": p.expires_at,
        },
    )


@swap_app.command("history")
def swap_history(
    account: Annotated[str | None, typer.Argument(help="only swaps this account pays or receives")] = None,
    contract: SwapKind = "two-steps",
    from_block: FromBlock = 0,
) -> None:
    """Swap events of one swap contract, optionally only those of ACCOUNT."""
    s = open_session()
    swap = _swap_by_kind(s, contract)
    records = swap.history(s.account(account) if account else None, from_block=from_block)
    lines, docs = [], []
    for e in records:
        pid = "-" if e.proposal_id is None else str(e.proposal_id)
        if e.amount is not None:
            detail = f"{_money(e.amount)} {s.label(e.sender or '')} -> {s.label(e.receiver or '')}"
        else:
            detail = e.reason or ""
        lines.append(f"block {e.where.block_number:>6}  {e.event:<16} proposal {pid:<4} {detail}")
        docs.append(
            {
                "block": e.where.block_number,
                "tx": e.where.tx_hash,
                "event": e.event,
                "proposalId": e.proposal_id,
                "amount": None if e.amount is None else cents(e.amount),
                "sender": e.sender,
                "receiver": e.receiver,
                "reason": e.reason,
            }
        )
    report(lines or ["no swap events"], {"contract": swap.name, "events": docs})
