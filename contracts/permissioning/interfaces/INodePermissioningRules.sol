// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title INodePermissioningRules
/// @notice The call Besu makes for node permissioning interface version 2
/// (`permissions-nodes-contract-version=2`): once for the source and once for the destination enode of every
/// connection; both must answer true for the connection to be kept.
interface INodePermissioningRules {
    /// @notice Whether the node `enodeId`@`enodeHost`:`enodePort` may take part in the network.
    /// @param enodeId The node's public key: 128 lowercase hex characters, no 0x prefix.
    /// @param enodeHost The node's host as Besu prints it in the enode URL (an IP address, or a DNS name).
    /// @param enodePort The node's P2P listening port.
    function connectionAllowed(string calldata enodeId, string calldata enodeHost, uint16 enodePort)
        external
        view
        returns (bool);
}
