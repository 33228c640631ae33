"""The deployment pipeline: manifest round-trip, registry, idempotence, resume, embedded vs local."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from eth_typing import ChecksumAddress, HexStr
from eth_utils import to_checksum_address

from drex.audit.bytecode import immutables, same_but
from drex.build.artifacts import load_artifact
from drex.chain import Chain, connect, connect_anvil
from drex.chain.anvil import start_anvil
from drex.deploy import (
    Deployer,
    Manifest,
    ManifestError,
    deploy_platform,
    full_plan,
    read_manifest,
    registry_key,
)
from drex.deploy.pipeline import dev_roles
from drex.deploy.plan import Deploy
from drex.errors import DrexError

DREX = str(Path(sys.executable).with_name("drex"))


def test_manifest_round_trip(chain: Chain, tmp_path: Path) -> None:
    path = tmp_path / "deployment.json"
    manifest = deploy_platform(chain, path)
    on_disk = json.loads(path.read_text())
    assert on_disk["chainId"] == chain.chain_id
    assert isinstance(on_disk["block"], int) and on_disk["block"] > 0
    assert "pending" not in on_disk
    assert set(on_disk["contracts"]) == {s.name for s in full_plan() if isinstance(s, Deploy)}
    for entry in on_disk["contracts"].values():
        assert entry["address"].startswith("0x") and len(entry["address"]) == 42
        assert entry["tx"].startswith("0x") and len(entry["tx"]) == 66
        assert entry["sourceHash"].startswith("0x")
    assert on_disk["accounts"]["BCB"] == chain.account("BCB").address
    assert read_manifest(path) == manifest
    assert Manifest.from_json(manifest.to_json()) == manifest


def test_every_contract_is_registered_in_address_discovery(chain: Chain) -> None:
    manifest = deploy_platform(chain)
    registry = chain.at("AddressDiscovery", manifest.address("AddressDiscovery"))
    for name, entry in manifest.contracts.items():
        if name == "AddressDiscovery":
            continue
        assert registry.functions.addressDiscovery(registry_key(name)).call() == entry["address"], name


def test_redeploy_is_idempotent(chain: Chain, tmp_path: Path) -> None:
    path = tmp_path / "deployment.json"
    first = Deployer(chain, path).run()
    assert first.sent > 0 and first.skipped == 0
    block = chain.w3.eth.block_number
    second = Deployer(chain, path).run()
    assert second.sent == 0
    assert second.skipped == first.sent
    assert chain.w3.eth.block_number == block  # nothing was sent
    assert second.manifest.contracts == first.manifest.contracts


def test_manifest_of_another_chain_is_refused(chain: Chain, tmp_path: Path) -> None:
    path = tmp_path / "deployment.json"
    m = Manifest(chain_id=1, network="mainnet")
    path.write_text(json.dumps(m.to_json()))
    node = start_anvil()
    try:
        with pytest.raises(ManifestError, match="wrong chain"):
            Deployer(connect_anvil(node), path)
    finally:
        node.kill()


class _CrashAfterRecording(Deployer):
    """Fault injection: the process 'dies' right after recording a pending transaction, before or
    after handing it to the node. Everything else is the real pipeline on a real chain."""

    def __init__(self, *a: object, crash_at: int, send_first: bool, **kw: object) -> None:
        super().__init__(*a, **kw)  # type: ignore[arg-type]
        self.crash_at = crash_at
        self.send_first = send_first
        self.count = 0

    def _send(self, step_id, fn, role):  # type: ignore[no-untyped-def]
        self.count += 1
        if self.count < self.crash_at:
            return super()._send(step_id, fn, role)
        prepared = self.chain.engine.prepare(fn, self._signer(role))
        self.manifest.pending = {
            "id": step_id,
            "tx": prepared.tx_hash,
            "raw": "0x" + prepared.raw.hex(),
            "from": prepared.sender,
        }
        self._save()
        if self.send_first:
            self.chain.engine.send(prepared)
        raise KeyboardInterrupt("simulated crash")


@pytest.mark.parametrize("send_first", [False, True], ids=["crash-before-send", "crash-after-send"])
def test_resume_after_crash_with_a_pending_transaction(tmp_path: Path, send_first: bool) -> None:
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        path = tmp_path / "deployment.json"
        with pytest.raises(KeyboardInterrupt):
            _CrashAfterRecording(chain, path, crash_at=2, send_first=send_first).run()
        assert read_manifest(path).pending is not None
        result = Deployer(connect_anvil(node), path).run()
        assert result.manifest.pending is None
        _assert_complete_once(connect_anvil(node), result.manifest)
    finally:
        node.kill()


def _assert_complete_once(chain: Chain, manifest: Manifest) -> None:
    """Every step done, and the deployer's nonce equals the number of steps: nothing sent twice."""
    plan = full_plan()
    expected_ids = set()
    for s in plan:
        expected_ids.add(s.id)
        if isinstance(s, Deploy) and s.name != "AddressDiscovery":
            expected_ids.add(f"register:{s.name}")
    assert set(manifest.steps) == expected_ids
    txs_by_sender: dict[ChecksumAddress, int] = {}
    for tx_hash in manifest.steps.values():
        sender = chain.w3.eth.get_transaction(HexStr(tx_hash))["from"]
        txs_by_sender[sender] = txs_by_sender.get(sender, 0) + 1
    for sender, count in txs_by_sender.items():
        assert chain.w3.eth.get_transaction_count(sender) == count, sender


def test_resume_after_the_deploy_process_is_killed(tmp_path: Path) -> None:
    node = start_anvil()
    try:
        path = tmp_path / "deployment.json"
        proc = subprocess.Popen(
            [DREX, "deploy", "--network", node.url, "--out", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                assert proc.stderr is not None  # stderr=PIPE
                pytest.fail(f"deploy ended before it could be killed: {proc.stderr.read()!r}")
            try:
                done = len(json.loads(path.read_text())["steps"])
            except (OSError, ValueError, KeyError):
                done = 0
            if done >= 2:
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = read_manifest(path)
        total = len(full_plan()) * 2 - 1
        assert 2 <= len(partial.steps) < total or len(full_plan()) <= 2
        out = subprocess.run(
            [DREX, "deploy", "--network", node.url, "--out", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "deployed on" in out.stdout
        chain = connect(node.url)
        _assert_complete_once(chain, read_manifest(path))
        again = subprocess.run(
            [DREX, "deploy", "--network", node.url, "--out", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "nothing to do" in again.stdout
    finally:
        node.kill()


#: Immutables that hold the chain id or a hash of it (OpenZeppelin EIP712's domain cache): the embedded
#: chain's id is eth-tester's, not anvil's, so only these may differ between the two chains.
CHAIN_BOUND = ("EIP712._cachedChainId", "EIP712._cachedDomainSeparator")


def _chain_bound_ranges(artifact: str) -> list[tuple[int, int]]:
    return [r for f in immutables(load_artifact(artifact)) if f.name in CHAIN_BOUND for r in f.ranges]


def test_same_deployment_on_embedded_and_local(chain: Chain, tmp_path: Path) -> None:
    embedded = deploy_platform(chain)
    node = start_anvil()
    try:
        local_chain = connect_anvil(node)
        local = deploy_platform(local_chain, tmp_path / "local.json")
        assert local.chain_id == 381660001
        assert set(local.contracts) == set(embedded.contracts)
        for name in embedded.contracts:
            e, loc = embedded.contracts[name], local.contracts[name]
            assert e["sourceHash"] == loc["sourceHash"]
            # same deployer, same nonces: the same addresses on both chains
            assert e["address"] == loc["address"], name
            address = to_checksum_address(e["address"])
            here, there = bytes(chain.w3.eth.get_code(address)), bytes(local_chain.w3.eth.get_code(address))
            assert same_but(here, there, _chain_bound_ranges(e["artifact"])), name
        assert local.steps.keys() == embedded.steps.keys()
    finally:
        node.kill()


def test_steps_lost_by_a_node_rollback_are_redone(tmp_path: Path) -> None:
    """A node restarted from an older state (here: a fresh chain with the same chain id) no longer has the
    recorded steps: the next run says so and redoes them, instead of skipping into a broken deployment."""
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        path = tmp_path / "deployment.json"
        deploy_platform(chain, path)
    finally:
        node.kill()
    fresh = start_anvil()
    try:
        messages: list[str] = []
        result = Deployer(connect_anvil(fresh), path, progress=messages.append).run()
        assert any("no longer has" in m for m in messages)
        assert result.skipped == 0 and result.sent > 0
        _assert_complete_once(connect_anvil(fresh), result.manifest)
    finally:
        fresh.kill()


def test_non_dev_chain_needs_signers() -> None:
    chain = connect("embedded")
    chain.kind = "rpc"  # what a Besu node is: no dev accounts
    with pytest.raises(DrexError, match="dev accounts exist only"):
        Deployer(chain, None)


def test_two_participants_sharing_a_wallet_are_refused_before_any_transaction(chain: Chain) -> None:
    """A wallet belongs to one participant (docs/security.md): BANK_A and BANK_B on one wallet would stop the
    deployment at the second addDefaultAccount, so the deployer refuses it before sending anything."""
    roles = dev_roles(chain)
    roles["BANK_B"] = roles["BANK_A"]
    block = chain.w3.eth.block_number
    with pytest.raises(DrexError, match="roles BANK_A and BANK_B use the same wallet"):
        Deployer(chain, None, roles=roles)
    assert chain.w3.eth.block_number == block


def test_reporters_sharing_an_address_are_refused_before_any_transaction(chain: Chain) -> None:
    """One signer for every role would give the four reference-data reporters one address, which
    ``configureReporters`` refuses at the end of the plan: the deployer refuses it before sending anything."""
    roles = dev_roles(chain)
    roles["ORACLE_3"] = roles["ORACLE_1"]
    block = chain.w3.eth.block_number
    with pytest.raises(DrexError, match="reporters need 4 different addresses, not ORACLE_1 0x"):
        Deployer(chain, None, roles=roles)
    assert chain.w3.eth.block_number == block
