"""The prover on the real JoinSplit circuit: a proof of a satisfying input (tests/privacy/data) made with
the committed trusted setup is accepted by the committed Solidity verifier on anvil and by snarkjs, a
tampered public signal is rejected, and an input that satisfies no constraint system is an error after
which the worker goes on (tests/privacy/test_worker.py tests the worker further, on a tiny circuit)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from drex.chain import connect_anvil
from drex.chain.anvil import AnvilNode
from drex.paths import project_root
from drex.privacy.prover import Proof, Prover, ProverError, circuit_artifacts
from drex.privacy.setup.circuit import compile_circuit
from drex.privacy.setup.outputs import check_setup
from drex.privacy.setup.runner import run_step

pytestmark = pytest.mark.xdist_group("prover")

P = 21888242871839275222246405745257275088548364400416034343698204186575808495617
#: docs/privacy.md, "The circuit": the public signals in the order the verifier takes them.
PUBLIC_SIGNALS = [
    "nullifier[0]", "nullifier[1]", "outLeaf", "ephemeralY", "cipher[0]", "cipher[1]", "cipher[2]",
    "noteRoot", "paramsHash", "context", "publicOut",
]  # fmt: skip


@pytest.fixture(scope="module")
def prover() -> Iterator[Prover]:
    with Prover() as p:
        yield p


@pytest.fixture(scope="module")
def proof(prover: Prover, joinsplit_input: dict[str, Any]) -> Proof:
    return prover.prove(joinsplit_input)


def test_the_packaged_artefacts_are_those_of_the_compiled_circuit_and_its_setup() -> None:
    found = circuit_artifacts()
    assert list(found.public_signals) == PUBLIC_SIGNALS
    assert 2 ** found.info["power"] > found.info["constraints"] + len(PUBLIC_SIGNALS)
    root = project_root()
    r1cs = compile_circuit(root, "joinsplit").r1cs  # cached by drex build
    assert found.info["circuitHash"] == hashlib.sha256(r1cs.read_bytes()).hexdigest()
    transcript = check_setup(root, "joinsplit", "JoinSplit", found.info["circuitHash"])
    assert [c["name"] for c in transcript["phase2"]["contributions"]] == ["BCB", "STN", "BANK_A", "BANK_B"]
    assert found.zkey.read_bytes() == (root / "circuits/setup/joinsplit.zkey").read_bytes()


def test_the_public_signals_carry_the_public_inputs(proof: Proof, joinsplit_input: dict[str, Any]) -> None:
    signals = dict(zip(PUBLIC_SIGNALS, proof.public_signals, strict=True))
    for name in ("noteRoot", "paramsHash", "context", "publicOut"):
        assert signals[name] == int(joinsplit_input[name]), name
    assert len({signals["nullifier[0]"], signals["nullifier[1]"], signals["outLeaf"]}) == 3
    assert all(0 <= s < P for s in proof.public_signals)


def test_the_committed_verifier_accepts_the_proof_and_rejects_any_tampered_signal(
    proof: Proof, anvil_node: AnvilNode
) -> None:
    chain = connect_anvil(anvil_node)
    verifier = chain.deploy("JoinSplitVerifier", sender=chain.account("BCB"))
    verify = verifier.functions.verifyProof
    assert verify(*proof.calldata()).call() is True
    a, b, c, public = proof.calldata()
    for i in range(len(public)):
        tampered = list(public)
        tampered[i] = (tampered[i] + 1) % P
        assert verify(a, b, c, tampered).call() is False, PUBLIC_SIGNALS[i]
    unswapped = ((b[0][1], b[0][0]), (b[1][1], b[1][0]))  # snarkjs' own G2 order: not what the EVM takes
    assert verify(a, unswapped, c, public).call() is False
    chain.close()


def test_snarkjs_verifies_the_proof_with_the_packaged_verification_key(proof: Proof) -> None:
    vkey = json.loads(circuit_artifacts().vkey.read_text())
    snark_proof, public = proof.to_snarkjs()
    assert run_step("groth16 verify", "verify", vkey=vkey, proof=snark_proof, publicSignals=public) is True
    public[9] = str(int(public[9]) + 1)  # another context
    assert run_step("groth16 verify", "verify", vkey=vkey, proof=snark_proof, publicSignals=public) is False


def test_the_worker_answers_a_bad_input_with_an_error_and_goes_on(
    prover: Prover, proof: Proof, joinsplit_input: dict[str, Any]
) -> None:
    pid = prover.worker_pid
    unbalanced = {**joinsplit_input, "inValue": ["101", "0"]}  # 101 in, 60 + 40 out
    with pytest.raises(ProverError, match="no proof for these inputs of joinsplit: .*Assert Failed"):
        prover.prove(unbalanced)
    with pytest.raises(ProverError, match="no proof for these inputs of joinsplit"):
        prover.prove({"noteRoot": 1})
    assert prover.prove(joinsplit_input).public_signals == proof.public_signals
    assert prover.worker_pid == pid
