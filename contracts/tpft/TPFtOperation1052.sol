// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtOperation1052} from "./interfaces/ITPFtOperation1052.sol";
import {CallerPart} from "./interfaces/ITPFtTwoStepOperation.sol";
import {IRealTokenizado} from "../realdigital/interfaces/IRealTokenizado.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtTwoStepOperationBase} from "./TPFtTwoStepOperationBase.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtStatus} from "./libraries/TPFtStatus.sol";

/// @title TPFtOperation1052
/// @notice Outright purchase and sale of TPFt (compra e venda definitiva, Selic operation 1052) by double
/// command, settled by delivery versus payment through TPFtDvP:
/// - between participants by CNPJ8 (default wallets) or by wallet, paid in Real Digital;
/// - between participants and/or customers by wallet and Real Tokenizado, customers paying and being paid
///   in their institution's Real Tokenizado;
/// - the central bank's auctions by CNPJ8 with a notice number: sale auction (1005, BCB sells) and purchase
///   auction (1006, BCB or STN buys).
/// Each part's command must come from that part's wallet (the default wallet for CNPJ8 variants); the
/// terms of both commands must be identical, variant included; for CNPJ8 variants, the default wallets
/// resolved at each command are part of the terms.
/// @dev Tightening (docs/security.md): in the CNPJ8 variants the pilot resolves the parties' default
/// wallets when the counterpart's command arrives, so a default-wallet change between the commands changed
/// who delivers and pays; here the wallets resolved at each command are part of the terms, and such a
/// change makes the commands mismatch (`OperationMismatch`). Pending commands are kept per operation id
/// and parties (see TPFtTwoStepOperationBase).
/// ABI-compatible with the pilot's `ITPFtOperation1052`. Needs OPERATION_ROLE on TPFtDvP and
/// TPFtOperationId.
contract TPFtOperation1052 is TPFtTwoStepOperationBase, ITPFtOperation1052 {
    uint8 private constant KIND_CNPJ8 = 1;
    uint8 private constant KIND_WALLET = 2;
    uint8 private constant KIND_CLIENT = 3;
    uint8 private constant KIND_AUCTION = 4;

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE.
    constructor(AddressDiscovery discovery_, address admin) TPFtTwoStepOperationBase(discovery_, admin) {}

    /// @inheritdoc ITPFtOperation1052
    function trade(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external nonReentrant {
        Terms memory t = _cnpj8Terms(operationId, cnpj8Sender, cnpj8Receiver, tpftData, tpftAmount, unitPrice);
        bool settled = _process(t, callerPart, _hashTerms(KIND_CNPJ8, t, bytes32(0)), false);
        _emitOperation(t, tpftData, settled);
    }

    /// @inheritdoc ITPFtOperation1052
    function trade(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external nonReentrant {
        Terms memory t = _newTerms(operationId, tpftData, tpftAmount, unitPrice);
        t.sender = sender;
        t.receiver = receiver;
        bool settled = _process(t, callerPart, _hashTerms(KIND_WALLET, t, bytes32(0)), false);
        emit OperationTradeEvent(
            operationId,
            sender,
            receiver,
            tpftData,
            tpftAmount,
            unitPrice,
            t.financialValue,
            _status(settled),
            block.timestamp
        );
    }

    /// @inheritdoc ITPFtOperation1052
    function trade(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external nonReentrant {
        Terms memory t = _newTerms(operationId, tpftData, tpftAmount, unitPrice);
        t.sender = sender;
        t.senderToken = address(senderToken);
        t.receiver = receiver;
        t.receiverToken = address(receiverToken);
        bool settled = _process(t, callerPart, _hashTerms(KIND_CLIENT, t, bytes32(0)), true);
        _emitClientTrade(t, tpftData, settled);
    }

    /// @inheritdoc ITPFtOperation1052
    function trade(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        string calldata noticeNumber
    ) external nonReentrant {
        bool sale = cnpj8Sender == TPFtRegistryNames.BCB_CNPJ8;
        bool purchase =
            cnpj8Receiver == TPFtRegistryNames.BCB_CNPJ8 || cnpj8Receiver == TPFtRegistryNames.STN_CNPJ8;
        if (!sale && !purchase) revert NotAnAuctionOperation(cnpj8Sender, cnpj8Receiver);
        Terms memory t = _cnpj8Terms(operationId, cnpj8Sender, cnpj8Receiver, tpftData, tpftAmount, unitPrice);
        bool settled =
            _process(t, callerPart, _hashTerms(KIND_AUCTION, t, keccak256(bytes(noticeNumber))), false);
        _emitAuction(t, tpftData, settled, noticeNumber);
    }

    /// @inheritdoc ITPFtOperation1052
    function cancel(uint256 operationId, string calldata reason) external {
        _cancel(operationId);
        emit OperationCancelEvent(operationId, TPFtStatus.CANCELLED, reason, block.timestamp);
    }

    /// @dev Terms of a CNPJ8 variant, the wallets resolved from the default accounts now (they are part of
    /// the terms hash).
    function _cnpj8Terms(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) private view returns (Terms memory t) {
        t = _newTerms(operationId, tpftData, tpftAmount, unitPrice);
        t.cnpj8Sender = cnpj8Sender;
        t.cnpj8Receiver = cnpj8Receiver;
        t.sender = _defaultAccount(cnpj8Sender);
        t.receiver = _defaultAccount(cnpj8Receiver);
    }

    function _emitOperation(Terms memory t, ITPFt.TPFtData calldata tpftData, bool settled) private {
        emit OperationEvent(
            t.operationId,
            t.cnpj8Sender,
            t.cnpj8Receiver,
            t.sender,
            t.receiver,
            tpftData,
            t.tpftAmount,
            t.unitPrice,
            t.financialValue,
            _status(settled),
            block.timestamp
        );
    }

    function _emitClientTrade(Terms memory t, ITPFt.TPFtData calldata tpftData, bool settled) private {
        emit OperationClientTradeEvent(
            t.operationId,
            t.sender,
            IRealTokenizado(t.senderToken),
            t.receiver,
            IRealTokenizado(t.receiverToken),
            tpftData,
            t.tpftAmount,
            t.unitPrice,
            t.financialValue,
            _status(settled),
            block.timestamp
        );
    }

    function _emitAuction(Terms memory t, ITPFt.TPFtData calldata tpftData, bool settled, string calldata notice)
        private
    {
        emit AuctionOperationEvent(
            t.operationId,
            t.cnpj8Sender,
            t.sender,
            t.cnpj8Receiver,
            t.receiver,
            tpftData,
            t.tpftAmount,
            t.unitPrice,
            t.financialValue,
            _status(settled),
            block.timestamp,
            notice
        );
    }
}
