// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ITPFtOperationId} from "./interfaces/ITPFtOperationId.sol";

/// @title TPFtOperationId
/// @notice Registry of TPFt operation ids, kept per participant. Each operation contract registers the id
/// of every operation it settles for the scope of each party (its participant's CNPJ8, or the wallet's own
/// scope for a wallet that belongs to no participant); an id a scope used once can never be used again by
/// an operation involving that scope, by the same or another contract. Operations of other participants
/// never make an id unusable.
/// @dev Plays the part of the pilot's `TPFtOperationId`; BCB grants OPERATION_ROLE to the operation contracts.
/// Tightening (docs/security.md, "Operation ids"): the pilot's ids are unique on the whole network, so a
/// participant settling first an operation of its own with an id others agreed on made it unusable for
/// them; here ids are unique per participant.
contract TPFtOperationId is AccessControl, ITPFtOperationId {
    /// @inheritdoc ITPFtOperationId
    bytes32 public constant OPERATION_ROLE = keccak256("OPERATION_ROLE");

    /// @inheritdoc ITPFtOperationId
    uint256 public constant WALLET_SCOPE_FLAG = 1 << 160;

    /// @inheritdoc ITPFtOperationId
    mapping(uint256 operationId => mapping(uint256 scope => address operation)) public usedBy;

    /// @param admin BCB: grants OPERATION_ROLE.
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ITPFtOperationId
    function register(uint256 operationId, uint256 scopeSender, uint256 scopeReceiver)
        external
        onlyRole(OPERATION_ROLE)
    {
        checkUnused(operationId, scopeSender, scopeReceiver);
        mapping(uint256 => address) storage used = usedBy[operationId];
        used[scopeSender] = _msgSender();
        if (scopeReceiver != scopeSender) used[scopeReceiver] = _msgSender();
        emit OperationIdRegistered(operationId, _msgSender(), scopeSender, scopeReceiver);
    }

    /// @inheritdoc ITPFtOperationId
    function checkUnused(uint256 operationId, uint256 scopeSender, uint256 scopeReceiver) public view {
        if (operationId == 0) revert InvalidOperationId();
        if (scopeSender == 0 || scopeReceiver == 0) revert InvalidOperationIdScope(operationId);
        mapping(uint256 => address) storage used = usedBy[operationId];
        address by = used[scopeSender];
        if (by != address(0)) revert OperationIdAlreadyUsed(operationId, scopeSender, by);
        by = used[scopeReceiver];
        if (by != address(0)) revert OperationIdAlreadyUsed(operationId, scopeReceiver, by);
    }

    /// @inheritdoc ITPFtOperationId
    function walletScope(address wallet) external pure returns (uint256) {
        return WALLET_SCOPE_FLAG | uint160(wallet);
    }
}
