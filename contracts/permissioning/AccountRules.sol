// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccountPermissioningRules} from "./interfaces/IAccountPermissioningRules.sol";
import {IPermissioningIngress} from "./interfaces/IPermissioningIngress.sol";
import {AccountStorage} from "./AccountStorage.sol";
import {PermissioningRulesBase} from "./PermissioningRulesBase.sol";

/// @title AccountRules
/// @notice Account permissioning rules behind `AccountIngress`, with the ABI of the DREX pilot's `AccountRules`
/// (same functions, events and constructor). A transaction is allowed when its sender is a permissioning
/// admin, or when its sender is an allowed account and
///  - it creates a contract and the sender is a deployer, or
///  - it calls an address without code (a plain transfer), or
///  - it calls an enabled target, or the sender is a deployer (deployers set up what they deploy before an admin
///    enables it as a target).
/// @dev Admins always pass so that no list change can lock the network's administrators out.
contract AccountRules is PermissioningRulesBase, IAccountPermissioningRules {
    AccountStorage private _storage;

    /// @notice Emitted by `addAccount`/`addAccounts`.
    /// @param accountAdded False when the account was already allowed.
    /// @param accountAddress The account.
    event AccountAdded(bool accountAdded, address accountAddress);
    /// @notice Emitted by `removeAccount`.
    /// @param accountRemoved False when the account was not allowed.
    /// @param accountAddress The account.
    event AccountRemoved(bool accountRemoved, address accountAddress);
    /// @notice Emitted when an account becomes a deployer.
    /// @param message A human-readable note.
    /// @param deployer The account.
    event AddDeployer(string message, address indexed deployer);
    /// @notice Emitted when a contract becomes an enabled target.
    /// @param message A human-readable note.
    /// @param target The contract.
    event AddTarget(string message, address indexed target);
    /// @notice Emitted when an account stops being a deployer.
    /// @param message A human-readable note.
    /// @param deployer The account.
    event RemoveDeployer(string message, address indexed deployer);
    /// @notice Emitted when a contract stops being an enabled target.
    /// @param message A human-readable note.
    /// @param target The contract.
    event RemoveTarget(string message, address indexed target);

    /// @notice The zero address cannot be listed.
    error ZeroAccount();

    /// @param _ingressContract The account ingress (0x...8888) these rules sit behind.
    /// @param _storageContract The list storage; hand it over with `AccountStorage.upgradeVersion`.
    constructor(IPermissioningIngress _ingressContract, AccountStorage _storageContract)
        PermissioningRulesBase(_ingressContract)
    {
        _storage = _storageContract;
    }

    /// @inheritdoc IAccountPermissioningRules
    function transactionAllowed(
        address sender,
        address target,
        uint256, // value
        uint256, // gasPrice
        uint256, // gasLimit
        bytes calldata // payload
    ) external view returns (bool) {
        if (_isAdmin(sender)) return true;
        if (!_storage.exists(sender)) return false;
        bool deployer = _storage.isDeployer(sender);
        if (target == address(0)) return deployer;
        if (target.code.length == 0) return true;
        return deployer || _storage.isTarget(target);
    }

    /// @notice Whether `_account` is on the allowlist.
    /// @param _account The account.
    function accountPermitted(address _account) public view returns (bool) {
        return _storage.exists(_account);
    }

    /// @notice Adds an account to the allowlist. Admins only, not in read-only mode.
    /// @param account The account.
    /// @return False when it was already allowed.
    function addAccount(address account) external onlyAdmin onlyOnEditMode returns (bool) {
        return _addAccount(account);
    }

    /// @notice Adds several accounts. Admins only, not in read-only mode.
    /// @param accounts The accounts; ones already allowed are skipped.
    /// @return True.
    function addAccounts(address[] calldata accounts) external onlyAdmin onlyOnEditMode returns (bool) {
        for (uint256 i = 0; i < accounts.length; i++) {
            _addAccount(accounts[i]);
        }
        return true;
    }

    /// @notice Removes an account from the allowlist. Admins only, not in read-only mode.
    /// @param account The account.
    /// @return False when it was not allowed.
    function removeAccount(address account) external onlyAdmin onlyOnEditMode returns (bool) {
        bool removed = _storage.remove(account);
        emit AccountRemoved(removed, account);
        return removed;
    }

    /// @notice Number of allowed accounts.
    function getSize() external view returns (uint256) {
        return _storage.size();
    }

    /// @notice The allowed account at `index` (0-based).
    /// @param index The position.
    function getByIndex(uint256 index) external view returns (address account) {
        return _storage.getByIndex(index);
    }

    /// @notice All allowed accounts.
    function getAccounts() external view returns (address[] memory) {
        return _storage.getAccounts();
    }

    /// @notice Lets `deployer` create contracts. Admins only, not in read-only mode.
    /// @param deployer The account (it must also be on the allowlist to transact).
    /// @return False when it already was a deployer.
    function addDeployer(address deployer) external onlyAdmin onlyOnEditMode returns (bool) {
        if (deployer == address(0)) revert ZeroAccount();
        bool changed = _storage.setDeployer(deployer, true);
        if (changed) emit AddDeployer("deployer added", deployer);
        return changed;
    }

    /// @notice Stops `deployer` from creating contracts. Admins only, not in read-only mode.
    /// @param deployer The account.
    function removeDeployer(address deployer) external onlyAdmin onlyOnEditMode {
        if (_storage.setDeployer(deployer, false)) emit RemoveDeployer("deployer removed", deployer);
    }

    /// @notice Lets every allowed account call `target`. Admins only, not in read-only mode.
    /// @param target The contract.
    /// @return False when it already was enabled.
    function addTarget(address target) external onlyAdmin onlyOnEditMode returns (bool) {
        if (target == address(0)) revert ZeroAccount();
        bool changed = _storage.setTarget(target, true);
        if (changed) emit AddTarget("target added", target);
        return changed;
    }

    /// @notice Disables `target` for accounts that are not deployers. Admins only, not in read-only mode.
    /// @param target The contract.
    function removeTarget(address target) external onlyAdmin onlyOnEditMode {
        if (_storage.setTarget(target, false)) emit RemoveTarget("target removed", target);
    }

    /// @notice Whether `deployer` may create contracts.
    /// @param deployer The account.
    function verifyDeployer(address deployer) external view returns (bool) {
        return _storage.isDeployer(deployer);
    }

    /// @notice Whether `target` is enabled for every allowed account.
    /// @param target The contract.
    function verifyTarget(address target) external view returns (bool) {
        return _storage.isTarget(target);
    }

    /// @notice Same as `verifyDeployer` (the pilot's public-mapping getter).
    /// @param account The account.
    function deployers(address account) external view returns (bool) {
        return _storage.isDeployer(account);
    }

    /// @notice Same as `verifyTarget` (the pilot's public-mapping getter).
    /// @param target The contract.
    function targetsEnabled(address target) external view returns (bool) {
        return _storage.isTarget(target);
    }

    function _addAccount(address account) private returns (bool) {
        if (account == address(0)) revert ZeroAccount();
        bool added = _storage.add(account);
        emit AccountAdded(added, account);
        return added;
    }
}
