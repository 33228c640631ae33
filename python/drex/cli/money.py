"""``drex rd|rt|swap|keys``: an institution's Real Digital, Real Tokenizado, swap and key operations.

Each command reads the deployment manifest (``--manifest``, default ``deployment.json``), connects to
``--network`` (default ``local``, the node of ``drex node start``; or a JSON-RPC URL) checking the chain
id, and calls the institution SDK (:mod:`drex.sdk`). Commands that send a transaction need a signer:
``--as ROLE`` uses the public dev account of that role, accepted only on dev chains (embedded, local,
any anvil node) or when the manifest records that its roles are those dev accounts; elsewhere
``--keystore PATH`` (an encrypted keystore; password from ``DREX_KEYSTORE_PASSWORD`` or a prompt).
Account arguments take an
address or a role name of the manifest (``CUSTOMER_B1``); bank arguments a CNPJ8 or a bank role.
Amounts are reais with at most 2 decimals (``1234.56``). Only Typer is imported at module level, so
``drex --help`` stays fast; every error is a :class:`~drex.errors.DrexError`, printed as one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import AsRole, Keystore, ManifestPath, Network, Session, echo, open_session, print_tx
from drex.cli.numbers import FromBlock, ProposalId

if TYPE_CHECKING:
    from drex.sdk.swaps import SwapTwoSteps

rd_app = typer.Typer(
    help="Real Digital: balances, STR mint/burn requests, transfers, enabled wallets.", no_args_is_help=True
)
rt_app = typer.Typer(
    help="Real Tokenizado of one bank (--bank CNPJ8): balances, issuance, transfers.", no_args_is_help=True
)
swap_app = typer.Typer(help="Swaps of Real Tokenizado between customers of two banks.", no_args_is_help=True)
keys_app = typer.Typer(
    help="KeyDictionary: customer keys (hashed here with keccak256), lookups, portability.",
    no_args_is_help=True,
)

Bank = Annotated[str, typer.Option("--bank", "-b", help="the issuing bank: CNPJ8 or role (BANK_A)")]
Hashed = Annotated[bool, typer.Option("--hashed", help="KEY is already a keccak256 hash (0x + 64 hex)")]
Reserve = Annotated[
    bool, typer.Option("--reserve", help="use SwapTwoStepsReserve (escrow) instead of SwapTwoSteps")
]


def _money(value: Any) -> str:
    return f"{value} BRL"


# -------------------------------------------------------------------------- Real Digital
@rd_app.command("balance")
def rd_balance(
    account: str, network: Network = "local", manifest: ManifestPath = Path("deployment.json")
) -> None:
    """Real Digital balance, frozen and available amounts, and whether ACCOUNT is enabled."""
    s = open_session(network, manifest)
    who = s.account(account)
    rd = s.platform.real_digital
    balance, frozen = rd.balance_of(who), rd.frozen_balance_of(who)
    echo(f"account    {who}")
    echo(f"balance    {_money(balance)}")
    echo(f"frozen     {_money(frozen)}")
    echo(f"available  {_money(max(balance - frozen, 0))}")
    echo(f"enabled    {'yes' if rd.is_enabled(who) else 'no'}")


@rd_app.command("enable")
def rd_enable(
    account: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Enable ACCOUNT on Real Digital: directly when the signer holds ACCESS_ROLE (BCB), otherwise through
    RealDigitalEnableAccount (a participant enabling another wallet of its own)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    who = s.account(account)
    rd = s.platform.real_digital
    if rd.has_role("ACCESS_ROLE", s.platform.address):
        print_tx(f"enabled {who} on Real Digital (ACCESS_ROLE)", rd.enable_account(who))
    else:
        print_tx(f"enabled {who} on Real Digital (via RealDigitalEnableAccount)", rd.enable_own_account(who))


@rd_app.command("disable")
def rd_disable(
    account: Annotated[
        str | None, typer.Argument(help="wallet to disable (ACCESS_ROLE); omit to disable your own")
    ] = None,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Disable ACCOUNT (the authority, ACCESS_ROLE), or without ACCOUNT the signer's own wallet (through
    RealDigitalEnableAccount)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    rd = s.platform.real_digital
    if account is None:
        print_tx(f"disabled own wallet {s.platform.address} on Real Digital", rd.disable_own_account())
    else:
        who = s.account(account)
        print_tx(f"disabled {who} on Real Digital", rd.disable_account(who))


@rd_app.command("mint-request")
def rd_mint_request(
    amount: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Request AMOUNT reais of Real Digital from STR into the signer's enabled wallet."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    result = s.platform.real_digital.request_mint(amount)
    print_tx(f"STR issued {_money(amount)} to {s.platform.address}", result)


@rd_app.command("burn-request")
def rd_burn_request(
    amount: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Redeem AMOUNT reais of the signer's Real Digital through STR (no approve needed)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    result = s.platform.real_digital.request_burn(amount)
    print_tx(f"STR redeemed {_money(amount)} from {s.platform.address}", result)


@rd_app.command("transfer")
def rd_transfer(
    to: str,
    amount: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Transfer AMOUNT reais of Real Digital from the signer to TO."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    who = s.account(to, "receiver")
    print_tx(f"transferred {_money(amount)} to {who}", s.platform.real_digital.transfer(who, amount))


@rd_app.command("approve")
def rd_approve(
    spender: str,
    amount: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Set SPENDER's Real Digital allowance over the signer's wallet to AMOUNT (a contract name such as
    SwapOneStep is accepted)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    who = _spender(s, spender)
    print_tx(f"allowance of {who} set to {_money(amount)}", s.platform.real_digital.approve(who, amount))


def _spender(s: Session, text: str) -> str:
    if text in s.manifest.contracts:
        return s.platform.address_of(text)
    return s.account(text, "spender")


@rd_app.command("freeze")
def rd_freeze(
    account: str,
    amount: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Freeze AMOUNT more of ACCOUNT's Real Digital (FREEZER_ROLE)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    who = s.account(account)
    print_tx(f"froze {_money(amount)} of {who}", s.platform.real_digital.freeze(who, amount))


@rd_app.command("unfreeze")
def rd_unfreeze(
    account: str,
    amount: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Unfreeze AMOUNT of ACCOUNT's Real Digital (FREEZER_ROLE)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    who = s.account(account)
    print_tx(f"unfroze {_money(amount)} of {who}", s.platform.real_digital.unfreeze(who, amount))


@rd_app.command("default-account")
def rd_default_account(
    bank: str, network: Network = "local", manifest: ManifestPath = Path("deployment.json")
) -> None:
    """The default Real Digital wallet of BANK (CNPJ8 or bank role)."""
    s = open_session(network, manifest)
    cnpj8 = s.bank(bank)
    found = s.platform.real_digital.default_account(cnpj8)
    echo(f"{cnpj8}  {found if found else 'no default wallet'}")


@rd_app.command("history")
def rd_history(
    account: str,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    from_block: FromBlock = 0,
) -> None:
    """Real Digital transfers (mints and burns included) from or to ACCOUNT."""
    s = open_session(network, manifest)
    _print_transfers(s.platform.real_digital.transfers(s.account(account), from_block=from_block))


def _print_transfers(records: list[Any]) -> None:
    if not records:
        echo("no transfers")
    for t in records:
        echo(f"block {t.where.block_number:>6}  {t.kind:<8} {t.amount:>16}  {t.sender} -> {t.receiver}")


# ----------------------------------------------------------------------- Real Tokenizado
@rt_app.command("info")
def rt_info(bank: Bank, network: Network = "local", manifest: ManifestPath = Path("deployment.json")) -> None:
    """Name, symbol, institution, reserve wallet and supply of BANK's Real Tokenizado."""
    s = open_session(network, manifest)
    rt = s.platform.real_tokenizado(s.bank(bank))
    echo(f"contract     {rt.address}")
    echo(f"token        {rt.token_name()} ({rt.symbol()})")
    echo(f"institution  {rt.participant()} (CNPJ8 {rt.cnpj8()})")
    echo(f"reserve      {rt.reserve()}")
    echo(f"supply       {_money(rt.total_supply())}")


@rt_app.command("balance")
def rt_balance(
    account: str, bank: Bank, network: Network = "local", manifest: ManifestPath = Path("deployment.json")
) -> None:
    """ACCOUNT's balance of BANK's Real Tokenizado, frozen part, and whether it is enabled."""
    s = open_session(network, manifest)
    rt = s.platform.real_tokenizado(s.bank(bank))
    who = s.account(account)
    echo(f"account    {who}")
    echo(f"balance    {_money(rt.balance_of(who))}")
    echo(f"frozen     {_money(rt.frozen_balance_of(who))}")
    echo(f"enabled    {'yes' if rt.is_enabled(who) else 'no'}")


@rt_app.command("enable")
def rt_enable(
    account: str,
    bank: Bank,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Enable ACCOUNT on BANK's Real Tokenizado (the bank, ACCESS_ROLE)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    cnpj8, who = s.bank(bank), s.account(account)
    print_tx(f"enabled {who} on BRL@{cnpj8}", s.platform.real_tokenizado(cnpj8).enable_account(who))


@rt_app.command("disable")
def rt_disable(
    account: str,
    bank: Bank,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Disable ACCOUNT on BANK's Real Tokenizado (the bank, ACCESS_ROLE)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    cnpj8, who = s.bank(bank), s.account(account)
    print_tx(f"disabled {who} on BRL@{cnpj8}", s.platform.real_tokenizado(cnpj8).disable_account(who))


@rt_app.command("mint")
def rt_mint(
    to: str,
    amount: str,
    bank: Bank,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Issue AMOUNT of BANK's Real Tokenizado to customer TO (the bank, MINTER_ROLE)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    cnpj8, who = s.bank(bank), s.account(to, "receiver")
    print_tx(f"issued {amount} BRL@{cnpj8} to {who}", s.platform.real_tokenizado(cnpj8).mint(who, amount))


@rt_app.command("burn")
def rt_burn(
    amount: str,
    bank: Bank,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Destroy AMOUNT of the signer's own Real Tokenizado (the bank, BURNER_ROLE)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    cnpj8 = s.bank(bank)
    print_tx(f"burned {amount} BRL@{cnpj8}", s.platform.real_tokenizado(cnpj8).burn(amount))


@rt_app.command("transfer")
def rt_transfer(
    to: str,
    amount: str,
    bank: Bank,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Transfer AMOUNT of BANK's Real Tokenizado from the signer to TO (a customer of the same bank)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    cnpj8, who = s.bank(bank), s.account(to, "receiver")
    print_tx(
        f"transferred {amount} BRL@{cnpj8} to {who}", s.platform.real_tokenizado(cnpj8).transfer(who, amount)
    )


@rt_app.command("history")
def rt_history(
    account: str,
    bank: Bank,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    from_block: FromBlock = 0,
) -> None:
    """Transfers of BANK's Real Tokenizado (issuance and burns included) from or to ACCOUNT."""
    s = open_session(network, manifest)
    rt = s.platform.real_tokenizado(s.bank(bank))
    _print_transfers(rt.transfers(s.account(account), from_block=from_block))


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
def swap_approve_reserve(
    amount: str,
    contract: SwapKind = "one-step",
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Raise the swap contract's Real Digital allowance over the signer's reserve wallet by AMOUNT (the
    paying bank does this before its customers pay)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    swap = _swap_by_kind(s, contract)
    print_tx(
        f"{swap.name} may take {_money(amount)} more from {s.platform.address}", swap.approve_reserve(amount)
    )


@swap_app.command("one-step")
def swap_one_step(
    amount: str,
    from_bank: FromBank,
    to_bank: ToBank,
    to: To,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Pay AMOUNT from the signer (a customer of --from-bank) to --to (a customer of --to-bank) atomically;
    approves the swap contract on the signer's Real Tokenizado first."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    sender_bank, receiver_bank, who = s.bank(from_bank), s.bank(to_bank), s.account(to, "receiver")
    result = s.platform.swap_one_step.execute(sender_bank, receiver_bank, who, amount)
    print_tx(f"paid {amount} BRL@{sender_bank} -> BRL@{receiver_bank} to {who}", result)


@swap_app.command("start")
def swap_start(
    amount: str,
    from_bank: FromBank,
    to_bank: ToBank,
    to: To,
    reserve: Reserve = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Propose a two-step payment of AMOUNT to --to; prints the proposal id the receiver executes."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    swap = _two_steps(s, reserve)
    sender_bank, receiver_bank, who = s.bank(from_bank), s.bank(to_bank), s.account(to, "receiver")
    proposal_id = swap.start(sender_bank, receiver_bank, who, amount)
    echo(f"proposal {proposal_id} started on {swap.name}: {amount} BRL@{sender_bank} -> BRL@{receiver_bank}")
    flag = " --reserve" if reserve else ""
    echo(f"receiver {who} has {swap.expiration_time()} s to run: drex swap execute {proposal_id}{flag}")


@swap_app.command("execute")
def swap_execute(
    proposal_id: ProposalId,
    reserve: Reserve = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Accept two-step proposal PROPOSAL_ID and settle it (its receiver, before it expires)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    swap = _two_steps(s, reserve)
    print_tx(f"executed proposal {proposal_id} on {swap.name}", swap.execute(proposal_id))


@swap_app.command("cancel")
def swap_cancel(
    proposal_id: ProposalId,
    reason: Annotated[str, typer.Option(help="why (recorded in the SwapCancelled event)")] = "",
    reserve: Reserve = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Cancel two-step proposal PROPOSAL_ID (payer or receiver; anyone once expired), releasing its funds."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    swap = _two_steps(s, reserve)
    print_tx(f"cancelled proposal {proposal_id} on {swap.name}", swap.cancel(proposal_id, reason))


@swap_app.command("show")
def swap_show(
    proposal_id: ProposalId,
    reserve: Reserve = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
) -> None:
    """A two-step proposal: parties, amount, status and expiry."""
    s = open_session(network, manifest)
    swap = _two_steps(s, reserve)
    p = swap.proposal(proposal_id)
    now = s.chain.timestamp()
    status = "EXPIRED (pending past its expiry)" if p.is_expired(now) else p.status.name
    echo(f"proposal   {p.proposal_id} on {swap.name}")
    echo(f"status     {status}")
    echo(f"amount     {_money(p.amount)}")
    echo(f"sender     {p.sender} (token {p.token_sender})")
    echo(f"receiver   {p.receiver} (token {p.token_receiver})")
    echo(f"expires    timestamp {p.expires_at} ({p.expires_at - now:+d} s from the latest block)")


@swap_app.command("history")
def swap_history(
    account: Annotated[str | None, typer.Argument(help="only swaps this account pays or receives")] = None,
    contract: SwapKind = "two-steps",
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    from_block: FromBlock = 0,
) -> None:
    """Swap events of one swap contract, optionally only those of ACCOUNT."""
    s = open_session(network, manifest)
    swap = _swap_by_kind(s, contract)
    records = swap.history(s.account(account) if account else None, from_block=from_block)
    if not records:
        echo("no swap events")
    for e in records:
        pid = "-" if e.proposal_id is None else str(e.proposal_id)
        detail = f"{e.amount} {e.sender} -> {e.receiver}" if e.amount is not None else (e.reason or "")
        echo(f"block {e.where.block_number:>6}  {e.event:<16} proposal {pid:<4} {detail}")


# ------------------------------------------------------------------------------------ keys
CustomerOpt = Annotated[str, typer.Option(help="customer field")]


def _key(text: str, hashed: bool) -> str | bytes:
    from drex.sdk.values import parse_key_hash

    return parse_key_hash(text) if hashed else text


def _customer_fields(
    s: Session, tax_id: str, cnpj8: str, bank_number: str, account: str, branch: str, wallet: str
) -> dict[str, Any]:
    return {
        "tax_id": tax_id,
        "cnpj8": s.bank(cnpj8),
        "bank_number": bank_number,
        "account": account,
        "branch": branch,
        "wallet": s.account(wallet, "wallet"),
    }


TaxId = Annotated[str, typer.Option("--tax-id", help="the customer's CPF (digits)")]
Cnpj8 = Annotated[str, typer.Option("--cnpj8", help="the customer's bank: CNPJ8 or role")]
BankNumber = Annotated[str, typer.Option("--bank-number", help="the bank's code")]
AccountNo = Annotated[str, typer.Option("--account", help="the customer's account number")]
Branch = Annotated[str, typer.Option("--branch", help="the customer's branch")]
Wallet = Annotated[str, typer.Option("--wallet", help="the customer's wallet: address or role")]


@keys_app.command("add")
def keys_add(
    key: str,
    tax_id: TaxId,
    cnpj8: Cnpj8,
    bank_number: BankNumber,
    account: AccountNo,
    branch: Branch,
    wallet: Wallet,
    hashed: Hashed = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Register a customer under KEY (hashed here with keccak256); the signing bank owns the key."""
    from drex.sdk.values import to_key_hash

    s = open_session(network, manifest, as_role, keystore, sign=True)
    k = _key(key, hashed)
    fields = _customer_fields(s, tax_id, cnpj8, bank_number, account, branch, wallet)
    result = s.platform.key_dictionary.add_account(k, **fields)
    print_tx(f"registered key 0x{to_key_hash(k).hex()} -> {fields['wallet']}", result)


@keys_app.command("wallet")
def keys_wallet(
    key: str,
    hashed: Hashed = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
) -> None:
    """The wallet registered under KEY."""
    s = open_session(network, manifest)
    echo(s.platform.key_dictionary.get_wallet(_key(key, hashed)))


@keys_app.command("key")
def keys_key(
    wallet: str, network: Network = "local", manifest: ManifestPath = Path("deployment.json")
) -> None:
    """The key hash WALLET is registered under."""
    s = open_session(network, manifest)
    echo("0x" + s.platform.key_dictionary.get_key(s.account(wallet, "wallet")).hex())


@keys_app.command("show")
def keys_show(
    key: str,
    hashed: Hashed = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
) -> None:
    """Everything registered under KEY."""
    from drex.sdk.values import to_key_hash

    s = open_session(network, manifest)
    k = _key(key, hashed)
    d = s.platform.key_dictionary.get_customer_data(k)
    echo(f"key          0x{to_key_hash(k).hex()}")
    echo(f"wallet       {d.wallet}")
    echo(f"tax id       {d.tax_id}")
    echo(f"bank         CNPJ8 {d.cnpj8}, number {d.bank_number}, branch {d.branch}, account {d.account}")
    echo(f"owner        {d.owner}")


@keys_app.command("update")
def keys_update(
    key: str,
    tax_id: TaxId,
    cnpj8: Cnpj8,
    bank_number: BankNumber,
    account: AccountNo,
    branch: Branch,
    wallet: Wallet,
    hashed: Hashed = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Replace the data under KEY (only the bank that owns the key)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    fields = _customer_fields(s, tax_id, cnpj8, bank_number, account, branch, wallet)
    print_tx(f"updated key {key}", s.platform.key_dictionary.update_data(_key(key, hashed), **fields))


@keys_app.command("request")
def keys_request(
    key: str,
    tax_id: TaxId,
    cnpj8: Cnpj8,
    bank_number: BankNumber,
    account: AccountNo,
    branch: Branch,
    wallet: Wallet,
    hashed: Hashed = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Ask to port KEY from the bank that owns it to the signing bank; prints the proposal id."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    fields = _customer_fields(s, tax_id, cnpj8, bank_number, account, branch, wallet)
    proposal_id = s.platform.key_dictionary.request_key(_key(key, hashed), **fields)
    echo(f"key portability proposal {proposal_id}: the owner runs `drex keys authorize {proposal_id} KEY`")


@keys_app.command("authorize")
def keys_authorize(
    proposal_id: ProposalId,
    key: str,
    hashed: Hashed = False,
    network: Network = "local",
    manifest: ManifestPath = Path("deployment.json"),
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Authorize portability proposal PROPOSAL_ID of KEY (the key's current owner)."""
    s = open_session(network, manifest, as_role, keystore, sign=True)
    print_tx(
        f"authorized proposal {proposal_id}",
        s.platform.key_dictionary.authorize_key(proposal_id, _key(key, hashed)),
    )
