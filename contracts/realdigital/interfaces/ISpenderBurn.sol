// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISpenderBurn
/// @notice Burn on behalf of a spender: a settlement contract holding BURNER_ROLE burns from a wallet the
/// allowance that wallet gave to the contract's caller (e.g. TPFtDvP calling SwapOneStepFrom), so the
/// holder's consent is its `approve` to the caller, as the pilot's habilitações describe.
/// @dev Addition to the pilot ABI, implemented by Real Digital and every Real Tokenizado (CBDCToken).
interface ISpenderBurn {
    /// @notice Burns `amount` from `account`, consuming `spender`'s allowance over it. Only BURNER_ROLE.
    /// @param account The wallet burned from.
    /// @param spender The wallet whose allowance from `account` is consumed.
    /// @param amount The amount.
    function burnFromSpender(address account, address spender, uint256 amount) external;
}
