// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtOperationId
/// @notice Network-wide registry of TPFt operation ids: an id registered by one operation contract can be
/// used by no other, so an operation id is unique across 1002, 1012, 1052, 1054 and 1056.
/// @dev Plays the part of the pilot's `TPFtOperationId`.
interface ITPFtOperationId {
    /// @notice The id is already used by an operation contract.
    /// @param operationId The id.
    /// @param usedBy The contract that registered it.
    error OperationIdAlreadyUsed(uint256 operationId, address usedBy);

    /// @notice The id zero is not a valid operation id.
    error InvalidOperationId();

    /// @notice Emitted when an id is registered.
    /// @param operationId The id.
    /// @param operation The contract that registered it.
    event OperationIdRegistered(uint256 indexed operationId, address indexed operation);

    /// @notice Role of the operation contracts allowed to register ids.
    /// @return The role identifier.
    function OPERATION_ROLE() external view returns (bytes32);

    /// @notice Registers an id for the calling operation contract. Only OPERATION_ROLE.
    /// @param operationId The id.
    function register(uint256 operationId) external;

    /// @notice The operation contract that registered an id.
    /// @param operationId The id.
    /// @return The contract, or zero when unused.
    function usedBy(uint256 operationId) external view returns (address);
}
