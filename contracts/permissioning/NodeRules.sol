// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {INodePermissioningRules} from "./interfaces/INodePermissioningRules.sol";
import {IPermissioningIngress} from "./interfaces/IPermissioningIngress.sol";
import {NodeStorage} from "./NodeStorage.sol";
import {PermissioningRulesBase} from "./PermissioningRulesBase.sol";

/// @title NodeRules
/// @notice Node permissioning rules behind `NodeIngress`: a node may connect when its enode (public key, host,
/// port) is on the allowlist, or, in enode-id-only mode, when its public key is, whatever its address.
contract NodeRules is PermissioningRulesBase, INodePermissioningRules {
    NodeStorage private _storage;
    bool private _enodeIdOnly;

    /// @notice Emitted by `addEnode`.
    /// @param nodeAdded False when the entry was already allowed.
    /// @param enodeId The node public key.
    /// @param enodeHost The node host.
    /// @param enodePort The node P2P port.
    event NodeAdded(bool nodeAdded, string enodeId, string enodeHost, uint16 enodePort);
    /// @notice Emitted by `removeEnode`.
    /// @param nodeRemoved False when the entry was not allowed.
    /// @param enodeId The node public key.
    /// @param enodeHost The node host.
    /// @param enodePort The node P2P port.
    event NodeRemoved(bool nodeRemoved, string enodeId, string enodeHost, uint16 enodePort);
    /// @notice Emitted when the matching mode changes.
    /// @param enodeIdOnly True when only the public key is matched.
    event EnodeIdOnlyChanged(bool enodeIdOnly);

    /// @notice The enode id is not 128 lowercase hex characters.
    error InvalidEnodeId();
    /// @notice The host is empty or longer than 253 characters.
    error InvalidHost();

    /// @param ingressContract The node ingress (0x...9999) these rules sit behind.
    /// @param storageContract The list storage; hand it over with `NodeStorage.upgradeVersion`.
    constructor(IPermissioningIngress ingressContract, NodeStorage storageContract)
        PermissioningRulesBase(ingressContract)
    {
        _storage = storageContract;
    }

    /// @inheritdoc INodePermissioningRules
    function connectionAllowed(string calldata enodeId, string calldata enodeHost, uint16 enodePort)
        external
        view
        returns (bool)
    {
        return enodePermitted(enodeId, enodeHost, enodePort);
    }

    /// @notice Whether the node may connect under the current matching mode.
    /// @param enodeId The node public key.
    /// @param host The node host.
    /// @param port The node P2P port.
    function enodePermitted(string calldata enodeId, string calldata host, uint16 port) public view returns (bool) {
        if (_enodeIdOnly) return _storage.existsId(enodeId);
        return _storage.exists(enodeId, host, port);
    }

    /// @notice Allows a node. Admins only, not in read-only mode.
    /// @param enodeId The node public key: 128 lowercase hex characters, no 0x.
    /// @param host The node host, as it appears in its enode URL.
    /// @param port The node P2P port.
    /// @return added False when already allowed.
    function addEnode(string calldata enodeId, string calldata host, uint16 port)
        external
        onlyAdmin
        onlyOnEditMode
        returns (bool added)
    {
        _checkEnode(enodeId, host);
        added = _storage.add(enodeId, host, port);
        emit NodeAdded(added, enodeId, host, port);
    }

    /// @notice Disallows a node. Admins only, not in read-only mode.
    /// @param enodeId The node public key.
    /// @param host The node host.
    /// @param port The node P2P port.
    /// @return removed False when it was not allowed.
    function removeEnode(string calldata enodeId, string calldata host, uint16 port)
        external
        onlyAdmin
        onlyOnEditMode
        returns (bool removed)
    {
        removed = _storage.remove(enodeId, host, port);
        emit NodeRemoved(removed, enodeId, host, port);
    }

    /// @notice Matches nodes by public key only (true) or by public key, host and port (false). Admins only.
    /// @param enodeIdOnly The new mode.
    /// @return True.
    function setEnodeIdOnly(bool enodeIdOnly) external onlyAdmin onlyOnEditMode returns (bool) {
        _enodeIdOnly = enodeIdOnly;
        emit EnodeIdOnlyChanged(enodeIdOnly);
        return true;
    }

    /// @notice Whether nodes are matched by public key only.
    function isEnodeIdOnly() external view returns (bool) {
        return _enodeIdOnly;
    }

    /// @notice Number of allowed nodes.
    function getSize() external view returns (uint256) {
        return _storage.size();
    }

    /// @notice The allowed node at `index` (0-based).
    /// @param index The position.
    function getByIndex(uint256 index) external view returns (string memory enodeId, string memory host, uint16 port) {
        return _storage.getByIndex(index);
    }

    function _checkEnode(string calldata enodeId, string calldata host) private pure {
        bytes calldata id = bytes(enodeId);
        if (id.length != 128) revert InvalidEnodeId();
        for (uint256 i = 0; i < 128; i++) {
            bytes1 c = id[i];
            if (!((c >= "0" && c <= "9") || (c >= "a" && c <= "f"))) revert InvalidEnodeId();
        }
        uint256 hostLength = bytes(host).length;
        if (hostLength == 0 || hostLength > 253) revert InvalidHost();
    }
}
