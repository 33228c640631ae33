// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {ApprovedDigitalCurrency} from "./ApprovedDigitalCurrency.sol";
import {IParticipantWallets} from "./interfaces/IParticipantWallets.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealTokenizado} from "./interfaces/IRealTokenizado.sol";
import {ISwap} from "./interfaces/ISwap.sol";

/// @title RealTokenizadoSwapBase
/// @notice Common part of the Real Tokenizado swaps: the Real Digital reference, the list of approved Real
/// Tokenizado contracts (inherited from {ApprovedDigitalCurrency}) and the validation of a swap request.
/// @dev A swap burns the payer's Real Tokenizado, moves Real Digital from the paying institution's reserve to
/// the receiving institution's reserve and mints Real Tokenizado to the receiver: money is neither created
/// nor lost. Approved tokens are trusted; calls are nonReentrant anyway.
abstract contract RealTokenizadoSwapBase is ApprovedDigitalCurrency, ReentrancyGuard, ISwap {
    /// @notice The Real Digital token moved between the institutions' reserves.
    IRealDigital public immutable CBDC;

    /// @param _admin Administers the roles.
    /// @param _authority Approves Real Tokenizado contracts.
    /// @param _CBDC The Real Digital token.
    constructor(address _admin, address _authority, IRealDigital _CBDC) ApprovedDigitalCurrency(_authority, _admin) {
        CBDC = _CBDC;
    }

    /// @dev Validates a swap request and returns both institutions' reserve wallets.
    function _checkSwap(IRealTokenizado tokenSender, IRealTokenizado tokenReceiver, address receiver, uint256 amount)
        internal
        view
        returns (address senderReserve, address receiverReserve)
    {
        if (amount == 0) revert ZeroAmount();
        if (receiver == address(0)) revert InvalidReceiver();
        if (address(tokenSender) == address(tokenReceiver)) revert SameRealTokenizado(address(tokenSender));
        _checkApproved(tokenSender);
        _checkApproved(tokenReceiver);
        if (!tokenReceiver.verifyAccount(receiver)) revert ReceiverNotEnabled(address(tokenReceiver), receiver);
        senderReserve = _reserveOf(tokenSender);
        receiverReserve = _reserveOf(tokenReceiver);
    }

    /// @dev Reverts unless `token` is approved in this contract.
    function _checkApproved(IRealTokenizado token) internal view {
        if (!approvedDigitalCurrency[address(token)]) revert DigitalCurrencyNotApproved(address(token));
    }

    /// @dev The reserve wallet of `token`'s institution, or revert {ReserveNotSet}; reverts
    /// {ReserveNotOwnedByParticipant} unless it is a Real Digital wallet bound to the token's CNPJ8.
    function _reserveOf(IRealTokenizado token) internal view returns (address reserveWallet) {
        reserveWallet = token.reserve();
        if (reserveWallet == address(0)) revert ReserveNotSet(address(token));
        _checkReserveOwner(token, reserveWallet);
    }

    /// @dev Reverts {ReserveNotOwnedByParticipant} unless `reserveWallet` is bound to `token`'s CNPJ8 on Real
    /// Digital (the check every payment from or to a reserve makes at use time, whatever the token says).
    function _checkReserveOwner(IRealTokenizado token, address reserveWallet) internal view {
        if (IParticipantWallets(address(CBDC)).participantOf(reserveWallet) != token.cnpj8()) {
            revert ReserveNotOwnedByParticipant(address(token), reserveWallet);
        }
    }

    /// @dev `token.transferFrom(from, to, amount)`, reverting {TransferFailed} if it returns false.
    function _safeTransferFrom(IRealDigital token, address from, address to, uint256 amount) internal {
        if (!token.transferFrom(from, to, amount)) revert TransferFailed(address(token));
    }

    /// @dev `token.transfer(to, amount)`, reverting {TransferFailed} if it returns false.
    function _safeTransfer(IRealDigital token, address to, uint256 amount) internal {
        if (!token.transfer(to, amount)) revert TransferFailed(address(token));
    }
}
