// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {ITPFtTwoStepOperation} from "./ITPFtTwoStepOperation.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";

/// @title ITPFtTwoStepRepoOperation
/// @notice Events and errors of repurchase agreements (compromissadas) settled by double command: the
/// forward leg delivers bonds against payment and records the commitment to return them on the return
/// date at the return unit price (fixed, intraday or open).
/// @dev The events are ABI-compatible with the pilot's `ITPFtTwoStepRepoOperation`.
interface ITPFtTwoStepRepoOperation is ITPFtTwoStepOperation {
    /// @notice The return date is before today (Brasília date) or not before the bond's maturity date.
    /// @param returnDate The return date given.
    error InvalidReturnDate(uint256 returnDate);

    /// @notice The return unit price of a closed-price repo is zero.
    error InvalidReturnUnitPrice();

    /// @notice Repos between two customers are not allowed.
    error RepoBetweenCustomersNotAllowed();

    /// @notice The repo is not active (never settled, already returned or in default).
    /// @param operationId The repo.
    error RepoNotActive(uint256 operationId);

    /// @notice The return date has not passed yet, so the repo cannot be declared in default.
    /// @param operationId The repo.
    /// @param returnDate Its return date.
    error ReturnDateNotExpired(uint256 operationId, uint256 returnDate);

    /// @notice Emitted on each command of a repo between participants identified by CNPJ8.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller (who repurchases at return).
    /// @param cnpj8Receiver CNPJ8 of the buyer (who resells at return).
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param financialValue Forward value in reais (2 decimals, truncated).
    /// @param returnUnitPrice Return unit price (8 decimals); 0 when open.
    /// @param returnFinancialValue Return value in reais; 0 when open.
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param returnDate Return date (Unix timestamp).
    /// @param timestamp Block timestamp.
    event RepoOperationTradeForwardCNPJ8Event(
        uint256 indexed operationId,
        uint256 indexed cnpj8Sender,
        uint256 indexed cnpj8Receiver,
        address sender,
        address receiver,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 financialValue,
        uint256 returnUnitPrice,
        uint256 returnFinancialValue,
        string status,
        uint256 returnDate,
        uint256 timestamp
    );

    /// @notice Emitted on each command of a repo between participants identified by wallet.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param financialValue Forward value in reais (2 decimals, truncated).
    /// @param returnUnitPrice Return unit price (8 decimals); 0 when open.
    /// @param returnFinancialValue Return value in reais; 0 when open.
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param returnDate Return date (Unix timestamp).
    /// @param timestamp Block timestamp.
    event RepoOperationTradeForwardEvent(
        uint256 indexed operationId,
        address indexed sender,
        address indexed receiver,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 financialValue,
        uint256 returnUnitPrice,
        uint256 returnFinancialValue,
        string status,
        uint256 returnDate,
        uint256 timestamp
    );

    /// @notice Emitted on each command of a repo between a participant and a customer.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param senderToken Seller's Real Tokenizado.
    /// @param receiver Buyer's wallet.
    /// @param receiverToken Buyer's Real Tokenizado.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param financialValue Forward value in reais (2 decimals, truncated).
    /// @param returnUnitPrice Return unit price (8 decimals); 0 when open.
    /// @param returnFinancialValue Return value in reais; 0 when open.
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param returnDate Return date (Unix timestamp).
    /// @param timestamp Block timestamp.
    event RepoOperationTradeForwardParticipantClientEvent(
        uint256 indexed operationId,
        address indexed sender,
        IRealTokenizado senderToken,
        address indexed receiver,
        IRealTokenizado receiverToken,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 financialValue,
        uint256 returnUnitPrice,
        uint256 returnFinancialValue,
        string status,
        uint256 returnDate,
        uint256 timestamp
    );

    /// @notice Emitted when a pending repo is cancelled.
    /// @param operationId The repo.
    /// @param status "CAN".
    /// @param reason The reason given by the initiator.
    /// @param timestamp Block timestamp.
    event RepoOperationCancelEvent(uint256 indexed operationId, string indexed status, string reason, uint256 timestamp);

    /// @notice Emitted when a repo whose return was not settled by the return date is declared in default.
    /// @param operationId The repo.
    /// @param reason The reason.
    /// @param timestamp Block timestamp.
    event RepoOperationDefaultEvent(uint256 indexed operationId, string reason, uint256 timestamp);
}
