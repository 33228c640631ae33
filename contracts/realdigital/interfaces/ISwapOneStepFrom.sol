// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISwapOneStepFrom
/// @notice Interface of the atomic Real Tokenizado swap between customers of two institutions executed by a
/// third party the paying customer authorized (e.g. TPFtDvP in a 1052 trade between customers of different
/// banks): burns the payer's Real Tokenizado, moves Real Digital from the paying institution's reserve to the
/// receiving institution's reserve, mints Real Tokenizado to the receiver.
/// @dev ABI as the pilot's `SwapOneStepFrom` is used by its examples (participants `approve` it on Real
/// Digital, it is found in AddressDiscovery under keccak256("SwapOneStepFrom")).
interface ISwapOneStepFrom {
    /// @notice A Real Tokenizado is not approved for swaps in this contract.
    error DigitalCurrencyNotAllowed();

    /// @notice Payer and receiver use the same Real Tokenizado (an intra-bank transfer needs no swap).
    error RealDigitalSenderAndReceiveIsSame();

    /// @notice The receiver is not enabled on its Real Tokenizado (or is the zero address).
    error ReceiveAccountNotAllowed();

    /// @notice The caller's allowance from the payer on the paying Real Tokenizado is below the amount.
    error InsufficientAllowance();

    /// @notice Emitted when a swap is executed.
    /// @param senderNumber CNPJ8 of the paying institution.
    /// @param receiverNumber CNPJ8 of the receiving institution.
    /// @param sender The paying customer.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    event SwapExecuted(
        uint256 indexed senderNumber, uint256 indexed receiverNumber, address sender, address receiver, uint256 amount
    );

    /// @notice Pays `amount` from `sender` (a customer of `tokenSender`'s institution) to `receiver` (a
    /// customer of `tokenReceiver`'s), consuming the caller's allowance from `sender` on `tokenSender` (when
    /// `sender` is the caller, its allowance to this contract): burns, moves Real Digital between the two
    /// reserves (the paying reserve approved this contract on Real Digital) and mints, atomically.
    /// @param tokenSender The paying institution's Real Tokenizado.
    /// @param tokenReceiver The receiving institution's Real Tokenizado.
    /// @param sender The paying customer.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    function executeSwap(address tokenSender, address tokenReceiver, address sender, address receiver, uint256 amount)
        external;
}
