// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtRepaymentReserve} from "./interfaces/ITPFtRepaymentReserve.sol";
import {IRealDigital} from "../realdigital/interfaces/IRealDigital.sol";
import {IRealTokenizado} from "../realdigital/interfaces/IRealTokenizado.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtParticipants} from "./libraries/TPFtParticipants.sol";
import {TPFtStatus} from "./libraries/TPFtStatus.sol";

/// @title TPFtRepaymentReserve
/// @notice Holds, in Real Digital, the TPFt repayment values that TPFtOperation1012 could not pay, credited
/// per wallet and series. The wallet withdraws its value with `withdraw`: a participant receives Real
/// Digital; a customer receives its institution's Real Tokenizado (the Real Digital goes to the
/// institution's reserve wallet and the Real Tokenizado is minted). An authority (ACCESS_ROLE) can withdraw
/// a wallet's value to a new wallet with `withdrawFrom`. A customer's value is paid only through a reserve
/// wallet its institution owns in Real Digital ({ReserveNotOwnedByParticipant}).
/// @dev Tightening (docs/security.md): `withdraw` / `withdrawFrom` of a customer's value go through its
/// bank's reserve only when the bank owns it in Real Digital ({ReserveNotOwnedByParticipant}).
/// ABI-compatible with the pilot's `ITPFtRepaymentReserve`. Must be enabled on Real Digital and hold
/// MINTER_ROLE on every Real Tokenizado; TPFtOperation1012 holds DEPOSITOR_ROLE.
contract TPFtRepaymentReserve is AccessControl, ReentrancyGuard, ITPFtRepaymentReserve {
    /// @notice Role of the authority that may withdraw to another wallet (BCB).
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");
    /// @notice Role of the repayment contract that credits values.
    bytes32 public constant DEPOSITOR_ROLE = keccak256("DEPOSITOR_ROLE");

    /// @notice Registry where TPFt and the money layer are found.
    AddressDiscovery public immutable addressDiscovery;

    /// @dev A credited value: amount, customer's Real Tokenizado (zero for a participant), last operation.
    struct Held {
        uint256 amount;
        address token;
        uint256 operationId;
    }

    mapping(address wallet => mapping(uint256 tpftId => Held)) private _held;

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE and ACCESS_ROLE.
    constructor(AddressDiscovery discovery_, address admin) {
        addressDiscovery = discovery_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ACCESS_ROLE, admin);
    }

    /// @inheritdoc ITPFtRepaymentReserve
    function deposit(address wallet, uint256 tpftId, address token, uint256 operationId, uint256 amount)
        external
        onlyRole(DEPOSITOR_ROLE)
    {
        if (wallet == address(0) || amount == 0) revert InvalidDeposit();
        Held storage h = _held[wallet][tpftId];
        h.amount += amount;
        h.token = token;
        h.operationId = operationId;
        emit RepaymentDeposited(wallet, tpftId, token, operationId, amount);
    }

    /// @inheritdoc ITPFtRepaymentReserve
    function withdraw(uint256 tpftId) external nonReentrant {
        _withdraw(tpftId, _msgSender(), _msgSender(), false);
    }

    /// @inheritdoc ITPFtRepaymentReserve
    function withdrawFrom(uint256 tpftId, address from, address to) external onlyRole(ACCESS_ROLE) nonReentrant {
        _withdraw(tpftId, from, to, true);
    }

    /// @inheritdoc ITPFtRepaymentReserve
    function getBalance(address to, uint256 tpftId) external view returns (uint256) {
        return _held[to][tpftId].amount;
    }

    function _withdraw(uint256 tpftId, address from, address to, bool byAuthority) private {
        Held memory h = _held[from][tpftId];
        if (h.amount == 0) revert NothingToWithdraw(from, tpftId);
        delete _held[from][tpftId];
        IRealDigital rd = IRealDigital(TPFtRegistryNames.lookup(addressDiscovery, TPFtRegistryNames.REAL_DIGITAL));
        ITPFt.TPFtData memory data =
            ITPFt(TPFtRegistryNames.lookup(addressDiscovery, TPFtRegistryNames.TPFT)).getTPFtData(tpftId);
        if (h.token == address(0)) {
            if (!rd.transfer(to, h.amount)) revert NothingToWithdraw(from, tpftId);
            if (byAuthority) {
                emit WithdrawalForParticipantByAuthority(
                    from, tpftId, data, h.operationId, h.amount, TPFtStatus.SETTLED, to, block.timestamp
                );
            } else {
                emit WithdrawalForParticipant(from, tpftId, data, h.operationId, h.amount, TPFtStatus.SETTLED, block.timestamp);
            }
        } else {
            IRealTokenizado token = IRealTokenizado(h.token);
            (address reserve, bool owned) = TPFtParticipants.reserveOf(addressDiscovery, h.token);
            if (!owned) revert ReserveNotOwnedByParticipant(h.token, reserve);
            if (!rd.transfer(reserve, h.amount)) revert NothingToWithdraw(from, tpftId);
            token.mint(to, h.amount);
            if (byAuthority) {
                emit WithdrawalForClientByAuthority(
                    from, tpftId, token, data, h.operationId, h.amount, TPFtStatus.SETTLED, to, block.timestamp
                );
            } else {
                emit WithdrawalForClient(
                    from, tpftId, token, data, h.operationId, h.amount, TPFtStatus.SETTLED, block.timestamp
                );
            }
        }
    }
}
