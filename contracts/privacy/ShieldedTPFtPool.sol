// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {ERC1155Holder} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Holder.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {ITPFt} from "../tpft/interfaces/ITPFt.sol";
import {IJoinSplitVerifier} from "./interfaces/IJoinSplitVerifier.sol";
import {ShieldedPool} from "./ShieldedPool.sol";

/// @title ShieldedTPFtPool
/// @notice The shielded pool of every TPFt series: a note's asset is its series id (below 2^64), values in
/// bond units (2 decimals). A deposit pulls the depositor's bonds with `safeTransferFrom` (the depositor
/// approves this pool with `setApprovalForAll` first); a withdrawal delivers bonds to the recipient.
/// @dev TPFt's rules apply to every move: both wallets enabled (this pool must be enabled by BCB), the series
/// not paused nor matured, the payer's unfrozen balance, the token's pause. Registration needs a wallet TPFt
/// enables (`isEnabledAddress`). The pool only accepts the bonds it pulls itself: a transfer someone else
/// sends it is refused ({UnsolicitedTransfer}), so no bond lands here without a note.
contract ShieldedTPFtPool is ShieldedPool, ERC1155Holder {
    /// @notice Bonds may reach the pool only through {deposit}.
    /// @param operator The operator of the refused transfer.
    error UnsolicitedTransfer(address operator);

    /// @dev TPFt.
    ITPFt private immutable _tpft;

    /// @param admin DEFAULT_ADMIN_ROLE (BCB).
    /// @param verifier_ The JoinSplit verifier.
    /// @param tpft TPFt.
    constructor(address admin, IJoinSplitVerifier verifier_, ITPFt tpft) ShieldedPool(admin, verifier_) {
        _tpft = tpft;
    }

    /// @notice TPFt.
    /// @return The token.
    function token() public view override returns (address) {
        return address(_tpft);
    }

    /// @notice ERC-1155 receipt hook: accepts only the transfers {deposit} makes (this pool as operator).
    /// @param operator Who moved the bonds.
    /// @return The selector of this function.
    function onERC1155Received(address operator, address, uint256, uint256, bytes memory)
        public
        view
        override
        returns (bytes4)
    {
        if (operator != address(this)) revert UnsolicitedTransfer(operator);
        return this.onERC1155Received.selector;
    }

    /// @notice ERC-1155 batch receipt hook: always refused ({deposit} moves one series at a time).
    /// @param operator Who moved the bonds.
    /// @return Never returns.
    function onERC1155BatchReceived(address operator, address, uint256[] memory, uint256[] memory, bytes memory)
        public
        pure
        override
        returns (bytes4)
    {
        revert UnsolicitedTransfer(operator);
    }

    /// @notice Whether the contract implements an interface (ERC165): the pool's and IERC1155Receiver.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ShieldedPool, ERC1155Holder)
        returns (bool)
    {
        return interfaceId == type(IERC1155Receiver).interfaceId || ShieldedPool.supportsInterface(interfaceId);
    }

    /// @dev A TPFt series id below 2^64 (id 0 is no series).
    function _checkAsset(uint256 asset) internal pure override {
        if (asset == 0 || asset >= 1 << 64) revert InvalidAsset(asset);
    }

    /// @dev TPFt's enabled wallets.
    function _isEnabledOnToken(address wallet) internal view override returns (bool) {
        return _tpft.isEnabledAddress(wallet);
    }

    /// @dev TPFt's global pause (a series' own pause is checked by TPFt when it moves).
    function _tokenPaused() internal view override returns (bool) {
        return Pausable(address(_tpft)).paused();
    }

    /// @dev `safeTransferFrom` under the depositor's `setApprovalForAll`.
    function _pull(address from, uint256 asset, uint256 amount) internal override {
        IERC1155(address(_tpft)).safeTransferFrom(from, address(this), asset, amount, "");
    }

    /// @dev `safeTransferFrom` to the recipient.
    function _push(address to, uint256 asset, uint256 amount) internal override {
        IERC1155(address(_tpft)).safeTransferFrom(address(this), to, asset, amount, "");
    }
}
