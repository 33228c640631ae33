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

    /// @notice A token transfer returned false.
    /// @param token The token.
    error TransferFailed(address token);
}
