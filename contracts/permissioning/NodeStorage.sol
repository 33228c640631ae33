// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPermissioningIngress} from "./interfaces/IPermissioningIngress.sol";
import {PermissioningStorageBase} from "./PermissioningStorageBase.sol";

/// @title NodeStorage
/// @notice The node allowlist: enode entries (public key, host, port), kept apart from `NodeRules` so the rules
/// can be upgraded.
contract NodeStorage is PermissioningStorageBase {
    /// @notice One allowed node.
    struct Enode {
        string enodeId;
        string host;
        uint16 port;
    }

    Enode[] private _enodes;
    /// 1-based position in `_enodes` by keccak256(abi.encode(enodeId, host, port)); 0 means absent.
    mapping(bytes32 key => uint256 position) private _position;
    /// How many entries carry a given keccak256(bytes(enodeId)).
    mapping(bytes32 idHash => uint256 count) private _idCount;

    /// @param ingress The node ingress contract (its admin contract may upgrade the writer).
    constructor(IPermissioningIngress ingress) PermissioningStorageBase(ingress) {}

    /// @notice Number of allowed nodes.
    function size() external view returns (uint256) {
        return _enodes.length;
    }

    /// @notice Whether the exact entry (id, host, port) is allowed.
    /// @param enodeId The node public key (128 lowercase hex characters).
    /// @param host The node host.
    /// @param port The node P2P port.
    function exists(string calldata enodeId, string calldata host, uint16 port) external view returns (bool) {
        return _position[enodeKey(enodeId, host, port)] != 0;
    }

    /// @notice Whether some entry carries `enodeId`, whatever its host and port.
    /// @param enodeId The node public key.
    function existsId(string calldata enodeId) external view returns (bool) {
        return _idCount[keccak256(bytes(enodeId))] != 0;
    }

    /// @notice Allows a node. Latest rules version only.
    /// @param enodeId The node public key.
    /// @param host The node host.
    /// @param port The node P2P port.
    /// @return added False when already allowed.
    function add(string calldata enodeId, string calldata host, uint16 port)
        external
        onlyLatestVersion
        returns (bool added)
    {
        bytes32 key = enodeKey(enodeId, host, port);
        if (_position[key] != 0) return false;
        _enodes.push(Enode(enodeId, host, port));
        _position[key] = _enodes.length;
        _idCount[keccak256(bytes(enodeId))] += 1;
        return true;
    }

    /// @notice Disallows a node. Latest rules version only.
    /// @param enodeId The node public key.
    /// @param host The node host.
    /// @param port The node P2P port.
    /// @return removed False when it was not allowed.
    function remove(string calldata enodeId, string calldata host, uint16 port)
        external
        onlyLatestVersion
        returns (bool removed)
    {
        bytes32 key = enodeKey(enodeId, host, port);
        uint256 position = _position[key];
        if (position == 0) return false;
        uint256 last = _enodes.length;
        if (position != last) {
            Enode storage moved = _enodes[last - 1];
            _enodes[position - 1] = moved;
            _position[enodeKey(moved.enodeId, moved.host, moved.port)] = position;
        }
        _enodes.pop();
        delete _position[key];
        _idCount[keccak256(bytes(enodeId))] -= 1;
        return true;
    }

    /// @notice The entry at `index` (0-based, in storage order).
    /// @param index The position.
    function getByIndex(uint256 index) external view returns (string memory enodeId, string memory host, uint16 port) {
        Enode storage e = _enodes[index];
        return (e.enodeId, e.host, e.port);
    }

    /// @notice The lookup key of an entry: keccak256(abi.encode(enodeId, host, port)).
    /// @param enodeId The node public key.
    /// @param host The node host.
    /// @param port The node P2P port.
    function enodeKey(string memory enodeId, string memory host, uint16 port) public pure returns (bytes32) {
        return keccak256(abi.encode(enodeId, host, port));
    }
}
