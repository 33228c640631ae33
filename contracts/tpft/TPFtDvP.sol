// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtDvP} from "./interfaces/ITPFtDvP.sol";
import {IRealDigital} from "../realdigital/interfaces/IRealDigital.sol";
import {IRealTokenizado} from "../realdigital/interfaces/IRealTokenizado.sol";
import {ITPFtSwapOneStepFrom} from "./interfaces/ITPFtSwapOneStepFrom.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtParticipants} from "./libraries/TPFtParticipants.sol";

/// @title TPFtDvP
/// @notice Delivery versus payment of TPFt for the operation contracts. In one call the bonds go from the
/// seller to the buyer (ERC-1155 transfer under the seller's `setApprovalForAll`) and the financial value
/// goes from the buyer to the seller; any failure reverts both legs. Money routes by who the parties are:
/// - participant → participant: Real Digital `transferFrom` (the payer's `approve`);
/// - customer → customer of the same institution: that Real Tokenizado's `transferFrom`;
/// - customer → customer of two institutions: SwapOneStepFrom's `executeSwap` (registered in AddressDiscovery
///   as "SwapOneStepFrom", else {SwapOneStepFromNotRegistered}): it spends the paying customer's allowance
///   to this contract, moves Real Digital between the reserves under the paying reserve's allowance to
///   SwapOneStepFrom, and mints the paid customer's;
/// - customer ↔ participant: the paying customer's Real Tokenizado is burned (`burnFrom`, the customer's
///   `approve`) and Real Digital goes from its institution's reserve wallet to the participant, or Real
///   Digital goes from the participant to the paid customer's institution reserve wallet and the customer's
///   Real Tokenizado is minted (`transferFrom`, the paying wallet's `approve` to this contract).
/// @dev Needs, from BCB: BURNER_ROLE and MINTER_ROLE on every Real Tokenizado. Needs no role on Real
/// Digital: participants and reserve wallets approve it (and reserves approve SwapOneStepFrom). Customers
/// are the wallets registered in KeyDictionary; their Real Tokenizado must be the one registered for their
/// institution. Every reserve wallet paid from or to must belong, in Real Digital, to its token's
/// participant (checked here and again by SwapOneStepFrom).
contract TPFtDvP is AccessControl, ReentrancyGuard, ITPFtDvP {
    /// @inheritdoc ITPFtDvP
    bytes32 public constant OPERATION_ROLE = keccak256("OPERATION_ROLE");

    /// @notice Registry where TPFt, Real Digital, KeyDictionary and the Real Tokenizados are found.
    AddressDiscovery public immutable addressDiscovery;

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: grants OPERATION_ROLE to the operation contracts.
    constructor(AddressDiscovery discovery_, address admin) {
        addressDiscovery = discovery_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ITPFtDvP
    function settle(uint256 operationId, Settlement calldata s) external onlyRole(OPERATION_ROLE) nonReentrant {
        bool sellerIsCustomer = checkParty(s.sender, s.senderToken);
        bool buyerIsCustomer = checkParty(s.receiver, s.receiverToken);
        _pay(s.receiver, s.receiverToken, buyerIsCustomer, s.sender, s.senderToken, sellerIsCustomer, s.financialValue);
        IERC1155(_lookup(TPFtRegistryNames.TPFT)).safeTransferFrom(s.sender, s.receiver, s.tpftId, s.tpftAmount, "");
        emit DvPSettled(_msgSender(), operationId, s.sender, s.receiver, s.tpftId, s.tpftAmount, s.financialValue);
    }

    /// @inheritdoc ITPFtDvP
    function checkParticipant(address wallet) external view {
        (bool customer,) = _customer(wallet);
        if (customer) revert ParticipantRequired(wallet);
        checkParty(wallet, address(0));
    }

    /// @inheritdoc ITPFtDvP
    function checkParty(address wallet, address token) public view returns (bool customer) {
        if (!ITPFt(_lookup(TPFtRegistryNames.TPFT)).isEnabledAddress(wallet)) revert AccountNotEnabledForTPFt(wallet);
        uint256 institution;
        (customer, institution) = _customer(wallet);
        if (customer) {
            if (token == address(0) || TPFtRegistryNames.realTokenizado(addressDiscovery, institution) != token) {
                revert CustomerTokenMismatch(wallet, token);
            }
            if (!IRealTokenizado(token).verifyAccount(wallet)) revert AccountNotEnabledForRealTokenizado(wallet, token);
        } else {
            if (!_realDigital().verifyAccount(wallet)) revert AccountNotEnabledForRealDigital(wallet);
            if (token != address(0)) _checkRegisteredToken(token);
        }
    }

    /// @inheritdoc ITPFtDvP
    function isCustomer(address wallet) external view returns (bool) {
        (bool customer,) = _customer(wallet);
        return customer;
    }

    /// @dev Moves `value` from the buyer side to the seller side, as described in the contract's notice.
    function _pay(
        address payer,
        address payerToken,
        bool payerIsCustomer,
        address payee,
        address payeeToken,
        bool payeeIsCustomer,
        uint256 value
    ) private {
        IRealDigital rd = _realDigital();
        if (!payerIsCustomer && !payeeIsCustomer) {
            _transferFrom(rd, payer, payee, value);
            return;
        }
        if (payerIsCustomer && payeeIsCustomer && payerToken == payeeToken) {
            _transferFrom(IRealDigital(payerToken), payer, payee, value);
            return;
        }
        if (payerIsCustomer && payeeIsCustomer) {
            // Both reserves are checked here too, so the refusal names this contract's error first.
            _ownedReserve(payerToken);
            _ownedReserve(payeeToken);
            address swap = _lookup(TPFtRegistryNames.SWAP_ONE_STEP_FROM);
            if (swap == address(0)) revert SwapOneStepFromNotRegistered();
            ITPFtSwapOneStepFrom(swap).executeSwap(payerToken, payeeToken, payer, payee, value);
            return;
        }
        // A customer and a participant: the reserve stands for the customer; no Real Digital moves when the
        // participant is that reserve itself.
        if (payerIsCustomer) {
            address reserve = _ownedReserve(payerToken);
            IRealTokenizado(payerToken).burnFrom(payer, value);
            if (reserve != payee) _transferFrom(rd, reserve, payee, value);
        } else {
            address reserve = _ownedReserve(payeeToken);
            if (payer != reserve) _transferFrom(rd, payer, reserve, value);
            IRealTokenizado(payeeToken).mint(payee, value);
        }
    }

    /// @dev The reserve wallet of a Real Tokenizado, which must be its participant's (finding 1).
    function _ownedReserve(address token) private view returns (address reserve) {
        bool owned;
        (reserve, owned) = TPFtParticipants.reserveOf(addressDiscovery, token);
        if (!owned) revert ReserveNotOwnedByParticipant(token, reserve);
    }

    function _transferFrom(IRealDigital token, address from, address to, uint256 value) private {
        // Real Digital and Real Tokenizado revert on failure; the return value is checked for completeness.
        if (!token.transferFrom(from, to, value)) revert AccountNotEnabledForRealDigital(from);
    }

    /// @dev Whether `wallet` is registered in KeyDictionary, and its institution's CNPJ8.
    function _customer(address wallet) private view returns (bool, uint256) {
        return TPFtParticipants.customerOf(addressDiscovery, wallet);
    }

    function _checkRegisteredToken(address token) private view {
        if (token.code.length == 0) revert InvalidRealTokenizado(token);
        try IRealTokenizado(token).cnpj8() returns (uint256 cnpj8) {
            if (TPFtRegistryNames.realTokenizado(addressDiscovery, cnpj8) != token) revert InvalidRealTokenizado(token);
        } catch {
            revert InvalidRealTokenizado(token);
        }
    }

    function _realDigital() private view returns (IRealDigital) {
        return IRealDigital(_lookup(TPFtRegistryNames.REAL_DIGITAL));
    }

    function _lookup(bytes32 key) private view returns (address) {
        return TPFtRegistryNames.lookup(addressDiscovery, key);
    }
}
