// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IPermissioningAdmin
/// @notice The list of accounts allowed to change the network's permissioning rules.
interface IPermissioningAdmin {
    /// @notice Whether `account` is an admin.
    /// @param account The account to check.
    function isAuthorized(address account) external view returns (bool);
}
