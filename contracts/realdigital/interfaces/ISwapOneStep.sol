// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IRealTokenizado} from "./IRealTokenizado.sol";
import {ISwap} from "./ISwap.sol";

/// @title ISwapOneStep
/// @notice Interface of the atomic, single-transaction Real Tokenizado swap between two institutions.
/// @dev ABI-compatible with the pilot's `SwapOneStep`.
interface ISwapOneStep is ISwap {
    /// @notice Emitted when a swap is executed.
    /// @param senderNumber CNPJ8 of the paying institution.
    /// @param receiverNumber CNPJ8 of the receiving institution.
    /// @param sender The paying customer.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    event SwapExecuted(
        uint256 indexed senderNumber, uint256 indexed receiverNumber, address sender, address receiver, uint256 amount
    );

    /// @notice Pays `amount` from the caller (a customer of `tokenSender`'s institution) to `receiver` (a
    /// customer of `tokenReceiver`'s): burns the caller's Real Tokenizado, moves Real Digital between the two
    /// reserves and mints Real Tokenizado to `receiver`, atomically.
    /// @param tokenSender The paying institution's Real Tokenizado.
    /// @param tokenReceiver The receiving institution's Real Tokenizado.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    function executeSwap(IRealTokenizado tokenSender, IRealTokenizado tokenReceiver, address receiver, uint256 amount)
        external;
}
