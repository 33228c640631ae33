"""The JoinSplit circuit's build and trusted setup (docs/privacy.md, "Trusted setup").

- :mod:`~drex.privacy.setup.circuit`: compile ``circuits/*.circom`` with circom2, cached by sources hash;
- :mod:`~drex.privacy.setup.phase1` and :mod:`~drex.privacy.setup.ceremony`: the ceremony behind
  ``drex private ceremony`` (powers of tau, groth16 setup, one contribution per institution, beacon,
  verification, export of the verification key and the Solidity verifier);
- :mod:`~drex.privacy.setup.outputs`: the committed outputs (``circuits/setup/``) and their check;
- :mod:`~drex.privacy.setup.package`: the proving artefacts in the package data (``drex build``).

snarkjs runs in Node through ``steps.mjs``; nothing here is used at run time by the prover.
"""

from drex.privacy.setup.errors import CeremonyError, CircuitError, SetupMismatch

__all__ = ["CeremonyError", "CircuitError", "SetupMismatch"]
