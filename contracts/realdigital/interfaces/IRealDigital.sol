// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

/// @title IRealDigital
/// @notice Interface of the wholesale Real Digital token (and, through {IRealTokenizado}, of every Real
/// Tokenizado): an ERC20 with 2 decimals that only enabled wallets may hold or receive, with role-gated
/// mint/burn/move, per-wallet frozen balances that can never be spent, and a pause switch.
/// @dev ABI-compatible with the pilot's `RealDigital`. Contracts that settle payments (swaps, TPFt
/// operations) use `transferFrom`/`burnFrom` against allowances, `mint`, `move`/`moveAndBurn`, and the
/// frozen-balance functions; they need the matching role granted by the token's admin.
interface IRealDigital is IERC20Metadata, IAccessControl {
    /// @notice `account` is not enabled (authorized) to hold, send or receive the token.
    /// @param account The wallet that is not enabled.
    error AccountNotEnabled(address account);

    /// @notice The zero address cannot be enabled or used as a wallet.
    /// @param account The rejected address.
    error InvalidAccount(address account);

    /// @notice The wallet's balance not frozen is smaller than the amount to send or burn.
    /// @param account The paying wallet.
    /// @param available Its balance minus its frozen balance.
    /// @param needed The amount requested.
    error InsufficientUnfrozenBalance(address account, uint256 available, uint256 needed);

    /// @notice Attempt to unfreeze more than the wallet's frozen balance.
    /// @param account The wallet.
    /// @param frozen Its current frozen balance.
    /// @param needed The amount requested to unfreeze.
    error InsufficientFrozenBalance(address account, uint256 frozen, uint256 needed);

    /// @notice Attempt to decrease an allowance below zero.
    /// @param spender The spender whose allowance was to be decreased.
    /// @param currentAllowance The current allowance.
    /// @param requestedDecrease The requested decrease.
    error ERC20FailedDecreaseAllowance(address spender, uint256 currentAllowance, uint256 requestedDecrease);

    /// @notice Emitted when a wallet is enabled to hold the token.
    /// @param member The enabled wallet.
    event EnabledAccount(address member);

    /// @notice Emitted when a wallet is disabled.
    /// @param member The disabled wallet.
    event DisabledAccount(address member);

    /// @notice Emitted when a wallet's frozen balance changes.
    /// @param wallet The wallet whose frozen balance changed.
    /// @param amount The wallet's frozen balance after the change.
    event FrozenBalance(address wallet, uint256 amount);

    /// @notice Role allowed to pause and unpause the token.
    /// @return The role identifier.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to mint.
    /// @return The role identifier.
    function MINTER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to enable and disable wallets.
    /// @return The role identifier.
    function ACCESS_ROLE() external view returns (bytes32);

    /// @notice Role allowed to move tokens out of any wallet (`move`, `moveAndBurn`).
    /// @return The role identifier.
    function MOVER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to burn (`burn`, `burnFrom`).
    /// @return The role identifier.
    function BURNER_ROLE() external view returns (bytes32);

    /// @notice Role allowed to freeze and unfreeze balances.
    /// @return The role identifier.
    function FREEZER_ROLE() external view returns (bytes32);

    /// @notice Whether a wallet is enabled to hold the token.
    /// @param account The wallet.
    /// @return True when enabled.
    function authorizedAccounts(address account) external view returns (bool);

    /// @notice Frozen (unspendable) part of a wallet's balance.
    /// @param account The wallet.
    /// @return The frozen amount.
    function frozenBalanceOf(address account) external view returns (uint256);

    /// @notice Whether a wallet may receive the token.
    /// @param account The wallet.
    /// @return True when enabled.
    function verifyAccount(address account) external view returns (bool);

    /// @notice Enables a wallet to hold and receive the token. Only ACCESS_ROLE.
    /// @param member The wallet to enable.
    function enableAccount(address member) external;

    /// @notice Disables a wallet. Only ACCESS_ROLE.
    /// @param member The wallet to disable.
    function disableAccount(address member) external;

    /// @notice Mints `amount` to the enabled wallet `to`. Only MINTER_ROLE.
    /// @param to The receiving wallet.
    /// @param amount The amount (2 decimals).
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` from the caller's own balance. Only BURNER_ROLE.
    /// @param amount The amount.
    function burn(uint256 amount) external;

    /// @notice Burns `amount` from `account`, spending the caller's allowance. Only BURNER_ROLE.
    /// @param account The wallet burned from.
    /// @param amount The amount.
    function burnFrom(address account, uint256 amount) external;

    /// @notice Moves `amount` from `from` to `to` without allowance. Only MOVER_ROLE.
    /// @param from The paying wallet.
    /// @param to The receiving wallet.
    /// @param amount The amount.
    function move(address from, address to, uint256 amount) external;

    /// @notice Burns `amount` from `from` without allowance. Only MOVER_ROLE.
    /// @param from The wallet burned from.
    /// @param amount The amount.
    function moveAndBurn(address from, uint256 amount) external;

    /// @notice Freezes `amount` more of `from`'s balance. Only FREEZER_ROLE.
    /// @param from The wallet.
    /// @param amount The amount to freeze.
    function increaseFrozenBalance(address from, uint256 amount) external;

    /// @notice Unfreezes `amount` of `from`'s frozen balance. Only FREEZER_ROLE.
    /// @param from The wallet.
    /// @param amount The amount to unfreeze.
    function decreaseFrozenBalance(address from, uint256 amount) external;

    /// @notice Raises the caller's allowance to `spender` by `addedValue`.
    /// @param spender The spender.
    /// @param addedValue The increase.
    /// @return Always true.
    function increaseAllowance(address spender, uint256 addedValue) external returns (bool);

    /// @notice Lowers the caller's allowance to `spender` by `subtractedValue`.
    /// @param spender The spender.
    /// @param subtractedValue The decrease.
    /// @return Always true.
    function decreaseAllowance(address spender, uint256 subtractedValue) external returns (bool);

    /// @notice Pauses every transfer, mint and burn. Only PAUSER_ROLE.
    function pause() external;

    /// @notice Resumes transfers. Only PAUSER_ROLE.
    function unpause() external;
}
