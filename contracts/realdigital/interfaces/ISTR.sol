// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISTR
/// @notice Interface of the pilot's STR simulation, through which an enabled participant wallet requests the
/// issuance (mint) and redemption (burn) of Real Digital for itself.
/// @dev ABI-compatible with the pilot's `STR`.
interface ISTR {
    /// @notice The caller is not a wallet enabled on Real Digital.
    /// @param account The caller.
    error NotParticipant(address account);

    /// @notice The amount is zero.
    error ZeroAmount();

    /// @notice Mints `amount` Real Digital to the caller's own wallet.
    /// @param amount The amount (2 decimals: 100 = R$ 1,00).
    function requestToMint(uint256 amount) external;

    /// @notice Burns `amount` Real Digital from the caller's own wallet. The caller must first `approve` this
    /// contract on Real Digital for at least `amount`.
    /// @param amount The amount (2 decimals).
    function requestToBurn(uint256 amount) external;
}
