// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./ITPFt.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";

/// @title ITPFtOperation1012
/// @notice Repayment of TPFt at maturity (Selic operation 1012): the holder's whole position is burned and
/// the Treasury pays quantity × repayment unit price in Real Digital to a participant, or in its
/// institution's Real Tokenizado to a customer found in KeyDictionary; what cannot be paid goes to the
/// customer's institution reserve wallet or, failing that, to TPFtRepaymentReserve.
/// @dev ABI-compatible with the pilot's `ITPFtOperation1012`.
interface ITPFtOperation1012 {
    /// @notice The series has not matured yet.
    /// @param tpftId The series.
    /// @param maturityDate Its maturity date.
    error TPFtNotMatured(uint256 tpftId, uint256 maturityDate);

    /// @notice The wallet holds none of the series.
    /// @param sender The wallet.
    /// @param tpftId The series.
    error NothingToRepay(address sender, uint256 tpftId);

    /// @notice The wallet's position in the series was already repaid.
    /// @param sender The wallet.
    /// @param tpftId The series.
    error AlreadyRepaid(address sender, uint256 tpftId);

    /// @notice The repayment unit price is zero.
    error InvalidRepaymentPrice();

    /// @notice The Treasury has no default wallet registered in RealDigitalDefaultAccount.
    error TreasuryWalletNotFound();

    /// @notice Emitted when a participant is repaid in Real Digital.
    /// @param sender The repaid wallet.
    /// @param tpftId The series.
    /// @param tpftData The series' data.
    /// @param tpftAmount Quantity repaid and burned (2 decimals).
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param unitRepaymentPrice Repayment unit price (8 decimals).
    /// @param financialRepaymentValue Value paid in reais (2 decimals, truncated).
    /// @param status "LIQ".
    /// @param timestamp Block timestamp.
    event OperationRepaymentParticipant(
        address indexed sender,
        uint256 indexed tpftId,
        ITPFt.TPFtData tpftData,
        uint256 tpftAmount,
        uint256 operationId,
        uint256 unitRepaymentPrice,
        uint256 financialRepaymentValue,
        string status,
        uint256 timestamp
    );

    /// @notice Emitted when a customer is repaid in its institution's Real Tokenizado.
    /// @param sender The repaid wallet.
    /// @param tpftId The series.
    /// @param senderToken The customer's Real Tokenizado.
    /// @param tpftData The series' data.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param tpftAmount Quantity repaid and burned (2 decimals).
    /// @param unitRepaymentPrice Repayment unit price (8 decimals).
    /// @param financialRepaymentValue Value paid in reais (2 decimals, truncated).
    /// @param status "LIQ".
    /// @param timestamp Block timestamp.
    event OperationRepaymentClient(
        address indexed sender,
        uint256 indexed tpftId,
        IRealTokenizado indexed senderToken,
        ITPFt.TPFtData tpftData,
        uint256 operationId,
        uint256 tpftAmount,
        uint256 unitRepaymentPrice,
        uint256 financialRepaymentValue,
        string status,
        uint256 timestamp
    );

    /// @notice Emitted when a customer that cannot receive Real Tokenizado is repaid through its
    /// institution's reserve wallet, in Real Digital.
    /// @param sender The repaid wallet.
    /// @param tpftId The series.
    /// @param senderToken The customer's Real Tokenizado (zero when its institution has none registered).
    /// @param tpftData The series' data.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param tpftAmount Quantity repaid and burned (2 decimals).
    /// @param unitRepaymentPrice Repayment unit price (8 decimals).
    /// @param financialRepaymentValue Value paid in reais (2 decimals, truncated).
    /// @param status "LIQ".
    /// @param reserveAccount The institution's reserve wallet that received the value.
    /// @param timestamp Block timestamp.
    event OperationRepaymentWithReserve(
        address indexed sender,
        uint256 indexed tpftId,
        IRealTokenizado indexed senderToken,
        ITPFt.TPFtData tpftData,
        uint256 operationId,
        uint256 tpftAmount,
        uint256 unitRepaymentPrice,
        uint256 financialRepaymentValue,
        string status,
        address reserveAccount,
        uint256 timestamp
    );

    /// @notice Emitted when the value could not be paid and was deposited in TPFtRepaymentReserve.
    /// @param sender The repaid wallet.
    /// @param tpftId The series.
    /// @param tpftData The series' data.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param tpftAmount Quantity repaid and burned (2 decimals).
    /// @param unitRepaymentPrice Repayment unit price (8 decimals).
    /// @param financialRepaymentValue Value deposited in reais (2 decimals, truncated).
    /// @param contractAddress The TPFtRepaymentReserve contract.
    /// @param status "LIQ".
    /// @param reason Why the value could not be paid to the wallet.
    /// @param timestamp Block timestamp.
    event OperationRepaymentForContract(
        address indexed sender,
        uint256 indexed tpftId,
        ITPFt.TPFtData tpftData,
        uint256 operationId,
        uint256 tpftAmount,
        uint256 unitRepaymentPrice,
        uint256 financialRepaymentValue,
        address contractAddress,
        string status,
        string reason,
        uint256 timestamp
    );

    /// @notice Repays a wallet's whole position in a matured series. Only REPAYMENT_ROLE (BCB).
    /// @param sender The holder being repaid.
    /// @param operationId Operation number + date (yyyyMMdd).
    /// @param tpftData The series.
    /// @param unitRepaymentPrice Repayment unit price (8 decimals).
    function repayment(
        address sender,
        uint256 operationId,
        ITPFt.TPFtData calldata tpftData,
        uint256 unitRepaymentPrice
    ) external;
}
