"""The shielded pools' primitives: the BN254 field, Poseidon, BabyJubJub, keys and note encryption."""
