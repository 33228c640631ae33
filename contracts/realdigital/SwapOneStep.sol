// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RealTokenizadoSwapBase} from "./RealTokenizadoSwapBase.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealTokenizado} from "./interfaces/IRealTokenizado.sol";
import {ISwapOneStep} from "./interfaces/ISwapOneStep.sol";

/// @title SwapOneStep
/// @notice Transfer of Real Tokenizado between customers of two institutions in one atomic transaction sent
/// by the payer: burns the payer's Real Tokenizado, transfers Real Digital from the paying institution's
/// reserve to the receiving institution's reserve, mints Real Tokenizado to the receiver.
/// @dev ABI-compatible with the pilot's `SwapOneStep`. Premises, as in the pilot: the payer approved this
/// contract on its Real Tokenizado, and the paying institution's reserve approved it on Real Digital. Needs
/// BURNER_ROLE and MINTER_ROLE on every approved Real Tokenizado.
contract SwapOneStep is RealTokenizadoSwapBase, ISwapOneStep {
    /// @param _admin Administers the roles.
    /// @param _authority Approves Real Tokenizado contracts.
    /// @param _CBDC The Real Digital token.
    constructor(address _admin, address _authority, IRealDigital _CBDC)
        RealTokenizadoSwapBase(_admin, _authority, _CBDC)
    {}

    /// @inheritdoc ISwapOneStep
    /// @dev Tightening (docs/security.md): the pilot pays from and to whatever `reserve()` each token names;
    /// here both reserves must be Real Digital wallets bound to their token's CNPJ8, checked at each swap
    /// ({ReserveNotOwnedByParticipant}).
    function executeSwap(IRealTokenizado tokenSender, IRealTokenizado tokenReceiver, address receiver, uint256 amount)
        external
        nonReentrant
    {
        (address senderReserve, address receiverReserve) = _checkSwap(tokenSender, tokenReceiver, receiver, amount);
        address sender = _msgSender();
        tokenSender.burnFrom(sender, amount);
        _safeTransferFrom(CBDC, senderReserve, receiverReserve, amount);
        tokenReceiver.mint(receiver, amount);
        emit SwapExecuted(tokenSender.cnpj8(), tokenReceiver.cnpj8(), sender, receiver, amount);
    }
}
