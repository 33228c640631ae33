"""``drex audit verify`` against the packaged build, on a whole platform deployed on anvil.

A fresh deployment matches exactly, contract by contract (libraries included). Each way a deployment can
differ from the build is made for real on the chain and must be a MISMATCH that names it: a contract's code
swapped for another build's (``anvil_setCode``), the right code deployed with a wrong constructor argument
that lives in storage (runtime code identical), and one whose argument is an immutable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
import typer
from typer.testing import CliRunner

from drex.audit import AuditInputError, open_deployment, packaged_build, verify
from drex.audit.bytecode import ipfs_multihash, metadata_ipfs_hashes
from drex.audit.sourcify import write_sourcify
from drex.audit.verify import VerifyReport
from drex.build.artifacts import build_info
from drex.chain.accounts import dev_account
from drex.cli.audit_verify import register, verify_app
from drex.deploy import full_plan
from drex.deploy.plan import Deploy

from .conftest import Deployed


def _verify(d: Deployed, manifest: Path | None = None, **kwargs: Any) -> VerifyReport:
    return verify(open_deployment(d.node.url, manifest or d.path, chain=d.chain, **kwargs), packaged_build())


def _by_name(report: VerifyReport) -> dict[str, Any]:
    return {c.name: c for c in report.contracts}


def test_a_fresh_deployment_matches_exactly(platform: Deployed) -> None:
    report = _verify(platform, address_discovery=platform.manifest.address("AddressDiscovery"))
    planned = {s.name for s in full_plan() if isinstance(s, Deploy)}
    assert {c.name for c in report.contracts} == planned == set(platform.manifest.contracts)
    assert "PoseidonT3" in planned  # a linked library is verified like any contract
    for c in report.contracts:
        assert (c.status, c.match, c.reasons) == ("MATCH", "exact", []), c.name
    assert report.ok and report.chain_id == platform.chain.chain_id


def test_the_cli_reports_a_match_and_says_the_build_was_not_rebuilt(platform: Deployed) -> None:
    args = ["--network", platform.node.url, "--manifest", str(platform.path)]
    table = CliRunner().invoke(verify_app, args)
    assert table.exit_code == 0, table.output
    build = build_info()
    assert f"against packaged build {build['inputHash']} (not rebuilt from source)" in table.output
    assert (
        f"RealDigital                {platform.manifest.address('RealDigital')}  MATCH exact" in table.output
    )
    n = len(platform.manifest.contracts)
    assert f"{n} contracts: {n} MATCH ({n} exact, 0 partial), 0 MISMATCH" in table.output

    doc = json.loads(CliRunner().invoke(verify_app, [*args, "--json"]).output)
    assert doc["ok"] is True and doc["build"] == {
        "rebuilt": False,
        "inputHash": build["inputHash"],
        "source": None,
        "compiler": None,
    }
    assert {c["match"] for c in doc["contracts"]} == {"exact"}

    audit = typer.Typer()  # the group the lead mounts as ``drex audit``, with another command beside it
    audit.command()(lambda: None)
    register(audit)
    mounted = CliRunner().invoke(audit, ["verify", *args])
    assert mounted.exit_code == 0 and "0 MISMATCH" in mounted.output


def test_an_address_discovery_without_its_manifest_is_refused(platform: Deployed, tmp_path: Path) -> None:
    registry = platform.manifest.address("AddressDiscovery")
    with pytest.raises(AuditInputError, match="needs the deployment's manifest even with"):
        open_deployment(platform.node.url, tmp_path / "none.json", address_discovery=registry)


def test_a_contract_swapped_for_another_build_is_a_mismatch(platform: Deployed, tmp_path: Path) -> None:
    w3 = platform.chain.w3
    str_address = platform.manifest.address("STR")
    other = w3.eth.get_code(cast(Any, platform.manifest.address("KeyDictionary")))
    w3.provider.make_request(cast(Any, "anvil_setCode"), [str_address, "0x" + bytes(other).hex()])

    report = _verify(platform)
    results = _by_name(report)
    assert not report.ok
    assert results["STR"].status == "MISMATCH"
    assert results["STR"].creation.match == "exact"  # the creation transaction is still the right one
    reason = results["STR"].runtime.reason
    assert reason.startswith("runtime code differs from the build's STR")
    assert "it is the runtime code of KeyDictionary" in reason
    assert all(c.status == "MATCH" for c in report.contracts if c.name != "STR")

    cli = CliRunner().invoke(verify_app, ["--network", platform.node.url, "--manifest", str(platform.path)])
    assert cli.exit_code == 1
    assert "MISMATCH" in cli.output and "it is the runtime code of KeyDictionary" in cli.output
    out = write_sourcify(report, tmp_path / "sourcify")
    assert "STR" in out.skipped and "STR" not in out.folders


def test_the_same_contract_built_differently_is_a_mismatch(platform: Deployed) -> None:
    # STR's own code with one instruction byte changed, outside its immutables and metadata: what another
    # compiler version or setting would produce, and no contract of the build has.
    w3 = platform.chain.w3
    address = platform.manifest.address("STR")
    code = bytearray(w3.eth.get_code(cast(Any, address)))
    assert code[:2] == b"\x60\x80"  # PUSH1 0x80, the free memory pointer's start
    code[1] = 0xA0
    w3.provider.make_request(cast(Any, "anvil_setCode"), [address, "0x" + bytes(code).hex()])

    result = _by_name(_verify(platform))["STR"]
    assert result.status == "MISMATCH" and result.creation.match == "exact"
    assert result.runtime.reason == (
        "runtime code differs from the build's STR (first at byte 1, 1 byte differs): a different build"
    )
    doc = result.to_json()["runtime"]
    assert doc["match"] is None and doc["actual"] == "0x" + bytes(code).hex()
    assert doc["expected"] != doc["actual"] and len(doc["expected"]) == len(doc["actual"])


def test_a_wrong_constructor_argument_behind_identical_runtime_code_is_a_mismatch(
    platform: Deployed, tmp_path: Path
) -> None:
    # ApprovedDigitalCurrency(_authority, _admin) keeps both in AccessControl's storage: the runtime code
    # of a deployment with another authority is byte for byte the build's.
    chain = platform.chain
    bcb, stn = chain.account("BCB").address, chain.account("STN").address
    contract, receipt = chain.deploy_with_receipt(
        "ApprovedDigitalCurrency", stn, bcb, sender=chain.account("BCB")
    )
    original = platform.manifest.address("ApprovedDigitalCurrency")
    assert chain.w3.eth.get_code(contract.address) == chain.w3.eth.get_code(cast(Any, original))
    manifest = platform.manifest_with(
        tmp_path,
        "ApprovedDigitalCurrency",
        address=contract.address,
        tx="0x" + bytes(receipt["transactionHash"]).hex(),
    )

    report = _verify(platform, manifest, address_discovery=platform.manifest.address("AddressDiscovery"))
    adc = _by_name(report)["ApprovedDigitalCurrency"]
    assert adc.status == "MISMATCH"
    assert adc.runtime.match == "exact"
    assert adc.creation.match is None
    [diff] = adc.creation.differences
    assert (diff.name, diff.expected, diff.actual) == ("constructor argument _authority (address)", bcb, stn)
    assert f"_authority (address): expected {bcb}, actual {stn}" in adc.creation.reason
    assert f"AddressDiscovery has {original} for ApprovedDigitalCurrency" in " ".join(adc.reasons)
    assert [c.name for c in report.contracts if c.status == "MISMATCH"] == ["ApprovedDigitalCurrency"]


def test_an_immutable_that_differs_is_named(platform: Deployed, tmp_path: Path) -> None:
    # STR(token) keeps Real Digital's address in the immutable CBDC: deploy it pointing at another contract.
    chain = platform.chain
    wrong = platform.manifest.address("KeyDictionary")
    contract, receipt = chain.deploy_with_receipt("STR", wrong, sender=chain.account("BCB"))
    manifest = platform.manifest_with(
        tmp_path, "STR", address=contract.address, tx="0x" + bytes(receipt["transactionHash"]).hex()
    )

    result = _by_name(_verify(platform, manifest))["STR"]
    rd = platform.manifest.address("RealDigital")
    assert result.status == "MISMATCH"
    [immutable] = result.runtime.differences
    assert (immutable.name, immutable.expected, immutable.actual) == ("immutable STR.CBDC", rd, wrong)
    assert result.runtime.reason == f"immutables differ: immutable STR.CBDC: expected {rd}, actual {wrong}"
    [arg] = result.creation.differences
    assert (arg.name, arg.expected, arg.actual) == ("constructor argument token (address)", rd, wrong)


def test_off_a_dev_network_the_accounts_must_be_given(platform: Deployed) -> None:
    """Off a dev network the manifest's accounts are not trusted (the operator wrote them): every role the
    plan uses must be given with --account, and a wrong one is a mismatch, not a silent pass."""
    from web3 import Web3

    from drex.chain.core import Chain

    rpc = Chain(Web3(Web3.HTTPProvider(platform.node.url)), "rpc", platform.node.url)
    assert platform.manifest.accounts  # the manifest has them, and they are ignored
    with pytest.raises(AuditInputError, match=r"--account BCB=0x"):
        verify(open_deployment(platform.node.url, platform.path, chain=rpc), packaged_build())
    accounts = {role: dev_account(role).address for role in ("BCB", "STN", "BANK_A", "BANK_B")}
    good = verify(
        open_deployment(platform.node.url, platform.path, chain=rpc, accounts=accounts), packaged_build()
    )
    assert good.ok and good.accounts["BCB"] == (accounts["BCB"], "--account")
    # a wrong deployer account is a mismatch of every contract that role deployed, not a silent pass
    accounts["BCB"] = dev_account("STN").address
    wrong = verify(
        open_deployment(platform.node.url, platform.path, chain=rpc, accounts=accounts), packaged_build()
    )
    assert not wrong.ok
    assert "the plan has BCB" in " ".join(_by_name(wrong)["AddressDiscovery"].reasons)


def test_the_registry_is_checked_without_being_asked(platform: Deployed) -> None:
    """The manifest's AddressDiscovery is checked even without --discovery: a name re-pointed is named."""
    from eth_utils.crypto import keccak

    registry = platform.chain.at("AddressDiscovery", platform.manifest.address("AddressDiscovery"))
    other = dev_account(9).address
    platform.chain.transact(
        registry.functions.updateAddress(keccak(text="TPFt"), other), sender=platform.chain.account("BCB")
    )
    report = _verify(platform)
    assert not report.ok
    assert _by_name(report)["TPFt"].reasons == [
        f"AddressDiscovery has {other} for TPFt, the manifest {platform.manifest.address('TPFt')}"
    ]


def test_a_manifest_naming_another_account_is_a_finding(platform: Deployed, tmp_path: Path) -> None:
    """On a dev network the roles are the test mnemonic's accounts: a manifest saying otherwise is wrong."""
    doc = json.loads(platform.path.read_text())
    mallory = dev_account(9).address
    doc["accounts"]["BCB"] = mallory
    lying = tmp_path / "deployment.json"
    lying.write_text(json.dumps(doc))
    report = _verify(platform, lying)
    assert not report.ok
    assert all(c.status == "MATCH" for c in report.contracts)  # checked against the real BCB
    assert report.account_problems == [
        f"the manifest says BCB is {mallory}, but BCB is {dev_account('BCB').address} (dev mnemonic)"
    ]
    table = CliRunner().invoke(verify_app, ["--network", platform.node.url, "--manifest", str(lying)])
    assert table.exit_code == 1, table.output
    assert f"  BCB          {dev_account('BCB').address}  (dev mnemonic)" in table.output
    assert f"manifest account: the manifest says BCB is {mallory}" in table.output


def test_sourcify_layout_of_the_packaged_build(platform: Deployed, tmp_path: Path) -> None:
    report = _verify(platform)
    out = write_sourcify(report, tmp_path / "repo")
    chain_id = platform.chain.chain_id
    assert set(out.folders) == set(platform.manifest.contracts) and not out.with_sources
    for name, entry in platform.manifest.contracts.items():
        folder = tmp_path / "repo" / "contracts" / "full_match" / str(chain_id) / entry["address"]
        assert out.folders[name] == folder
        meta = (folder / "metadata.json").read_bytes()
        code = bytes(platform.chain.w3.eth.get_code(cast(Any, entry["address"])))
        assert ipfs_multihash(meta) in metadata_ipfs_hashes(code), name  # the code commits to this file
        assert json.loads(meta)["settings"]["compilationTarget"]
        assert (folder / "creator-tx-hash.txt").read_text() == entry["tx"]
        assert not (folder / "sources").exists()
    str_folder = out.folders["STR"]
    rd = platform.manifest.address("RealDigital")
    assert (str_folder / "constructor-args.txt").read_text() == "0x" + "0" * 24 + rd[2:].lower()
    assert json.loads((str_folder / "immutable-references.json").read_text())
