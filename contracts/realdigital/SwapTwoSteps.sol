// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SwapTwoStepsBase} from "./SwapTwoStepsBase.sol";
import {IAuthorityHolds} from "./interfaces/IAuthorityHolds.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";

/// @title SwapTwoSteps
/// @notice Two-step transfer of Real Tokenizado between customers of two institutions: the payer proposes,
/// the receiver accepts (atomically burning the payer's Real Tokenizado, moving Real Digital between the
/// reserves and minting Real Tokenizado to the receiver), within 1 minute. While pending, the payer's Real
/// Tokenizado and the paying reserve's Real Digital are frozen, so they cannot be spent elsewhere.
/// @dev ABI-compatible with the pilot's `SwapTwoSteps`. Premises: the payer approved this contract on its
/// Real Tokenizado and the paying reserve on Real Digital. Needs FREEZER_ROLE on Real Digital, and
/// FREEZER_ROLE, BURNER_ROLE and MINTER_ROLE on every approved Real Tokenizado.
contract SwapTwoSteps is SwapTwoStepsBase {
    /// @param _admin Administers the roles.
    /// @param _authority Approves Real Tokenizado contracts.
    /// @param _CBDC The Real Digital token.
    constructor(address _admin, address _authority, IRealDigital _CBDC) SwapTwoStepsBase(_admin, _authority, _CBDC) {}

    /// @dev Freezes the payer's Real Tokenizado and the paying reserve's Real Digital.
    function _secure(SwapProposal storage proposal) internal override {
        uint256 amount = proposal.amount;
        _checkAvailable(proposal.tokenSender, proposal.sender, amount);
        _checkAvailable(CBDC, proposal.senderReserve, amount);
        proposal.tokenSender.increaseFrozenBalance(proposal.sender, amount);
        CBDC.increaseFrozenBalance(proposal.senderReserve, amount);
    }

    /// @dev Unfreezes (never the admin's hold: when the admin froze the payer's funds meanwhile, the burn or
    /// the transfer reverts `InsufficientUnfrozenBalance`), then burns from the payer, transfers Real Digital between reserves, mints to receiver.
    function _settle(SwapProposal storage proposal, address receiverReserve) internal override {
        _unfreeze(proposal);
        uint256 amount = proposal.amount;
        proposal.tokenSender.burnFrom(proposal.sender, amount);
        _safeTransferFrom(CBDC, proposal.senderReserve, receiverReserve, amount);
        proposal.tokenReceiver.mint(proposal.receiver, amount);
    }

    /// @dev Unfreezes the secured funds.
    function _release(SwapProposal storage proposal) internal override {
        _unfreeze(proposal);
    }

    /// @dev Unfreezes the proposal's amount on both tokens (at most what is still frozen, so that a manual
    /// unfreeze by another FREEZER_ROLE holder cannot lock the proposal).
    function _unfreeze(SwapProposal storage proposal) private {
        uint256 amount = proposal.amount;
        _decreaseFrozen(proposal.tokenSender, proposal.sender, amount);
        _decreaseFrozen(CBDC, proposal.senderReserve, amount);
    }

    /// @dev Unfreezes min(`amount`, frozen - the admin's hold) of `account` on `token`: what the central bank
    /// froze stays frozen (this contract may not release it, {IAuthorityHolds}), so settling or cancelling
    /// never fails on, nor lifts, the admin's hold.
    function _decreaseFrozen(IRealDigital token, address account, uint256 amount) private {
        uint256 frozen = token.frozenBalanceOf(account);
        (, uint256 held) = IAuthorityHolds(address(token)).authorityHoldOf(account);
        uint256 releasable = frozen > held ? frozen - held : 0;
        uint256 release = releasable < amount ? releasable : amount;
        if (release != 0) token.decreaseFrozenBalance(account, release);
    }

    /// @dev Reverts unless `account`'s balance not frozen on `token` covers `amount`.
    function _checkAvailable(IRealDigital token, address account, uint256 amount) private view {
        uint256 balance = token.balanceOf(account);
        uint256 frozen = token.frozenBalanceOf(account);
        uint256 available = balance > frozen ? balance - frozen : 0;
        if (available < amount) revert InsufficientAvailableBalance(address(token), account, available, amount);
    }
}
