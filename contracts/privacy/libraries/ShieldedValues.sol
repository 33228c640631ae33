// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ShieldedValues
/// @notice The values docs/privacy.md defines and the contracts compute: the BN254 scalar field, the
/// 64-bit value range, BabyJubJub's curve equation and the contexts that bind a proof to its purpose.
/// @dev Internal functions only (inlined): no linking. A context is
/// `uint256(keccak256(abi.encode(chainId, pool, kind, …))) mod p`; every word of `abi.encode` is 32 bytes, so
/// the types of `kind`, `tradeId` and the others do not change it.
library ShieldedValues {
    /// @notice The BN254 scalar field's prime (circom's field, Poseidon's and the LeanIMT's).
    uint256 internal constant P = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice Values and assets are below 2^64.
    uint256 internal constant VALUE_LIMIT = 1 << 64;

    /// @notice The allow list's leaves fit a depth-16 membership proof.
    uint256 internal constant ALLOW_LIMIT = 1 << 16;

    /// @notice The note tree's leaves fit a depth-24 membership proof.
    uint256 internal constant NOTE_LIMIT = 1 << 24;

    /// @notice Context kinds.
    uint256 internal constant KIND_TRANSFER = 1;
    /// @notice Context kind of a withdrawal.
    uint256 internal constant KIND_WITHDRAW = 2;
    /// @notice Context kind of a DvP proposer's leg.
    uint256 internal constant KIND_PROPOSER = 3;
    /// @notice Context kind of a DvP acceptor's leg.
    uint256 internal constant KIND_ACCEPTOR = 4;

    /// @dev BabyJubJub (twisted Edwards, `a·x² + y² = 1 + d·x²·y²` over the BN254 scalar field), as circomlib.
    uint256 private constant BJJ_A = 168700;
    uint256 private constant BJJ_D = 168696;

    /// @notice Whether `(x, y)` is a BabyJubJub point of large order: on the curve and not of order 1, 2, 4 or
    /// 8 (`8 · (x, y)` is not the identity). A small-order key would give shared secrets anyone can compute,
    /// making the supervision ciphertexts public.
    /// @param x The point's x.
    /// @param y The point's y.
    /// @return True when it is.
    function isRegulatorKey(uint256 x, uint256 y) internal pure returns (bool) {
        if (x == 0 || x >= P || y >= P) return false;
        uint256 x2 = mulmod(x, x, P);
        uint256 y2 = mulmod(y, y, P);
        uint256 lhs = addmod(mulmod(BJJ_A, x2, P), y2, P);
        uint256 rhs = addmod(1, mulmod(mulmod(BJJ_D, x2, P), y2, P), P);
        if (lhs != rhs) return false;
        (uint256 X, uint256 Y, uint256 Z) = (x, y, 1);
        for (uint256 i = 0; i < 3; ++i) {
            (X, Y, Z) = _double(X, Y, Z);
        }
        return !(X == 0 && Y == Z);
    }

    /// @dev Doubling on the twisted Edwards curve in projective coordinates (complete for BabyJubJub).
    function _double(uint256 X, uint256 Y, uint256 Z) private pure returns (uint256, uint256, uint256) {
        uint256 b = mulmod(addmod(X, Y, P), addmod(X, Y, P), P);
        uint256 c = mulmod(X, X, P);
        uint256 d = mulmod(Y, Y, P);
        uint256 e = mulmod(BJJ_A, c, P);
        uint256 f = addmod(e, d, P);
        uint256 h = mulmod(Z, Z, P);
        uint256 j = addmod(f, P - mulmod(2, h, P), P);
        uint256 x3 = mulmod(addmod(b, P - addmod(c, d, P), P), j, P);
        uint256 y3 = mulmod(f, addmod(e, P - d, P), P);
        uint256 z3 = mulmod(f, j, P);
        return (x3, y3, z3);
    }

    /// @notice The context of a transfer: `(chainId, pool, 1, keccak256(notes))`.
    /// @param pool The pool.
    /// @param notesHash keccak256 of the note ciphertexts.
    /// @return The context.
    function transferContext(address pool, bytes32 notesHash) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, pool, KIND_TRANSFER, notesHash))) % P;
    }

    /// @notice The context of a withdrawal: `(chainId, pool, 2, recipient, keccak256(notes))`.
    /// @param pool The pool.
    /// @param recipient The wallet paid.
    /// @param notesHash keccak256 of the note ciphertexts.
    /// @return The context.
    function withdrawContext(address pool, address recipient, bytes32 notesHash) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, pool, KIND_WITHDRAW, recipient, notesHash))) % P;
    }

    /// @notice The context of a DvP proposer's leg:
    /// `(chainId, pool, 3, dvp, tradeId, expectedCommitment, counterPool, keccak256(notes))`.
    /// @param pool The proposer's pool.
    /// @param dvp The private DvP.
    /// @param tradeId The trade.
    /// @param expectedCommitment The commitment the proposer expects from the counter pool.
    /// @param counterPool The acceptor's pool.
    /// @param notesHash keccak256 of the leg's note ciphertexts.
    /// @return The context.
    function proposerContext(
        address pool,
        address dvp,
        bytes32 tradeId,
        uint256 expectedCommitment,
        address counterPool,
        bytes32 notesHash
    ) internal view returns (uint256) {
        return uint256(
            keccak256(
                abi.encode(
                    block.chainid, pool, KIND_PROPOSER, dvp, tradeId, expectedCommitment, counterPool, notesHash
                )
            )
        ) % P;
    }

    /// @notice The context of a DvP acceptor's leg: `(chainId, pool, 4, dvp, tradeId, keccak256(notes))`.
    /// @param pool The acceptor's pool.
    /// @param dvp The private DvP.
    /// @param tradeId The trade.
    /// @param notesHash keccak256 of the leg's note ciphertexts.
    /// @return The context.
    function acceptorContext(address pool, address dvp, bytes32 tradeId, bytes32 notesHash)
        internal
        view
        returns (uint256)
    {
        return uint256(keccak256(abi.encode(block.chainid, pool, KIND_ACCEPTOR, dvp, tradeId, notesHash))) % P;
    }
}
