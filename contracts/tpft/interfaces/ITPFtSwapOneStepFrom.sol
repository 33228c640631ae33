// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtSwapOneStepFrom
/// @notice What TPFtDvP calls of the pilot's `SwapOneStepFrom` (registered in AddressDiscovery as
/// "SwapOneStepFrom"): a customer of one institution pays a customer of another in one step. The caller
/// spends an allowance `sender` gave it on `tokenSender` (burned), Real Digital goes from `tokenSender`'s
/// reserve wallet to `tokenReceiver`'s (the paying reserve's allowance to SwapOneStepFrom), and
/// `tokenReceiver` is minted to `receiver`. Both reserves are checked as their token's participant's.
/// @dev Declared on the TPFt side, matching the ABI of the money layer's SwapOneStepFrom (design of issue 9).
interface ITPFtSwapOneStepFrom {
    /// @notice Pays `amount` from `sender` (customer of `tokenSender`) to `receiver` (customer of
    /// `tokenReceiver`).
    /// @param tokenSender The paying customer's Real Tokenizado.
    /// @param tokenReceiver The paid customer's Real Tokenizado.
    /// @param sender The paying customer.
    /// @param receiver The paid customer.
    /// @param amount Value in reais (2 decimals).
    function executeSwap(
        address tokenSender,
        address tokenReceiver,
        address sender,
        address receiver,
        uint256 amount
    ) external;
}
