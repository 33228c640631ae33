// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IJoinSplitVerifier
/// @notice The Groth16 verifier of the shielded pools' JoinSplit circuit (`circuits/joinsplit.circom`), as
/// snarkjs 0.7.6 exports it (`contracts/privacy/generated/JoinSplitVerifier.sol`, from the ceremony's final
/// zkey).
/// @dev The signature is the one of snarkjs' `templates/verifier_groth16.sol.ejs` for 11 public signals, in the
/// order of docs/privacy.md: `[nullifier0, nullifier1, outLeaf, ephemeralY, cipher0, cipher1, cipher2,
/// noteRoot, paramsHash, context, publicOut]`. It returns false (never reverts) for a wrong proof or a
/// signal that is not below the field's prime.
interface IJoinSplitVerifier {
    /// @notice Whether `(a, b, c)` proves the JoinSplit statement for `pubSignals`.
    /// @param a The proof's point A (G1).
    /// @param b The proof's point B (G2, coordinates in snarkjs' order).
    /// @param c The proof's point C (G1).
    /// @param pubSignals The 11 public signals, in the circuit's order.
    /// @return True when the proof is valid.
    function verifyProof(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[11] calldata pubSignals
    ) external view returns (bool);
}
