// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISwap
/// @notice Rejections shared by the Real Tokenizado swap contracts (one-step and two-step).
interface ISwap {
    /// @notice The amount is zero.
    error ZeroAmount();

    /// @notice The receiving customer is the zero address.
    error InvalidReceiver();

    /// @notice Payer and receiver use the same Real Tokenizado: an intra-bank transfer needs no swap.
    /// @param token The Real Tokenizado.
    error SameRealTokenizado(address token);

    /// @notice The Real Tokenizado is not approved for swaps in this contract.
    /// @param token The Real Tokenizado.
    error DigitalCurrencyNotApproved(address token);

    /// @notice The receiving customer is not enabled on its institution's Real Tokenizado.
    /// @param token The receiver's Real Tokenizado.
    /// @param receiver The receiving customer.
    error ReceiverNotEnabled(address token, address receiver);

    /// @notice The Real Tokenizado has no reserve wallet.
    /// @param token The Real Tokenizado.
    error ReserveNotSet(address token);

    /// @notice `reserve` is not a Real Digital wallet of `token`'s institution, so no swap may pay from or to
    /// it (checked at every use, whatever the token says its reserve is).
    /// @param token The Real Tokenizado.
    /// @param reserve Its reserve wallet.
    error ReserveNotOwnedByParticipant(address token, address reserve);

    /// @notice The paying wallet (the customer on its Real Tokenizado, or the paying reserve on Real Digital)
    /// is no longer enabled: a pending swap is not settled for a payer the authority disabled.
    /// @param token The token on which it is not enabled.
    /// @param account The paying wallet.
    error SenderNotEnabled(address token, address account);

    /// @notice A token transfer returned false.
    /// @param token The token.
    error TransferFailed(address token);
}
