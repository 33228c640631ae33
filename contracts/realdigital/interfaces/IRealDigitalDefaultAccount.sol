// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IRealDigitalDefaultAccount
/// @notice Interface of the registry of each participant's default Real Digital wallet, keyed by CNPJ8.
/// @dev ABI-compatible with the pilot's `RealDigitalDefaultAccount`.
interface IRealDigitalDefaultAccount {
    /// @notice The CNPJ8 is zero.
    error InvalidCnpj8();

    /// @notice The wallet is not enabled on Real Digital.
    /// @param wallet The wallet.
    error WalletNotEnabled(address wallet);

    /// @notice The new default wallet is not bound to the participant (`RealDigital.participantOf`).
    /// @param cnpj8 The participant.
    /// @param wallet The wallet.
    /// @param boundTo The participant the wallet is bound to (0: none).
    error WalletNotOfParticipant(uint256 cnpj8, address wallet, uint256 boundTo);

    /// @notice The participant already has a default wallet (use updateDefaultWallet).
    /// @param cnpj8 The participant.
    /// @param wallet Its current default wallet.
    error DefaultAccountAlreadySet(uint256 cnpj8, address wallet);

    /// @notice The caller is not the participant's current default wallet.
    /// @param cnpj8 The participant.
    /// @param caller The caller.
    error NotDefaultAccount(uint256 cnpj8, address caller);

    /// @notice Emitted when a participant's default wallet is set or replaced.
    /// @param cnpj8 The participant.
    /// @param previousWallet The former default wallet (zero on first registration).
    /// @param newWallet The new default wallet.
    event DefaultAccountUpdated(uint256 indexed cnpj8, address indexed previousWallet, address indexed newWallet);

    /// @notice Role of the authority that registers first default wallets.
    /// @return The role identifier.
    function ACCESS_ROLE() external view returns (bytes32);

    /// @notice Default wallet of a participant.
    /// @param cnpj8 The participant's CNPJ8.
    /// @return The wallet, or zero when none.
    function defaultAccount(uint256 cnpj8) external view returns (address);

    /// @notice Registers the first default wallet of a participant and binds it to the participant on Real
    /// Digital; the wallet need not be enabled yet. Only ACCESS_ROLE.
    /// @param cnpj8 The participant's CNPJ8.
    /// @param wallet The wallet.
    function addDefaultAccount(uint256 cnpj8, address wallet) external;

    /// @notice Replaces the caller's default wallet. Only the current default wallet of `cnpj8`.
    /// @param cnpj8 The participant's CNPJ8.
    /// @param newWallet The new wallet: one of the participant's own wallets, enabled on Real Digital.
    function updateDefaultWallet(uint256 cnpj8, address newWallet) external;
}
