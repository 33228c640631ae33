// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPermissioningIngress} from "./interfaces/IPermissioningIngress.sol";

/// @title PermissioningStorageBase
/// @notice Ownership rule shared by the node and account list storages: only the rules contract in force (the
/// "latest version") writes the list, and an admin can hand the list to a new rules contract, which is how the
/// rules are upgraded without losing the allowlist.
abstract contract PermissioningStorageBase {
    IPermissioningIngress private _ingress;
    address private _latestVersion;

    /// @notice Emitted when the list is handed to another rules contract.
    /// @param oldAddress The previous writer.
    /// @param newAddress The new writer.
    event VersionChange(address oldAddress, address newAddress);

    /// @notice `caller` is not the rules contract allowed to write this list.
    /// @param caller The rejected caller.
    error NotLatestVersion(address caller);
    /// @notice `caller` is not a permissioning admin.
    /// @param caller The rejected caller.
    error NotAuthorizedAdmin(address caller);

    modifier onlyLatestVersion() {
        if (msg.sender != _latestVersion) revert NotLatestVersion(msg.sender);
        _;
    }

    /// @param ingress The ingress contract whose admin contract may upgrade the writer.
    constructor(IPermissioningIngress ingress) {
        _ingress = ingress;
        _latestVersion = msg.sender;
    }

    /// @notice Hands write access to `newVersion` (the new rules contract). Permissioning admins only.
    /// @param newVersion The new writer.
    function upgradeVersion(address newVersion) external {
        if (!_ingress.isAuthorized(msg.sender)) revert NotAuthorizedAdmin(msg.sender);
        emit VersionChange(_latestVersion, newVersion);
        _latestVersion = newVersion;
    }

    /// @notice The rules contract allowed to write this list.
    function latestVersion() external view returns (address) {
        return _latestVersion;
    }
}
