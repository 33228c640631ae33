// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IApprovedDigitalCurrency
/// @notice Interface of the registry of the Real Tokenizado contracts approved for use in swap contracts.
/// @dev ABI-compatible with the pilot's `ApprovedDigitalCurrency`.
interface IApprovedDigitalCurrency {
    /// @notice The asset is the zero address.
    error InvalidAsset();

    /// @notice Emitted when a token's approval changes.
    /// @param asset The token.
    /// @param approved Whether it is now approved.
    event DigitalCurrencyApprovalUpdated(address indexed asset, bool approved);

    /// @notice Role allowed to approve and disapprove tokens.
    /// @return The role identifier.
    function ACCESS_ROLE() external view returns (bytes32);

    /// @notice Whether a token is approved for swaps.
    /// @param asset The token.
    /// @return True when approved.
    function approvedDigitalCurrency(address asset) external view returns (bool);

    /// @notice Approves or disapproves a token for swaps. Only ACCESS_ROLE.
    /// @param asset The token.
    /// @param approved Whether it is approved.
    function setDigitalCurrencyApproval(address asset, bool approved) external;
}
