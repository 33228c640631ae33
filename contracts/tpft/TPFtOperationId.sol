// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ITPFtOperationId} from "./interfaces/ITPFtOperationId.sol";

/// @title TPFtOperationId
/// @notice Network-wide registry of TPFt operation ids. Each operation contract registers the id of every
/// operation it opens; an id registered once can never be registered again, by the same or another
/// contract, so an id identifies one operation across the whole network, as the pilot requires.
/// @dev Plays the part of the pilot's `TPFtOperationId`; BCB grants OPERATION_ROLE to the operation contracts.
contract TPFtOperationId is AccessControl, ITPFtOperationId {
    /// @inheritdoc ITPFtOperationId
    bytes32 public constant OPERATION_ROLE = keccak256("OPERATION_ROLE");

    /// @inheritdoc ITPFtOperationId
    mapping(uint256 operationId => address operation) public usedBy;

    /// @param admin BCB: grants OPERATION_ROLE.
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ITPFtOperationId
    function register(uint256 operationId) external onlyRole(OPERATION_ROLE) {
        if (operationId == 0) revert InvalidOperationId();
        address used = usedBy[operationId];
        if (used != address(0)) revert OperationIdAlreadyUsed(operationId, used);
        usedBy[operationId] = _msgSender();
        emit OperationIdRegistered(operationId, _msgSender());
    }
}
