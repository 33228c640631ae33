// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RealTokenizadoSwapBase} from "./RealTokenizadoSwapBase.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealTokenizado} from "./interfaces/IRealTokenizado.sol";
import {ISwapTwoSteps} from "./interfaces/ISwapTwoSteps.sol";

/// @title SwapTwoStepsBase
/// @notice Proposal lifecycle of the two-step Real Tokenizado swaps: the payer starts a proposal (its funds
/// are secured), the receiver executes it within {EXPIRATION_TIME} seconds, or the payer or the receiver
/// cancels it (anyone may close an expired one). A proposal is executed or cancelled at most once.
/// @dev How funds are secured, settled and released is left to {_secure}, {_settle} and {_release}. The
/// paying institution's reserve is recorded at start so that funds are settled or released from the same
/// wallet they were secured in, even if the institution changes its reserve meanwhile.
abstract contract SwapTwoStepsBase is RealTokenizadoSwapBase, ISwapTwoSteps {
    /// @notice A swap proposal.
    /// @param tokenSender The paying institution's Real Tokenizado.
    /// @param tokenReceiver The receiving institution's Real Tokenizado.
    /// @param sender The paying customer.
    /// @param receiver The receiving customer.
    /// @param amount The amount.
    /// @param status The proposal's situation.
    /// @param timestamp Block timestamp of `startSwap`.
    /// @param senderReserve The paying institution's reserve when the proposal started.
    struct SwapProposal {
        IRealTokenizado tokenSender;
        IRealTokenizado tokenReceiver;
        address sender;
        address receiver;
        uint256 amount;
        SwapStatus status;
        uint256 timestamp;
        address senderReserve;
    }

    /// @inheritdoc ISwapTwoSteps
    uint256 public constant EXPIRATION_TIME = 60;

    /// @notice Swap proposals by id (ids start at 0).
    mapping(uint256 => SwapProposal) public swapProposals;

    /// @notice Number of proposals started, which is also the id of the next one.
    uint256 public proposalCount;

    /// @param _admin Administers the roles.
    /// @param _authority Approves Real Tokenizado contracts.
    /// @param _CBDC The Real Digital token.
    constructor(address _admin, address _authority, IRealDigital _CBDC)
        RealTokenizadoSwapBase(_admin, _authority, _CBDC)
    {}

    /// @inheritdoc ISwapTwoSteps
    /// @dev Tightening (docs/security.md): both reserves must be Real Digital wallets bound to their token's
    /// CNPJ8 ({ReserveNotOwnedByParticipant}).
    function startSwap(IRealTokenizado tokenSender, IRealTokenizado tokenReceiver, address receiver, uint256 amount)
        external
        nonReentrant
    {
        (address senderReserve,) = _checkSwap(tokenSender, tokenReceiver, receiver, amount);
        address sender = _msgSender();
        uint256 proposalId = proposalCount++;
        SwapProposal storage proposal = swapProposals[proposalId];
        proposal.tokenSender = tokenSender;
        proposal.tokenReceiver = tokenReceiver;
        proposal.sender = sender;
        proposal.receiver = receiver;
        proposal.amount = amount;
        proposal.status = SwapStatus.PENDING;
        proposal.timestamp = block.timestamp;
        proposal.senderReserve = senderReserve;
        _secure(proposal);
        emit SwapStarted(proposalId, tokenSender.cnpj8(), tokenReceiver.cnpj8(), sender, receiver, amount);
    }

    /// @inheritdoc ISwapTwoSteps
    /// @dev Tightening (docs/security.md): settlement re-checks the payer as well as the receiver: the paying
    /// customer must still be enabled on its Real Tokenizado and the recorded paying reserve still enabled on
    /// Real Digital ({SenderNotEnabled}) and bound to the paying token's CNPJ8, as the receiving reserve
    /// ({ReserveNotOwnedByParticipant}); a payer the central bank disabled meanwhile is not settled (the
    /// pilot's SwapTwoStepsReserve pays out of escrow without looking at the payer).
    function executeSwap(uint256 proposalId) external nonReentrant {
        SwapProposal storage proposal = _pending(proposalId);
        if (_msgSender() != proposal.receiver) revert NotSwapReceiver(proposalId, _msgSender());
        if (_expired(proposal)) revert SwapExpired(proposalId, proposal.timestamp + EXPIRATION_TIME);
        IRealTokenizado tokenSender = proposal.tokenSender;
        IRealTokenizado tokenReceiver = proposal.tokenReceiver;
        _checkApproved(tokenSender);
        _checkApproved(tokenReceiver);
        if (!tokenReceiver.verifyAccount(proposal.receiver)) {
            revert ReceiverNotEnabled(address(tokenReceiver), proposal.receiver);
        }
        if (!tokenSender.verifyAccount(proposal.sender)) {
            revert SenderNotEnabled(address(tokenSender), proposal.sender);
        }
        address senderReserve = proposal.senderReserve;
        if (!CBDC.verifyAccount(senderReserve)) revert SenderNotEnabled(address(CBDC), senderReserve);
        _checkReserveOwner(tokenSender, senderReserve);
        address receiverReserve = _reserveOf(tokenReceiver);
        proposal.status = SwapStatus.EXECUTED;
        _settle(proposal, receiverReserve);
        emit SwapExecuted(
            proposalId,
            tokenSender.cnpj8(),
            tokenReceiver.cnpj8(),
            proposal.sender,
            proposal.receiver,
            proposal.amount
        );
    }

    /// @inheritdoc ISwapTwoSteps
    function cancelSwap(uint256 proposalId, string calldata reason) external nonReentrant {
        SwapProposal storage proposal = _pending(proposalId);
        bool expired = _expired(proposal);
        address caller = _msgSender();
        if (!expired && caller != proposal.sender && caller != proposal.receiver) {
            revert NotSwapParty(proposalId, caller);
        }
        proposal.status = SwapStatus.CANCELLED;
        _release(proposal);
        if (expired) {
            emit ExpiredProposal(proposalId);
        } else {
            emit SwapCancelled(proposalId, reason);
        }
    }

    /// @dev Secures the proposal's funds at start.
    function _secure(SwapProposal storage proposal) internal virtual;

    /// @dev Settles a proposal being executed: burn, move Real Digital to `receiverReserve`, mint.
    function _settle(SwapProposal storage proposal, address receiverReserve) internal virtual;

    /// @dev Releases the funds of a proposal being cancelled.
    function _release(SwapProposal storage proposal) internal virtual;

    /// @dev The pending proposal `proposalId`, or revert with why it is not pending.
    function _pending(uint256 proposalId) internal view returns (SwapProposal storage proposal) {
        proposal = swapProposals[proposalId];
        if (proposal.sender == address(0)) revert SwapNotFound(proposalId);
        if (proposal.status == SwapStatus.EXECUTED) revert SwapAlreadyExecuted(proposalId);
        if (proposal.status == SwapStatus.CANCELLED) revert SwapAlreadyCancelled(proposalId);
    }

    /// @dev Whether more than {EXPIRATION_TIME} seconds passed since the proposal started.
    function _expired(SwapProposal storage proposal) internal view returns (bool) {
        return block.timestamp > proposal.timestamp + EXPIRATION_TIME;
    }
}
