// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title TestOnlyJoinSplitVerifier
/// @notice TEST ONLY. Never part of contracts/, never deployed by drex's deployment plan. It stands in for
/// the snarkjs JoinSplit verifier in the pool tests that need no zero-knowledge proof: it answers what the
/// test set ({setAccept}) and, once the test named expected public signals ({expectSignals}), accepts only
/// those, so the tests check the signals the pools build (order, context, publicOut).
contract TestOnlyJoinSplitVerifier {
    /// @notice What {verifyProof} answers for accepted signals.
    bool public accept;

    /// @notice How many signal sets were named (0: any signals).
    uint256 public expectedCount;

    /// @notice keccak256 of each named set of public signals.
    mapping(bytes32 => bool) public expected;

    /// @notice Sets the answer.
    /// @param accept_ The answer.
    function setAccept(bool accept_) external {
        accept = accept_;
    }

    /// @notice Accept these public signals (and the others named) only, from now on.
    /// @param signals The expected public signals.
    function expectSignals(uint256[11] calldata signals) external {
        expected[keccak256(abi.encode(signals))] = true;
        ++expectedCount;
    }

    /// @notice The verifier's signature; the proof itself is ignored.
    /// @param pubSignals The public signals the pool built.
    /// @return The answer set, when the signals are accepted.
    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[11] calldata pubSignals
    ) external view returns (bool) {
        if (expectedCount != 0 && !expected[keccak256(abi.encode(pubSignals))]) return false;
        return accept;
    }
}
