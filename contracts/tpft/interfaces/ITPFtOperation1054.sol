// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {ITPFtOperationPausable} from "./ITPFtOperationPausable.sol";
import {CallerPart} from "./ITPFtTwoStepOperation.sol";
import {ITPFtTwoStepRepoOperation} from "./ITPFtTwoStepRepoOperation.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";

/// @title ITPFtOperation1054
/// @notice Repurchase agreements (compras e vendas compromissadas, Selic operation 1054) between
/// participants and between a participant and a customer (never between two customers): the forward leg
/// is settled by delivery versus payment, and the return leg is settled later by TPFtOperation1056. Three
/// modes: fixed return price (`tradeRepo`), intraday (`tradeRepoIntraday`, returned the same day at the
/// same price) and open return price (`tradeRepoOpenReturnPrice`, price agreed at return).
/// @dev ABI-compatible with the pilot's `ITPFtOperation1054`.
interface ITPFtOperation1054 is ITPFtTwoStepRepoOperation, ITPFtOperationPausable {
    /// @notice Repo with a fixed return unit price between participants identified by CNPJ8 (their default wallets).
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller (who repurchases at return).
    /// @param cnpj8Receiver CNPJ8 of the buyer (who resells at return).
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param returnUnitPrice Return unit price (8 decimals).
    /// @param returnDate Return date (Unix timestamp), from today until before the maturity date.
    function tradeRepo(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnUnitPrice,
        uint256 returnDate
    ) external;

    /// @notice Repo with a fixed return unit price between participants identified by wallet.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param returnUnitPrice Return unit price (8 decimals).
    /// @param returnDate Return date (Unix timestamp), from today until before the maturity date.
    function tradeRepo(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnUnitPrice,
        uint256 returnDate
    ) external;

    /// @notice Repo with a fixed return unit price between a participant and a customer identified by wallet and Real Tokenizado.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param senderToken Seller's Real Tokenizado.
    /// @param receiver Buyer's wallet.
    /// @param receiverToken Buyer's Real Tokenizado.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param returnUnitPrice Return unit price (8 decimals).
    /// @param returnDate Return date (Unix timestamp), from today until before the maturity date.
    function tradeRepo(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnUnitPrice,
        uint256 returnDate
    ) external;

    /// @notice Intraday repo (returned today at the same unit price) between participants identified by CNPJ8 (their default wallets).
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller (who repurchases at return).
    /// @param cnpj8Receiver CNPJ8 of the buyer (who resells at return).
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    function tradeRepoIntraday(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external;

    /// @notice Intraday repo (returned today at the same unit price) between participants identified by wallet.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    function tradeRepoIntraday(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external;

    /// @notice Intraday repo (returned today at the same unit price) between a participant and a customer identified by wallet and Real Tokenizado.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param senderToken Seller's Real Tokenizado.
    /// @param receiver Buyer's wallet.
    /// @param receiverToken Buyer's Real Tokenizado.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    function tradeRepoIntraday(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external;

    /// @notice Repo with an open return unit price (agreed at return) between participants identified by CNPJ8 (their default wallets).
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller (who repurchases at return).
    /// @param cnpj8Receiver CNPJ8 of the buyer (who resells at return).
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param returnDate Return date (Unix timestamp), from today until before the maturity date.
    function tradeRepoOpenReturnPrice(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnDate
    ) external;

    /// @notice Repo with an open return unit price (agreed at return) between participants identified by wallet.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param returnDate Return date (Unix timestamp), from today until before the maturity date.
    function tradeRepoOpenReturnPrice(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnDate
    ) external;

    /// @notice Repo with an open return unit price (agreed at return) between a participant and a customer identified by wallet and Real Tokenizado.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param senderToken Seller's Real Tokenizado.
    /// @param receiver Buyer's wallet.
    /// @param receiverToken Buyer's Real Tokenizado.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param returnDate Return date (Unix timestamp), from today until before the maturity date.
    function tradeRepoOpenReturnPrice(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnDate
    ) external;

    /// @notice Declares in default a repo whose return was not settled by the end of its return date.
    /// Only DEFAULT_ADMIN_ROLE (BCB).
    /// @param operationId The repo.
    /// @param reason The reason.
    function setDefault(uint256 operationId, string calldata reason) external;

    /// @notice Cancels a pending repo. Only the party that sent the first command.
    /// @param operationId The repo.
    /// @param reason Reason of the cancellation.
    function cancel(uint256 operationId, string calldata reason) external;
}
