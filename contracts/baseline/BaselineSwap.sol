// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// BENCHMARK ONLY, NEVER DEPLOY. A gas-comparison contract for `drex bench`, without the platform's
// controls (enabled wallets, roles, pause, matching of both sides); `drex deploy` never deploys it and a
// test (tests/foundation/test_baseline_contracts.py) fails if any deployment plan ever includes it.

import {BaselineERC20} from "./BaselineERC20.sol";

/// @title BaselineSwap
/// @notice The plain counterpart of the platform's Real Tokenizado swaps, used by `drex bench` as their gas
/// baseline: the same token movements on plain OpenZeppelin ERC20s (BaselineERC20), with none of the
/// platform's checks (approved-token list, enabled wallets, reserves read from the tokens, reentrancy
/// guard, frozen balances). One step: burn the payer's sending token, move the cash between the two
/// reserves, mint the receiving token. Two steps: `start` stores the proposal and escrows the payer's
/// token and the paying reserve's cash in this contract; `execute` burns, pays and mints.
/// @dev Not part of the platform and never deployed by `drex deploy`. Must own the receiving token (mint)
/// and hold allowances from the payer (sending token) and the paying reserve (cash).
/// @custom:security Benchmark only, never deploy: it lacks the platform's access and wallet controls.
contract BaselineSwap {
    /// @notice A two-step proposal, the same eight fields as the platform's.
    struct Proposal {
        BaselineERC20 tokenSender;
        BaselineERC20 tokenReceiver;
        address sender;
        address receiver;
        uint256 amount;
        uint8 status;
        uint256 timestamp;
        address senderReserve;
    }

    /// @notice The cash token (the plain stand-in for Real Digital).
    BaselineERC20 public immutable cash;
    /// @notice Two-step proposals by id.
    mapping(uint256 => Proposal) public proposals;
    /// @notice Number of proposals started so far (the next id).
    uint256 public proposalCount;

    /// @notice A swap settled (one step, or the second step of two).
    /// @param proposalId The proposal id (0 for one-step swaps).
    /// @param sender The payer.
    /// @param receiver The receiver.
    /// @param amount The amount.
    event Swapped(uint256 indexed proposalId, address indexed sender, address indexed receiver, uint256 amount);
    /// @notice A two-step swap was proposed.
    /// @param proposalId The proposal id.
    /// @param sender The payer.
    /// @param receiver The receiver.
    /// @param amount The amount.
    event Started(uint256 indexed proposalId, address indexed sender, address indexed receiver, uint256 amount);

    /// @notice Caller is not the proposal's receiver, or the proposal is not pending.
    error NotExecutable(uint256 proposalId);

    /// @param cash_ The cash token.
    constructor(BaselineERC20 cash_) {
        cash = cash_;
    }

    /// @notice One-step swap: burn the payer's `tokenSender`, move cash from `senderReserve` to
    /// `receiverReserve`, mint `tokenReceiver` to `receiver`.
    /// @param tokenSender The payer's token (this contract holds an allowance to burn it).
    /// @param tokenReceiver The receiver's token (this contract owns it).
    /// @param senderReserve The paying reserve (this contract holds an allowance on cash).
    /// @param receiverReserve The receiving reserve.
    /// @param receiver The receiver.
    /// @param amount The amount.
    function swap(
        BaselineERC20 tokenSender,
        BaselineERC20 tokenReceiver,
        address senderReserve,
        address receiverReserve,
        address receiver,
        uint256 amount
    ) external {
        tokenSender.burnFrom(msg.sender, amount);
        cash.transferFrom(senderReserve, receiverReserve, amount);
        tokenReceiver.mint(receiver, amount);
        emit Swapped(0, msg.sender, receiver, amount);
    }

    /// @notice First step: store the proposal and escrow the payer's token and the reserve's cash here.
    /// @param tokenSender The payer's token.
    /// @param tokenReceiver The receiver's token.
    /// @param senderReserve The paying reserve.
    /// @param receiver The receiver.
    /// @param amount The amount.
    /// @return proposalId The new proposal's id.
    function start(
        BaselineERC20 tokenSender,
        BaselineERC20 tokenReceiver,
        address senderReserve,
        address receiver,
        uint256 amount
    ) external returns (uint256 proposalId) {
        proposalId = proposalCount++;
        proposals[proposalId] =
            Proposal(tokenSender, tokenReceiver, msg.sender, receiver, amount, 0, block.timestamp, senderReserve);
        tokenSender.transferFrom(msg.sender, address(this), amount);
        cash.transferFrom(senderReserve, address(this), amount);
        emit Started(proposalId, msg.sender, receiver, amount);
    }

    /// @notice Second step, by the receiver: burn the escrowed token, pay the reserve, mint to the receiver.
    /// @param proposalId The proposal to settle.
    /// @param receiverReserve The receiving reserve.
    function execute(uint256 proposalId, address receiverReserve) external {
        Proposal storage p = proposals[proposalId];
        if (p.status != 0 || msg.sender != p.receiver) revert NotExecutable(proposalId);
        p.status = 1;
        uint256 amount = p.amount;
        p.tokenSender.burn(amount);
        cash.transfer(receiverReserve, amount);
        p.tokenReceiver.mint(p.receiver, amount);
        emit Swapped(proposalId, p.sender, p.receiver, amount);
    }
}
