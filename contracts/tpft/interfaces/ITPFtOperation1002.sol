// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {ITPFtOperationPausable} from "./ITPFtOperationPausable.sol";
import {CallerPart} from "./ITPFtTwoStepOperation.sol";

/// @title ITPFtOperation1002
/// @notice Public-offering settlement (Selic operation 1002): integer quantities of TPFt delivered from the
/// Treasury's (STN) default wallet to a participant's default wallet against Real Digital, by double
/// command. Only a holder of AUCTION_PLACEMENT_ROLE (BCB, on behalf of STN) sends the seller's command.
/// @dev ABI-compatible with the pilot's `ITPFtOperation1002`.
interface ITPFtOperation1002 is ITPFtOperationPausable {
    /// @notice The seller CNPJ8 of a public offering must be the Treasury's.
    /// @param cnpj8Sender The CNPJ8 given.
    error SenderMustBeTreasury(uint256 cnpj8Sender);

    /// @notice Registers or matches a public-offering settlement.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param cnpj8Sender CNPJ8 of the seller: always the Treasury (STN).
    /// @param cnpj8Receiver CNPJ8 of the buyer (participant).
    /// @param callerPart TPFtSender for the Treasury's command (sent by BCB), TPFtReceiver for the buyer's.
    /// @param tpftData The bond series.
    /// @param tpftAmount Quantity with 2 decimals; must be an integer number of bonds.
    /// @param unitPrice Unit price with 8 decimals.
    function auctionPlacement(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external;

    /// @notice Cancels a pending operation. Only the party that sent the first command.
    /// @param operationId The operation.
    /// @param reason Reason of the cancellation.
    function cancel(uint256 operationId, string calldata reason) external;
}
