"""Groth16 proofs of the shielded pools' circuit: a :class:`Prover` drives a persistent snarkjs worker
and returns :class:`Proof` s in the form the Solidity verifier takes::

    with Prover() as prover:  # the JoinSplit circuit's packaged artefacts
        proof = prover.prove(inputs)  # its input signals by name
    accepted = verifier.functions.verifyProof(*proof.calldata()).call()

Node.js and snarkjs are needed at run time (:mod:`drex.privacy.prover.toolchain`).
"""

from drex.privacy.prover.proof import Proof
from drex.privacy.prover.prover import JOINSPLIT, CircuitArtifacts, Prover, ProverError, circuit_artifacts
from drex.privacy.prover.toolchain import SNARKJS_VERSION, ToolchainMissing, snarkjs_dir

__all__ = [
    "JOINSPLIT",
    "SNARKJS_VERSION",
    "CircuitArtifacts",
    "Proof",
    "Prover",
    "ProverError",
    "ToolchainMissing",
    "circuit_artifacts",
    "snarkjs_dir",
]
