// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";

/// @notice Party transmitting a command of a double-command operation: the bond seller (cedente) or the
/// bond buyer (cessionário).
enum CallerPart {
    TPFtSender,
    TPFtReceiver
}

/// @title ITPFtTwoStepOperation
/// @notice Events and errors shared by the TPFt operations settled by double command (1002, 1052, 1054,
/// 1056): the first command registers the operation (status "LAN"), the counterpart's command with
/// identical terms settles it by delivery versus payment (status "LIQ"), and only the initiator may cancel
/// it while pending (status "CAN").
/// @dev The events are ABI-compatible with the pilot's `ITPFtTwoStepOperation`.
interface ITPFtTwoStepOperation {
    /// @notice The counterpart's command does not carry the same terms as the registered one.
    /// @param operationId The operation.
    error OperationMismatch(uint256 operationId);

    /// @notice This part already sent its command for the operation.
    /// @param operationId The operation.
    /// @param callerPart The part that sent it.
    error CommandAlreadySent(uint256 operationId, CallerPart callerPart);

    /// @notice The operation was already settled; an operation id settles at most once.
    /// @param operationId The operation.
    error OperationAlreadySettled(uint256 operationId);

    /// @notice The operation was cancelled; its id cannot be used again.
    /// @param operationId The operation.
    error OperationAlreadyCancelled(uint256 operationId);

    /// @notice No operation was registered under this id.
    /// @param operationId The operation.
    error OperationNotFound(uint256 operationId);

    /// @notice Only the party that sent the first command may cancel the operation.
    /// @param operationId The operation.
    /// @param caller The caller.
    error OnlyInitiatorCanCancel(uint256 operationId, address caller);

    /// @notice The caller is not the wallet entitled to send this part's command.
    /// @param caller The caller.
    /// @param callerPart The part claimed.
    error UnauthorizedCaller(address caller, CallerPart callerPart);

    /// @notice The quantity is zero, or not an integer number of bonds where the operation requires it.
    /// @param tpftAmount The quantity (2 decimals).
    error InvalidTPFtAmount(uint256 tpftAmount);

    /// @notice The unit price is zero.
    error InvalidUnitPrice();

    /// @notice Quantity × unit price truncates to zero reais.
    error ZeroFinancialValue();

    /// @notice Seller and buyer are the same wallet.
    /// @param wallet The wallet.
    error SameSenderAndReceiver(address wallet);

    /// @notice No default wallet is registered for the CNPJ8 in RealDigitalDefaultAccount.
    /// @param cnpj8 The CNPJ8.
    error DefaultAccountNotFound(uint256 cnpj8);

    /// @notice The bond series does not exist.
    /// @param tpftId 0 when looked up by data.
    error OperationTPFtNotFound(uint256 tpftId);

    /// @notice The bond series has matured (trading ends at the maturity date).
    /// @param tpftId The series.
    /// @param maturityDate Its maturity date.
    error OperationTPFtMatured(uint256 tpftId, uint256 maturityDate);

    /// @notice The bond series is paused for operations.
    /// @param tpftId The series.
    error OperationTPFtPaused(uint256 tpftId);

    /// @notice Emitted on each command of an operation identified by CNPJ8s.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller.
    /// @param cnpj8Receiver CNPJ8 of the buyer.
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    /// @param financialValue Quantity × unit price in reais (2 decimals, truncated).
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param timestamp Block timestamp.
    event OperationEvent(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        address sender,
        address receiver,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 financialValue,
        string status,
        uint256 timestamp
    );

    /// @notice Emitted on each command of an operation between participants identified by wallet.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    /// @param financialValue Quantity × unit price in reais (2 decimals, truncated).
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param timestamp Block timestamp.
    event OperationTradeEvent(
        uint256 operationId,
        address sender,
        address receiver,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 financialValue,
        string status,
        uint256 timestamp
    );

    /// @notice Emitted on each command of an operation involving customers (wallets and Real Tokenizados).
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param senderToken Seller's Real Tokenizado.
    /// @param receiver Buyer's wallet.
    /// @param receiverToken Buyer's Real Tokenizado.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    /// @param financialValue Quantity × unit price in reais (2 decimals, truncated).
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param timestamp Block timestamp.
    event OperationClientTradeEvent(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 financialValue,
        string status,
        uint256 timestamp
    );

    /// @notice Emitted when a pending operation is cancelled.
    /// @param operationId The operation.
    /// @param status "CAN".
    /// @param reason The reason given by the initiator.
    /// @param timestamp Block timestamp.
    event OperationCancelEvent(uint256 operationId, string status, string reason, uint256 timestamp);
}
