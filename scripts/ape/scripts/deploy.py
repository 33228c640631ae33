"""Deploy the DREX platform from Ape: drex's own deployment plan, signed by Ape accounts.

Run from the checkout root with the Ape of ``.venv-ape`` (scripts/bootstrap-ape.sh)::

    ape run ape scripts deploy --network ethereum:local
    DREX_BESU_RPC_URL=http://besu:8545 ape run ape scripts deploy --network ethereum:besu --account bcb

(Ape names a script by its folder path under ``scripts/``; this file is ``scripts/ape/scripts/deploy.py``,
see docs/ape.md for why the inner ``scripts`` folder is there.)

There is one deployment plan, :func:`drex.deploy.full_plan`, run by :class:`drex.deploy.Deployer` exactly
as ``drex deploy`` runs it: contracts from drex's build artifacts (``build/contracts``, compiled by
``drex build`` with the same solc 0.8.28 settings as ``ape compile``), every step recorded in a resumable
manifest, so an interrupted run started again finishes the deployment and a complete one sends nothing.
What Ape brings is the network (its provider and web3 connection) and the accounts:

* on ``ethereum:local`` every role signs with Ape's test account of drex's dev role index (Ape's test
  mnemonic is anvil's, so ``BCB`` is test account 0, ``STN`` 1, ``BANK_A`` 2...);
* on any other network (``ethereum:besu``) roles are Ape accounts (encrypted keystores in Ape's data
  folder, made with ``ape accounts import``): ``--account ALIAS`` signs for every role that no
  ``--role ROLE=ALIAS`` (or ``--role ROLE=0xADDRESS`` for an address that only receives) names. Ape asks
  for each account's passphrase (or reads ``APE_ACCOUNTS_<alias>_PASSPHRASE``) and, unless ``--autosign``
  is given, for a confirmation of every transaction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from ape.cli import ConnectedProviderCommand


class _Signed:
    # A plain class: Ape runs scripts with runpy, outside sys.modules, where @dataclass cannot resolve
    # the module of its annotations.
    def __init__(self, raw_transaction: bytes):
        self.raw_transaction = raw_transaction


class ApeAccountSigner:
    """drex's signer protocol (``address``, ``sign_transaction(dict)``) over an Ape account.

    drex builds the transaction (legacy, with the node's gas price, as the pilot's Besu wants); Ape turns
    the dict into its own transaction object, signs it with the account (keystore prompt and confirmation
    included) and serializes it to the raw bytes drex sends and records in the manifest.
    """

    def __init__(self, account: Any, ecosystem: Any):
        self.account = account
        self.ecosystem = ecosystem

    @property
    def address(self) -> str:
        return str(self.account.address)

    def sign_transaction(self, tx: dict[str, Any]) -> _Signed:
        from drex.errors import DrexError

        fields = dict(tx)
        if not fields.get("to"):
            # web3.py marks a contract creation with to=b""; Ape would read that as the zero address.
            fields.pop("to", None)
        txn = self.ecosystem.create_transaction(**fields)
        signed = self.account.sign_transaction(txn)
        if signed is None:
            raise DrexError(f"Ape account {self.describe()} declined to sign the transaction")
        return _Signed(bytes(signed.serialize_transaction()))

    def describe(self) -> str:
        alias = getattr(self.account, "alias", None)
        return f"{alias} ({self.address})" if alias else self.address


def _parse_role_specs(specs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in specs:
        role, sep, value = spec.partition("=")
        if not sep or not role or not value:
            raise click.BadParameter(f"{spec!r} is not ROLE=ALIAS or ROLE=0xADDRESS", param_hint="--role")
        out[role.strip()] = value.strip()
    return out


def _ape_account(alias: str, ecosystem: Any, autosign: bool) -> Any:
    from ape import accounts

    try:
        account = accounts.load(alias)
    except Exception as exc:  # Ape raises its own AccountsError for an unknown alias
        known = ", ".join(accounts.aliases) or "none"
        raise click.UsageError(f"no Ape account named {alias!r} ({exc}); accounts here: {known}") from None
    if autosign and hasattr(account, "set_autosign"):
        # Unlocks once: the passphrase comes from APE_ACCOUNTS_<alias>_PASSPHRASE or a prompt.
        account.set_autosign(True)
    return ApeAccountSigner(account, ecosystem)


def build_roles(
    *, is_dev: bool, ecosystem: Any, default_alias: str | None, role_specs: dict[str, str], autosign: bool
) -> dict[str, Any]:
    """Role name -> drex ``RoleEntry`` (address and signer) from Ape's accounts."""
    from eth_utils import is_hex_address, to_checksum_address

    from ape import accounts
    from drex.chain.accounts import DEV_ROLES
    from drex.chain.signers import RoleEntry

    roles: dict[str, RoleEntry] = {}
    signers: dict[str, ApeAccountSigner] = {}

    def signer_for(alias: str) -> ApeAccountSigner:
        if alias not in signers:
            signers[alias] = _ape_account(alias, ecosystem, autosign)
        return signers[alias]

    if is_dev:
        test_accounts = accounts.test_accounts
        for role, index in DEV_ROLES.items():
            if index >= len(test_accounts):
                raise click.UsageError(
                    f"role {role} is dev account {index}, but Ape has {len(test_accounts)} test accounts: "
                    "raise test.number_of_accounts in ape-config.yaml"
                )
            s = ApeAccountSigner(test_accounts[index], ecosystem)
            roles[role] = RoleEntry(s.address, s)
    if default_alias:
        s = signer_for(default_alias)
        for role in set(DEV_ROLES) | set(roles):
            roles[role] = RoleEntry(s.address, s)
    for role, value in role_specs.items():
        if is_hex_address(value):
            roles[role] = RoleEntry(to_checksum_address(value), None)
        else:
            s = signer_for(value)
            roles[role] = RoleEntry(s.address, s)
    if not roles:
        raise click.UsageError(
            "this network has no test accounts: name the signer with --account ALIAS (an Ape account, "
            "see `ape accounts list`) and, where roles differ, --role ROLE=ALIAS"
        )
    return roles


@click.command(
    cls=ConnectedProviderCommand,
    short_help="Deploy the DREX platform (drex's plan and build artifacts) with Ape accounts",
)
@click.option(
    "--manifest",
    "manifest_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Manifest to write or resume (default: deployment-<network>.json).",
)
@click.option("--account", "default_alias", default=None, help="Ape account that signs for every role.")
@click.option(
    "--role",
    "role_specs",
    multiple=True,
    metavar="ROLE=ALIAS|0xADDRESS",
    help="Sign a role with another Ape account, or give a role an address only. Repeatable.",
)
@click.option(
    "--autosign",
    is_flag=True,
    help="Unlock each Ape account once and sign the plan's transactions without asking for each.",
)
def cli(
    ecosystem: Any,
    network: Any,
    provider: Any,
    manifest_path: Path | None,
    default_alias: str | None,
    role_specs: tuple[str, ...],
    autosign: bool,
) -> None:
    from drex.chain.core import Chain
    from drex.deploy import Deployer
    from drex.errors import DrexError

    uri = str(getattr(provider, "uri", "") or "")
    is_dev = network.name == "local"
    roles = build_roles(
        is_dev=is_dev,
        ecosystem=ecosystem,
        default_alias=default_alias,
        role_specs=_parse_role_specs(role_specs),
        autosign=autosign,
    )
    chain = Chain(provider.web3, "local" if is_dev else "rpc", f"{ecosystem.name}:{network.name} ({uri})")
    path = manifest_path or Path(f"deployment-{network.name}.json")
    click.echo(f"deploying the DREX platform on {chain.name}, chain id {chain.chain_id}, manifest {path}")
    try:
        result = Deployer(chain, path, roles=roles, progress=lambda m: click.echo(f"  {m}")).run()
    except DrexError as exc:
        raise click.ClickException(str(exc)) from None
    if result.sent == 0:
        click.echo(f"nothing to do: the deployment in {path} is complete ({result.skipped} steps)")
    else:
        click.echo(f"deployed: {result.sent} transactions sent, {result.skipped} steps already done")
    click.echo(json.dumps({n: c["address"] for n, c in result.manifest.contracts.items()}, indent=2))
