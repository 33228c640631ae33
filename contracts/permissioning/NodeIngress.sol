// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {INodePermissioningRules} from "./interfaces/INodePermissioningRules.sol";
import {PermissioningIngress} from "./PermissioningIngress.sol";

/// @title NodeIngress
/// @notice Node permissioning entry point at Besu's standard address 0x0000000000000000000000000000000000009999:
/// answers Besu's interface-version-2 call by forwarding it to the registered rules contract.
/// @dev With no rules registered every node is refused (Besu still connects to its static nodes until it has
/// synced).
contract NodeIngress is PermissioningIngress, INodePermissioningRules {
    /// @param admin The admin contract to register (zero to leave unset).
    /// @param rules The node rules contract to register (zero to leave unset).
    constructor(address admin, address rules) PermissioningIngress(admin, rules) {}

    /// @inheritdoc INodePermissioningRules
    function connectionAllowed(string calldata enodeId, string calldata enodeHost, uint16 enodePort)
        external
        view
        returns (bool)
    {
        address rules = _rules();
        if (rules == address(0)) return false;
        return INodePermissioningRules(rules).connectionAllowed(enodeId, enodeHost, enodePort);
    }
}
