// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtAccessControl
/// @notice Access-control layer of the TPFt token: which wallets and contracts may create and mint bonds,
/// place them directly, settle public offerings, freeze positions and repay, and which wallets may hold
/// TPFt at all (enabled addresses).
/// @dev Mirrors the pilot's `TPFtAccessControl` documentation.
interface ITPFtAccessControl {
    /// @notice The caller may not enable or disable TPFt wallets: it must be the admin (BCB) or a wallet
    /// enabled both in TPFt and in Real Digital and bound to a participant's CNPJ8 in Real Digital.
    /// @param caller The caller.
    error TPFtEnablerNotAllowed(address caller);

    /// @notice The zero address cannot be enabled.
    error TPFtInvalidAddress();

    /// @notice A participant may enable or disable only its own wallets and its own customers, and the
    /// `enableAddress(cnpj8, wallet)` overload only a wallet belonging to `cnpj8`.
    /// @param wallet The wallet acted on.
    /// @param walletCnpj8 The participant it belongs to (0: none known).
    /// @param participantCnpj8 The participant acting (or named by the overload).
    error TPFtWalletNotOfParticipant(address wallet, uint256 walletCnpj8, uint256 participantCnpj8);

    /// @notice The wallet was disabled by the admin (the central bank); only the admin may enable it again.
    /// @param wallet The wallet.
    error TPFtAccountDisabledByAuthority(address wallet);

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
    /// @dev Tightening (docs/security.md): the pilot lets any enabled participant enable any wallet and
    /// records it as the enabler, overwriting a previous one. Here a participant (a wallet enabled in TPFt
    /// and in Real Digital and bound to a CNPJ8 c in Real Digital) enables only c's own wallets
    /// (`participantOf == c`) and c's customers (KeyDictionary CNPJ8 c), else {TPFtWalletNotOfParticipant};
    /// an already enabled wallet is left as it is (the enabler is never overwritten); a wallet the admin
    /// disabled can be enabled again only by the admin ({TPFtAccountDisabledByAuthority}).
    /// @param member The wallet.
    function enableAddress(address member) external;

    /// @notice Enables `wallet` of participant `cnpj8` to hold TPFt (the pilot's newer examples). Same
    /// rules as `enableAddress(address)`, and `wallet` must belong to `cnpj8` (one of its own wallets or
    /// one of its customers), else {TPFtWalletNotOfParticipant}; a participant names its own CNPJ8.
    /// @dev Tightening (docs/security.md): as `enableAddress(address)`, plus the wallet/CNPJ8 check.
    /// @param cnpj8 The participant the wallet belongs to.
    /// @param wallet The wallet.
    function enableAddress(uint256 cnpj8, address wallet) external;

    /// @notice Disables a wallet. The admin, or a wallet of the participant the member belongs to.
    /// @dev Tightening (docs/security.md): the pilot lets the recorded enabler disable (and any participant
    /// could make itself the enabler). Here: the admin (its disable is sticky: only the admin enables the
    /// wallet again) or an enabled wallet of the participant the member belongs to (its own wallet or its
    /// customer), else {TPFtEnablerNotAllowed} / {TPFtWalletNotOfParticipant}.
    /// @param member The wallet.
    function disableAddress(address member) external;

    /// @notice Whether the admin disabled `member` (only the admin may enable it again). Addition to the
    /// pilot ABI.
    /// @param member The wallet.
    /// @return True when the admin's disable is in force.
    function isDisabledByAuthority(address member) external view returns (bool);
}
