// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPermissioningAdmin} from "./interfaces/IPermissioningAdmin.sol";

/// @title PermissioningAdmin
/// @notice The accounts (BCB's) allowed to change the node and account rules and the ingress registries.
/// @dev Genesis-allocated: no immutables, all state in storage. An admin cannot remove itself, so the list
/// never becomes empty.
contract PermissioningAdmin is IPermissioningAdmin {
    address[] private _admins;
    /// 1-based position in `_admins`; 0 means not an admin.
    mapping(address account => uint256 position) private _position;

    /// @notice Emitted when an admin is added.
    /// @param account The new admin.
    /// @param sender The admin who added it.
    event AdminAdded(address indexed account, address indexed sender);
    /// @notice Emitted when an admin is removed.
    /// @param account The removed admin.
    /// @param sender The admin who removed it.
    event AdminRemoved(address indexed account, address indexed sender);

    /// @notice `caller` is not an admin.
    /// @param caller The rejected caller.
    error NotAdmin(address caller);
    /// @notice An admin tried to remove itself.
    error CannotRemoveSelf();
    /// @notice The zero address cannot be an admin.
    error ZeroAdmin();

    modifier onlyAdmin() {
        if (_position[msg.sender] == 0) revert NotAdmin(msg.sender);
        _;
    }

    /// @param initialAdmins The first admins (at least one).
    constructor(address[] memory initialAdmins) {
        for (uint256 i = 0; i < initialAdmins.length; i++) {
            _add(initialAdmins[i]);
        }
    }

    /// @inheritdoc IPermissioningAdmin
    function isAuthorized(address account) external view returns (bool) {
        return _position[account] != 0;
    }

    /// @notice Adds an admin. Admins only.
    /// @param account The new admin.
    /// @return added False when `account` already was an admin.
    function addAdmin(address account) external onlyAdmin returns (bool added) {
        return _add(account);
    }

    /// @notice Adds several admins. Admins only.
    /// @param accounts The new admins; ones already present are skipped.
    /// @return True.
    function addAdmins(address[] calldata accounts) external onlyAdmin returns (bool) {
        for (uint256 i = 0; i < accounts.length; i++) {
            _add(accounts[i]);
        }
        return true;
    }

    /// @notice Removes an admin other than the caller. Admins only.
    /// @param account The admin to remove.
    /// @return removed False when `account` was not an admin.
    function removeAdmin(address account) external onlyAdmin returns (bool removed) {
        if (account == msg.sender) revert CannotRemoveSelf();
        uint256 position = _position[account];
        if (position == 0) return false;
        uint256 last = _admins.length;
        if (position != last) {
            address moved = _admins[last - 1];
            _admins[position - 1] = moved;
            _position[moved] = position;
        }
        _admins.pop();
        delete _position[account];
        emit AdminRemoved(account, msg.sender);
        return true;
    }

    /// @notice All admins.
    function getAdmins() external view returns (address[] memory) {
        return _admins;
    }

    function _add(address account) private returns (bool) {
        if (account == address(0)) revert ZeroAdmin();
        if (_position[account] != 0) return false;
        _admins.push(account);
        _position[account] = _admins.length;
        emit AdminAdded(account, msg.sender);
        return true;
    }
}
