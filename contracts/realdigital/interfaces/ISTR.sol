// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISTR
/// @notice Interface of the pilot's STR simulation, through which an enabled participant wallet requests the
/// issuance (mint) and redemption (burn) of Real Digital for itself.
/// @dev ABI-compatible with the pilot's `STR`.
interface ISTR {
    /// @notice The caller is not a wallet enabled on Real Digital (for a mint: or is no participant's own
    /// wallet).
    /// @param account The caller.
    error NotParticipant(address account);

    /// @notice The amount is zero.
    error ZeroAmount();

    /// @notice The mint would take the participant's outstanding STR issuance (minted minus burned through
    /// STR) above the limit the central bank set for it.
    /// @param cnpj8 The participant.
    /// @param limit Its limit.
    /// @param outstanding Its outstanding issuance before this request.
    /// @param amount The amount requested.
    error MintLimitExceeded(uint256 cnpj8, uint256 limit, uint256 outstanding, uint256 amount);

    /// @notice Only Real Digital's admin (the central bank) sets mint limits.
    /// @param account The caller.
    error NotAuthority(address account);

    /// @notice Emitted when the central bank sets a participant's mint limit.
    /// @param cnpj8 The participant.
    /// @param limit The new limit (2 decimals).
    event MintLimitSet(uint256 indexed cnpj8, uint256 limit);

    /// @notice The most Real Digital a participant may have outstanding through STR (2 decimals).
    /// @param cnpj8 The participant.
    /// @return The limit (0: may not mint).
    function mintLimit(uint256 cnpj8) external view returns (uint256);

    /// @notice Real Digital a participant minted through STR and did not burn through it yet (2 decimals).
    /// @param cnpj8 The participant.
    /// @return The outstanding issuance.
    function outstanding(uint256 cnpj8) external view returns (uint256);

    /// @notice Sets a participant's mint limit. Only Real Digital's admin (DEFAULT_ADMIN_ROLE).
    /// @param cnpj8 The participant.
    /// @param limit The limit (2 decimals); below the outstanding issuance it only blocks further mints.
    function setMintLimit(uint256 cnpj8, uint256 limit) external;

    /// @notice Mints `amount` Real Digital to the caller's own wallet. Only an enabled participant wallet
    /// (bound to a CNPJ8 in `RealDigital.participantOf`), within its participant's limit ({mintLimit}).
    /// @param amount The amount (2 decimals: 100 = R$ 1,00).
    function requestToMint(uint256 amount) external;

    /// @notice Burns `amount` Real Digital from the caller's own wallet (no prior `approve` needed, as in the
    /// pilot's doc).
    /// @param amount The amount (2 decimals).
    function requestToBurn(uint256 amount) external;
}
