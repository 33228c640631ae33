// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {ITPFtTwoStepOperation} from "./ITPFtTwoStepOperation.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";

/// @title ITPFtTwoStepReverseRepoOperation
/// @notice Events and errors of the return leg of a repo (recompra/revenda) settled by double command: on
/// the return date the buyer gives the bonds back and the seller pays the return value.
/// @dev The events are ABI-compatible with the pilot's `ITPFtTwoStepReverseRepoOperation`.
interface ITPFtTwoStepReverseRepoOperation is ITPFtTwoStepOperation {
    /// @notice The caller is neither the seller nor the buyer of the original repo.
    /// @param originalOperationId The repo.
    /// @param caller The caller.
    error NotARepoParty(uint256 originalOperationId, address caller);

    /// @notice Today (Brasília date) is not the repo's return date.
    /// @param originalOperationId The repo.
    /// @param returnDate Its return date.
    error NotReturnDate(uint256 originalOperationId, uint256 returnDate);

    /// @notice tradeReverseRepo was used for an open-price repo, or tradeReverseRepoOpenReturnPrice for a
    /// closed-price one.
    /// @param originalOperationId The repo.
    error WrongReturnPriceMode(uint256 originalOperationId);

    /// @notice Emitted on each return command of a repo between participants identified by CNPJ8.
    /// @param originalOperationId The repo.
    /// @param returnOperationId The return operation.
    /// @param cnpj8Sender CNPJ8 of the repo's seller (who repurchases).
    /// @param cnpj8Receiver CNPJ8 of the repo's buyer (who resells).
    /// @param sender Repo seller's wallet.
    /// @param receiver Repo buyer's wallet.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param returnUnitPrice Return unit price (8 decimals).
    /// @param returnFinancialValue Return value in reais (2 decimals, truncated).
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param returnDate Return date of the repo.
    /// @param timestamp Block timestamp.
    event ReverseRepoOperationTradeReturnCNPJ8Event(
        uint256 indexed originalOperationId,
        uint256 indexed returnOperationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        address sender,
        address receiver,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 returnUnitPrice,
        uint256 returnFinancialValue,
        string status,
        uint256 returnDate,
        uint256 timestamp
    );

    /// @notice Emitted on each return command of a repo between participants identified by wallet.
    /// @param originalOperationId The repo.
    /// @param returnOperationId The return operation.
    /// @param sender Repo seller's wallet.
    /// @param receiver Repo buyer's wallet.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param returnUnitPrice Return unit price (8 decimals).
    /// @param returnFinancialValue Return value in reais (2 decimals, truncated).
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param returnDate Return date of the repo.
    /// @param timestamp Block timestamp.
    event ReverseRepoOperationTradeReturnEvent(
        uint256 indexed originalOperationId,
        uint256 indexed returnOperationId,
        address sender,
        address receiver,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 returnUnitPrice,
        uint256 returnFinancialValue,
        string status,
        uint256 returnDate,
        uint256 timestamp
    );

    /// @notice Emitted on each return command of a repo between a participant and a customer.
    /// @param originalOperationId The repo.
    /// @param returnOperationId The return operation.
    /// @param sender Repo seller's wallet.
    /// @param senderToken Repo seller's Real Tokenizado.
    /// @param receiver Repo buyer's wallet.
    /// @param receiverToken Repo buyer's Real Tokenizado.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param returnUnitPrice Return unit price (8 decimals).
    /// @param returnFinancialValue Return value in reais (2 decimals, truncated).
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param returnDate Return date of the repo.
    /// @param timestamp Block timestamp.
    event ReverseRepoOperationTradeReturnParticipantClientEvent(
        uint256 indexed originalOperationId,
        uint256 indexed returnOperationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 returnUnitPrice,
        uint256 returnFinancialValue,
        string status,
        uint256 returnDate,
        uint256 timestamp
    );

    /// @notice Emitted when a pending return operation is cancelled.
    /// @param operationId The return operation.
    /// @param status "CAN".
    /// @param reason The reason given by the initiator.
    /// @param timestamp Block timestamp.
    event ReverseRepoOperationCancelEvent(uint256 operationId, string status, string reason, uint256 timestamp);
}
