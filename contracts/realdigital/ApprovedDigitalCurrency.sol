// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IApprovedDigitalCurrency} from "./interfaces/IApprovedDigitalCurrency.sol";

/// @title ApprovedDigitalCurrency
/// @notice Registry of the Real Tokenizado contracts approved for swaps. Deployed on its own as a registry,
/// and inherited by every swap contract, which keeps its own list.
/// @dev ABI-compatible with the pilot's `ApprovedDigitalCurrency`.
contract ApprovedDigitalCurrency is AccessControl, IApprovedDigitalCurrency {
    /// @inheritdoc IApprovedDigitalCurrency
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    /// @inheritdoc IApprovedDigitalCurrency
    mapping(address => bool) public approvedDigitalCurrency;

    /// @param _authority Approves and disapproves tokens.
    /// @param _admin Administers the roles (may replace the authority).
    constructor(address _authority, address _admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, _admin);
        _grantRole(ACCESS_ROLE, _authority);
    }

    /// @inheritdoc IApprovedDigitalCurrency
    function setDigitalCurrencyApproval(address asset, bool approved) public onlyRole(ACCESS_ROLE) {
        if (asset == address(0)) revert InvalidAsset();
        approvedDigitalCurrency[asset] = approved;
        emit DigitalCurrencyApprovalUpdated(asset, approved);
    }
}
