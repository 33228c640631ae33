"""Shared plumbing of the commands that work on a deployed platform (``drex rd|rt|swap|keys|tpft|status``).

The choice of signer (a public dev key only on dev chains, an encrypted keystore elsewhere), opening a
:class:`Session` (manifest read, chain connected with its chain id checked, the platform found on it) from
the shared options (:mod:`drex.cli.options`), and the output conventions every command follows:

* people read one result line (or a few ``label  value`` lines) in business units, formatted by
  :mod:`drex.sdk.display` (``R$ 1.234,56``, ``1.000,00`` bonds, ISO Brasília times, role names);
* ``--verbose`` adds ``tx 0x... block N gas G`` under each transaction;
* ``--json`` prints one JSON document on stdout instead, with raw integers (centavos, hundredths of a
  bond, 1e-8 reais, Unix seconds) and role names as strings;
* progress of long steps goes to stderr (:func:`progress`), when stderr is a terminal or with
  ``--verbose``: a script reading stderr sees only the one error line.

Only Typer is imported at module level, so ``drex --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from drex.cli.options import Options, current

if TYPE_CHECKING:
    from drex.chain import Chain
    from drex.deploy import Manifest
    from drex.sdk import Platform, TxResult


def echo(msg: str = "") -> None:
    typer.echo(msg)


def progress(msg: str) -> None:
    """A progress line on stderr (never mixed with a ``--json`` document on stdout), shown when stderr is
    a terminal or with ``--verbose``."""
    if current().verbose or sys.stderr.isatty():
        typer.echo(msg, err=True)


def notice(msg: str) -> None:
    """A line on stderr that is always shown (an interruption, a replaced file)."""
    typer.echo(msg, err=True)


def emit_json(doc: Any) -> None:
    typer.echo(json.dumps(doc, indent=2))


def report(lines: list[str], doc: dict[str, Any]) -> None:
    """Print ``lines`` for people, or ``doc`` as JSON with ``--json``."""
    if current().json:
        emit_json(doc)
    else:
        for line in lines:
            echo(line)


def cents(amount: Decimal) -> int:
    """Reais -> integer centavos (exact: the SDK's amounts have at most 2 decimals)."""
    return int(Decimal(amount).scaleb(2))


def hundredths(quantity: Decimal) -> int:
    """Bond quantity -> integer hundredths of a bond, as TPFt stores it."""
    return int(Decimal(quantity).scaleb(2))


def price_units(price: Decimal) -> int:
    """Unit price -> integer units of 1e-8 reais, as the settlement contracts store it."""
    return int(Decimal(price).scaleb(8))


def tx_json(result: TxResult) -> dict[str, Any]:
    return {"tx": result.tx_hash, "block": result.block_number, "gasUsed": result.gas_used}


def tx_line(result: TxResult) -> str:
    return f"  tx {result.tx_hash} block {result.block_number} gas {result.gas_used}"


def print_tx(what: str, result: TxResult, action: str = "", **data: Any) -> None:
    """One result line for people (plus the transaction with ``--verbose``), or the JSON document
    ``{"action", ...data, "tx", "block", "gasUsed"}`` with ``--json``."""
    opts = current()
    if opts.json:
        emit_json({"action": action or what, **data, **tx_json(result)})
        return
    echo(what)
    if opts.verbose:
        echo(tx_line(result))


@dataclass
class Session:
    """An open institution session: the chain, the manifest and the SDK platform on it."""

    chain: Chain
    manifest: Manifest
    platform: Platform
    options: Options

    def account(self, text: str, what: str = "account") -> str:
        """An address, or a role of the manifest (``CUSTOMER_B1``) resolved to its address."""
        from drex.sdk.errors import InvalidAddress
        from drex.sdk.values import to_address

        role = text.strip().upper()
        if role in self.manifest.accounts:
            return to_address(self.manifest.accounts[role])
        if not text.strip().lower().startswith("0x"):
            known = ", ".join(sorted(self.manifest.accounts)) or "none in this manifest"
            raise InvalidAddress(f"{what} {text!r} is neither an address nor a known role ({known})")
        return to_address(text, what)

    def bank(self, text: str) -> str:
        """A CNPJ8, or a bank role of the manifest (``BANK_A``) resolved to its CNPJ8."""
        from drex.sdk.values import to_cnpj8

        role = text.strip().upper()
        if role in self.manifest.participants:
            return to_cnpj8(self.manifest.participants[role])
        return to_cnpj8(text)

    def label(self, address: str) -> str:
        """``BANK_A (0xf39F…2266)`` for an account of the manifest, else the address."""
        from drex.sdk.display import account_label

        return account_label(address, self.manifest.accounts)


def signer_for(chain: Chain, manifest: Manifest, as_role: str | None, keystore: Path | None) -> Any:
    from drex.chain.accounts import DEV_ROLES, dev_account
    from drex.chain.signers import load_keystore
    from drex.errors import DrexError

    if as_role is not None and keystore is not None:
        raise DrexError("pass either --as ROLE or --keystore PATH, not both")
    if keystore is not None:
        return load_keystore(keystore)
    if as_role is None:
        raise DrexError("this command sends a transaction: pass --as ROLE (dev chains) or --keystore PATH")
    role = as_role.strip().upper()
    if role not in DEV_ROLES:
        raise DrexError(f"unknown role {as_role!r}; dev roles: {', '.join(DEV_ROLES)}")
    account = dev_account(role)
    manifest_says_dev = manifest.accounts.get(role, "").lower() == account.address.lower()
    if not (chain.is_dev or manifest_says_dev):
        raise DrexError(
            f"--as {role} signs with a public dev key, allowed only on dev chains; {chain.name} is not one "
            "(use --keystore PATH)"
        )
    return account


def open_session(*, sign: bool = False) -> Session:
    """Read the manifest, connect to the network (chain id checked) and find the platform on it; with
    ``sign`` (or when ``--as``/``--keystore`` is given) the session signs."""
    from drex.chain import connect
    from drex.deploy import read_manifest
    from drex.errors import DrexError
    from drex.sdk import Platform
    from drex.sdk.values import to_address

    opts = current()
    manifest = read_manifest(opts.manifest)
    chain = connect(opts.network, expect_chain_id=manifest.chain_id, start_local=False)
    rd = manifest.contracts.get("RealDigital")
    if rd is None:
        raise DrexError(
            f"manifest {opts.manifest} has no RealDigital: deploy the platform first (drex deploy)"
        )
    if len(chain.w3.eth.get_code(to_address(rd["address"]))) == 0:
        hint = (
            " (the embedded chain ends with each process: use --network local)"
            if chain.kind == "embedded"
            else ""
        )
        raise DrexError(
            f"no RealDigital at {rd['address']} on {chain.name}: the manifest is for another chain{hint}"
        )
    signing = sign or opts.as_role or opts.keystore
    signer = signer_for(chain, manifest, opts.as_role, opts.keystore) if signing else None
    return Session(chain, manifest, Platform.from_manifest(chain, manifest, signer), opts)
