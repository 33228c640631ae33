// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";

import {IPrivateDvP} from "./interfaces/IPrivateDvP.sol";
import {IShieldedPool} from "./interfaces/IShieldedPool.sol";
import {ShieldedValues} from "./libraries/ShieldedValues.sol";

/// @title PrivateDvP
/// @notice Private delivery versus payment between shielded pools (typically a TPFt leg and a Real Digital
/// leg): propose, settle both legs in one transaction, or cancel. See {IPrivateDvP}.
/// @dev The pools it settles in are fixed at construction (a leg in any other contract is refused, so a
/// proposer cannot pass a fake pool off as a leg). Each pool verifies its leg's proof and applies it in
/// `settleLeg`, which only this contract may call (each pool's `setDvP`). Nothing here holds value.
contract PrivateDvP is IPrivateDvP {
    /// @dev The pools this DvP settles in.
    mapping(address pool => bool) private _pools;

    /// @dev Open proposals: `keccak256(abi.encode(proposer, tradeId))` → {proposalHash}.
    mapping(bytes32 key => bytes32) private _proposals;

    /// @param pools The shielded pools (Real Digital's and TPFt's).
    constructor(address[] memory pools) {
        for (uint256 i = 0; i < pools.length; ++i) {
            if (pools[i] == address(0)) revert UnknownPool(pools[i]);
            _pools[pools[i]] = true;
        }
    }

    /// @inheritdoc IPrivateDvP
    function propose(
        bytes32 tradeId,
        Leg calldata leg,
        uint256 expectedCommitment,
        address counterPool,
        bytes calldata terms
    ) external {
        _checkPool(leg.pool);
        _checkPool(counterPool);
        if (expectedCommitment >= ShieldedValues.P) revert NotAFieldElement(expectedCommitment);
        bytes32 key = _key(msg.sender, tradeId);
        if (_proposals[key] != bytes32(0)) revert TradeAlreadyProposed(msg.sender, tradeId);
        _proposals[key] = _hash(leg, expectedCommitment, counterPool);
        emit Proposed(tradeId, msg.sender, counterPool, expectedCommitment, leg, terms);
    }

    /// @inheritdoc IPrivateDvP
    function settle(
        bytes32 tradeId,
        address proposer,
        Leg calldata proposerLeg,
        uint256 expectedCommitment,
        Leg calldata acceptorLeg,
        uint256 acceptorChange
    ) external {
        bytes32 key = _key(proposer, tradeId);
        bytes32 stored = _proposals[key];
        if (stored == bytes32(0)) revert UnknownTrade(proposer, tradeId);
        if (stored != _hash(proposerLeg, expectedCommitment, acceptorLeg.pool)) {
            revert ProposalMismatch(proposer, tradeId);
        }
        _checkAcceptorLeaf(expectedCommitment, acceptorChange, acceptorLeg.spend.outLeaf);
        delete _proposals[key];
        emit Settled(tradeId, proposer, msg.sender);
        _apply(
            proposerLeg,
            ShieldedValues.proposerContext(
                proposerLeg.pool,
                address(this),
                tradeId,
                expectedCommitment,
                acceptorLeg.pool,
                keccak256(proposerLeg.notes)
            ),
            tradeId
        );
        _apply(
            acceptorLeg,
            ShieldedValues.acceptorContext(acceptorLeg.pool, address(this), tradeId, keccak256(acceptorLeg.notes)),
            tradeId
        );
    }

    /// @inheritdoc IPrivateDvP
    function cancel(bytes32 tradeId) external {
        bytes32 key = _key(msg.sender, tradeId);
        if (_proposals[key] == bytes32(0)) revert UnknownTrade(msg.sender, tradeId);
        delete _proposals[key];
        emit Cancelled(tradeId, msg.sender);
    }

    /// @inheritdoc IPrivateDvP
    function isPool(address pool) external view returns (bool) {
        return _pools[pool];
    }

    /// @inheritdoc IPrivateDvP
    function proposalOf(address proposer, bytes32 tradeId) external view returns (bytes32) {
        return _proposals[_key(proposer, tradeId)];
    }

    /// @inheritdoc IPrivateDvP
    function proposalHash(Leg calldata leg, uint256 expectedCommitment, address counterPool)
        external
        pure
        returns (bytes32)
    {
        return _hash(leg, expectedCommitment, counterPool);
    }

    /// @inheritdoc IPrivateDvP
    function proposerContext(
        address pool,
        bytes32 tradeId,
        uint256 expectedCommitment,
        address counterPool,
        bytes calldata notes
    ) external view returns (uint256) {
        return ShieldedValues.proposerContext(
            pool, address(this), tradeId, expectedCommitment, counterPool, keccak256(notes)
        );
    }

    /// @inheritdoc IPrivateDvP
    function acceptorContext(address pool, bytes32 tradeId, bytes calldata notes) external view returns (uint256) {
        return ShieldedValues.acceptorContext(pool, address(this), tradeId, keccak256(notes));
    }

    /// @dev Reverts unless the acceptor's leaf is `Poseidon(E, acceptorChange)`.
    function _checkAcceptorLeaf(uint256 expectedCommitment, uint256 acceptorChange, uint256 outLeaf) private pure {
        if (acceptorChange >= ShieldedValues.P) revert NotAFieldElement(acceptorChange);
        uint256 expectedLeaf = PoseidonT3.hash([expectedCommitment, acceptorChange]);
        if (outLeaf != expectedLeaf) revert AcceptorLeafMismatch(outLeaf, expectedLeaf);
    }

    /// @dev Has the leg's pool verify and apply it.
    function _apply(Leg calldata leg, uint256 context, bytes32 tradeId) private {
        IShieldedPool(leg.pool).settleLeg(leg.proof, leg.spend, leg.notes, context, tradeId);
    }

    /// @dev Reverts {UnknownPool} unless `pool` is one of this DvP's pools.
    function _checkPool(address pool) private view {
        if (!_pools[pool]) revert UnknownPool(pool);
    }

    /// @dev Where `proposer`'s proposal `tradeId` is kept.
    function _key(address proposer, bytes32 tradeId) private pure returns (bytes32) {
        return keccak256(abi.encode(proposer, tradeId));
    }

    /// @dev The stored hash of a proposal.
    function _hash(Leg calldata leg, uint256 expectedCommitment, address counterPool)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(leg, expectedCommitment, counterPool));
    }
}
