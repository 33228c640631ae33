"""The QBFT genesis file: chain config, extraData and the pre-allocated system contracts.

:func:`build_genesis` writes what Besu 23.10 reads (key names checked against Besu's
``JsonGenesisConfigOptions``/``JsonBftConfigOptions``): every block-numbered fork up to London at block 0,
``shanghaiTime`` 0 and no Cancun (the pilot's EVM), ``zeroBaseFee`` (gas is free: nodes also run with
``min-gas-price=0``), the ``qbft`` section and the BFT ``mixHash``. The ``alloc`` holds the permissioning
contracts (ingresses at Besu's standard 0x...9999 / 0x...8888, with admin, rules and storage behind them) and
the QBFT validator contract, each with its compiled runtime bytecode and the storage its constructor would
have written, computed from the artifact's ``storageLayout`` (see :mod:`drex.besu.storage`).
:func:`add_transition` appends the ``transitions.qbft`` entry that switches validator selection between block
headers and the contract at a future block.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eth_abi import encode as abi_encode
from eth_utils import keccak

from drex.besu import addresses as A
from drex.besu.addresses import parse_address, parse_address_list
from drex.besu.extradata import encode_extradata
from drex.besu.keys import Enode
from drex.besu.storage import encode_storage, genesis_storage
from drex.build.artifacts import linked_bytecode
from drex.errors import DrexError

#: Besu's BFT mixHash ("Istanbul" byzantine fault tolerance marker), required in QBFT genesis files.
BFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365"
RULES_KEY = b"rules"
ADMIN_KEY = b"administration"
VALIDATOR_MODES = ("blockheader", "contract")
#: ``PermissioningRulesBase.VERSION`` (1.0.0): stored by the constructor, returned by ``getContractVersion``.
RULES_VERSION = 1_000_000
#: Block-numbered forks, all at genesis. Besu derives EIP-155 from eip158Block (Spurious Dragon).
BLOCK_FORKS = (
    "homesteadBlock",
    "eip150Block",
    "eip158Block",
    "byzantiumBlock",
    "constantinopleBlock",
    "petersburgBlock",
    "istanbulBlock",
    "muirGlacierBlock",
    "berlinBlock",
    "londonBlock",
)

ArtifactLoader = Callable[[str], Mapping[str, Any]]


class GenesisError(DrexError):
    """The genesis parameters are inconsistent."""


@dataclass(frozen=True)
class GenesisSpec:
    """What a generated genesis contains."""

    chain_id: int
    validators: Sequence[str]
    admins: Sequence[str]
    nodes: Sequence[Enode]
    block_period: int = 2
    request_timeout: int = 10
    epoch_length: int = 30000
    gas_limit: int = 0x29B92700
    validator_mode: str = "blockheader"
    accounts: Sequence[str] = field(default_factory=tuple)
    deployers: Sequence[str] = field(default_factory=tuple)
    targets: Sequence[str] = field(default_factory=tuple)


def _check(spec: GenesisSpec) -> None:
    if spec.chain_id < 1:
        raise GenesisError(f"chain id must be positive, got {spec.chain_id}")
    if spec.block_period < 1:
        raise GenesisError(f"block period must be at least 1 second, got {spec.block_period}")
    if spec.request_timeout < 1:
        raise GenesisError(f"request timeout must be at least 1 second, got {spec.request_timeout}")
    if spec.epoch_length < 1:
        raise GenesisError(f"epoch length must be at least 1 block, got {spec.epoch_length}")
    if spec.validator_mode not in VALIDATOR_MODES:
        raise GenesisError(f"validator mode must be one of {VALIDATOR_MODES}, got {spec.validator_mode!r}")
    if not spec.validators:
        raise GenesisError("a QBFT network needs at least one validator")
    if not spec.admins:
        raise GenesisError("the permissioning contracts need at least one admin account")


def _contract(load: ArtifactLoader, name: str, values: Mapping[str, Any], comment: str) -> dict[str, Any]:
    artifact = load(name)
    # genesis code cannot be linked later: a contract that calls a library is refused here (UnlinkedLibrary)
    code = linked_bytecode(artifact, {}, deployed=True)
    if len(code) <= 2:
        raise GenesisError(f"{name} has no runtime bytecode")
    # No "comment" key: Besu ignores it but other clients' genesis parsers (anvil's) reject it.
    del comment
    entry: dict[str, Any] = {"balance": "0x0", "code": code}
    storage = genesis_storage(encode_storage(artifact["storageLayout"], values))
    if storage:
        entry["storage"] = storage
    return entry


def _positions(items: Sequence[Any]) -> dict[Any, int]:
    return {item: i + 1 for i, item in enumerate(items)}


def enode_key(enode: Enode) -> bytes:
    """``NodeStorage.enodeKey``: keccak256(abi.encode(enodeId, host, port))."""
    return keccak(abi_encode(["string", "string", "uint16"], [enode.node_id, enode.host, enode.port]))


def system_alloc(
    *,
    validators: Sequence[str],
    admins: Sequence[str],
    nodes: Sequence[Enode],
    accounts: Sequence[str] = (),
    deployers: Sequence[str] = (),
    targets: Sequence[str] = (),
    load: ArtifactLoader | None = None,
) -> dict[str, dict[str, Any]]:
    """Genesis ``alloc`` entries of the permissioning and validator contracts, keyed by address.

    Allowed accounts are the admins then ``accounts``; deployers are the admins then ``deployers``.
    """
    if load is None:
        from drex.build import load_artifact

        load = load_artifact
    validators = parse_address_list(validators, "validator address")
    admins = parse_address_list(admins, "admin address")
    allowed = admins + [a for a in parse_address_list(accounts, "account") if a not in admins]
    deployer_list = admins + [a for a in parse_address_list(deployers, "deployer") if a not in admins]
    target_list = parse_address_list(targets, "target")
    seen: set[Enode] = set()
    for node in nodes:
        if node in seen:
            raise GenesisError(f"duplicate node {node}")
        seen.add(node)
    id_count: dict[bytes, int] = {}
    for node in nodes:
        id_hash = keccak(node.node_id.encode())
        id_count[id_hash] = id_count.get(id_hash, 0) + 1
    registry = [ADMIN_KEY, RULES_KEY]

    def ingress(rules: str) -> dict[str, Any]:
        return {
            "_registry": {ADMIN_KEY: A.PERMISSIONING_ADMIN_ADDRESS, RULES_KEY: rules},
            "_contractKeys": registry,
            "_keyPosition": _positions(registry),
        }

    def rules_base(ingress_address: str) -> dict[str, Any]:
        return {"_ingress": ingress_address, "_version": RULES_VERSION}

    return {
        A.NODE_INGRESS_ADDRESS: _contract(
            load,
            "NodeIngress",
            ingress(A.NODE_RULES_ADDRESS),
            "node permissioning ingress (permissions-nodes-contract-address, version 2)",
        ),
        A.ACCOUNT_INGRESS_ADDRESS: _contract(
            load,
            "AccountIngress",
            ingress(A.ACCOUNT_RULES_ADDRESS),
            "account permissioning ingress (permissions-accounts-contract-address)",
        ),
        A.PERMISSIONING_ADMIN_ADDRESS: _contract(
            load,
            "PermissioningAdmin",
            {"_admins": admins, "_position": _positions(admins)},
            "permissioning admins",
        ),
        A.NODE_RULES_ADDRESS: _contract(
            load,
            "NodeRules",
            {"_ingress": A.NODE_INGRESS_ADDRESS, "_storage": A.NODE_STORAGE_ADDRESS},
            "node rules",
        ),
        A.NODE_STORAGE_ADDRESS: _contract(
            load,
            "NodeStorage",
            {
                "_ingress": A.NODE_INGRESS_ADDRESS,
                "_latestVersion": A.NODE_RULES_ADDRESS,
                "_enodes": [{"enodeId": n.node_id, "host": n.host, "port": n.port} for n in nodes],
                "_position": {enode_key(n): i + 1 for i, n in enumerate(nodes)},
                "_idCount": id_count,
            },
            "node allowlist",
        ),
        A.ACCOUNT_RULES_ADDRESS: _contract(
            load,
            "AccountRules",
            {**rules_base(A.ACCOUNT_INGRESS_ADDRESS), "_storage": A.ACCOUNT_STORAGE_ADDRESS},
            "account rules (pilot AccountRules ABI)",
        ),
        A.ACCOUNT_STORAGE_ADDRESS: _contract(
            load,
            "AccountStorage",
            {
                "_ingress": A.ACCOUNT_INGRESS_ADDRESS,
                "_latestVersion": A.ACCOUNT_RULES_ADDRESS,
                "_accounts": allowed,
                "_position": _positions(allowed),
                "_deployers": {a: True for a in deployer_list},
                "_targets": {t: True for t in target_list},
            },
            "account allowlist, deployers, targets",
        ),
        A.VALIDATOR_CONTRACT_ADDRESS: _contract(
            load,
            "QbftValidatorSet",
            {
                "_roles": {bytes(32): {"hasRole": {a: True for a in admins}}},
                "_validators": validators,
                "_position": _positions(validators),
            },
            "QBFT validator selection contract (validatorcontractaddress)",
        ),
    }


def build_genesis(spec: GenesisSpec, load: ArtifactLoader | None = None) -> dict[str, Any]:
    """The genesis file as a JSON-ready dict."""
    _check(spec)
    validators = parse_address_list(spec.validators, "validator address")
    qbft: dict[str, Any] = {
        "blockperiodseconds": spec.block_period,
        "epochlength": spec.epoch_length,
        "requesttimeoutseconds": spec.request_timeout,
    }
    if spec.validator_mode == "contract":
        qbft["validatorcontractaddress"] = A.VALIDATOR_CONTRACT_ADDRESS
        extra = encode_extradata([])
    else:
        extra = encode_extradata(validators)
    config: dict[str, Any] = {"chainId": spec.chain_id}
    config.update({fork: 0 for fork in BLOCK_FORKS})
    config.update({"shanghaiTime": 0, "zeroBaseFee": True, "qbft": qbft})
    return {
        "config": config,
        "nonce": "0x0",
        "timestamp": "0x0",
        "gasLimit": hex(spec.gas_limit),
        "difficulty": "0x1",
        "mixHash": BFT_MIX_HASH,
        "coinbase": "0x0000000000000000000000000000000000000000",
        "extraData": extra,
        "alloc": system_alloc(
            validators=validators,
            admins=spec.admins,
            nodes=spec.nodes,
            accounts=spec.accounts,
            deployers=spec.deployers,
            targets=spec.targets,
            load=load,
        ),
        "number": "0x0",
        "gasUsed": "0x0",
        "parentHash": "0x" + "00" * 32,
    }


def add_transition(
    genesis: dict[str, Any],
    block: int,
    mode: str,
    *,
    contract: str = A.VALIDATOR_CONTRACT_ADDRESS,
    validators: Sequence[str] = (),
) -> dict[str, Any]:
    """Add a ``transitions.qbft`` entry switching validator selection to ``mode`` at ``block``.

    Besu 23.10 requires a non-empty ``validators`` list for a switch to ``blockheader`` and a contract address
    for a switch to ``contract`` (``QbftForksSchedulesFactory``). Returns the modified ``genesis``.
    """
    if mode not in VALIDATOR_MODES:
        raise GenesisError(f"validator selection mode must be one of {VALIDATOR_MODES}, got {mode!r}")
    if block < 1:
        raise GenesisError("a transition block must be a future block (>= 1)")
    config = genesis.get("config")
    if not isinstance(config, dict) or "qbft" not in config:
        raise GenesisError("not a QBFT genesis: config.qbft is missing")
    entry: dict[str, Any] = {"block": block, "validatorselectionmode": mode}
    if mode == "contract":
        entry["validatorcontractaddress"] = parse_address(contract, "validator contract address")
        if validators:
            raise GenesisError("a switch to contract mode takes its validators from the contract, not a list")
    else:
        if not validators:
            raise GenesisError("a switch to blockheader mode needs the validator list to start from")
        entry["validators"] = parse_address_list(validators, "validator address")
    forks: list[dict[str, Any]] = config.setdefault("transitions", {}).setdefault("qbft", [])
    if any(f.get("block") == block and "validatorselectionmode" in f for f in forks):
        raise GenesisError(f"block {block} already has a validator selection transition")
    forks.append(entry)
    forks.sort(key=lambda f: int(f.get("block", 0)))
    return genesis
