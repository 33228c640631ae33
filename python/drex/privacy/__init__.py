"""Shielded pools with supervision (docs/privacy.md): keys, Poseidon, notes, the tree mirror, the
circuit's witness, the central bank's decryption, the prover and the trusted setup.

- :mod:`drex.privacy.crypto`: the field, Poseidon, BabyJubJub, the shielded keys and note encryption;
- :mod:`drex.privacy.notes`: notes, their commitments, leaves and nullifiers;
- :mod:`drex.privacy.tree`: a mirror of the pools' LeanIMTs (note tree, allow list) with Merkle proofs;
- :mod:`drex.privacy.witness`: the JoinSplit circuit's input and the public signals it will produce;
- :mod:`drex.privacy.regulator`: the regulator's key and the decryption of the supervision ciphertext;
- :mod:`drex.privacy.prover`: Groth16 proofs from a persistent Node worker running snarkjs;
- :mod:`drex.privacy.setup`: the circuit build (circom2), the packaging of the proving artefacts and the
  trusted-setup ceremony (``drex private ceremony``).

Importing this package is cheap: each module loads what it needs when first used.
"""

from drex.privacy.errors import (
    InvalidPoint,
    NotesPayloadError,
    PrivacyError,
    RegulatorKeyError,
    TreeError,
    WitnessError,
)

__all__ = [
    "InvalidPoint",
    "NotesPayloadError",
    "PrivacyError",
    "RegulatorKeyError",
    "TreeError",
    "WitnessError",
]
