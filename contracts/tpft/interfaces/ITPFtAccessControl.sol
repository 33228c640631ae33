// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtAccessControl
/// @notice Access-control layer of the TPFt token: which wallets and contracts may create and mint bonds,
/// place them directly, settle public offerings, freeze positions and repay, and which wallets may hold
/// TPFt at all (enabled addresses).
/// @dev Mirrors the pilot's `TPFtAccessControl` documentation.
interface ITPFtAccessControl {
    /// @notice The caller may not enable or disable TPFt wallets: it must be the admin (BCB) or a wallet
    /// enabled both in TPFt and in Real Digital (a participant), and to disable, the admin or the enabler.
    /// @param caller The caller.
    error TPFtEnablerNotAllowed(address caller);

    /// @notice The zero address cannot be enabled.
    error TPFtInvalidAddress();

    /// @notice Emitted when a wallet is enabled to hold TPFt.
    /// @param member The wallet.
    /// @param enabler The wallet that enabled it.
    event TPFtAddressEnabled(address indexed member, address indexed enabler);

    /// @notice Emitted when a wallet is disabled.
    /// @param member The wallet.
    /// @param disabler The wallet that disabled it.
    event TPFtAddressDisabled(address indexed member, address indexed disabler);

    /// @notice Role allowed to create and mint TPFt.
    /// @return The role identifier.
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to place TPFt directly.
    /// @return The role identifier.
    function DIRECT_PLACEMENT_ROLE() external view returns (bytes32);

    /// @notice Role allowed to send the Treasury's command of a public-offering settlement (1002).
    /// @return The role identifier.
    function AUCTION_PLACEMENT_ROLE() external view returns (bytes32);

    /// @notice Role allowed to freeze positions.
    /// @return The role identifier.
    function FREEZER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to repay (burn, payment status, per-id pause).
    /// @return The role identifier.
    function REPAYMENT_ROLE() external view returns (bytes32);

    /// @notice Grants MINTER_ROLE. Only the admin.
    /// @param member The wallet or contract.
    function allowTPFtMint(address member) external;

    /// @notice Grants DIRECT_PLACEMENT_ROLE. Only the admin.
    /// @param member The wallet or contract.
    function allowDirectPlacement(address member) external;

    /// @notice Grants AUCTION_PLACEMENT_ROLE. Only the admin.
    /// @param member The wallet or contract.
    function allowAuctionPlacement(address member) external;

    /// @notice Grants FREEZER_ROLE. Only the admin.
    /// @param member The wallet or contract.
    function allowFreezingPlacement(address member) external;

    /// @notice Enables a wallet to hold TPFt. The admin (BCB) or a participant enabled in TPFt and in Real
    /// Digital.
    /// @param member The wallet.
    function enableAddress(address member) external;

    /// @notice Disables a wallet. The admin or the wallet that enabled it.
    /// @param member The wallet.
    function disableAddress(address member) external;
}
