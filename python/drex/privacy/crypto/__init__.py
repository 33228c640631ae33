"""The shielded pools' primitives, one module each (nothing is imported here, so importing is cheap):

- :mod:`~drex.privacy.crypto.field`: the BN254 scalar field ``p`` (reduction, inverse, square root);
- :mod:`~drex.privacy.crypto.poseidon`: circomlib's Poseidon for 1 to 5 inputs;
- :mod:`~drex.privacy.crypto.constants`: Poseidon's constants, extracted from circomlibjs by the build;
- :mod:`~drex.privacy.crypto.babyjub`: BabyJubJub (the regulator's and the ephemeral keys);
- :mod:`~drex.privacy.crypto.keys`: a wallet's shielded keys, derived from its Ethereum key;
- :mod:`~drex.privacy.crypto.noteenc`: note openings encrypted to their receivers (X25519, ChaCha20-Poly1305).
"""
