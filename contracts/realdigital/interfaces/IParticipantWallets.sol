// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IParticipantWallets
/// @notice Which participant (CNPJ8) each Real Digital wallet belongs to. A wallet is bound to one participant
/// when the central bank registers it (as a participant's default wallet, or directly) or when a wallet of
/// that participant enables it through RealDigitalEnableAccount; a participant can never bind or enable a
/// wallet bound to another participant. Every mapping that directs payments (Real Tokenizado reserve, CNPJ8
/// default wallet, KeyDictionary customers, TPFt enablers) is checked against this binding.
/// @dev Addition to the pilot ABI, implemented by RealDigital (see docs/security.md).
interface IParticipantWallets {
    /// @notice `wallet` is bound to another participant.
    /// @param wallet The wallet.
    /// @param cnpj8 The participant it belongs to.
    error WalletOfAnotherParticipant(address wallet, uint256 cnpj8);

    /// @notice `wallet` is a customer registered in KeyDictionary (under `key`): it belongs to its bank as a
    /// customer and cannot be bound as a participant's own wallet.
    /// @param wallet The wallet.
    /// @param key The customer's key.
    error WalletIsCustomer(address wallet, bytes32 key);

    /// @notice A participant's CNPJ8 must be between 1 and 99,999,999.
    /// @param cnpj8 The rejected value.
    error InvalidParticipantCnpj8(uint256 cnpj8);

    /// @notice Emitted when the admin sets the KeyDictionary whose customers can never be bound.
    /// @param keyDictionary The KeyDictionary.
    event KeyDictionarySet(address indexed keyDictionary);

    /// @notice Emitted when a wallet is bound to a participant, moved to another, or unbound (cnpj8 0).
    /// @param wallet The wallet.
    /// @param cnpj8 The participant's CNPJ8 (0: unbound).
    event ParticipantWalletBound(address indexed wallet, uint256 indexed cnpj8);

    /// @notice Role of the contracts that bind wallets on a participant's behalf (RealDigitalDefaultAccount,
    /// RealDigitalEnableAccount).
    /// @return The role identifier.
    function REGISTRAR_ROLE() external view returns (bytes32);

    /// @notice The participant a wallet belongs to.
    /// @param wallet The wallet.
    /// @return The participant's CNPJ8, or 0 when the wallet is no participant's own wallet.
    function participantOf(address wallet) external view returns (uint256);

    /// @notice Binds `wallet` to participant `cnpj8` (no-op when already bound to it) and, when `enable`,
    /// enables it. Only REGISTRAR_ROLE. Reverts {WalletOfAnotherParticipant} when bound to another
    /// participant, {WalletIsCustomer} when it is a KeyDictionary customer (of any bank), and
    /// `AccountDisabledByAuthority` when enabling a wallet the admin disabled.
    /// @param wallet The wallet.
    /// @param cnpj8 The participant.
    /// @param enable Whether to enable it as well.
    function registerParticipantWallet(address wallet, uint256 cnpj8, bool enable) external;

    /// @notice Disables a wallet on its own request (not sticky). Only REGISTRAR_ROLE.
    /// @param wallet The wallet.
    function disableOwnWallet(address wallet) external;

    /// @notice The KeyDictionary whose customers can never be bound as participant wallets (0: none set).
    /// @return The KeyDictionary.
    function keyDictionary() external view returns (address);

    /// @notice Sets the KeyDictionary whose customers {registerParticipantWallet} refuses. Only the admin.
    /// @param keyDictionary_ The KeyDictionary.
    function setKeyDictionary(address keyDictionary_) external;

    /// @notice Binds, moves or (with cnpj8 0) unbinds a wallet. Only the admin (the central bank).
    /// @param wallet The wallet.
    /// @param cnpj8 The participant, or 0.
    function setParticipantWallet(address wallet, uint256 cnpj8) external;
}
