// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {PoseidonT2} from "poseidon-solidity/PoseidonT2.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {PoseidonT4} from "poseidon-solidity/PoseidonT4.sol";
import {PoseidonT5} from "poseidon-solidity/PoseidonT5.sol";
import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";

/// @title PrivacyCryptoHarness
/// @notice Test-only: exposes zk-kit's LeanIMT library, poseidon-solidity and the context encodings of
/// docs/privacy.md, so tests/privacy can check the Python mirror (drex.privacy) against the on-chain code.
/// @dev Compiled by the test itself (tests/privacy/test_crypto_onchain.py), never by `drex build`.
contract PrivacyCryptoHarness {
    using InternalLeanIMT for LeanIMTData;

    LeanIMTData internal _tree;

    /// @notice Appends one leaf.
    function insert(uint256 leaf) external returns (uint256) {
        return _tree._insert(leaf);
    }

    /// @notice Appends several leaves at once.
    function insertMany(uint256[] calldata leaves) external returns (uint256) {
        return _tree._insertMany(leaves);
    }

    /// @notice Replaces a leaf, given its siblings.
    function update(uint256 oldLeaf, uint256 newLeaf, uint256[] calldata siblings) external returns (uint256) {
        return _tree._update(oldLeaf, newLeaf, siblings);
    }

    /// @notice Sets a leaf to zero, given its siblings.
    function remove(uint256 oldLeaf, uint256[] calldata siblings) external returns (uint256) {
        return _tree._remove(oldLeaf, siblings);
    }

    /// @notice The tree's root, size and depth.
    function state() external view returns (uint256 root, uint256 size, uint256 depth) {
        return (_tree._root(), _tree.size, _tree.depth);
    }

    /// @notice Poseidon of 1 to 5 inputs (poseidon-solidity's PoseidonT2..T6).
    function poseidon(uint256[] calldata inputs) external pure returns (uint256) {
        if (inputs.length == 1) return PoseidonT2.hash([inputs[0]]);
        if (inputs.length == 2) return PoseidonT3.hash([inputs[0], inputs[1]]);
        if (inputs.length == 3) return PoseidonT4.hash([inputs[0], inputs[1], inputs[2]]);
        if (inputs.length == 4) return PoseidonT5.hash([inputs[0], inputs[1], inputs[2], inputs[3]]);
        return PoseidonT6.hash([inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]]);
    }

    /// @notice The transfer context.
    function transferContext(address pool, bytes calldata notes) external view returns (uint256) {
        return _field(abi.encode(block.chainid, pool, uint256(1), keccak256(notes)));
    }

    /// @notice The withdraw context.
    function withdrawContext(address pool, address recipient, bytes calldata notes) external view returns (uint256) {
        return _field(abi.encode(block.chainid, pool, uint256(2), recipient, keccak256(notes)));
    }

    /// @notice The DvP proposer's context.
    function proposeContext(
        address pool,
        address dvp,
        uint256 tradeId,
        uint256 expectedCommitment,
        address counterPool,
        bytes calldata notes
    ) external view returns (uint256) {
        return
            _field(
                abi.encode(
                    block.chainid,
                    pool,
                    uint256(3),
                    dvp,
                    tradeId,
                    expectedCommitment,
                    counterPool,
                    keccak256(notes)
                )
            );
    }

    /// @notice The DvP acceptor's context.
    function acceptContext(
        address pool,
        address dvp,
        uint256 tradeId,
        bytes calldata notes
    ) external view returns (uint256) {
        return _field(abi.encode(block.chainid, pool, uint256(4), dvp, tradeId, keccak256(notes)));
    }

    /// @dev keccak256 of an encoding, reduced mod the SNARK field: how every context is made.
    function _field(bytes memory encoded) private pure returns (uint256) {
        return uint256(keccak256(encoded)) % SNARK_SCALAR_FIELD;
    }
}
