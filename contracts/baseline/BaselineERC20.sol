// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// BENCHMARK ONLY, NEVER DEPLOY. A gas-comparison contract for `drex bench`, without the platform's
// controls (enabled wallets, roles, pause, matching of both sides); `drex deploy` never deploys it and a
// test (tests/foundation/test_baseline_contracts.py) fails if any deployment plan ever includes it.

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title BaselineERC20
/// @notice A plain OpenZeppelin ERC20 (2 decimals, owner-only mint, holder burn) used by `drex bench` as
/// the gas baseline of the platform's token operations: no enabled-wallet list, no frozen balances, no
/// pause, no roles. Compiled with the same compiler and settings as the platform.
/// @dev Not part of the platform and never deployed by `drex deploy`.
/// @custom:security Benchmark only, never deploy: it lacks the platform's access and wallet controls.
contract BaselineERC20 is ERC20, ERC20Burnable, Ownable {
    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param owner_ The only account allowed to mint.
    constructor(string memory name_, string memory symbol_, address owner_) ERC20(name_, symbol_) Ownable(owner_) {}

    /// @notice Number of decimals of the token's amounts: 2, as Real Digital.
    /// @return Always 2.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @notice Create `amount` tokens for `to` (owner only).
    /// @param to Receiver of the new tokens.
    /// @param amount Amount in units (2 decimals).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
