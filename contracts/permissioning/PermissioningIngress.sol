// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPermissioningAdmin} from "./interfaces/IPermissioningAdmin.sol";
import {IPermissioningIngress} from "./interfaces/IPermissioningIngress.sol";

/// @title PermissioningIngress
/// @notice Registry shared by the node and account ingress contracts: maps "rules" and "administration" to the
/// contracts in force. Besu only knows the ingress address, so replacing the rules is one registry update.
/// @dev Placed in the genesis `alloc` with its runtime code and storage: the constructor never runs there, so
/// all state lives in storage slots and there are no immutables. Unlike the ConsenSys `Ingress`, a registry
/// without an admin contract authorises nobody (the genesis always registers one).
abstract contract PermissioningIngress is IPermissioningIngress {
    /// @inheritdoc IPermissioningIngress
    bytes32 public constant RULES_CONTRACT = "rules";
    /// @inheritdoc IPermissioningIngress
    bytes32 public constant ADMIN_CONTRACT = "administration";

    uint256 private constant _VERSION = 1_000_000;

    mapping(bytes32 name => address addr) private _registry;
    bytes32[] private _contractKeys;
    /// 1-based position of a key in `_contractKeys`; 0 means absent.
    mapping(bytes32 name => uint256 position) private _keyPosition;

    /// @notice `caller` is not an admin of the registered admin contract.
    /// @param caller The rejected caller.
    error NotAuthorized(address caller);
    /// @notice The registry key is empty.
    error EmptyContractName();
    /// @notice A contract address of zero was given.
    error ZeroContractAddress();

    modifier onlyAdmin() {
        if (!isAuthorized(msg.sender)) revert NotAuthorized(msg.sender);
        _;
    }

    /// @param admin The admin contract to register (zero to leave unset).
    /// @param rules The rules contract to register (zero to leave unset).
    constructor(address admin, address rules) {
        if (admin != address(0)) _set(ADMIN_CONTRACT, admin);
        if (rules != address(0)) _set(RULES_CONTRACT, rules);
    }

    /// @inheritdoc IPermissioningIngress
    function getContractAddress(bytes32 name) public view returns (address) {
        if (name == bytes32(0)) revert EmptyContractName();
        return _registry[name];
    }

    /// @inheritdoc IPermissioningIngress
    function getSize() external view returns (uint256) {
        return _contractKeys.length;
    }

    /// @inheritdoc IPermissioningIngress
    function getAllContractKeys() external view returns (bytes32[] memory) {
        return _contractKeys;
    }

    /// @inheritdoc IPermissioningIngress
    function isAuthorized(address account) public view returns (bool) {
        address admin = _registry[ADMIN_CONTRACT];
        if (admin == address(0)) return false;
        return IPermissioningAdmin(admin).isAuthorized(account);
    }

    /// @inheritdoc IPermissioningIngress
    function setContractAddress(bytes32 name, address addr) external onlyAdmin returns (bool) {
        if (name == bytes32(0)) revert EmptyContractName();
        if (addr == address(0)) revert ZeroContractAddress();
        _set(name, addr);
        return true;
    }

    /// @inheritdoc IPermissioningIngress
    function removeContract(bytes32 name) external onlyAdmin returns (bool) {
        if (name == bytes32(0)) revert EmptyContractName();
        uint256 position = _keyPosition[name];
        if (position == 0) return false;
        uint256 last = _contractKeys.length;
        if (position != last) {
            bytes32 moved = _contractKeys[last - 1];
            _contractKeys[position - 1] = moved;
            _keyPosition[moved] = position;
        }
        _contractKeys.pop();
        delete _keyPosition[name];
        delete _registry[name];
        emit RegistryUpdated(address(0), name);
        return true;
    }

    /// @inheritdoc IPermissioningIngress
    function getContractVersion() external pure returns (uint256) {
        return _VERSION;
    }

    /// @dev The rules contract in force, zero when none is registered.
    function _rules() internal view returns (address) {
        return _registry[RULES_CONTRACT];
    }

    function _set(bytes32 name, address addr) private {
        if (_keyPosition[name] == 0) {
            _contractKeys.push(name);
            _keyPosition[name] = _contractKeys.length;
        }
        _registry[name] = addr;
        emit RegistryUpdated(addr, name);
    }
}
