// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IShieldedPool} from "./IShieldedPool.sol";

/// @title IPrivateDvP
/// @notice Private delivery versus payment between two shielded pools (docs/privacy.md, "Contracts"). The
/// proposer posts its leg (spending its notes in one pool, paying the acceptor) and the commitment `E` it
/// expects from the counter pool; only a hash is stored. The acceptor settles with the proposer's leg and its
/// own, whose leaf must be `Poseidon(E, C_change)`; both legs are verified and applied in that transaction, or
/// nothing is. The proposer may cancel; there is no time window.
/// @dev A proposal is kept under `keccak256(abi.encode(proposer, tradeId))`, so no one can take another
/// proposer's trade id. The proposer's leg is bound (context kind 3) to this contract, the trade id, `E` and
/// the counter pool; the acceptor's (kind 4) to this contract and the trade id.
interface IPrivateDvP {
    /// @notice One leg: a JoinSplit in one pool.
    /// @param pool The shielded pool.
    /// @param proof The JoinSplit proof.
    /// @param spend Its public values.
    /// @param notes The receivers' note ciphertexts.
    struct Leg {
        address pool;
        IShieldedPool.Proof proof;
        IShieldedPool.Spend spend;
        bytes notes;
    }

    /// @notice The address is not one of the shielded pools this DvP settles in.
    /// @param pool The address.
    error UnknownPool(address pool);

    /// @notice A value that must be an element of the BN254 scalar field is not below its prime.
    /// @param value The value given.
    error NotAFieldElement(uint256 value);

    /// @notice The proposer already has an open proposal with this trade id.
    /// @param proposer The proposer.
    /// @param tradeId The trade id.
    error TradeAlreadyProposed(address proposer, bytes32 tradeId);

    /// @notice The proposer has no open proposal with this trade id.
    /// @param proposer The proposer.
    /// @param tradeId The trade id.
    error UnknownTrade(address proposer, bytes32 tradeId);

    /// @notice The proposer's leg, `E` or the counter pool given to {settle} are not the ones proposed.
    /// @param proposer The proposer.
    /// @param tradeId The trade id.
    error ProposalMismatch(address proposer, bytes32 tradeId);

    /// @notice The acceptor's leaf is not `Poseidon(E, acceptorChange)`: its first output is not the
    /// commitment the proposer expects.
    /// @param outLeaf The acceptor leg's leaf.
    /// @param expected `Poseidon(E, acceptorChange)`.
    error AcceptorLeafMismatch(uint256 outLeaf, uint256 expected);

    /// @notice Emitted when a proposer posts a trade; carries its leg, so the acceptor reads it from the chain.
    /// @param tradeId The trade id.
    /// @param proposer The proposer.
    /// @param counterPool The pool the acceptor's leg spends in.
    /// @param expectedCommitment `E`, the commitment the proposer expects there.
    /// @param leg The proposer's leg.
    /// @param terms The opening of `E` encrypted to the acceptor's note key (how the acceptor learns what to pay).
    event Proposed(
        bytes32 indexed tradeId,
        address indexed proposer,
        address counterPool,
        uint256 expectedCommitment,
        Leg leg,
        bytes terms
    );

    /// @notice Emitted when a trade settles (each pool emits its `LegSettled` too).
    /// @param tradeId The trade id.
    /// @param proposer The proposer.
    /// @param settler Who sent the settlement.
    event Settled(bytes32 indexed tradeId, address indexed proposer, address indexed settler);

    /// @notice Emitted when the proposer cancels a trade.
    /// @param tradeId The trade id.
    /// @param proposer The proposer.
    event Cancelled(bytes32 indexed tradeId, address indexed proposer);

    /// @notice Posts the caller's leg of a trade and the commitment it expects from the counter pool; only a
    /// hash is stored (nothing is verified or spent until {settle}).
    /// @param tradeId The trade id (unique among the caller's open proposals).
    /// @param leg The proposer's leg (context kind 3).
    /// @param expectedCommitment `E` (a field element).
    /// @param counterPool The pool the acceptor's leg will spend in.
    /// @param terms The opening of `E` encrypted to the acceptor (emitted only; the chain cannot check it, and
    /// the acceptor refuses a proposal whose terms do not open `E`).
    function propose(
        bytes32 tradeId,
        Leg calldata leg,
        uint256 expectedCommitment,
        address counterPool,
        bytes calldata terms
    ) external;

    /// @notice Settles a proposal: checks it is the one proposed and that the acceptor's leaf is
    /// `Poseidon(E, acceptorChange)`, then has each pool verify and apply its leg. Both or nothing.
    /// @param tradeId The trade id.
    /// @param proposer The proposer.
    /// @param proposerLeg The proposer's leg, as proposed.
    /// @param expectedCommitment `E`, as proposed.
    /// @param acceptorLeg The acceptor's leg (context kind 4), in the counter pool.
    /// @param acceptorChange The commitment of the acceptor leg's second output.
    function settle(
        bytes32 tradeId,
        address proposer,
        Leg calldata proposerLeg,
        uint256 expectedCommitment,
        Leg calldata acceptorLeg,
        uint256 acceptorChange
    ) external;

    /// @notice The caller cancels its open proposal.
    /// @param tradeId The trade id.
    function cancel(bytes32 tradeId) external;

    /// @notice Whether `pool` is one of the pools this DvP settles in.
    /// @param pool The address.
    /// @return True when it is.
    function isPool(address pool) external view returns (bool);

    /// @notice The stored hash of `proposer`'s open proposal `tradeId` (zero when none).
    /// @param proposer The proposer.
    /// @param tradeId The trade id.
    /// @return The hash.
    function proposalOf(address proposer, bytes32 tradeId) external view returns (bytes32);

    /// @notice The hash a proposal is stored as: `keccak256(abi.encode(leg, expectedCommitment, counterPool))`.
    /// @param leg The proposer's leg.
    /// @param expectedCommitment `E`.
    /// @param counterPool The counter pool.
    /// @return The hash.
    function proposalHash(Leg calldata leg, uint256 expectedCommitment, address counterPool)
        external
        pure
        returns (bytes32);

    /// @notice The context of a proposer's leg (kind 3) in `pool` carrying `notes`.
    /// @param pool The proposer's pool.
    /// @param tradeId The trade id.
    /// @param expectedCommitment `E`.
    /// @param counterPool The counter pool.
    /// @param notes The leg's note ciphertexts.
    /// @return The context.
    function proposerContext(
        address pool,
        bytes32 tradeId,
        uint256 expectedCommitment,
        address counterPool,
        bytes calldata notes
    ) external view returns (uint256);

    /// @notice The context of an acceptor's leg (kind 4) in `pool` carrying `notes`.
    /// @param pool The acceptor's pool.
    /// @param tradeId The trade id.
    /// @param notes The leg's note ciphertexts.
    /// @return The context.
    function acceptorContext(address pool, bytes32 tradeId, bytes calldata notes) external view returns (uint256);
}
