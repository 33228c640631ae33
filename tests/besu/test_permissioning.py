"""The permissioning contracts, live from the generated genesis, called exactly the way Besu calls them.

anvil is started with the generated ``genesis.json`` (``--init``): the ingresses answer at 0x...9999 and
0x...8888 from the genesis code and storage alone. Checks use Besu's own call data: the v2 node payloads of
Besu's ``NodeSmartContractV2PermissioningControllerTest``, the start-up validation calls of
``NodePermissioningControllerFactory``/``AccountPermissioningControllerFactory``, and the hand-made
``transactionAllowed`` payload of ``TransactionSmartContractPermissioningController``. Changes go through the
``drex perm`` commands with encrypted keystores; every test runs on a fresh EVM snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_abi import decode as abi_decode
from typer.testing import CliRunner
from web3.types import RPCEndpoint

from drex.besu import addresses as A
from drex.besu.besucalls import STARTUP_CHECK_ENODE, account_payload, node_v2_payload
from drex.besu.keys import Enode, NodeKey, parse_enode
from drex.besu.perm import Permissioning
from drex.besu.rpc import transact
from drex.build import linked_bytecode, load_artifact
from drex.cli.besu import perm_app
from drex.errors import DrexError

from .conftest import LiveNetwork, make_account

pytestmark = pytest.mark.anvil

# hyperledger/besu ethereum/permissioning/src/test/java/org/hyperledger/besu/ethereum/permissioning/
# NodeSmartContractV2PermissioningControllerTest.java: SOURCE/DESTINATION_ENODE_EXPECTED_PAYLOAD_IP
# ("Payloads created using Remix to call method connectionAllowed(string, string, uint16)").
SOURCE_ENODE = (
    "enode://fcbe9f83218487b3c0b50878193880e6c25cfd86708c0a0bf0ca91f0ce633746a892fe240afa5b9a880b8bca48e8a22704"
    "ef937fdda2d7cc63e4d41ed1b417ae@127.0.0.1:30303"
)
SOURCE_PAYLOAD = (
    "0x45a59e5b00000000000000000000000000000000000000000000000000000000000000600000000000000000000000000000000000"
    "000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000765f00000000000000"
    "00000000000000000000000000000000000000000000000080666362653966383332313834383762336330623530383738313933383830"
    "653663323563666438363730386330613062663063613931663063653633333734366138393266653234306166613562396138383062"
    "386263613438653861323237303465663933376664646132643763633633653464343165643162343137616500000000000000000000"
    "000000000000000000000000000000000000000000093132372e302e302e310000000000000000000000000000000000000000000000"
)
DESTINATION_ENODE = (
    "enode://3548c87b9920ff16aa4bdcf01c85f25117a29ae1574d759bad48cc9463d8e9f7c3c1d1e9fb0d28e73898951f90e02714abb7"
    "70fd6d22e90371882a45658800e9@127.0.0.1:40404"
)
DESTINATION_PAYLOAD = (
    "0x45a59e5b00000000000000000000000000000000000000000000000000000000000000600000000000000000000000000000000000"
    "0000000000000000000000000001000000000000000000000000000000000000000000000000000000000000009dd400000000000000"
    "00000000000000000000000000000000000000000000000080333534386338376239393230666631366161346264636630316338356632"
    "353131376132396165313537346437353962616434386363393436336438653966376333633164316539666230643238653733383938"
    "393531663930653032373134616262373730666436643232653930333731383832613435363538383030653900000000000000000000"
    "000000000000000000000000000000000000000000093132372e302e302e310000000000000000000000000000000000000000000000"
)


@pytest.fixture(autouse=True)
def snapshot(live_network: LiveNetwork) -> Iterator[None]:
    snap = live_network.w3.provider.make_request(RPCEndpoint("evm_snapshot"), [])["result"]
    yield
    live_network.w3.provider.make_request(RPCEndpoint("evm_revert"), [snap])


def perm(net: LiveNetwork) -> Permissioning:
    return Permissioning(net.w3)


def cli(net: LiveNetwork, *args: str, keystore: Path | None = None) -> Any:
    extra = ["--rpc", net.url] + (["--keystore", str(keystore)] if keystore else [])
    return CliRunner().invoke(perm_app, [*args, *extra])


def call_raw(net: LiveNetwork, to: str, data: bytes) -> bytes:
    return bytes(net.w3.eth.call({"to": net.w3.to_checksum_address(to), "data": data}))


TRUE, FALSE = bytes(31) + b"\x01", bytes(32)


def test_node_payloads_are_besus() -> None:
    assert "0x" + node_v2_payload(parse_enode(SOURCE_ENODE)).hex() == SOURCE_PAYLOAD
    assert "0x" + node_v2_payload(parse_enode(DESTINATION_ENODE)).hex() == DESTINATION_PAYLOAD


def test_besu_startup_validation_calls_succeed(live_network: LiveNetwork) -> None:
    # node contract: Besu checks that the call succeeds with an ABI bool, for a fixed unknown enode
    assert (
        call_raw(live_network, A.NODE_INGRESS_ADDRESS, node_v2_payload(parse_enode(STARTUP_CHECK_ENODE)))
        == FALSE
    )
    # account contract: frontier tx from 0x0, contract creation, gas 0, price 0, empty payload
    data = account_payload("0x" + "00" * 20, None, 0, 0, 0, b"")
    assert call_raw(live_network, A.ACCOUNT_INGRESS_ADDRESS, data) == FALSE


def test_every_generated_node_may_connect_both_ways(live_network: LiveNetwork) -> None:
    p = perm(live_network)
    enodes = [parse_enode(n.enode) for n in live_network.summary.nodes]
    assert p.nodes() == enodes
    for source in enodes:  # Besu asks for the source and for the destination of each connection
        assert call_raw(live_network, A.NODE_INGRESS_ADDRESS, node_v2_payload(source)) == TRUE
    stranger = Enode(NodeKey.generate().enode_id, "172.16.239.99", 30303)
    assert not p.node_allowed(stranger)
    moved = Enode(enodes[0].node_id, enodes[0].host, 30304)
    assert not p.node_allowed(moved), "host and port are part of the match"
    assert not p.node_allowed(Enode(enodes[0].node_id, "validador-bcb-1", 30303)), "no DNS entry was allowed"


def test_admin_adds_and_removes_a_node(live_network: LiveNetwork, keystore_password: str) -> None:
    enode = NodeKey.generate().enode("10.0.0.7", 30303)
    assert cli(live_network, "nodes", "check", enode).output.strip() == "denied"
    result = cli(live_network, "nodes", "add", enode, keystore=live_network.admin_keystore)
    assert result.exit_code == 0, result.output
    assert cli(live_network, "nodes", "check", enode).output.strip() == "allowed"
    assert enode in cli(live_network, "nodes", "list").output.split()
    result = cli(live_network, "nodes", "remove", enode, keystore=live_network.admin_keystore)
    assert result.exit_code == 0, result.output
    assert cli(live_network, "nodes", "check", enode).output.strip() == "denied"


def test_only_admins_change_the_rules(live_network: LiveNetwork, keystore_password: str) -> None:
    enode = NodeKey.generate().enode("10.0.0.8", 30303)
    member = live_network.member_keystore
    for args in (
        ("nodes", "add", enode),
        ("accounts", "add", "0x" + "12" * 20),
        ("deployers", "add", live_network.member.address),
        ("targets", "add", A.NODE_INGRESS_ADDRESS),
        ("read-only", "enter", "node"),
        ("admins", "add", live_network.member.address),
    ):
        result = cli(live_network, *args, keystore=member)
        assert isinstance(result.exception, DrexError), args
        assert "NotAuthorizedAdmin" in str(result.exception) or "NotAdmin" in str(result.exception), str(
            result.exception
        )
    result = cli(live_network, "nodes", "add", enode)
    assert isinstance(result.exception, DrexError) and "--keystore" in str(result.exception)
    # the registries cannot be repointed by a non-admin either
    ingress = perm(live_network).node_ingress
    fn = ingress.functions.setContractAddress(b"rules".ljust(32, b"\0"), live_network.member.address)
    with pytest.raises(DrexError, match="NotAuthorized"):
        transact(live_network.w3, live_network.member, fn, ingress.abi)


def test_read_only_mode_freezes_the_lists(live_network: LiveNetwork, keystore_password: str) -> None:
    admin = live_network.admin_keystore
    assert cli(live_network, "read-only", "status", "node").output.strip() == "editable"
    assert cli(live_network, "read-only", "enter", "node", keystore=admin).exit_code == 0
    assert cli(live_network, "read-only", "status", "node").output.strip() == "read-only"
    result = cli(live_network, "nodes", "add", NodeKey.generate().enode("10.0.0.9", 30303), keystore=admin)
    assert isinstance(result.exception, DrexError) and "ReadOnlyMode" in str(result.exception)
    # the lists still answer Besu while frozen
    assert perm(live_network).node_allowed(parse_enode(live_network.summary.nodes[0].enode))
    again = cli(live_network, "read-only", "enter", "node", keystore=admin)
    assert "AlreadyReadOnly" in str(again.exception)
    assert cli(live_network, "read-only", "exit", "node", keystore=admin).exit_code == 0
    assert cli(live_network, "read-only", "status", "node").output.strip() == "editable"
    # account rules have their own switch
    assert cli(live_network, "read-only", "enter", "account", keystore=admin).exit_code == 0
    result = cli(live_network, "accounts", "add", "0x" + "34" * 20, keystore=admin)
    assert "ReadOnlyMode" in str(result.exception)


def test_enode_id_only_mode(live_network: LiveNetwork, keystore_password: str) -> None:
    first = parse_enode(live_network.summary.nodes[0].enode)
    moved = Enode(first.node_id, "192.0.2.1", 30399)
    assert not perm(live_network).node_allowed(moved)
    assert cli(live_network, "nodes", "id-only", "true", keystore=live_network.admin_keystore).exit_code == 0
    assert perm(live_network).node_allowed(moved)
    assert cli(live_network, "nodes", "id-only", "false", keystore=live_network.admin_keystore).exit_code == 0
    assert not perm(live_network).node_allowed(moved)


def test_malformed_enodes_are_refused_by_the_contract(live_network: LiveNetwork) -> None:
    """The contract checks ids itself (Besu passes lowercase hex; anything else could never match)."""
    rules = perm(live_network).node_rules
    good = NodeKey.generate().enode_id
    for enode_id, host, error in (
        (good.upper(), "10.0.0.1", "InvalidEnodeId"),
        (good[:-2], "10.0.0.1", "InvalidEnodeId"),
        (good, "", "InvalidHost"),
    ):
        with pytest.raises(DrexError, match=error):
            transact(
                live_network.w3,
                live_network.admin,
                rules.functions.addEnode(enode_id, host, 30303),
                rules.abi,
            )


def test_account_rules(live_network: LiveNetwork, keystore_password: str) -> None:
    p = perm(live_network)
    admin, member = live_network.admin.address, live_network.member.address
    stranger = make_account("stranger").address
    eoa, contract = "0x" + "77" * 20, A.NODE_INGRESS_ADDRESS
    assert p.accounts() == [admin.lower(), member.lower()]
    # admins may do anything (so no list change can lock them out)
    assert p.transaction_allowed(admin, None) and p.transaction_allowed(admin, contract)
    # an allowed account: transfers yes, creation no, contract calls only to enabled targets
    assert p.transaction_allowed(member, eoa)
    assert not p.transaction_allowed(member, None)
    assert not p.transaction_allowed(member, contract)
    ks = live_network.admin_keystore
    assert cli(live_network, "targets", "add", contract, keystore=ks).exit_code == 0
    assert p.transaction_allowed(member, contract) and p.is_target(contract)
    assert cli(live_network, "targets", "remove", contract, keystore=ks).exit_code == 0
    assert not p.transaction_allowed(member, contract)
    assert cli(live_network, "deployers", "add", member, keystore=ks).exit_code == 0
    assert p.transaction_allowed(member, None) and p.transaction_allowed(member, contract)
    assert cli(live_network, "deployers", "remove", member, keystore=ks).exit_code == 0
    assert not p.transaction_allowed(member, None)
    # an account not on the list: nothing
    for target in (None, eoa, contract):
        assert not p.transaction_allowed(stranger, target)
    assert cli(live_network, "accounts", "add", stranger, keystore=ks).exit_code == 0
    assert p.transaction_allowed(stranger, eoa)
    assert stranger.lower() in cli(live_network, "accounts", "list").output.split()
    assert cli(live_network, "accounts", "check", stranger, "--to", eoa).output.strip() == "allowed"
    assert cli(live_network, "accounts", "remove", stranger, keystore=ks).exit_code == 0
    assert cli(live_network, "accounts", "check", stranger, "--to", eoa).output.strip() == "denied"


@pytest.mark.parametrize("size", [0, 2, 31, 32, 33, 64, 100])
@pytest.mark.parametrize("gas_price", [None, 0, 10**9])
def test_besu_account_payload_forms(live_network: LiveNetwork, size: int, gas_price: int | None) -> None:
    member = live_network.member.address.lower()
    payload = bytes(range(size % 256))[:size]
    data = account_payload(member, "0x" + "77" * 20, 5, gas_price, 21000, payload)
    # Besu always pads with 32 - len % 32 zero bytes (a whole extra word when len % 32 == 0)
    assert len(data) == 4 + 7 * 32 + size + (32 - size % 32)
    decoded = abi_decode(["address", "address", "uint256", "uint256", "uint256", "bytes"], data[4:])
    assert decoded == (member, "0x" + "77" * 20, 5, gas_price or 0, 21000, payload)
    assert call_raw(live_network, A.ACCOUNT_INGRESS_ADDRESS, data) == TRUE


def test_account_rules_abi_is_the_pilots() -> None:
    pilot = json.loads((Path(__file__).parent.parent / "data" / "pilot_signatures.json").read_text())
    ours = set()
    for item in load_artifact("AccountRules")["abi"]:
        types = ",".join(i["type"] for i in item.get("inputs", []))
        if item["type"] == "function":
            outs = ",".join(o["type"] for o in item["outputs"])
            ours.add(f"function {item['name']}({types})->({outs}) {item['stateMutability']}")
        elif item["type"] == "event":
            idx = "".join("1" if i["indexed"] else "0" for i in item["inputs"])
            ours.add(f"event {item['name']}({types}) idx{idx}")
        elif item["type"] == "constructor":
            assert [i["type"] for i in item["inputs"]] == ["address", "address"]
    assert ours == set(pilot["AccountRules"])


def test_admins(live_network: LiveNetwork, keystore_password: str) -> None:
    ks = live_network.admin_keystore
    admin, member = live_network.admin.address.lower(), live_network.member.address.lower()
    assert cli(live_network, "admins", "list").output.split() == [admin]
    assert cli(live_network, "admins", "add", member, keystore=ks).exit_code == 0
    assert cli(live_network, "admins", "list").output.split() == [admin, member]
    # the new admin may now change the rules
    assert (
        cli(
            live_network, "targets", "add", A.NODE_INGRESS_ADDRESS, keystore=live_network.member_keystore
        ).exit_code
        == 0
    )
    result = cli(live_network, "admins", "remove", admin, keystore=ks)
    assert "CannotRemoveSelf" in str(result.exception)
    assert cli(live_network, "admins", "remove", member, keystore=ks).exit_code == 0
    assert cli(live_network, "admins", "list").output.split() == [admin]


def test_rules_upgrade_keeps_the_lists(live_network: LiveNetwork) -> None:
    """The upgrade path the ingress exists for: freeze, hand the storage to new rules, repoint the ingress."""
    w3, admin = live_network.w3, live_network.admin
    p = Permissioning(w3, admin)
    art = load_artifact("AccountRules")
    factory = w3.eth.contract(abi=art["abi"], bytecode=linked_bytecode(art, {}))
    ctor = factory.constructor(A.ACCOUNT_INGRESS_ADDRESS, w3.to_checksum_address(A.ACCOUNT_STORAGE_ADDRESS))
    tx = ctor.build_transaction(
        {
            "from": admin.address,
            "nonce": w3.eth.get_transaction_count(admin.address),
            "gasPrice": w3.eth.gas_price,
            "chainId": w3.eth.chain_id,
        }
    )
    signed = admin.sign_transaction(tx)
    new_rules = w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(signed.raw_transaction))[
        "contractAddress"
    ]
    p.set_read_only("account", True)
    storage = w3.eth.contract(
        address=w3.to_checksum_address(A.ACCOUNT_STORAGE_ADDRESS), abi=load_artifact("AccountStorage")["abi"]
    )
    transact(w3, admin, storage.functions.upgradeVersion(new_rules), storage.abi)
    ingress = p.account_ingress
    transact(
        w3, admin, ingress.functions.setContractAddress(b"rules".ljust(32, b"\0"), new_rules), ingress.abi
    )
    assert p.account_rules.address == new_rules
    assert p.accounts() == [admin.address.lower(), live_network.member.address.lower()]
    assert p.transaction_allowed(live_network.member.address, "0x" + "77" * 20)
    assert not p.is_read_only("account"), "the new rules start editable"
    p.add_accounts(["0x" + "56" * 20])
    assert "0x" + "56" * 20 in p.accounts()
