// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPermissioningIngress} from "./interfaces/IPermissioningIngress.sol";
import {PermissioningStorageBase} from "./PermissioningStorageBase.sol";

/// @title AccountStorage
/// @notice The account allowlist, the deployers (accounts that may create contracts) and the enabled targets
/// (contracts any allowed account may call), kept apart from `AccountRules` so the rules can be upgraded.
contract AccountStorage is PermissioningStorageBase {
    address[] private _accounts;
    /// 1-based position in `_accounts`; 0 means not allowed.
    mapping(address account => uint256 position) private _position;
    mapping(address account => bool allowed) private _deployers;
    mapping(address target => bool enabled) private _targets;

    /// @param ingress The account ingress contract (its admin contract may upgrade the writer).
    constructor(IPermissioningIngress ingress) PermissioningStorageBase(ingress) {}

    /// @notice Number of allowed accounts.
    function size() external view returns (uint256) {
        return _accounts.length;
    }

    /// @notice Whether `account` is allowed.
    /// @param account The account to check.
    function exists(address account) external view returns (bool) {
        return _position[account] != 0;
    }

    /// @notice Allows `account`. Latest rules version only.
    /// @param account The account.
    /// @return added False when already allowed.
    function add(address account) external onlyLatestVersion returns (bool added) {
        if (_position[account] != 0) return false;
        _accounts.push(account);
        _position[account] = _accounts.length;
        return true;
    }

    /// @notice Disallows `account`. Latest rules version only.
    /// @param account The account.
    /// @return removed False when it was not allowed.
    function remove(address account) external onlyLatestVersion returns (bool removed) {
        uint256 position = _position[account];
        if (position == 0) return false;
        uint256 last = _accounts.length;
        if (position != last) {
            address moved = _accounts[last - 1];
            _accounts[position - 1] = moved;
            _position[moved] = position;
        }
        _accounts.pop();
        delete _position[account];
        return true;
    }

    /// @notice The allowed account at `index` (0-based, in storage order).
    /// @param index The position.
    function getByIndex(uint256 index) external view returns (address) {
        return _accounts[index];
    }

    /// @notice All allowed accounts.
    function getAccounts() external view returns (address[] memory) {
        return _accounts;
    }

    /// @notice Sets whether `account` may create contracts. Latest rules version only.
    /// @param account The account.
    /// @param allowed The new value.
    /// @return changed False when the value was already `allowed`.
    function setDeployer(address account, bool allowed) external onlyLatestVersion returns (bool changed) {
        if (_deployers[account] == allowed) return false;
        _deployers[account] = allowed;
        return true;
    }

    /// @notice Whether `account` may create contracts.
    /// @param account The account.
    function isDeployer(address account) external view returns (bool) {
        return _deployers[account];
    }

    /// @notice Sets whether `target` may be called by every allowed account. Latest rules version only.
    /// @param target The contract.
    /// @param enabled The new value.
    /// @return changed False when the value was already `enabled`.
    function setTarget(address target, bool enabled) external onlyLatestVersion returns (bool changed) {
        if (_targets[target] == enabled) return false;
        _targets[target] = enabled;
        return true;
    }

    /// @notice Whether `target` may be called by every allowed account.
    /// @param target The contract.
    function isTarget(address target) external view returns (bool) {
        return _targets[target];
    }
}
