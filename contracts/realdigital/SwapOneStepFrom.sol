// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RealTokenizadoSwapBase} from "./RealTokenizadoSwapBase.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealTokenizado} from "./interfaces/IRealTokenizado.sol";
import {ISpenderBurn} from "./interfaces/ISpenderBurn.sol";
import {ISwapOneStepFrom} from "./interfaces/ISwapOneStepFrom.sol";

/// @title SwapOneStepFrom
/// @notice Transfer of Real Tokenizado between customers of two institutions in one atomic transaction sent
/// by a contract or wallet the payer authorized (TPFtDvP in a 1052 trade between customers of different
/// banks): burns the payer's Real Tokenizado against the caller's allowance, transfers Real Digital from the
/// paying institution's reserve to the receiving institution's reserve, mints Real Tokenizado to the receiver.
/// @dev The pilot's `SwapOneStepFrom` (its examples approve it on Real Digital and find it in
/// AddressDiscovery). Premises: the payer approved the caller (or, calling itself, this contract) on its Real
/// Tokenizado, and the paying institution's reserve approved this contract on Real Digital. Needs BURNER_ROLE
/// and MINTER_ROLE on every approved Real Tokenizado. Both reserves are checked at each swap to be Real
/// Digital wallets bound to their token's CNPJ8 ({ReserveNotOwnedByParticipant}).
contract SwapOneStepFrom is RealTokenizadoSwapBase, ISwapOneStepFrom {
    /// @param _admin Administers the roles.
    /// @param _authority Approves Real Tokenizado contracts.
    /// @param _CBDC The Real Digital token.
    constructor(address _admin, address _authority, IRealDigital _CBDC)
        RealTokenizadoSwapBase(_admin, _authority, _CBDC)
    {}

    /// @inheritdoc ISwapOneStepFrom
    function executeSwap(address tokenSender, address tokenReceiver, address sender, address receiver, uint256 amount)
        external
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount();
        if (tokenSender == tokenReceiver) revert RealDigitalSenderAndReceiveIsSame();
        if (!approvedDigitalCurrency[tokenSender] || !approvedDigitalCurrency[tokenReceiver]) {
            revert DigitalCurrencyNotAllowed();
        }
        IRealTokenizado paying = IRealTokenizado(tokenSender);
        IRealTokenizado paid = IRealTokenizado(tokenReceiver);
        if (receiver == address(0) || !paid.verifyAccount(receiver)) revert ReceiveAccountNotAllowed();
        address caller = _msgSender();
        address spender = sender == caller ? address(this) : caller;
        if (paying.allowance(sender, spender) < amount) revert InsufficientAllowance();
        address senderReserve = _reserveOf(paying);
        address receiverReserve = _reserveOf(paid);
        if (spender == address(this)) {
            paying.burnFrom(sender, amount);
        } else {
            ISpenderBurn(tokenSender).burnFromSpender(sender, spender, amount);
        }
        _safeTransferFrom(CBDC, senderReserve, receiverReserve, amount);
        paid.mint(receiver, amount);
        emit SwapExecuted(paying.cnpj8(), paid.cnpj8(), sender, receiver, amount);
    }
}
