// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IValidatorSmartContract} from "../interfaces/IValidatorSmartContract.sol";

/// @title QbftValidatorSet
/// @notice Validator-selection contract for Besu's QBFT contract mode (`validatorcontractaddress`): an admin
/// (BCB) adds and removes validators; Besu reads `getValidators()` after every block.
/// @dev Genesis-allocated (no immutables). It refuses to become empty, which would halt the chain, but cannot
/// judge fault tolerance: keep N >= 3f + 1 with the f you need.
contract QbftValidatorSet is AccessControl, IValidatorSmartContract {
    address[] private _validators;
    /// 1-based position in `_validators`; 0 means not a validator.
    mapping(address validator => uint256 position) private _position;

    /// @notice Emitted when a validator is added; it signs from the next block on.
    /// @param validator The validator's node address.
    event ValidatorAdded(address indexed validator);
    /// @notice Emitted when a validator is removed.
    /// @param validator The validator's node address.
    event ValidatorRemoved(address indexed validator);

    /// @notice The zero address cannot be a validator.
    error ZeroValidator();
    /// @notice `validator` is already in the set.
    /// @param validator The address.
    error AlreadyValidator(address validator);
    /// @notice `validator` is not in the set.
    /// @param validator The address.
    error NotValidator(address validator);
    /// @notice Removing the last validator would halt the chain.
    error LastValidator();

    /// @param admin Holds DEFAULT_ADMIN_ROLE: may add and remove validators.
    /// @param initialValidators The first validator set, in order.
    constructor(address admin, address[] memory initialValidators) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i = 0; i < initialValidators.length; i++) {
            _add(initialValidators[i]);
        }
    }

    /// @inheritdoc IValidatorSmartContract
    function getValidators() external view returns (address[] memory) {
        return _validators;
    }

    /// @notice Whether `account` is a validator.
    /// @param account The node address.
    function isValidator(address account) external view returns (bool) {
        return _position[account] != 0;
    }

    /// @notice Adds a validator. DEFAULT_ADMIN_ROLE only.
    /// @param validator The node address (derived from its node key).
    function addValidator(address validator) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _add(validator);
    }

    /// @notice Removes a validator. DEFAULT_ADMIN_ROLE only.
    /// @param validator The node address.
    function removeValidator(address validator) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 position = _position[validator];
        if (position == 0) revert NotValidator(validator);
        uint256 last = _validators.length;
        if (last == 1) revert LastValidator();
        if (position != last) {
            address moved = _validators[last - 1];
            _validators[position - 1] = moved;
            _position[moved] = position;
        }
        _validators.pop();
        delete _position[validator];
        emit ValidatorRemoved(validator);
    }

    function _add(address validator) private {
        if (validator == address(0)) revert ZeroValidator();
        if (_position[validator] != 0) revert AlreadyValidator(validator);
        _validators.push(validator);
        _position[validator] = _validators.length;
        emit ValidatorAdded(validator);
    }
}
