// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPermissioningIngress} from "./interfaces/IPermissioningIngress.sol";

/// @title PermissioningRulesBase
/// @notice What the node and account rules share: admins come from the ingress' admin contract, and a
/// read-only mode freezes the lists (used while copying them to an upgraded rules contract).
abstract contract PermissioningRulesBase {
    /// @dev Version written by the constructor (and by the genesis storage), semver packed as
    /// major*1e6 + minor*1e3 + patch. In storage, as in the ConsenSys rules, so the getter is `view` like the
    /// pilot's `getContractVersion`.
    uint256 internal constant VERSION = 1_000_000;

    IPermissioningIngress private _ingress;
    bool private _readOnly;
    uint256 private _version;

    /// @notice `caller` is not a permissioning admin.
    /// @param caller The rejected caller.
    error NotAuthorizedAdmin(address caller);
    /// @notice The rules are in read-only mode: lists cannot change.
    error ReadOnlyMode();
    /// @notice `enterReadOnly` while already read-only.
    error AlreadyReadOnly();
    /// @notice `exitReadOnly` while not read-only.
    error NotReadOnly();

    modifier onlyAdmin() {
        if (!_isAdmin(msg.sender)) revert NotAuthorizedAdmin(msg.sender);
        _;
    }

    modifier onlyOnEditMode() {
        if (_readOnly) revert ReadOnlyMode();
        _;
    }

    /// @param ingress The ingress contract these rules sit behind.
    constructor(IPermissioningIngress ingress) {
        _ingress = ingress;
        _version = VERSION;
    }

    /// @notice Version of these rules, semver packed as major*1e6 + minor*1e3 + patch.
    function getContractVersion() external view returns (uint256) {
        return _version;
    }

    /// @notice Whether the lists are frozen.
    function isReadOnly() external view returns (bool) {
        return _readOnly;
    }

    /// @notice Freezes the lists. Admins only.
    /// @return True.
    function enterReadOnly() external onlyAdmin returns (bool) {
        if (_readOnly) revert AlreadyReadOnly();
        _readOnly = true;
        return true;
    }

    /// @notice Unfreezes the lists. Admins only.
    /// @return True.
    function exitReadOnly() external onlyAdmin returns (bool) {
        if (!_readOnly) revert NotReadOnly();
        _readOnly = false;
        return true;
    }

    function _isAdmin(address account) internal view returns (bool) {
        return _ingress.isAuthorized(account);
    }
}
