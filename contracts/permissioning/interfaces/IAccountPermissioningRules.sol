// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IAccountPermissioningRules
/// @notice The call Besu makes for on-chain account permissioning on every transaction it accepts into its pool
/// or a block (`permissions-accounts-contract-enabled`).
interface IAccountPermissioningRules {
    /// @notice Whether the transaction may be executed.
    /// @param sender The transaction's sender.
    /// @param target The transaction's recipient, zero for a contract creation.
    /// @param value The value transferred, in wei.
    /// @param gasPrice The legacy gas price (zero for EIP-1559 transactions, as Besu passes it).
    /// @param gasLimit The transaction's gas limit.
    /// @param payload The call data or init code.
    function transactionAllowed(
        address sender,
        address target,
        uint256 value,
        uint256 gasPrice,
        uint256 gasLimit,
        bytes calldata payload
    ) external view returns (bool);
}
