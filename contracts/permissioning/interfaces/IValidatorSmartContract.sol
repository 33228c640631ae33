// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IValidatorSmartContract
/// @notice The call Besu's QBFT makes in contract validator-selection mode (`validatorcontractaddress`): the
/// validators of block N+1 are the answer of `getValidators()` on the state after block N.
interface IValidatorSmartContract {
    /// @notice The current validator set, in the order it is stored.
    function getValidators() external view returns (address[] memory);
}
