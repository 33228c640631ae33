// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {ITPFtOperationPausable} from "./ITPFtOperationPausable.sol";
import {CallerPart, ITPFtTwoStepOperation} from "./ITPFtTwoStepOperation.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";

/// @title ITPFtOperation1052
/// @notice Outright purchase and sale of TPFt (Selic operation 1052) between participants and/or customers,
/// settled by delivery versus payment in Real Digital (participants) or Real Tokenizado (customers), and
/// the central bank's sale and purchase auctions (operations 1005 and 1006) through the overload with a
/// notice number.
/// @dev ABI-compatible with the pilot's `ITPFtOperation1052`.
interface ITPFtOperation1052 is ITPFtTwoStepOperation, ITPFtOperationPausable {
    /// @notice An auction trade must have BCB as seller (1005) or BCB/STN as buyer (1006).
    /// @param cnpj8Sender The seller CNPJ8 given.
    /// @param cnpj8Receiver The buyer CNPJ8 given.
    error NotAnAuctionOperation(uint256 cnpj8Sender, uint256 cnpj8Receiver);

    /// @notice Emitted on each command of a central bank auction (1005 sale, 1006 purchase).
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller.
    /// @param sender Seller's wallet.
    /// @param cnpj8Receiver CNPJ8 of the buyer.
    /// @param receiver Buyer's wallet.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    /// @param financialValue Quantity × unit price in reais (2 decimals, truncated).
    /// @param status "LAN" when registered, "LIQ" when settled.
    /// @param timestamp Block timestamp.
    /// @param noticeNumber Number of the auction notice (comunicado).
    event AuctionOperationEvent(
        uint256 indexed operationId,
        uint256 indexed cnpj8Sender,
        address sender,
        uint256 indexed cnpj8Receiver,
        address receiver,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 financialValue,
        string status,
        uint256 timestamp,
        string noticeNumber
    );

    /// @notice Trade between participants identified by CNPJ8 (their default wallets).
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller.
    /// @param cnpj8Receiver CNPJ8 of the buyer.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    function trade(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external;

    /// @notice Trade between participants identified by wallet.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param receiver Buyer's wallet.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    function trade(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external;

    /// @notice Trade between participants and/or customers identified by wallet and Real Tokenizado.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param sender Seller's wallet.
    /// @param senderToken Seller's Real Tokenizado (its institution's, for a participant its own).
    /// @param receiver Buyer's wallet.
    /// @param receiverToken Buyer's Real Tokenizado.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
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
    ) external;

    /// @notice Central bank auction trade (1005 sale by BCB, 1006 purchase by BCB or STN) by CNPJ8.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller.
    /// @param cnpj8Receiver CNPJ8 of the buyer.
    /// @param callerPart Part sending this command.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    /// @param noticeNumber Number of the auction notice.
    function trade(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        string calldata noticeNumber
    ) external;

    /// @notice Cancels a pending operation. Only the party that sent the first command.
    /// @param operationId The operation.
    /// @param reason Reason of the cancellation.
    function cancel(uint256 operationId, string calldata reason) external;
}
