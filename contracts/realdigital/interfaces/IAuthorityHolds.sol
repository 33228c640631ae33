// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IAuthorityHolds
/// @notice The central bank's holds on a wallet of Real Digital or of a Real Tokenizado: a wallet the token's
/// admin (the central bank, DEFAULT_ADMIN_ROLE) disabled stays disabled until the admin itself enables it
/// again, and the part of a balance the admin froze can only be unfrozen by the admin. Operational holders of
/// ACCESS_ROLE or FREEZER_ROLE (the issuing bank of a Real Tokenizado, the swap and enable-account contracts)
/// can neither lift nor reduce these holds.
/// @dev Addition to the pilot ABI (see docs/security.md, "BCB's actions are sticky").
interface IAuthorityHolds {
    /// @notice `account` was disabled by the token's admin; only the admin may enable it again.
    /// @param account The wallet.
    error AccountDisabledByAuthority(address account);

    /// @notice The unfreeze would leave less frozen than the admin froze on `account`; only the admin may
    /// release that part.
    /// @param account The wallet.
    /// @param authorityFrozen The part of the frozen balance held by the admin.
    /// @param frozenAfter What would remain frozen after the requested unfreeze.
    error FrozenByAuthority(address account, uint256 authorityFrozen, uint256 frozenAfter);

    /// @notice Emitted when the admin's hold on a wallet changes.
    /// @param account The wallet.
    /// @param disabled Whether the admin's disable is in force.
    /// @param frozen The part of the frozen balance held by the admin.
    event AuthorityHoldChanged(address indexed account, bool disabled, uint256 frozen);

    /// @notice The admin's hold on a wallet.
    /// @param account The wallet.
    /// @return disabled Whether the admin disabled it (only the admin can enable it again).
    /// @return frozen The part of its frozen balance only the admin may unfreeze.
    function authorityHoldOf(address account) external view returns (bool disabled, uint256 frozen);
}
