"""The genesis storage encoder against real constructor-deployed contracts.

Each permissioning contract is deployed on anvil through its constructor (and driven through its functions);
the slots :func:`drex.besu.storage.encode_storage` computes from the artifact's ``storageLayout`` for the
same state must hold exactly those words, and the deployed runtime code must equal the artifact's
``deployedBytecode`` (no immutables), which is what makes the genesis ``alloc`` entries valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from eth_utils import keccak
from web3 import Web3
from web3.contract import Contract

from drex.besu.genesis import RULES_VERSION, enode_key
from drex.besu.keys import Enode, NodeKey
from drex.besu.storage import StorageLayoutError, encode_storage, genesis_storage
from drex.build import linked_bytecode, load_artifact
from drex.chain.anvil import AnvilNode, start_anvil

pytestmark = pytest.mark.anvil


@pytest.fixture(scope="module")
def anvil(built: None) -> Iterator[AnvilNode]:
    node = start_anvil()
    yield node
    node.kill()


@pytest.fixture(scope="module")
def w3(anvil: AnvilNode) -> Web3:
    w3 = Web3(Web3.HTTPProvider(anvil.url))
    w3.eth.default_account = w3.eth.accounts[0]
    return w3


def deploy(w3: Web3, name: str, *args: Any) -> Contract:
    art = load_artifact(name)
    factory = w3.eth.contract(abi=art["abi"], bytecode=linked_bytecode(art, {}))
    receipt = w3.eth.wait_for_transaction_receipt(factory.constructor(*args).transact())
    address = receipt["contractAddress"]
    assert address is not None, f"{name} was not created"
    contract = w3.eth.contract(address=address, abi=art["abi"])
    assert "0x" + bytes(w3.eth.get_code(contract.address)).hex() == art["deployedBytecode"], (
        f"{name} immutables?"
    )
    return contract


def send(w3: Web3, fn: Any) -> None:
    assert w3.eth.wait_for_transaction_receipt(fn.transact())["status"] == 1


def assert_storage(w3: Web3, contract: Contract, name: str, values: dict[str, Any]) -> None:
    slots = encode_storage(load_artifact(name)["storageLayout"], values)
    assert slots, "expected some non-zero state"
    for slot, word in slots.items():
        actual = int.from_bytes(w3.eth.get_storage_at(contract.address, slot), "big")
        assert actual == word, f"{name} slot {hex(slot)}: chain {hex(actual)} != encoder {hex(word)}"
    # slots just past the encoded ones are empty on chain too (nothing was missed at the top of the layout)
    top = max(int(v["slot"]) for v in load_artifact(name)["storageLayout"]["storage"])
    for slot in range(top + 1, top + 4):
        assert int.from_bytes(w3.eth.get_storage_at(contract.address, slot), "big") == 0


def addr(w3: Web3, n: int) -> str:
    return str(w3.to_checksum_address("0x" + f"{n:040x}"))


def test_ingress_admin_and_rules(w3: Web3) -> None:
    me = w3.eth.accounts[0]
    admin = deploy(w3, "PermissioningAdmin", [me, addr(w3, 0xA1)])
    assert_storage(
        w3,
        admin,
        "PermissioningAdmin",
        {
            "_admins": [me.lower(), addr(w3, 0xA1).lower()],
            "_position": {me.lower(): 1, addr(w3, 0xA1).lower(): 2},
        },
    )
    ingress = deploy(w3, "NodeIngress", admin.address, addr(w3, 0xB1))
    keys = [b"administration", b"rules"]
    assert_storage(
        w3,
        ingress,
        "NodeIngress",
        {
            "_registry": {keys[0]: admin.address.lower(), keys[1]: addr(w3, 0xB1).lower()},
            "_contractKeys": keys,
            "_keyPosition": {keys[0]: 1, keys[1]: 2},
        },
    )
    rules = deploy(w3, "AccountRules", ingress.address, addr(w3, 0xC1))
    send(w3, rules.functions.enterReadOnly())  # packs a bool next to the ingress address in slot 0
    assert_storage(
        w3,
        rules,
        "AccountRules",
        {
            "_ingress": ingress.address.lower(),
            "_readOnly": True,
            "_version": RULES_VERSION,
            "_storage": addr(w3, 0xC1).lower(),
        },
    )


def test_node_storage_long_strings_and_structs(w3: Web3) -> None:
    me = w3.eth.accounts[0].lower()
    ingress = addr(w3, 0x9999)
    storage = deploy(w3, "NodeStorage", ingress)
    enodes = [
        Enode(NodeKey.generate().enode_id, "172.16.239.11", 30303),
        Enode(NodeKey.generate().enode_id, "a" * 40, 1),
    ]
    for e in enodes:
        send(w3, storage.functions.add(e.node_id, e.host, e.port))
    assert storage.functions.enodeKey(enodes[0].node_id, enodes[0].host, enodes[0].port).call() == enode_key(
        enodes[0]
    )
    assert_storage(
        w3,
        storage,
        "NodeStorage",
        {
            "_ingress": ingress.lower(),
            "_latestVersion": me,
            "_enodes": [{"enodeId": e.node_id, "host": e.host, "port": e.port} for e in enodes],
            "_position": {enode_key(e): i + 1 for i, e in enumerate(enodes)},
            "_idCount": {keccak(e.node_id.encode()): 1 for e in enodes},
        },
    )


def test_account_storage_mappings(w3: Web3) -> None:
    me = w3.eth.accounts[0].lower()
    storage = deploy(w3, "AccountStorage", addr(w3, 0x8888))
    a, b = addr(w3, 0x1001), addr(w3, 0x1002)
    for fn in (
        storage.functions.add(a),
        storage.functions.add(b),
        storage.functions.setDeployer(b, True),
        storage.functions.setTarget(addr(w3, 0x5), True),
    ):
        send(w3, fn)
    assert_storage(
        w3,
        storage,
        "AccountStorage",
        {
            "_ingress": addr(w3, 0x8888).lower(),
            "_latestVersion": me,
            "_accounts": [a.lower(), b.lower()],
            "_position": {a.lower(): 1, b.lower(): 2},
            "_deployers": {b.lower(): True},
            "_targets": {addr(w3, 0x5).lower(): True},
        },
    )


def test_validator_set_access_control_roles(w3: Web3) -> None:
    admin = addr(w3, 0xAD)
    validators = [addr(w3, 0x100 + i).lower() for i in range(3)]
    contract = deploy(w3, "QbftValidatorSet", admin, validators)
    assert_storage(
        w3,
        contract,
        "QbftValidatorSet",
        {
            "_roles": {bytes(32): {"hasRole": {admin.lower(): True}}},
            "_validators": validators,
            "_position": {v: i + 1 for i, v in enumerate(validators)},
        },
    )


def test_encoder_rejects_what_does_not_fit() -> None:
    layout = load_artifact("AccountRules")["storageLayout"]
    with pytest.raises(StorageLayoutError, match="no state variable"):
        encode_storage(layout, {"_ingres": "0x" + "00" * 20})
    with pytest.raises(StorageLayoutError, match="address"):
        encode_storage(layout, {"_ingress": "not an address"})
    with pytest.raises(StorageLayoutError, match="bool"):
        encode_storage(layout, {"_readOnly": 1})
    with pytest.raises(StorageLayoutError, match="member"):
        encode_storage(load_artifact("NodeStorage")["storageLayout"], {"_enodes": [{"enode": "x"}]})


def test_genesis_storage_form() -> None:
    assert genesis_storage({1: 5}) == {"0x" + "00" * 31 + "01": "0x" + "00" * 31 + "05"}
