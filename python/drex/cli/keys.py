"""``drex keys``: KeyDictionary, the DICT-like registry of customer keys (registration, lookups, portability).

Same conventions as ``drex rd|rt|swap`` (:mod:`drex.cli.money`): shared options from
:mod:`drex.cli.options`, one result line for people, ``--verbose`` adds the transaction, ``--json`` prints
one JSON document. A KEY is hashed here with keccak256 unless ``--hashed`` says it already is a hash.
Only Typer is imported at module level.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from drex.cli.common import Session, open_session, print_tx, report
from drex.cli.numbers import ProposalId
from drex.cli.options import SIGNING, shared_group

keys_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="KeyDictionary: customer keys (hashed here with keccak256), lookups, portability.",
    no_args_is_help=True,
)

Hashed = Annotated[bool, typer.Option("--hashed", help="KEY is already a keccak256 hash (0x + 64 hex)")]
TaxId = Annotated[str, typer.Option("--tax-id", help="the customer's CPF (digits)")]
Cnpj8 = Annotated[str, typer.Option("--cnpj8", help="the customer's bank: CNPJ8 or role")]
BankNumber = Annotated[str, typer.Option("--bank-number", help="the bank's code")]
AccountNo = Annotated[str, typer.Option("--account", help="the customer's account number")]
Branch = Annotated[str, typer.Option("--branch", help="the customer's branch")]
Wallet = Annotated[str, typer.Option("--wallet", help="the customer's wallet: address or role")]


def _key(text: str, hashed: bool) -> str | bytes:
    from drex.sdk.values import parse_key_hash

    return parse_key_hash(text) if hashed else text


def _key_hex(text: str, hashed: bool) -> str:
    from drex.sdk.values import to_key_hash

    return "0x" + to_key_hash(_key(text, hashed)).hex()


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
) -> None:
    """Register a customer under KEY (hashed here with keccak256); the signing bank owns the key."""
    s = open_session(sign=True)
    fields = _customer_fields(s, tax_id, cnpj8, bank_number, account, branch, wallet)
    result = s.platform.key_dictionary.add_account(_key(key, hashed), **fields)
    key_hex = _key_hex(key, hashed)
    print_tx(
        f"registered key {key_hex} -> {s.label(fields['wallet'])}",
        result,
        "add",
        key=key_hex,
        wallet=fields["wallet"],
    )


@keys_app.command("wallet")
def keys_wallet(key: str, hashed: Hashed = False) -> None:
    """The wallet registered under KEY."""
    s = open_session()
    wallet = s.platform.key_dictionary.get_wallet(_key(key, hashed))
    report([wallet], {"key": _key_hex(key, hashed), "wallet": wallet})


@keys_app.command("key")
def keys_key(wallet: str) -> None:
    """The key hash WALLET is registered under."""
    s = open_session()
    who = s.account(wallet, "wallet")
    key_hex = "0x" + s.platform.key_dictionary.get_key(who).hex()
    report([key_hex], {"wallet": who, "key": key_hex})


@keys_app.command("show")
def keys_show(key: str, hashed: Hashed = False) -> None:
    """Everything registered under KEY."""
    s = open_session()
    d = s.platform.key_dictionary.get_customer_data(_key(key, hashed))
    key_hex = _key_hex(key, hashed)
    report(
        [
            f"key          {key_hex}",
            f"wallet       {s.label(d.wallet)}",
            f"tax id       {d.tax_id}",
            f"bank         CNPJ8 {d.cnpj8}, number {d.bank_number}, branch {d.branch}, account {d.account}",
            f"owner        {s.label(d.owner)}",
        ],
        {
            "key": key_hex,
            "wallet": d.wallet,
            "taxId": d.tax_id,
            "cnpj8": d.cnpj8,
            "bankNumber": d.bank_number,
            "branch": d.branch,
            "account": d.account,
            "owner": d.owner,
        },
    )


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
) -> None:
    """Replace the data under KEY (only the bank that owns the key)."""
    s = open_session(sign=True)
    fields = _customer_fields(s, tax_id, cnpj8, bank_number, account, branch, wallet)
    result = s.platform.key_dictionary.update_data(_key(key, hashed), **fields)
    print_tx(f"updated key {key}", result, "update", key=_key_hex(key, hashed), wallet=fields["wallet"])


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
) -> None:
    """Ask to port KEY from the bank that owns it to the signing bank; prints the proposal id."""
    s = open_session(sign=True)
    fields = _customer_fields(s, tax_id, cnpj8, bank_number, account, branch, wallet)
    proposal_id = s.platform.key_dictionary.request_key(_key(key, hashed), **fields)
    report(
        [f"key portability proposal {proposal_id}: the owner runs `drex keys authorize {proposal_id} KEY`"],
        {"action": "request", "key": _key_hex(key, hashed), "proposalId": proposal_id},
    )


@keys_app.command("authorize")
def keys_authorize(proposal_id: ProposalId, key: str, hashed: Hashed = False) -> None:
    """Authorize portability proposal PROPOSAL_ID of KEY (the key's current owner)."""
    s = open_session(sign=True)
    result = s.platform.key_dictionary.authorize_key(proposal_id, _key(key, hashed))
    print_tx(f"authorized proposal {proposal_id}", result, "authorize", proposalId=proposal_id)
