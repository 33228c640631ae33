// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtOperation1012} from "./interfaces/ITPFtOperation1012.sol";
import {ITPFtOperationId} from "./interfaces/ITPFtOperationId.sol";
import {ITPFtRepaymentReserve} from "./interfaces/ITPFtRepaymentReserve.sol";
import {IRealDigital} from "../realdigital/interfaces/IRealDigital.sol";
import {IRealTokenizado} from "../realdigital/interfaces/IRealTokenizado.sol";
import {IRealDigitalDefaultAccount} from "../realdigital/interfaces/IRealDigitalDefaultAccount.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtFinancial} from "./libraries/TPFtFinancial.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtParticipants} from "./libraries/TPFtParticipants.sol";
import {TPFtStatus} from "./libraries/TPFtStatus.sol";

/// @title TPFtOperation1012
/// @notice Repayment of TPFt at maturity (resgate, Selic operation 1012), for the exclusive use of the
/// central bank (REPAYMENT_ROLE). For one holder and a matured series, the holder's whole position is
/// burned, its payment status set, and the Treasury's default wallet pays quantity × repayment unit price
/// (truncated to centavos) in Real Digital:
/// - to a participant (a wallet not in KeyDictionary) enabled on Real Digital;
/// - to a customer (in KeyDictionary) enabled on its institution's Real Tokenizado: Real Digital goes to the
///   institution's reserve wallet and the same value of Real Tokenizado is minted to the customer;
/// - for a customer that cannot receive Real Tokenizado: to its institution's reserve wallet, when enabled;
/// - otherwise to TPFtRepaymentReserve, credited to the holder until it (or an authority) withdraws it.
/// An institution's reserve wallet is paid only when it belongs, in Real Digital, to the institution
/// (`participantOf(reserve) == cnpj8`); otherwise the value goes to TPFtRepaymentReserve.
/// @dev Tightening (docs/security.md): the pilot pays a customer's repayment to whatever wallet its bank
/// named as reserve; here only to a reserve the bank owns in Real Digital, otherwise to
/// TPFtRepaymentReserve (`OperationRepaymentForContract`, reason "institution reserve wallet not owned by
/// the institution").
/// Tightening (docs/security.md, "Operation ids"): the pilot's ids are unique on the whole network; here the
/// repayment's id is registered in TPFtOperationId for the holder's participant (its own CNPJ8, its
/// institution's for a customer, the wallet's own scope for a wallet of no participant) and the Treasury's,
/// and refused (`OperationIdAlreadyUsed`) when either already used it.
/// ABI-compatible with the pilot's `ITPFtOperation1012`. Needs REPAYMENT_ROLE on TPFt, MOVER_ROLE on
/// Real Digital (the Treasury's payment is moved on the central bank's command), MINTER_ROLE on every Real
/// Tokenizado, DEPOSITOR_ROLE on TPFtRepaymentReserve and OPERATION_ROLE on TPFtOperationId.
contract TPFtOperation1012 is AccessControl, ReentrancyGuard, ITPFtOperation1012 {
    /// @notice Role allowed to repay (BCB).
    bytes32 public constant REPAYMENT_ROLE = keccak256("REPAYMENT_ROLE");

    /// @notice Registry where TPFt, the money layer and TPFtRepaymentReserve are found.
    AddressDiscovery public immutable addressDiscovery;

    /// @dev One repayment as paid and reported.
    struct Repayment {
        address sender;
        uint256 tpftId;
        uint256 tpftAmount;
        uint256 operationId;
        uint256 unitRepaymentPrice;
        uint256 financialRepaymentValue;
        address treasury;
    }

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE and REPAYMENT_ROLE.
    constructor(AddressDiscovery discovery_, address admin) {
        addressDiscovery = discovery_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REPAYMENT_ROLE, admin);
    }

    /// @inheritdoc ITPFtOperation1012
    function repayment(
        address sender,
        uint256 operationId,
        ITPFt.TPFtData calldata tpftData,
        uint256 unitRepaymentPrice
    ) external onlyRole(REPAYMENT_ROLE) nonReentrant {
        ITPFt tpft = ITPFt(_lookup(TPFtRegistryNames.TPFT));
        Repayment memory r;
        r.sender = sender;
        r.operationId = operationId;
        r.unitRepaymentPrice = unitRepaymentPrice;
        r.tpftId = tpft.getTPFtId(tpftData);
        if (r.tpftId == 0) revert ITPFt.TPFtNotFound(0);
        if (block.timestamp < tpftData.maturityDate) revert TPFtNotMatured(r.tpftId, tpftData.maturityDate);
        if (unitRepaymentPrice == 0) revert InvalidRepaymentPrice();
        if (tpft.getPaymentStatus(sender, r.tpftId)) revert AlreadyRepaid(sender, r.tpftId);
        r.tpftAmount = tpft.balanceOf(sender, r.tpftId);
        if (r.tpftAmount == 0) revert NothingToRepay(sender, r.tpftId);
        r.financialRepaymentValue = TPFtFinancial.financialValue(r.tpftAmount, unitRepaymentPrice);
        r.treasury = _treasury();

        ITPFtOperationId(_lookup(TPFtRegistryNames.TPFT_OPERATION_ID)).register(
            operationId, TPFtParticipants.idScopeOf(addressDiscovery, sender), TPFtRegistryNames.STN_CNPJ8
        );
        tpft.setPaymentStatus(sender, r.tpftId, true);
        tpft.burn(sender, r.tpftId, r.tpftAmount);
        _pay(r, tpftData);
    }

    /// @dev Pays the repayment value as described in the contract's notice.
    function _pay(Repayment memory r, ITPFt.TPFtData calldata tpftData) private {
        IRealDigital rd = IRealDigital(_lookup(TPFtRegistryNames.REAL_DIGITAL));
        (bool customer, uint256 institution) = _customer(r.sender);
        if (!customer) {
            if (rd.verifyAccount(r.sender)) {
                rd.move(r.treasury, r.sender, r.financialRepaymentValue);
                _emitParticipant(r, tpftData);
            } else {
                _toReserveContract(rd, r, address(0), tpftData, "participant wallet not enabled on Real Digital");
            }
            return;
        }
        address token = TPFtRegistryNames.realTokenizado(addressDiscovery, institution);
        address reserve;
        bool owned;
        if (token != address(0)) (reserve, owned) = TPFtParticipants.reserveOf(addressDiscovery, token);
        if (token != address(0) && !owned) {
            _toReserveContract(rd, r, token, tpftData, "institution reserve wallet not owned by the institution");
            return;
        }
        bool reserveEnabled = reserve != address(0) && rd.verifyAccount(reserve);
        if (reserveEnabled && IRealTokenizado(token).verifyAccount(r.sender)) {
            rd.move(r.treasury, reserve, r.financialRepaymentValue);
            IRealTokenizado(token).mint(r.sender, r.financialRepaymentValue);
            _emitClient(r, token, tpftData);
        } else if (reserveEnabled) {
            rd.move(r.treasury, reserve, r.financialRepaymentValue);
            _emitWithReserve(r, token, reserve, tpftData);
        } else {
            _toReserveContract(rd, r, token, tpftData, "institution reserve wallet not enabled on Real Digital");
        }
    }

    function _toReserveContract(
        IRealDigital rd,
        Repayment memory r,
        address token,
        ITPFt.TPFtData calldata tpftData,
        string memory reason
    ) private {
        address reserveContract = _lookup(TPFtRegistryNames.TPFT_REPAYMENT_RESERVE);
        rd.move(r.treasury, reserveContract, r.financialRepaymentValue);
        ITPFtRepaymentReserve(reserveContract).deposit(
            r.sender, r.tpftId, token, r.operationId, r.financialRepaymentValue
        );
        emit OperationRepaymentForContract(
            r.sender,
            r.tpftId,
            tpftData,
            r.operationId,
            r.tpftAmount,
            r.unitRepaymentPrice,
            r.financialRepaymentValue,
            reserveContract,
            TPFtStatus.SETTLED,
            reason,
            block.timestamp
        );
    }

    function _emitParticipant(Repayment memory r, ITPFt.TPFtData calldata tpftData) private {
        emit OperationRepaymentParticipant(
            r.sender,
            r.tpftId,
            tpftData,
            r.tpftAmount,
            r.operationId,
            r.unitRepaymentPrice,
            r.financialRepaymentValue,
            TPFtStatus.SETTLED,
            block.timestamp
        );
    }

    function _emitClient(Repayment memory r, address token, ITPFt.TPFtData calldata tpftData) private {
        emit OperationRepaymentClient(
            r.sender,
            r.tpftId,
            IRealTokenizado(token),
            tpftData,
            r.operationId,
            r.tpftAmount,
            r.unitRepaymentPrice,
            r.financialRepaymentValue,
            TPFtStatus.SETTLED,
            block.timestamp
        );
    }

    function _emitWithReserve(Repayment memory r, address token, address reserve, ITPFt.TPFtData calldata tpftData)
        private
    {
        emit OperationRepaymentWithReserve(
            r.sender,
            r.tpftId,
            IRealTokenizado(token),
            tpftData,
            r.operationId,
            r.tpftAmount,
            r.unitRepaymentPrice,
            r.financialRepaymentValue,
            TPFtStatus.SETTLED,
            reserve,
            block.timestamp
        );
    }

    /// @dev The Treasury's default wallet, which pays repayments.
    function _treasury() private view returns (address wallet) {
        address registry = _lookup(TPFtRegistryNames.DEFAULT_ACCOUNT);
        if (registry != address(0)) {
            wallet = IRealDigitalDefaultAccount(registry).defaultAccount(TPFtRegistryNames.STN_CNPJ8);
        }
        if (wallet == address(0)) revert TreasuryWalletNotFound();
    }

    /// @dev Whether `wallet` is a customer registered in KeyDictionary, and its institution's CNPJ8.
    function _customer(address wallet) private view returns (bool, uint256) {
        return TPFtParticipants.customerOf(addressDiscovery, wallet);
    }

    function _lookup(bytes32 key) private view returns (address) {
        return TPFtRegistryNames.lookup(addressDiscovery, key);
    }
}
