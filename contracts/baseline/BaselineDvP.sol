// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// BENCHMARK ONLY, NEVER DEPLOY. A gas-comparison contract for `drex bench`, without the platform's
// controls (enabled wallets, roles, pause, matching of both sides); `drex deploy` never deploys it and a
// test (tests/foundation/test_baseline_contracts.py) fails if any deployment plan ever includes it.

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title BaselineDvP
/// @notice The plain counterpart of a TPFt settlement, used by `drex bench` as its gas baseline: delivery
/// versus payment of a plain OpenZeppelin ERC1155 position against a plain ERC20 in one call, with none of
/// the platform's checks (operation ids, matching of both sides, enabled wallets, frozen positions, bond
/// pricing, pause).
/// @dev Not part of the platform and never deployed by `drex deploy`. The seller approves this contract
/// with `setApprovalForAll` on the bond, the buyer with `approve` on the cash token.
/// @custom:security Benchmark only, never deploy: it lacks the platform's access and wallet controls.
contract BaselineDvP {
    /// @notice A settlement happened.
    /// @param seller The seller (delivers the bonds, receives the cash).
    /// @param buyer The buyer.
    /// @param id The bond series.
    /// @param quantity Bonds delivered.
    /// @param price Cash paid.
    event Settled(address indexed seller, address indexed buyer, uint256 indexed id, uint256 quantity, uint256 price);

    /// @notice Deliver `quantity` of bond `id` from `seller` to `buyer` against `price` of `cash`.
    /// @param bond The bond token (ERC1155).
    /// @param id The bond series.
    /// @param quantity Bonds delivered.
    /// @param seller The seller.
    /// @param buyer The buyer.
    /// @param cash The cash token (ERC20).
    /// @param price Cash paid by the buyer.
    function settle(
        IERC1155 bond,
        uint256 id,
        uint256 quantity,
        address seller,
        address buyer,
        IERC20 cash,
        uint256 price
    ) external {
        bond.safeTransferFrom(seller, buyer, id, quantity, "");
        if (!cash.transferFrom(buyer, seller, price)) revert();
        emit Settled(seller, buyer, id, quantity, price);
    }
}
