"""``drex chain``, ``drex perm`` and ``drex validators``: Besu network definitions and their governance.

Three Typer apps the main command mounts: ``chain_app`` (generate a network, QBFT extraData, genesis
transitions, enode of a key file), ``perm_app`` (on-chain node and account permissioning of a running
network) and ``validators_app`` (QBFT validator voting over ``qbft_*`` RPC, and the validator contract).
Only Typer is imported at module level; web3 and friends load inside the commands. Commands that change the
chain sign with an encrypted keystore (``--keystore``) whose password comes from ``DREX_KEYSTORE_PASSWORD``
or a prompt, never from the command line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drex.errors import DrexError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3

    from drex.besu.perm import Permissioning

PASSWORD_ENV = "DREX_KEYSTORE_PASSWORD"
DEFAULT_RPC = "http://127.0.0.1:8545"

chain_app = typer.Typer(
    help="Besu QBFT network definitions: generate, extraData, transitions.", no_args_is_help=True
)
perm_app = typer.Typer(
    help="On-chain node and account permissioning of a Besu network.", no_args_is_help=True
)
validators_app = typer.Typer(
    help="QBFT validators: header voting (qbft_* RPC) and the contract.", no_args_is_help=True
)

RpcOpt = Annotated[str, typer.Option("--rpc", help="JSON-RPC URL of a node", envvar="DREX_RPC_URL")]
KeystoreOpt = Annotated[
    Path | None,
    typer.Option("--keystore", help=f"encrypted keystore of the signer (password: ${PASSWORD_ENV})"),
]


def _password(
    confirm: bool = False,
    prompt: str = "keystore password",
    password_file: Path | None = None,
) -> str:
    """The keystore password: from ``password_file`` (its first line), else ``$DREX_KEYSTORE_PASSWORD``,
    else a prompt (hidden; asked twice when ``confirm``)."""
    if password_file is not None:
        try:
            lines = password_file.read_text().splitlines()
        except OSError as exc:
            raise DrexError(f"cannot read the password file {password_file}: {exc.strerror}") from None
        if not lines or not lines[0]:
            raise DrexError(f"the password file {password_file} is empty")
        return lines[0]
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    value: str = typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return value


def _signer(keystore: Path | None) -> LocalAccount:
    from drex.besu.rpc import load_keystore

    if keystore is None:
        raise DrexError("this command changes the chain: give --keystore FILE (an encrypted keystore)")
    return load_keystore(keystore, _password())


def _w3(rpc: str) -> Web3:
    from drex.besu.rpc import connect

    return connect(rpc)


# ------------------------------------------------------------------------------------------- chain
@chain_app.command("init")
def chain_init(
    validators: Annotated[int, typer.Option("--validators", "-n", help="number of validator nodes")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="directory to create (must not exist or be empty)")
    ],
    rpc_nodes: Annotated[int, typer.Option("--rpc-nodes", help="number of RPC (full) nodes")] = 1,
    chain_id: Annotated[int, typer.Option("--chain-id")] = 381660001,
    block_period: Annotated[int, typer.Option("--block-period", help="seconds between blocks")] = 2,
    request_timeout: Annotated[
        int | None, typer.Option("--request-timeout", help="QBFT round timeout, seconds (default 2x period)")
    ] = None,
    epoch_length: Annotated[int, typer.Option("--epoch-length", help="blocks between vote resets")] = 30000,
    admin: Annotated[
        list[str] | None,
        typer.Option("--admin", help="permissioning admin address (repeatable); none: generate a keystore"),
    ] = None,
    account: Annotated[list[str] | None, typer.Option("--account", help="extra allowed account")] = None,
    deployer: Annotated[list[str] | None, typer.Option("--deployer", help="extra contract deployer")] = None,
    validator_mode: Annotated[
        str, typer.Option("--validator-mode", help="blockheader (qbft_* voting) or contract")
    ] = "blockheader",
    besu_version: Annotated[
        str, typer.Option("--besu-version", help="23.10.3 (default) or 23.10.1")
    ] = "23.10.3",
    subnet: Annotated[str, typer.Option("--subnet", help="docker network for the nodes")] = "172.16.239.0/24",
    org: Annotated[str, typer.Option("--participant", help="participant id in node names")] = "bcb",
    password_file: Annotated[
        Path | None,
        typer.Option(
            "--password-file",
            help=f"first line: password of the generated admin keystore (else ${PASSWORD_ENV} or a prompt)",
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the summary as one JSON document")] = False,
) -> None:
    """Write a complete Besu QBFT network definition (keys, genesis, configs, docker-compose) into OUT.

    Without --admin, a permissioning admin account is generated and saved as an encrypted keystore in
    OUT/admin/; its password comes from --password-file, $DREX_KEYSTORE_PASSWORD or a prompt."""
    from drex.besu.network import init_network, quorum

    password = (
        None
        if admin
        else _password(
            confirm=True,
            prompt="password for the generated permissioning admin keystore (signs drex perm/validators)",
            password_file=password_file,
        )
    )
    from drex.cli.common import progress

    progress(f"generating node keys, genesis and configs into {out}")
    summary = init_network(
        out,
        validators=validators,
        rpc_nodes=rpc_nodes,
        chain_id=chain_id,
        block_period=block_period,
        request_timeout=request_timeout,
        epoch_length=epoch_length,
        admins=admin or [],
        admin_password=password,
        accounts=account or [],
        deployers=deployer or [],
        validator_mode=validator_mode,
        version=besu_version,
        subnet=subnet,
        org=org,
    )
    n = len(summary.validators)
    if json_out:
        doc = {
            "out": str(summary.out),
            "chainId": summary.chain_id,
            "besuImage": summary.besu_image,
            "validatorMode": summary.validator_mode,
            "admins": list(summary.admins),
            "adminKeystore": None if summary.admin_keystore is None else str(summary.admin_keystore),
            "faultTolerance": summary.tolerance,
            "quorum": quorum(n),
            "nodes": [
                {
                    "name": node.name,
                    "role": node.role,
                    "address": node.key.address,
                    "rpc": f"http://127.0.0.1:{node.host_rpc_port}",
                }
                for node in summary.nodes
            ],
        }
        typer.echo(json.dumps(doc, indent=2))
        return
    typer.echo(f"network written to {summary.out} (chain id {summary.chain_id}, {summary.besu_image})")
    for node in summary.nodes:
        typer.echo(
            f"  {node.name:<20} {node.role:<9} {node.key.address}  rpc http://127.0.0.1:{node.host_rpc_port}"
        )
    typer.echo(
        f"validator selection: {summary.validator_mode}; permissioning admins: {', '.join(summary.admins)}"
    )
    if summary.admin_keystore is not None:
        typer.echo(f"admin keystore: {summary.admin_keystore}")
    typer.echo(
        f"fault tolerance: f = {summary.tolerance} (N = {n} validators, f = floor((N-1)/3); "
        f"quorum {quorum(n)} seals per block)"
    )
    if summary.tolerance == 0:
        typer.echo("warning: f = 0, the loss of any validator halts block production (use N >= 4)")
    typer.echo(f"start: docker compose -f {summary.out / 'docker-compose.yml'} up -d")


@chain_app.command("extradata")
def chain_extradata(
    addresses: Annotated[list[str], typer.Argument(help="validator addresses, in order")],
) -> None:
    """Print the genesis QBFT extraData for ADDRESSES (as `besu rlp encode --type=QBFT_EXTRA_DATA`)."""
    from drex.besu.extradata import encode_extradata

    typer.echo(encode_extradata(addresses))


@chain_app.command("decode-extradata")
def chain_decode_extradata(
    hex_data: Annotated[str, typer.Argument(metavar="HEX", help="QBFT extraData")],
) -> None:
    """Print the validators of a QBFT extraData, one per line (vote, round and seals when present)."""
    from drex.besu.extradata import decode_extradata

    decoded = decode_extradata(hex_data)
    for validator in decoded.validators:
        typer.echo(validator)
    if decoded.vote is not None:
        typer.echo(f"# vote: {'add' if decoded.vote.add else 'drop'} {decoded.vote.recipient}")
    if decoded.round:
        typer.echo(f"# round: {decoded.round}")
    if decoded.seals:
        typer.echo(f"# seals: {len(decoded.seals)}")


@chain_app.command("transition")
def chain_transition(
    genesis: Annotated[Path, typer.Argument(help="genesis.json to update in place")],
    block: Annotated[int, typer.Option("--block", help="future block at which the switch happens")],
    to: Annotated[str, typer.Option("--to", help="contract or blockheader")],
    contract: Annotated[str, typer.Option("--contract", help="validator contract (contract mode)")] = (
        "0x0000000000000000000000000000000000007777"
    ),
    validator: Annotated[
        list[str] | None, typer.Option("--validator", help="validators to start from (blockheader mode)")
    ] = None,
) -> None:
    """Add the genesis `transitions` entry switching QBFT validator selection at BLOCK (restart all nodes)."""
    from drex.besu.genesis import add_transition

    try:
        data = json.loads(genesis.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise DrexError(f"cannot read genesis {genesis}: {exc}") from None
    add_transition(data, block, to, contract=contract, validators=validator or [])
    # Rewrite in place (same inode): docker bind-mounts the file, and a renamed-over file would stay invisible
    # to the stopped containers until they are recreated (which would erase their chain data).
    text = json.dumps(data, indent=2) + "\n"
    with genesis.open("r+") as fh:
        fh.write(text)
        fh.truncate()
    typer.echo(
        f"{genesis}: validator selection switches to {to} at block {block}; restart every node with it"
    )


@chain_app.command("enode")
def chain_enode(
    key_file: Annotated[Path, typer.Argument(help="a Besu node key file")],
    host: Annotated[str, typer.Option("--host", help="the node's P2P host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="the node's P2P port")] = 30303,
) -> None:
    """Print a node key's enode URL and address (like `besu public-key export` / `export-address`)."""
    from drex.besu.keys import NodeKey

    key = NodeKey.from_file(key_file)
    typer.echo(key.enode(host, port))
    typer.echo(key.address)


# -------------------------------------------------------------------------------------------- perm
nodes_app = typer.Typer(help="The node allowlist (NodeRules behind 0x...9999).", no_args_is_help=True)
accounts_app = typer.Typer(
    help="The account allowlist (AccountRules behind 0x...8888).", no_args_is_help=True
)
deployers_app = typer.Typer(help="Accounts that may create contracts.", no_args_is_help=True)
targets_app = typer.Typer(help="Contracts every allowed account may call.", no_args_is_help=True)
admins_app = typer.Typer(help="Permissioning admins.", no_args_is_help=True)
readonly_app = typer.Typer(help="Read-only mode of the node or account rules.", no_args_is_help=True)
perm_app.add_typer(nodes_app, name="nodes")
perm_app.add_typer(accounts_app, name="accounts")
perm_app.add_typer(deployers_app, name="deployers")
perm_app.add_typer(targets_app, name="targets")
perm_app.add_typer(admins_app, name="admins")
perm_app.add_typer(readonly_app, name="read-only")


def _perm(rpc: str, keystore: Path | None = None, write: bool = False) -> Permissioning:
    from drex.besu.perm import Permissioning

    w3 = _w3(rpc)
    return Permissioning(w3, _signer(keystore) if write else None)


def _done(receipt: object) -> None:
    tx = receipt["transactionHash"]  # type: ignore[index]
    typer.echo(f"done in block {receipt['blockNumber']} (transaction 0x{bytes(tx).hex()})")  # type: ignore[index]


@nodes_app.command("list")
def nodes_list(rpc: RpcOpt = DEFAULT_RPC) -> None:
    """Print the allowed enodes."""
    for enode in _perm(rpc).nodes():
        typer.echo(str(enode))


@nodes_app.command("add")
def nodes_add(enode: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Allow ENODE (enode://<id>@<host>:<port>)."""
    from drex.besu.keys import parse_enode

    _done(_perm(rpc, keystore, True).add_node(parse_enode(enode)))


@nodes_app.command("remove")
def nodes_remove(enode: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Disallow ENODE."""
    from drex.besu.keys import parse_enode

    _done(_perm(rpc, keystore, True).remove_node(parse_enode(enode)))


@nodes_app.command("check")
def nodes_check(enode: str, rpc: RpcOpt = DEFAULT_RPC) -> None:
    """Ask the node ingress, exactly as Besu does, whether ENODE may connect."""
    from drex.besu.keys import parse_enode

    allowed = _perm(rpc).node_allowed(parse_enode(enode))
    typer.echo("allowed" if allowed else "denied")


@nodes_app.command("id-only")
def nodes_id_only(
    enabled: Annotated[bool, typer.Argument(help="true: match the public key only")],
    rpc: RpcOpt = DEFAULT_RPC,
    keystore: KeystoreOpt = None,
) -> None:
    """Match nodes by public key only (true) or by public key, host and port (false)."""
    _done(_perm(rpc, keystore, True).set_enode_id_only(enabled))


@accounts_app.command("list")
def accounts_list(rpc: RpcOpt = DEFAULT_RPC) -> None:
    """Print the allowed accounts."""
    for account in _perm(rpc).accounts():
        typer.echo(account)


@accounts_app.command("add")
def accounts_add(addresses: list[str], rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Allow ADDRESSES."""
    _done(_perm(rpc, keystore, True).add_accounts(addresses))


@accounts_app.command("remove")
def accounts_remove(address: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Disallow ADDRESS."""
    _done(_perm(rpc, keystore, True).remove_account(address))


@accounts_app.command("check")
def accounts_check(
    sender: str,
    to: Annotated[str | None, typer.Option("--to", help="recipient; omit for a contract creation")] = None,
    rpc: RpcOpt = DEFAULT_RPC,
) -> None:
    """Ask the account ingress, exactly as Besu does, whether SENDER may send to --to (or deploy)."""
    allowed = _perm(rpc).transaction_allowed(sender, to)
    typer.echo("allowed" if allowed else "denied")


@deployers_app.command("add")
def deployers_add(address: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Let ADDRESS create contracts."""
    _done(_perm(rpc, keystore, True).add_deployer(address))


@deployers_app.command("remove")
def deployers_remove(address: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Stop ADDRESS creating contracts."""
    _done(_perm(rpc, keystore, True).remove_deployer(address))


@targets_app.command("add")
def targets_add(address: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Enable contract ADDRESS for every allowed account."""
    _done(_perm(rpc, keystore, True).add_target(address))


@targets_app.command("remove")
def targets_remove(address: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Disable contract ADDRESS for accounts that are not deployers."""
    _done(_perm(rpc, keystore, True).remove_target(address))


@admins_app.command("list")
def admins_list(rpc: RpcOpt = DEFAULT_RPC) -> None:
    """Print the permissioning admins."""
    for admin in _perm(rpc).admins():
        typer.echo(admin)


@admins_app.command("add")
def admins_add(address: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Make ADDRESS a permissioning admin."""
    _done(_perm(rpc, keystore, True).add_admin(address))


@admins_app.command("remove")
def admins_remove(address: str, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Remove permissioning admin ADDRESS (not yourself)."""
    _done(_perm(rpc, keystore, True).remove_admin(address))


RulesArg = Annotated[str, typer.Argument(help="node or account")]


@readonly_app.command("status")
def readonly_status(rules: RulesArg, rpc: RpcOpt = DEFAULT_RPC) -> None:
    """Print whether the RULES lists are frozen."""
    typer.echo("read-only" if _perm(rpc).is_read_only(rules) else "editable")


@readonly_app.command("enter")
def readonly_enter(rules: RulesArg, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Freeze the RULES lists (before copying them to upgraded rules)."""
    _done(_perm(rpc, keystore, True).set_read_only(rules, True))


@readonly_app.command("exit")
def readonly_exit(rules: RulesArg, rpc: RpcOpt = DEFAULT_RPC, keystore: KeystoreOpt = None) -> None:
    """Unfreeze the RULES lists."""
    _done(_perm(rpc, keystore, True).set_read_only(rules, False))


# -------------------------------------------------------------------------------------- validators
ContractOpt = Annotated[str, typer.Option("--contract", help="validator contract address")]
VALIDATOR_CONTRACT = "0x0000000000000000000000000000000000007777"


@validators_app.command("list")
def validators_list(
    rpc: RpcOpt = DEFAULT_RPC,
    block: Annotated[str, typer.Option("--block", help="block number or latest")] = "latest",
) -> None:
    """Print the validators of BLOCK (qbft_getValidatorsByBlockNumber)."""
    from drex.besu.validators import header_validators

    for validator in header_validators(_w3(rpc), block):
        typer.echo(validator)


@validators_app.command("pending")
def validators_pending(rpc: RpcOpt = DEFAULT_RPC) -> None:
    """Print this validator's pending votes (qbft_getPendingVotes)."""
    from drex.besu.validators import pending_votes

    for address, add in pending_votes(_w3(rpc)).items():
        typer.echo(f"{'add' if add else 'remove'} {address}")


@validators_app.command("propose")
def validators_propose(
    address: str,
    add: Annotated[
        bool, typer.Option("--add/--remove", help="vote to add (default) or remove ADDRESS")
    ] = True,
    rpc: RpcOpt = DEFAULT_RPC,
) -> None:
    """Vote, from the validator behind --rpc, to add or remove ADDRESS (qbft_proposeValidatorVote)."""
    from drex.besu.validators import propose

    propose(_w3(rpc), address, add)
    typer.echo(
        f"proposed to {'add' if add else 'remove'} {address}; effective when over half the validators agree"
    )


@validators_app.command("discard")
def validators_discard(address: str, rpc: RpcOpt = DEFAULT_RPC) -> None:
    """Withdraw this validator's vote about ADDRESS (qbft_discardValidatorVote)."""
    from drex.besu.validators import discard

    discard(_w3(rpc), address)
    typer.echo(f"vote about {address} discarded")


@validators_app.command("contract-list")
def validators_contract_list(rpc: RpcOpt = DEFAULT_RPC, contract: ContractOpt = VALIDATOR_CONTRACT) -> None:
    """Print getValidators() of the validator contract (what Besu reads in contract mode)."""
    from drex.besu.validators import ValidatorContract

    for validator in ValidatorContract(_w3(rpc), contract).validators():
        typer.echo(validator)


@validators_app.command("contract-add")
def validators_contract_add(
    address: str,
    rpc: RpcOpt = DEFAULT_RPC,
    contract: ContractOpt = VALIDATOR_CONTRACT,
    keystore: KeystoreOpt = None,
) -> None:
    """Add validator ADDRESS to the contract (its admin only)."""
    from drex.besu.validators import ValidatorContract

    _done(ValidatorContract(_w3(rpc), contract, _signer(keystore)).add(address))


@validators_app.command("contract-remove")
def validators_contract_remove(
    address: str,
    rpc: RpcOpt = DEFAULT_RPC,
    contract: ContractOpt = VALIDATOR_CONTRACT,
    keystore: KeystoreOpt = None,
) -> None:
    """Remove validator ADDRESS from the contract (its admin only)."""
    from drex.besu.validators import ValidatorContract

    _done(ValidatorContract(_w3(rpc), contract, _signer(keystore)).remove(address))
