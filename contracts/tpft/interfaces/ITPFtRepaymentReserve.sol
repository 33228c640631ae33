// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";

/// @title ITPFtRepaymentReserve
/// @notice Holds, in Real Digital, repayment values that TPFtOperation1012 could not pay, per wallet and
/// series, until the wallet withdraws them (Real Digital for a participant, its institution's Real
/// Tokenizado for a customer) or an authority withdraws them to another wallet.
/// @dev ABI-compatible with the pilot's `ITPFtRepaymentReserve`.
interface ITPFtRepaymentReserve {
    /// @notice Nothing is held for the wallet in the series.
    /// @param wallet The wallet.
    /// @param tpftId The series.
    error NothingToWithdraw(address wallet, uint256 tpftId);

    /// @notice The deposit value is zero or the wallet is the zero address.
    error InvalidDeposit();

    /// @notice The customer's institution's reserve wallet is not, in Real Digital, a wallet of that
    /// institution; the value stays held (an authority may withdraw it elsewhere once the reserve is fixed).
    /// @param token The Real Tokenizado.
    /// @param reserve Its reserve wallet.
    error ReserveNotOwnedByParticipant(address token, address reserve);

    /// @notice Emitted when a repayment value is deposited (addition to the pilot ABI).
    /// @param wallet The wallet entitled to it.
    /// @param tpftId The series.
    /// @param token The customer's Real Tokenizado, zero for a participant.
    /// @param operationId The repayment operation.
    /// @param amount The value deposited (2 decimals).
    event RepaymentDeposited(
        address indexed wallet,
        uint256 indexed tpftId,
        address token,
        uint256 operationId,
        uint256 amount
    );

    /// @notice Emitted when a participant withdraws its value in Real Digital.
    /// @param sender The wallet.
    /// @param tpftId The series.
    /// @param tpftData The series' data.
    /// @param operationId The repayment operation.
    /// @param financialRepaymentValue Value withdrawn.
    /// @param status "LIQ".
    /// @param timestamp Block timestamp.
    event WithdrawalForParticipant(
        address indexed sender,
        uint256 indexed tpftId,
        ITPFt.TPFtData tpftData,
        uint256 operationId,
        uint256 financialRepaymentValue,
        string status,
        uint256 timestamp
    );

    /// @notice Emitted when a customer withdraws its value in Real Tokenizado.
    /// @param sender The wallet.
    /// @param tpftId The series.
    /// @param senderToken The customer's Real Tokenizado.
    /// @param tpftData The series' data.
    /// @param operationId The repayment operation.
    /// @param financialRepaymentValue Value withdrawn.
    /// @param status "LIQ".
    /// @param timestamp Block timestamp.
    event WithdrawalForClient(
        address sender,
        uint256 indexed tpftId,
        IRealTokenizado senderToken,
        ITPFt.TPFtData tpftData,
        uint256 operationId,
        uint256 financialRepaymentValue,
        string status,
        uint256 timestamp
    );

    /// @notice Emitted when an authority withdraws a participant's value to another wallet.
    /// @param sender The wallet entitled to the value.
    /// @param tpftId The series.
    /// @param tpftData The series' data.
    /// @param operationId The repayment operation.
    /// @param financialRepaymentValue Value withdrawn.
    /// @param status "LIQ".
    /// @param newWallet The wallet that received it.
    /// @param timestamp Block timestamp.
    event WithdrawalForParticipantByAuthority(
        address sender,
        uint256 indexed tpftId,
        ITPFt.TPFtData tpftData,
        uint256 operationId,
        uint256 financialRepaymentValue,
        string status,
        address newWallet,
        uint256 timestamp
    );

    /// @notice Emitted when an authority withdraws a customer's value to another wallet.
    /// @param sender The wallet entitled to the value.
    /// @param tpftId The series.
    /// @param senderToken The customer's Real Tokenizado.
    /// @param tpftData The series' data.
    /// @param operationId The repayment operation.
    /// @param financialRepaymentValue Value withdrawn.
    /// @param status "LIQ".
    /// @param newWallet The wallet that received it.
    /// @param timestamp Block timestamp.
    event WithdrawalForClientByAuthority(
        address sender,
        uint256 indexed tpftId,
        IRealTokenizado senderToken,
        ITPFt.TPFtData tpftData,
        uint256 operationId,
        uint256 financialRepaymentValue,
        string status,
        address newWallet,
        uint256 timestamp
    );

    /// @notice Records a value that TPFtOperation1012 moved to this contract. Only DEPOSITOR_ROLE
    /// (addition to the pilot ABI).
    /// @param wallet The wallet entitled to it.
    /// @param tpftId The series.
    /// @param token The customer's Real Tokenizado, zero for a participant.
    /// @param operationId The repayment operation.
    /// @param amount The value (2 decimals).
    function deposit(address wallet, uint256 tpftId, address token, uint256 operationId, uint256 amount) external;

    /// @notice Withdraws the caller's value for a series.
    /// @param tpftId The series.
    function withdraw(uint256 tpftId) external;

    /// @notice Withdraws the value of `from` to the new wallet `to`. Only ACCESS_ROLE (authority).
    /// @param tpftId The series.
    /// @param from The wallet entitled to the value.
    /// @param to The wallet that receives it.
    function withdrawFrom(uint256 tpftId, address from, address to) external;

    /// @notice Value held for a wallet in a series.
    /// @param to The wallet.
    /// @param tpftId The series.
    /// @return The value (2 decimals).
    function getBalance(address to, uint256 tpftId) external view returns (uint256);
}
