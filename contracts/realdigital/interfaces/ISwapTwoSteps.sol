// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IRealTokenizado} from "./IRealTokenizado.sol";
import {ISwap} from "./ISwap.sol";

/// @title ISwapTwoSteps
/// @notice Interface of the two-step Real Tokenizado swaps (`SwapTwoSteps`, `SwapTwoStepsReserve`): the payer
/// proposes, the receiver accepts within the expiration time, or either cancels.
/// @dev ABI-compatible with the pilot's `SwapTwoSteps` and `SwapTwoStepsReserve`.
interface ISwapTwoSteps is ISwap {
    /// @notice Situation of a swap proposal.
    enum SwapStatus {
        PENDING,
        EXECUTED,
        CANCELLED
    }

    /// @notice No proposal has this id.
    /// @param proposalId The id.
    error SwapNotFound(uint256 proposalId);

    /// @notice The proposal was already executed.
    /// @param proposalId The id.
    error SwapAlreadyExecuted(uint256 proposalId);

    /// @notice The proposal was already cancelled (or closed after expiring).
    /// @param proposalId The id.
    error SwapAlreadyCancelled(uint256 proposalId);

    /// @notice The proposal expired and can no longer be executed (cancel it to release the funds).
    /// @param proposalId The id.
    /// @param expiredAt Timestamp after which it is expired.
    error SwapExpired(uint256 proposalId, uint256 expiredAt);

    /// @notice Only the receiving customer may execute the proposal.
    /// @param proposalId The id.
    /// @param caller The caller.
    error NotSwapReceiver(uint256 proposalId, address caller);

    /// @notice Only the payer or the receiver may cancel a proposal that has not expired.
    /// @param proposalId The id.
    /// @param caller The caller.
    error NotSwapParty(uint256 proposalId, address caller);

    /// @notice A wallet's balance not frozen cannot cover the proposal.
    /// @param token The token.
    /// @param account The wallet.
    /// @param available Its balance minus its frozen balance.
    /// @param needed The amount.
    error InsufficientAvailableBalance(address token, address account, uint256 available, uint256 needed);

    /// @notice Emitted when a proposal is created.
    /// @param proposalId The id.
    /// @param senderNumber CNPJ8 of the paying institution.
    /// @param receiverNumber CNPJ8 of the receiving institution.
    /// @param sender The paying customer.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    event SwapStarted(
        uint256 indexed proposalId,
        uint256 indexed senderNumber,
        uint256 indexed receiverNumber,
        address sender,
        address receiver,
        uint256 amount
    );

    /// @notice Emitted when a proposal is executed.
    /// @param proposalId The id.
    /// @param senderNumber CNPJ8 of the paying institution.
    /// @param receiverNumber CNPJ8 of the receiving institution.
    /// @param sender The paying customer.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    event SwapExecuted(
        uint256 indexed proposalId,
        uint256 indexed senderNumber,
        uint256 indexed receiverNumber,
        address sender,
        address receiver,
        uint256 amount
    );

    /// @notice Emitted when a proposal is cancelled before expiring.
    /// @param proposalId The id.
    /// @param reason The reason given.
    event SwapCancelled(uint256 indexed proposalId, string reason);

    /// @notice Emitted when an expired proposal is closed and its funds released.
    /// @param proposalId The id.
    event ExpiredProposal(uint256 indexed proposalId);

    /// @notice Seconds after `startSwap` during which the receiver may execute (1 minute).
    /// @return The expiration time in seconds.
    function EXPIRATION_TIME() external view returns (uint256);

    /// @notice Proposes paying `amount` from the caller to `receiver`, securing the funds.
    /// @param tokenSender The paying institution's Real Tokenizado.
    /// @param tokenReceiver The receiving institution's Real Tokenizado.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    function startSwap(IRealTokenizado tokenSender, IRealTokenizado tokenReceiver, address receiver, uint256 amount)
        external;

    /// @notice Accepts proposal `proposalId`, settling it atomically. Only the receiver, before expiry.
    /// @param proposalId The id.
    function executeSwap(uint256 proposalId) external;

    /// @notice Cancels proposal `proposalId`, releasing the funds. The payer or the receiver, or anyone once
    /// the proposal has expired.
    /// @param proposalId The id.
    /// @param reason The reason.
    function cancelSwap(uint256 proposalId, string calldata reason) external;
}
