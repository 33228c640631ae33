// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// BENCHMARK ONLY, NEVER DEPLOY. A gas-comparison contract for `drex bench`, without the platform's
// controls (enabled wallets, roles, pause, matching of both sides); `drex deploy` never deploys it and a
// test (tests/foundation/test_baseline_contracts.py) fails if any deployment plan ever includes it.

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title BaselineERC1155
/// @notice A plain OpenZeppelin ERC1155 (owner-only mint) used by `drex bench` as the gas baseline of the
/// tokenized-bond (TPFt) operations: no series metadata, no enabled wallets, no frozen positions, no
/// pause. Compiled with the same compiler and settings as the platform.
/// @dev Not part of the platform and never deployed by `drex deploy`.
/// @custom:security Benchmark only, never deploy: it lacks the platform's access and wallet controls.
contract BaselineERC1155 is ERC1155, Ownable {
    /// @param owner_ The only account allowed to mint.
    constructor(address owner_) ERC1155("") Ownable(owner_) {}

    /// @notice Create `amount` of token `id` for `to` (owner only).
    /// @param to Receiver of the new tokens.
    /// @param id Token id (a bond series).
    /// @param amount Quantity in units.
    function mint(address to, uint256 id, uint256 amount) external onlyOwner {
        _mint(to, id, amount, "");
    }
}
