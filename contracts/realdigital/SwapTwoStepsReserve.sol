// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SwapTwoStepsBase} from "./SwapTwoStepsBase.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";

/// @title SwapTwoStepsReserve
/// @notice Two-step transfer of Real Tokenizado between customers of two institutions, with escrow: at start
/// the payer's Real Tokenizado and the paying reserve's Real Digital are transferred to this contract; the
/// receiver's acceptance burns the escrowed Real Tokenizado, sends the Real Digital to the receiving reserve
/// and mints Real Tokenizado to the receiver; cancellation returns both to their owners.
/// @dev ABI-compatible with the pilot's `SwapTwoStepsReserve`. Premises: the payer approved this contract on
/// its Real Tokenizado and the paying reserve on Real Digital. This contract must be enabled on Real
/// Digital and on every approved Real Tokenizado, and hold BURNER_ROLE and MINTER_ROLE on each of them.
contract SwapTwoStepsReserve is SwapTwoStepsBase {
    /// @param _admin Administers the roles.
    /// @param _authority Approves Real Tokenizado contracts.
    /// @param _CBDC The Real Digital token.
    constructor(address _admin, address _authority, IRealDigital _CBDC) SwapTwoStepsBase(_admin, _authority, _CBDC) {}

    /// @dev Escrows the payer's Real Tokenizado and the paying reserve's Real Digital in this contract.
    function _secure(SwapProposal storage proposal) internal override {
        uint256 amount = proposal.amount;
        _safeTransferFrom(proposal.tokenSender, proposal.sender, address(this), amount);
        _safeTransferFrom(CBDC, proposal.senderReserve, address(this), amount);
    }

    /// @dev Burns the escrowed Real Tokenizado, pays the receiving reserve, mints to the receiver.
    function _settle(SwapProposal storage proposal, address receiverReserve) internal override {
        uint256 amount = proposal.amount;
        proposal.tokenSender.burn(amount);
        _safeTransfer(CBDC, receiverReserve, amount);
        proposal.tokenReceiver.mint(proposal.receiver, amount);
    }

    /// @dev Returns the escrowed tokens to the payer and the paying reserve.
    function _release(SwapProposal storage proposal) internal override {
        uint256 amount = proposal.amount;
        _safeTransfer(proposal.tokenSender, proposal.sender, amount);
        _safeTransfer(CBDC, proposal.senderReserve, amount);
    }
}
