"""Shielded pools with supervision (docs/privacy.md).

- :mod:`drex.privacy.setup`: the circuit build (circom2), the packaging of the proving artefacts and the
  trusted-setup ceremony (``drex private ceremony``);
- :mod:`drex.privacy.prover`: Groth16 proofs from a persistent Node worker running snarkjs.
"""
