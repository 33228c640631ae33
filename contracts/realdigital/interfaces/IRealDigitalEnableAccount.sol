// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IRealDigitalEnableAccount
/// @notice Interface of the contract through which a participant enables further wallets of its own on Real
/// Digital, or disables the calling wallet.
/// @dev ABI-compatible with the pilot's `RealDigitalEnableAccount`.
interface IRealDigitalEnableAccount {
    /// @notice The caller is not a wallet enabled on Real Digital (for enableAccount: and bound to a
    /// participant).
    /// @param account The caller.
    error NotParticipant(address account);

    /// @notice Enables `member` on Real Digital as a wallet of the caller's participant (binding it to the
    /// caller's CNPJ8). Only enabled participant wallets; never a wallet of another participant nor one the
    /// central bank disabled.
    /// @param member The new wallet of the participant.
    function enableAccount(address member) external;

    /// @notice Disables the calling wallet on Real Digital.
    function disableAccount() external;
}
