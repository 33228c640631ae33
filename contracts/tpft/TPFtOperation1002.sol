// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtOperation1002} from "./interfaces/ITPFtOperation1002.sol";
import {CallerPart} from "./interfaces/ITPFtTwoStepOperation.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtTwoStepOperationBase} from "./TPFtTwoStepOperationBase.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtStatus} from "./libraries/TPFtStatus.sol";

/// @title TPFtOperation1002
/// @notice Public-offering settlement (liquidação de oferta pública, Selic operation 1002): integer
/// quantities of TPFt go from the Treasury's (STN) default wallet to a participant's default wallet
/// against Real Digital, by double command. BCB, holding AUCTION_PLACEMENT_ROLE on TPFt, sends the
/// Treasury's (seller's) command; the participant's default wallet sends the buyer's. Either may send
/// first; only the first may cancel while pending.
/// @dev ABI-compatible with the pilot's `ITPFtOperation1002`; emits the `OperationEvent` and
/// `OperationCancelEvent` of `ITPFtTwoStepOperation`. Needs OPERATION_ROLE on TPFtDvP and TPFtOperationId.
contract TPFtOperation1002 is TPFtTwoStepOperationBase, ITPFtOperation1002 {
    /// @notice The TPFt role whose holders send the Treasury's command.
    bytes32 public constant AUCTION_PLACEMENT_ROLE = keccak256("AUCTION_PLACEMENT_ROLE");

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE.
    constructor(AddressDiscovery discovery_, address admin) TPFtTwoStepOperationBase(discovery_, admin) {}

    /// @inheritdoc ITPFtOperation1002
    function auctionPlacement(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external nonReentrant {
        if (cnpj8Sender != TPFtRegistryNames.STN_CNPJ8) revert SenderMustBeTreasury(cnpj8Sender);
        if (tpftAmount % 100 != 0) revert InvalidTPFtAmount(tpftAmount);
        Terms memory t = _newTerms(operationId, tpftData, tpftAmount, unitPrice);
        t.cnpj8Sender = cnpj8Sender;
        t.cnpj8Receiver = cnpj8Receiver;
        t.sender = _defaultAccount(cnpj8Sender);
        t.receiver = _defaultAccount(cnpj8Receiver);
        // The wallets resolved now are part of the terms: a default-wallet change between the commands
        // makes them mismatch (docs/security.md, finding 2).
        bytes32 termsHash = _hashTerms(0, t, bytes32(0));
        if (callerPart == CallerPart.TPFtSender) {
            if (!IAccessControl(address(_tpft())).hasRole(AUCTION_PLACEMENT_ROLE, _msgSender())) {
                revert UnauthorizedCaller(_msgSender(), callerPart);
            }
        } else {
            _authorize(callerPart, t.sender, t.receiver);
        }
        bool settled = _processAuthorized(t, callerPart, termsHash, false);
        _emitOperation(t, tpftData, settled);
    }

    /// @inheritdoc ITPFtOperation1002
    function cancel(uint256 operationId, string calldata reason) external {
        _cancel(operationId);
        emit OperationCancelEvent(operationId, TPFtStatus.CANCELLED, reason, block.timestamp);
    }

    function _emitOperation(Terms memory t, ITPFt.TPFtData calldata tpftData, bool settled) private {
        emit OperationEvent(
            t.operationId,
            t.cnpj8Sender,
            t.cnpj8Receiver,
            t.sender,
            t.receiver,
            tpftData,
            t.tpftAmount,
            t.unitPrice,
            t.financialValue,
            _status(settled),
            block.timestamp
        );
    }
}
