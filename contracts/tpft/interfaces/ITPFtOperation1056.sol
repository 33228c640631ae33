// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFtOperationPausable} from "./ITPFtOperationPausable.sol";
import {ITPFtTwoStepReverseRepoOperation} from "./ITPFtTwoStepReverseRepoOperation.sol";

/// @title ITPFtOperation1056
/// @notice Return leg of a repo (recompra/revenda, Selic operation 1056): on the repo's return date both
/// parties send the same command; the bonds go back to the repo's seller against the return value.
/// @dev ABI-compatible with the pilot's `ITPFtOperation1056`.
interface ITPFtOperation1056 is ITPFtTwoStepReverseRepoOperation, ITPFtOperationPausable {
    /// @notice Return of a repo with a fixed (or intraday) return unit price. Both parties call it.
    /// @param originalOperationId The settled repo.
    /// @param returnOperationId Number of the return operation + date (yyyyMMdd).
    function tradeReverseRepo(uint256 originalOperationId, uint256 returnOperationId) external;

    /// @notice Return of a repo with an open return unit price; both parties must give the same price.
    /// @param originalOperationId The settled repo.
    /// @param returnOperationId Number of the return operation + date (yyyyMMdd).
    /// @param returnUnitPrice Return unit price (8 decimals).
    function tradeReverseRepoOpenReturnPrice(
        uint256 originalOperationId,
        uint256 returnOperationId,
        uint256 returnUnitPrice
    ) external;

    /// @notice Cancels a pending return operation. Only the party that sent the first command.
    /// @param returnOperationId The return operation.
    /// @param reason Reason of the cancellation.
    function cancel(uint256 returnOperationId, string calldata reason) external;
}
