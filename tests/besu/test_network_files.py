"""`drex chain init`: the files it writes, checked against Besu's option names and formats.

Option names and genesis keys come from ``data/besu_reference.json`` (read from Besu's source at the
tags the files target). The compose file is checked structurally in pure Python every time, and by
``docker compose config`` where a compose implementation is installed.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from typer.testing import CliRunner

from drex.besu import addresses as A
from drex.besu.extradata import decode_extradata
from drex.besu.genesis import add_transition
from drex.besu.keys import NodeKey, parse_enode, public_key_from_file
from drex.besu.network import fault_tolerance, init_network, quorum
from drex.besu.storage import encode_storage, genesis_storage
from drex.besu.textformats import parse_yaml
from drex.build import load_artifact
from drex.cli.besu import chain_app
from drex.errors import DrexError

from .conftest import reference

ADMIN = "0x" + "ad" * 20


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory, built: None) -> Path:
    out = tmp_path_factory.mktemp("files") / "net"
    result = CliRunner().invoke(
        chain_app,
        [
            "init",
            "--validators",
            "4",
            "--rpc-nodes",
            "1",
            "--chain-id",
            "4242",
            "--block-period",
            "3",
            "--out",
            str(out),
            "--admin",
            ADMIN,
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def nodes_of(net: Path) -> list[Path]:
    return sorted((net / "nodes").iterdir())


def test_file_tree(net: Path) -> None:
    names = [p.name for p in nodes_of(net)]
    assert names == [
        "fullnode-bcb-1",
        "validador-bcb-1",
        "validador-bcb-2",
        "validador-bcb-3",
        "validador-bcb-4",
    ]
    assert sorted(p.name for p in net.iterdir()) == [
        "docker-compose.yml",
        "genesis.json",
        "network.json",
        "nodes",
        "static-nodes.json",
    ]
    for node in nodes_of(net):
        assert sorted(p.name for p in node.iterdir()) == [
            "config.toml",
            "key",
            "key.pub",
            "static-nodes.json",
        ]
    assert not [p for p in net.parent.iterdir() if p.name.startswith(".net.tmp-")]


def test_init_output_reports_fault_tolerance(tmp_path: Path, built: None) -> None:
    result = CliRunner().invoke(
        chain_app, ["init", "-n", "7", "--rpc-nodes", "0", "--out", str(tmp_path / "n7"), "--admin", ADMIN]
    )
    assert result.exit_code == 0, result.output
    assert "fault tolerance: f = 2 (N = 7 validators" in result.output and "quorum 5" in result.output
    result = CliRunner().invoke(
        chain_app, ["init", "-n", "1", "--out", str(tmp_path / "n1"), "--admin", ADMIN]
    )
    assert "f = 0" in result.output and "warning" in result.output


@pytest.mark.parametrize(
    "n, f, q", [(1, 0, 1), (2, 0, 2), (3, 0, 2), (4, 1, 3), (6, 1, 4), (7, 2, 5), (10, 3, 7)]
)
def test_fault_tolerance(n: int, f: int, q: int) -> None:
    assert fault_tolerance(n) == f and quorum(n) == q and n >= 3 * f + 1


def test_genesis(net: Path) -> None:
    ref = reference()
    genesis = json.loads((net / "genesis.json").read_text())
    documented = set(ref["genesis_top_level_keys"]) | set(ref["genesis_documented_extra_keys"])
    assert {k.lower() for k in genesis} <= documented
    config = genesis["config"]
    assert {k.lower() for k in config} <= set(ref["genesis_config_keys"])
    assert config["chainId"] == 4242 and config["zeroBaseFee"] is True
    assert config["shanghaiTime"] == 0 and "cancunTime" not in config
    assert all(config[k] == 0 for k in ("berlinBlock", "londonBlock", "istanbulBlock", "eip158Block"))
    assert {k.lower() for k in config["qbft"]} <= set(ref["bft_config_keys"])
    assert config["qbft"] == {"blockperiodseconds": 3, "epochlength": 30000, "requesttimeoutseconds": 6}
    assert genesis["mixHash"] == "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365"
    network = json.loads((net / "network.json").read_text())
    validators = [n["address"] for n in network["nodes"] if n["role"] == "validator"]
    assert list(decode_extradata(genesis["extraData"]).validators) == validators


def test_genesis_alloc_is_the_compiled_contracts(net: Path) -> None:
    alloc = json.loads((net / "genesis.json").read_text())["alloc"]
    expected = {
        A.NODE_INGRESS_ADDRESS: "NodeIngress",
        A.ACCOUNT_INGRESS_ADDRESS: "AccountIngress",
        A.PERMISSIONING_ADMIN_ADDRESS: "PermissioningAdmin",
        A.NODE_RULES_ADDRESS: "NodeRules",
        A.NODE_STORAGE_ADDRESS: "NodeStorage",
        A.ACCOUNT_RULES_ADDRESS: "AccountRules",
        A.ACCOUNT_STORAGE_ADDRESS: "AccountStorage",
        A.VALIDATOR_CONTRACT_ADDRESS: "QbftValidatorSet",
    }
    assert set(alloc) == set(expected)
    for address, name in expected.items():
        assert alloc[address]["code"] == load_artifact(name)["deployedBytecode"]
        assert set(alloc[address]) <= {"balance", "code", "storage"}
    # the admin contract's storage is what the encoder derives from the compiled layout
    layout = load_artifact("PermissioningAdmin")["storageLayout"]
    assert alloc[A.PERMISSIONING_ADMIN_ADDRESS]["storage"] == genesis_storage(
        encode_storage(layout, {"_admins": [ADMIN], "_position": {ADMIN: 1}})
    )


def test_config_toml_uses_only_besu_options(net: Path) -> None:
    ref = reference()
    for node in nodes_of(net):
        config = tomllib.loads((node / "config.toml").read_text())
        for version in ("23.10.1", "23.10.3"):
            unknown = set(config) - set(ref["cli_options"][version])
            assert not unknown, f"{node.name}: options unknown to Besu {version}: {unknown}"
        assert config["tx-pool"] in ref["tx_pool_values"]["23.10.3"]
        for key, value in config.items():  # TOML types Besu's TomlConfigFileDefaultProvider accepts
            assert isinstance(value, str | int | bool | list), key


def test_config_toml_carries_the_pilot_hardening(net: Path) -> None:
    network = json.loads((net / "network.json").read_text())
    by_name = {n["name"]: n for n in network["nodes"]}
    for node in nodes_of(net):
        c = tomllib.loads((node / "config.toml").read_text())
        assert c["identity"] == node.name and re.fullmatch(r"(validador|fullnode)-bcb-\d+", node.name)
        assert c["discovery-enabled"] is False and c["static-nodes-file"] == "/config/static-nodes.json"
        assert c["permissions-nodes-contract-enabled"] is True
        assert c["permissions-nodes-contract-address"] == A.NODE_INGRESS_ADDRESS
        assert c["permissions-nodes-contract-version"] == 2
        assert c["permissions-accounts-contract-enabled"] is True
        assert c["permissions-accounts-contract-address"] == A.ACCOUNT_INGRESS_ADDRESS
        assert c["tx-pool"] == "sequenced" and c["min-gas-price"] == 0
        assert c["rpc-http-host"] == "127.0.0.1" and c["host-allowlist"] == ["localhost", "127.0.0.1"]
        assert c["rpc-ws-enabled"] is False and c["graphql-http-enabled"] is False
        assert "rpc-http-cors-origins" not in c and "bootnodes" not in c
        assert ("QBFT" in c["rpc-http-api"]) and ("ADMIN" in c["rpc-http-api"])
        own = parse_enode(by_name[node.name]["enode"])
        assert c["p2p-host"] == own.host and c["p2p-port"] == own.port


def test_keys_enodes_and_static_nodes(net: Path) -> None:
    network = json.loads((net / "network.json").read_text())
    all_enodes = json.loads((net / "static-nodes.json").read_text())
    assert all_enodes == [n["enode"] for n in network["nodes"]]
    for entry in network["nodes"]:
        node = net / "nodes" / entry["name"]
        key = NodeKey.from_file(node / "key")
        assert public_key_from_file(node / "key.pub") == key.public_key
        assert key.address == entry["address"] and parse_enode(entry["enode"]).node_id == key.enode_id
        static = json.loads((node / "static-nodes.json").read_text())
        assert static == [e for e in all_enodes if e != entry["enode"]]


def test_besu_23_10_1_variant(tmp_path: Path, built: None) -> None:
    ref = reference()
    init_network(tmp_path / "n", validators=1, rpc_nodes=0, admins=[ADMIN], version="23.10.1")
    config = tomllib.loads((tmp_path / "n" / "nodes" / "validador-bcb-1" / "config.toml").read_text())
    assert config["tx-pool"] == "legacy" and config["tx-pool"] in ref["tx_pool_values"]["23.10.1"]
    compose = parse_yaml((tmp_path / "n" / "docker-compose.yml").read_text())
    assert compose["services"]["validador-bcb-1"]["image"] == "hyperledger/besu:23.10.1"
    with pytest.raises(DrexError, match="unsupported Besu version"):
        init_network(tmp_path / "m", validators=1, admins=[ADMIN], version="latest")


def check_compose(document: Mapping[str, Any], net: Path) -> None:
    """What the compose file must say, whatever parses it."""
    network = json.loads((net / "network.json").read_text())
    services = document["services"]
    assert set(services) == {n["name"] for n in network["nodes"]}
    subnet = ipaddress.IPv4Network(document["networks"]["drex"]["ipam"]["config"][0]["subnet"])
    for entry in network["nodes"]:
        service = services[entry["name"]]
        assert re.fullmatch(r"hyperledger/besu:\d+\.\d+\.\d+", service["image"]), (
            "image must pin an exact release"
        )
        assert service["command"] == ["--config-file=/config/config.toml"]
        ip = service["networks"]["drex"]["ipv4_address"]
        assert ipaddress.IPv4Address(ip) in subnet and parse_enode(entry["enode"]).host == ip
        assert all(p.startswith("127.0.0.1:") for p in service["ports"]), "RPC only on the host's loopback"
        for volume in service["volumes"]:
            source, target, mode = volume.split(":")
            assert mode == "ro" and (net / source).is_file(), volume
        assert entry["rpc"].endswith(service["ports"][0].split(":")[1])


def test_compose_structure(net: Path) -> None:
    text = (net / "docker-compose.yml").read_text()
    check_compose(parse_yaml(text), net)


def _compose_command() -> list[str] | None:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_config_parses(net: Path) -> None:
    command = _compose_command()
    if command is None:
        pytest.skip(
            "no compose implementation installed (neither the `docker compose` plugin nor `docker-compose`): "
            "docker-compose.yml was checked by the pure-Python structure test only"
        )
    result = subprocess.run(
        [*command, "-f", str(net / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    print(f"`{' '.join(command)} config` accepted the generated file")
    assert "hyperledger/besu:23.10.3" in result.stdout


# ------------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "args, message",
    [
        (["-n", "0"], "at least 1 validator"),
        (["-n", "4", "--rpc-nodes", "-1"], "negative"),
        (["-n", "4", "--admin", "0x12"], "malformed admin"),
        (["-n", "4", "--admin", ADMIN, "--admin", ADMIN.upper().replace("0X", "0x")], "duplicate admin"),
        (["-n", "4", "--chain-id", "0"], "chain id"),
        (["-n", "4", "--block-period", "0"], "block period"),
        (["-n", "4", "--validator-mode", "vote"], "validator mode"),
        (["-n", "300"], "too small"),
        (["-n", "4", "--participant", "B C"], "participant"),
        (["-n", "4", "--account", "nope"], "malformed account"),
    ],
)
def test_bad_input_writes_nothing(tmp_path: Path, args: list[str], message: str, built: None) -> None:
    out = tmp_path / "net"
    extra = [] if "--admin" in args else ["--admin", ADMIN]
    result = CliRunner().invoke(chain_app, ["init", *args, *extra, "--out", str(out)])
    assert isinstance(result.exception, DrexError), result.output
    assert message in str(result.exception)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_destinations(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out in (blocker / "net", tmp_path / "missing" / "net", Path("/proc/drex-net")):
        with pytest.raises(DrexError):
            init_network(out, validators=4, admins=[ADMIN])
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine")
    with pytest.raises(DrexError, match="refusing to overwrite"):
        init_network(existing, validators=4, admins=[ADMIN])
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing", "file"]


def test_empty_existing_directory_is_used(tmp_path: Path, built: None) -> None:
    (tmp_path / "net").mkdir()
    init_network(tmp_path / "net", validators=1, rpc_nodes=0, admins=[ADMIN])
    assert (tmp_path / "net" / "genesis.json").is_file()


def test_failure_midway_leaves_nothing(tmp_path: Path, built: None) -> None:
    calls = {"n": 0}

    def flaky_loader(name: str) -> Mapping[str, Any]:
        calls["n"] += 1
        if calls["n"] > 10:  # the validation pass succeeds; the pass writing into the temp dir fails
            raise DrexError("artifact store went away")
        return load_artifact(name)

    with pytest.raises(DrexError, match="went away"):
        init_network(tmp_path / "net", validators=4, admins=[ADMIN], load=flaky_loader)
    assert list(tmp_path.iterdir()) == []


def test_generated_admin_keystore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: None) -> None:
    monkeypatch.setenv("DREX_KEYSTORE_PASSWORD", "pw")
    result = CliRunner().invoke(
        chain_app, ["init", "-n", "1", "--rpc-nodes", "0", "--out", str(tmp_path / "n")]
    )
    assert result.exit_code == 0, result.output
    keystore = tmp_path / "n" / "admin" / "keystore.json"
    assert oct(keystore.stat().st_mode & 0o777) == "0o600"
    admin = Account.from_key(Account.decrypt(json.loads(keystore.read_text()), "pw")).address.lower()
    assert json.loads((tmp_path / "n" / "network.json").read_text())["admins"] == [admin]
    assert f"admin keystore: {keystore}" in result.output


def test_admin_password_from_a_file_and_json_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: None
) -> None:
    monkeypatch.setenv("DREX_KEYSTORE_PASSWORD", "not this one")  # --password-file wins
    (tmp_path / "pw.txt").write_text("from the file\nignored\n")
    args = ["init", "-n", "1", "--rpc-nodes", "0", "--out", str(tmp_path / "n"), "--json"]
    result = CliRunner().invoke(chain_app, [*args, "--password-file", str(tmp_path / "pw.txt")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    keystore = tmp_path / "n" / "admin" / "keystore.json"
    assert summary["adminKeystore"] == str(keystore) and summary["quorum"] == 1
    admin = Account.from_key(Account.decrypt(json.loads(keystore.read_text()), "from the file")).address
    assert summary["admins"] == [admin.lower()] and summary["nodes"][0]["role"] == "validator"


def test_admin_password_prompt_says_what_it_protects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: None
) -> None:
    monkeypatch.delenv("DREX_KEYSTORE_PASSWORD", raising=False)
    result = CliRunner().invoke(
        chain_app, ["init", "-n", "1", "--rpc-nodes", "0", "--out", str(tmp_path / "n")], input="pw\npw\n"
    )
    assert result.exit_code == 0, result.output
    assert "password for the generated permissioning admin keystore" in result.output
    Account.decrypt(json.loads((tmp_path / "n" / "admin" / "keystore.json").read_text()), "pw")


# ----------------------------------------------------------------------------------- transitions
def test_transition_to_contract_and_back(tmp_path: Path, built: None) -> None:
    ref = reference()
    init_network(tmp_path / "n", validators=4, rpc_nodes=0, admins=[ADMIN])
    genesis_path = tmp_path / "n" / "genesis.json"
    inode = genesis_path.stat().st_ino  # docker bind-mounts this file: it must be rewritten in place
    runner = CliRunner()
    result = runner.invoke(
        chain_app, ["transition", str(genesis_path), "--block", "1000", "--to", "contract"]
    )
    assert result.exit_code == 0, result.output
    genesis = json.loads(genesis_path.read_text())
    assert genesis["config"]["transitions"] == {
        "qbft": [
            {
                "block": 1000,
                "validatorselectionmode": "contract",
                "validatorcontractaddress": A.VALIDATOR_CONTRACT_ADDRESS,
            }
        ]
    }
    validators = list(decode_extradata(genesis["extraData"]).validators)
    args = ["transition", str(genesis_path), "--block", "2000", "--to", "blockheader"]
    result = runner.invoke(chain_app, args + [x for v in validators for x in ("--validator", v)])
    assert result.exit_code == 0, result.output
    forks = json.loads(genesis_path.read_text())["config"]["transitions"]["qbft"]
    assert [f["block"] for f in forks] == [1000, 2000] and forks[1]["validators"] == validators
    for fork in forks:
        assert set(fork) <= set(ref["qbft_transition_keys"])
    assert genesis_path.stat().st_ino == inode


@pytest.mark.parametrize(
    "block, mode, validators, message",
    [
        (0, "contract", [], "future block"),
        (10, "blockheader", [], "needs the validator list"),
        (10, "contract", [ADMIN], "from the contract"),
        (10, "other", [], "must be one of"),
    ],
)
def test_bad_transitions(block: int, mode: str, validators: list[str], message: str) -> None:
    genesis: dict[str, Any] = {"config": {"qbft": {}}}
    with pytest.raises(DrexError, match=message):
        add_transition(genesis, block, mode, validators=validators)


def test_duplicate_transition_block_and_non_qbft_genesis() -> None:
    genesis: dict[str, Any] = {"config": {"qbft": {}}}
    add_transition(genesis, 10, "contract")
    with pytest.raises(DrexError, match="already has"):
        add_transition(genesis, 10, "contract")
    with pytest.raises(DrexError, match="not a QBFT genesis"):
        add_transition({"config": {}}, 10, "contract")


def test_contract_mode_genesis(tmp_path: Path, built: None) -> None:
    init_network(tmp_path / "n", validators=4, rpc_nodes=0, admins=[ADMIN], validator_mode="contract")
    genesis = json.loads((tmp_path / "n" / "genesis.json").read_text())
    assert genesis["config"]["qbft"]["validatorcontractaddress"] == A.VALIDATOR_CONTRACT_ADDRESS
    assert decode_extradata(genesis["extraData"]).validators == ()
    assert os.path.exists(tmp_path / "n" / "docker-compose.yml")
