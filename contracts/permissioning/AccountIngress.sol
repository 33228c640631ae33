// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccountPermissioningRules} from "./interfaces/IAccountPermissioningRules.sol";
import {PermissioningIngress} from "./PermissioningIngress.sol";

/// @title AccountIngress
/// @notice Account permissioning entry point at Besu's standard address 0x0000000000000000000000000000000000008888:
/// answers Besu's `transactionAllowed` call by forwarding it to the registered rules contract.
/// @dev With no rules registered every transaction is allowed, as in the ConsenSys contracts: that is how a
/// network without genesis rules bootstraps. The generated genesis always registers the rules.
contract AccountIngress is PermissioningIngress, IAccountPermissioningRules {
    /// @param admin The admin contract to register (zero to leave unset).
    /// @param rules The account rules contract to register (zero to leave unset).
    constructor(address admin, address rules) PermissioningIngress(admin, rules) {}

    /// @inheritdoc IAccountPermissioningRules
    function transactionAllowed(
        address sender,
        address target,
        uint256 value,
        uint256 gasPrice,
        uint256 gasLimit,
        bytes calldata payload
    ) external view returns (bool) {
        address rules = _rules();
        if (rules == address(0)) return true;
        return IAccountPermissioningRules(rules).transactionAllowed(sender, target, value, gasPrice, gasLimit, payload);
    }
}
