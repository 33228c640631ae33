"""``drex chain init``: write a complete Besu QBFT network definition into a directory, atomically.

The layout (documented file by file in ``chain/README.md``)::

    genesis.json              QBFT genesis with the permissioning and validator contracts allocated
    static-nodes.json         every node's enode (what a new participant is given)
    docker-compose.yml        the network on the pinned official Besu image
    network.json              machine-readable summary (nodes, addresses, enodes, RPC URLs, contracts)
    nodes/<name>/key          node private key (Besu format, mode 0600)
    nodes/<name>/key.pub      node public key
    nodes/<name>/config.toml  Besu options of that node
    nodes/<name>/static-nodes.json  the other nodes' enodes
    admin/keystore.json       encrypted permissioning admin key, when no --admin address was given

Everything is written into a temporary sibling directory that is renamed into place at the end, so a failure
leaves nothing behind and an existing non-empty directory is never touched.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drex.besu import addresses as A
from drex.besu.addresses import parse_address_list
from drex.besu.genesis import ArtifactLoader, GenesisSpec, build_genesis
from drex.besu.keys import Enode, NodeKey
from drex.besu.nodeconfig import P2P_PORT, NodePlan, compose_document, render_config
from drex.besu.textformats import dump_toml, dump_yaml
from drex.besu.versions import DEFAULT_VERSION, besu_version
from drex.errors import DrexError

DEFAULT_SUBNET = "172.16.239.0/24"
FIRST_HOST = 11
VALIDATOR_RPC_BASE = 21000
RPC_NODE_RPC_BASE = 8545


class NetworkInitError(DrexError):
    """The network cannot be generated as asked (bad input or an unwritable destination)."""


def fault_tolerance(validators: int) -> int:
    """f = floor((N - 1) / 3): how many validators may fail (or lie) with QBFT still producing blocks."""
    return (validators - 1) // 3 if validators > 0 else 0


def quorum(validators: int) -> int:
    """Besu's BFT quorum: ceil(2N / 3) commit seals per block."""
    return -(-2 * validators // 3)


@dataclass(frozen=True)
class NetworkSummary:
    """What ``init`` wrote."""

    out: Path
    nodes: tuple[NodePlan, ...]
    admins: tuple[str, ...]
    admin_keystore: Path | None
    besu_image: str
    chain_id: int
    validator_mode: str
    tolerance: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tolerance", fault_tolerance(len(self.validators)))

    @property
    def validators(self) -> tuple[NodePlan, ...]:
        """The validator nodes."""
        return tuple(n for n in self.nodes if n.role == "validator")


def plan_nodes(validators: int, rpc_nodes: int, subnet: str, org: str) -> list[NodePlan]:
    """Names, keys, addresses and ports of the nodes (pilot naming: ``role-participant-sequence``)."""
    if validators < 1:
        raise NetworkInitError(f"a QBFT network needs at least 1 validator, got {validators}")
    if rpc_nodes < 0:
        raise NetworkInitError(f"the number of RPC nodes cannot be negative, got {rpc_nodes}")
    if not org or not org.replace("-", "").isalnum() or not org.islower():
        raise NetworkInitError(f"participant id {org!r} must be lowercase letters, digits and dashes")
    try:
        net = ipaddress.IPv4Network(subnet)
    except ValueError as exc:
        raise NetworkInitError(f"bad subnet {subnet!r}: {exc}") from None
    hosts = list(net.hosts())
    total = validators + rpc_nodes
    if len(hosts) < FIRST_HOST + total:
        raise NetworkInitError(f"subnet {subnet} is too small for {total} nodes")
    if validators > 999 or rpc_nodes > 999:
        raise NetworkInitError("at most 999 validators and 999 RPC nodes")
    plans: list[NodePlan] = []
    for i in range(validators):
        plans.append(
            NodePlan(
                f"validador-{org}-{i + 1}",
                "validator",
                NodeKey.generate(),
                str(hosts[FIRST_HOST - 1 + i]),
                VALIDATOR_RPC_BASE + i + 1,
            )
        )
    for j in range(rpc_nodes):
        plans.append(
            NodePlan(
                f"fullnode-{org}-{j + 1}",
                "rpc",
                NodeKey.generate(),
                str(hosts[FIRST_HOST - 1 + validators + j]),
                RPC_NODE_RPC_BASE + j,
            )
        )
    return plans


def _prepare_destination(out: Path) -> Path:
    parent = out.parent if out.parent != Path("") else Path(".")
    if (out.exists() or out.is_symlink()) and (not out.is_dir() or any(out.iterdir())):
        raise NetworkInitError(
            f"{out} already exists and is not an empty directory: refusing to overwrite it"
        )
    if not parent.is_dir():
        raise NetworkInitError(f"cannot write {out}: {parent} is not an existing directory")
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise NetworkInitError(f"cannot write in {parent}: {exc.strerror or exc}") from None


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n")


def _new_admin_keystore(directory: Path, password: str) -> str:
    from eth_account import Account

    account = Account.create()
    keystore = Account.encrypt(account.key, password)
    directory.mkdir(mode=0o700)
    fd = os.open(directory / "keystore.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(keystore, fh)
    return str(account.address).lower()


def init_network(
    out: Path,
    *,
    validators: int,
    rpc_nodes: int = 1,
    chain_id: int = 1337,
    block_period: int = 2,
    request_timeout: int | None = None,
    epoch_length: int = 30000,
    admins: Sequence[str] = (),
    admin_password: str | None = None,
    accounts: Sequence[str] = (),
    deployers: Sequence[str] = (),
    validator_mode: str = "blockheader",
    version: str = DEFAULT_VERSION,
    subnet: str = DEFAULT_SUBNET,
    org: str = "bcb",
    load: ArtifactLoader | None = None,
) -> NetworkSummary:
    """Generate the network definition in ``out`` (see the module docstring); nothing is left on failure."""
    besu = besu_version(version)
    admin_list = parse_address_list(admins, "admin address")
    if not admin_list and not admin_password:
        raise NetworkInitError("give --admin ADDRESS, or a password to encrypt a generated admin keystore")
    nodes = plan_nodes(validators, rpc_nodes, subnet, org)
    timeout = request_timeout if request_timeout is not None else 2 * block_period
    spec = GenesisSpec(
        chain_id=chain_id,
        validators=[n.key.address for n in nodes if n.role == "validator"],
        admins=admin_list or ["0x" + "00" * 19 + "01"],  # placeholder replaced below once the key exists
        nodes=[Enode(n.key.enode_id, n.ip, P2P_PORT) for n in nodes],
        block_period=block_period,
        request_timeout=timeout,
        epoch_length=epoch_length,
        validator_mode=validator_mode,
        accounts=accounts,
        deployers=deployers,
    )
    build_genesis(spec, load)  # validate everything before touching the disk
    tmp = _prepare_destination(out)
    keystore: Path | None = None
    try:
        if not admin_list:
            assert admin_password is not None
            admin_list = [_new_admin_keystore(tmp / "admin", admin_password)]
            keystore = out / "admin" / "keystore.json"
        genesis = build_genesis(dataclasses.replace(spec, admins=admin_list), load)
        _write_json(tmp / "genesis.json", genesis)
        _write_json(tmp / "static-nodes.json", [n.enode for n in nodes])
        (tmp / "nodes").mkdir()
        for node in nodes:
            node_dir = tmp / "nodes" / node.name
            node_dir.mkdir()
            node.key.write(node_dir)
            (node_dir / "config.toml").write_text(dump_toml(render_config(node, besu)))
            _write_json(node_dir / "static-nodes.json", [n.enode for n in nodes if n is not node])
        header = [
            f"DREX Besu QBFT network ({len([n for n in nodes if n.role == 'validator'])} validators), "
            f"generated by `drex chain init`.",
            f"Image pinned to Besu {besu.version}. Start: docker compose -f docker-compose.yml up -d",
            "RPC ports are published on 127.0.0.1 only (the pilot allows no RPC on the shared network).",
        ]
        (tmp / "docker-compose.yml").write_text(dump_yaml(compose_document(nodes, besu, subnet), header))
        _write_json(
            tmp / "network.json",
            {
                "chainId": chain_id,
                "besu": {"version": besu.version, "image": besu.image},
                "validatorSelection": validator_mode,
                "faultTolerance": fault_tolerance(validators),
                "quorum": quorum(validators),
                "admins": admin_list,
                "contracts": {
                    "nodeIngress": A.NODE_INGRESS_ADDRESS,
                    "accountIngress": A.ACCOUNT_INGRESS_ADDRESS,
                    "permissioningAdmin": A.PERMISSIONING_ADMIN_ADDRESS,
                    "nodeRules": A.NODE_RULES_ADDRESS,
                    "nodeStorage": A.NODE_STORAGE_ADDRESS,
                    "accountRules": A.ACCOUNT_RULES_ADDRESS,
                    "accountStorage": A.ACCOUNT_STORAGE_ADDRESS,
                    "validatorContract": A.VALIDATOR_CONTRACT_ADDRESS,
                },
                "nodes": [
                    {
                        "name": n.name,
                        "role": n.role,
                        "address": n.key.address,
                        "enode": n.enode,
                        "rpc": f"http://127.0.0.1:{n.host_rpc_port}",
                    }
                    for n in nodes
                ],
            },
        )
        os.chmod(tmp, 0o755)
        if out.is_dir():
            out.rmdir()  # empty (checked above): the rename below needs the name free on every platform
        os.rename(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise NetworkInitError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return NetworkSummary(
        out=out,
        nodes=tuple(nodes),
        admins=tuple(admin_list),
        admin_keystore=keystore,
        besu_image=besu.image,
        chain_id=chain_id,
        validator_mode=validator_mode,
    )
