"""The trusted-setup ceremony, end to end, on a tiny circuit (2^8: seconds), through the ``drex`` command:
phase 1, setup, two institutions' contributions, finalize; a proof made with the result verifies with
snarkjs and with the exported Solidity verifier on anvil; ``drex build`` packages the setup and refuses
one made for another version of the circuit."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from drex.build import MissingArtifacts, build, load_artifact
from drex.chain import connect_anvil
from drex.chain.anvil import AnvilNode
from drex.privacy.prover import Prover, circuit_artifacts
from drex.privacy.setup import CeremonyError, SetupMismatch
from drex.privacy.setup.ceremony import contribute, finalize
from drex.privacy.setup.phase1 import Timer
from drex.privacy.setup.runner import run_step
from privacy.conftest import POWER, drex, make_tiny_project, ok

pytestmark = pytest.mark.xdist_group("ceremony")


def test_the_transcript_lists_every_contribution_with_its_hash(tiny_ceremony: Path) -> None:
    t = json.loads((tiny_ceremony / "circuits/setup/tiny.transcript.json").read_text())
    r1cs = tiny_ceremony / "build/circuits/tiny/tiny.r1cs"
    assert t["r1csSha256"] == hashlib.sha256(r1cs.read_bytes()).hexdigest()
    assert t["circuit"] == "tiny" and t["template"] == "Tiny" and t["power"] == POWER
    assert t["snarkjs"] == "0.7.6" and t["publicSignals"] == ["out", "flag", "c"]
    assert [c["name"] for c in t["phase2"]["contributions"]] == ["BANK_A", "BANK_B"]
    hashes = [c["hash"] for c in t["phase1"]["contributions"] + t["phase2"]["contributions"]]
    assert len(set(hashes)) == 4 and all(len(h) == 128 for h in hashes)
    for phase in ("phase1", "phase2"):
        beacon = t[phase]["beacon"]
        assert beacon["iterationsExp"] == 10 and len(beacon["hash"]) == 64 and "stand-in" in beacon["note"]
    assert t["phase1"]["beacon"]["hash"] != t["phase2"]["beacon"]["hash"]  # fresh randomness each time
    zkey = tiny_ceremony / "circuits/setup/tiny.zkey"
    assert t["zkeySha256"] == hashlib.sha256(zkey.read_bytes()).hexdigest()
    verifier = tiny_ceremony / "contracts/privacy/generated/TinyVerifier.sol"
    assert "contract TinyVerifier {" in verifier.read_text() and "Groth16Verifier" not in verifier.read_text()
    assert "pragma solidity >=0.7.0 <0.9.0;" in verifier.read_text()


def test_verify_checks_the_setup_and_runs_zkey_verify(tiny_ceremony: Path) -> None:
    done = ok("private", "ceremony", "verify", "--circuit", "tiny", root=tiny_ceremony)
    assert done["zkeyVerified"] is True and done["skipped"] is None
    assert "zkey verify" in [s["step"] for s in done["steps"]]


def test_a_proof_of_the_ceremony_verifies_with_snarkjs_and_on_chain(
    tiny_ceremony: Path, anvil_node: AnvilNode
) -> None:
    result = build(tiny_ceremony)  # compiles the exported verifier and packages the tiny circuit
    # (copied by this build or by another test's build of the shared tiny checkout: either way packaged)
    assert [c.name for c in result.circuits] == ["tiny"]
    assert (result.out_dir / "privacy" / "tiny.zkey").is_file()
    packaged = result.out_dir / "privacy"
    assert json.loads((packaged / "tiny.json").read_text())["publicSignals"] == ["out", "flag", "c"]
    with Prover(wasm=packaged / "tiny.wasm", zkey=packaged / "tiny.zkey") as prover:
        proof = prover.prove({"a": 3, "b": 3, "c": 5})
    assert proof.public_signals == (14, 1, 5)
    vkey = json.loads((packaged / "tiny.vkey.json").read_text())
    snark_proof, public = proof.to_snarkjs()
    assert run_step("verify", "verify", vkey=vkey, proof=snark_proof, publicSignals=public) is True
    assert run_step("verify", "verify", vkey=vkey, proof=snark_proof, publicSignals=["15", "1", "5"]) is False

    chain = connect_anvil(anvil_node)
    art = load_artifact("TinyVerifier", result.out_dir)
    factory = chain.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
    receipt = chain.transact(factory.constructor(), sender=chain.account("BCB"))
    verifier = chain.w3.eth.contract(address=receipt["contractAddress"], abi=art["abi"])
    assert verifier.functions.verifyProof(*proof.calldata()).call() is True
    a, b, c, _ = proof.calldata()
    assert verifier.functions.verifyProof(a, b, c, (15, 1, 5)).call() is False
    chain.close()


def test_a_second_build_compiles_and_copies_nothing(tiny_ceremony: Path) -> None:
    build(tiny_ceremony)
    again = build(tiny_ceremony).circuits[0]
    assert not again.compiled and not again.copied


def test_build_refuses_a_setup_made_for_another_version_of_the_circuit(
    tiny_ceremony: Path, tmp_path: Path
) -> None:
    root = tmp_path / "changed"
    shutil.copytree(
        tiny_ceremony, root, symlinks=True, ignore=shutil.ignore_patterns(".drex-cache", "python")
    )
    source = root / "circuits/tiny.circom"
    source.write_text(source.read_text().replace("out <== product + c;", "out <== product + 2 * c;"))
    with pytest.raises(
        SetupMismatch, match=r"another version of the circuit tiny.*drex private ceremony rebuild"
    ):
        build(root)
    assert not (root / "python/drex/artifacts/privacy/tiny.zkey").exists()
    refused = drex("private", "ceremony", "verify", "--circuit", "tiny", root=root)
    assert refused.returncode == 1 and "drex private ceremony rebuild" in refused.stderr


def test_build_refuses_a_missing_or_altered_setup(tiny_ceremony: Path, tmp_path: Path) -> None:
    root = tmp_path / "altered"
    shutil.copytree(
        tiny_ceremony, root, symlinks=True, ignore=shutil.ignore_patterns(".drex-cache", "python")
    )
    zkey = root / "circuits/setup/tiny.zkey"
    data = bytearray(zkey.read_bytes())
    data[-1] ^= 1
    zkey.write_bytes(bytes(data))
    with pytest.raises(SetupMismatch, match="tiny.zkey is not the file the ceremony's transcript records"):
        build(root)
    shutil.rmtree(root / "circuits/setup")
    with pytest.raises(SetupMismatch, match="no trusted setup for the circuit tiny"):
        build(root)


def test_steps_out_of_order_are_refused_with_the_step_named(tiny_ceremony: Path, tmp_path: Path) -> None:
    root = make_tiny_project(tmp_path / "fresh")
    timer = Timer()
    with pytest.raises(CeremonyError, match="contribute: no ceremony in progress for tiny"):
        contribute(root, "BANK_A", timer, name="tiny")
    setup_refused = drex(
        "private", "ceremony", "setup", "--power", str(POWER), "--circuit", "tiny", root=root
    )
    assert setup_refused.returncode == 1
    assert "no phase 1 of 2^8" in setup_refused.stderr and "ceremony phase1 --power 8" in setup_refused.stderr
    # the phase 1 of the ceremony's checkout, and a setup with nobody contributing yet
    shutil.copytree(
        tiny_ceremony / ".drex-cache", root / ".drex-cache", ignore=shutil.ignore_patterns("work")
    )
    ok("private", "ceremony", "setup", "--power", str(POWER), "--circuit", "tiny", root=root)
    with pytest.raises(CeremonyError, match="finalize: no institution has contributed yet"):
        finalize(root, timer, name="tiny")
    contribute(root, "BANK_A", timer, name="tiny")
    with pytest.raises(CeremonyError, match="BANK_A has already contributed"):
        contribute(root, "BANK_A", timer, name="tiny")
    with pytest.raises(CeremonyError, match="groth16 setup failed: ENOENT"):
        run_step("groth16 setup", "zkeyNew", r1cs=root / "nothing.r1cs", ptau=root / "nothing.ptau",
                 out=root / "x.zkey")  # fmt: skip


def test_the_prover_refuses_artefacts_packaged_before_a_change(
    tiny_ceremony: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tiny_ceremony)
    root = tmp_path / "checkout"
    shutil.copytree(tiny_ceremony, root, symlinks=True, ignore=shutil.ignore_patterns(".drex-cache"))
    monkeypatch.setenv("DREX_ROOT", str(root))
    assert circuit_artifacts("tiny").zkey == root / "python/drex/artifacts/privacy/tiny.zkey"
    transcript = root / "circuits/setup/tiny.transcript.json"
    recorded = json.loads(transcript.read_text())
    transcript.write_text(json.dumps({**recorded, "zkeySha256": "0" * 64}))
    with pytest.raises(MissingArtifacts, match="circuits/setup/ holds another trusted setup.*drex build"):
        circuit_artifacts("tiny")
    source = root / "circuits/tiny.circom"
    source.write_text(source.read_text() + "// changed\n")
    with pytest.raises(MissingArtifacts, match=r"stale \(circuits/ changed since they were packaged\)"):
        circuit_artifacts("tiny")


def test_a_contracts_rebuild_keeps_the_packaged_circuit(tiny_ceremony: Path, tmp_path: Path) -> None:
    build(tiny_ceremony)
    root = tmp_path / "checkout"
    shutil.copytree(tiny_ceremony, root, symlinks=True, ignore=shutil.ignore_patterns(".drex-cache"))
    extra = "// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.24;\ncontract Extra {}\n"
    (root / "contracts/Extra.sol").write_text(extra)
    result = build(root)
    assert result.compiled and result.contracts == ("Extra", "TinyVerifier")
    assert not result.circuits[0].copied  # the contracts' new folder took the packaged circuit along
    assert sorted(p.name for p in (result.out_dir / "privacy").iterdir()) == [
        "poseidon_constants.json", "tiny.json", "tiny.vkey.json", "tiny.wasm", "tiny.zkey"
    ]  # fmt: skip
