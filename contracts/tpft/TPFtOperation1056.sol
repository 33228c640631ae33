// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtDvP} from "./interfaces/ITPFtDvP.sol";
import {ITPFtOperation1056} from "./interfaces/ITPFtOperation1056.sol";
import {ITPFtRepoRegistry} from "./interfaces/ITPFtRepoRegistry.sol";
import {ITPFtTwoStepRepoOperation} from "./interfaces/ITPFtTwoStepRepoOperation.sol";
import {CallerPart} from "./interfaces/ITPFtTwoStepOperation.sol";
import {IRealTokenizado} from "../realdigital/interfaces/IRealTokenizado.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtTwoStepOperationBase} from "./TPFtTwoStepOperationBase.sol";
import {TPFtFinancial} from "./libraries/TPFtFinancial.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtStatus} from "./libraries/TPFtStatus.sol";

/// @title TPFtOperation1056
/// @notice Return leg of repos (recompra e revenda, Selic operation 1056) by double command. On the repo's
/// return date (Brasília calendar) its seller and its buyer each call the same function with the original
/// repo id and a new return operation id; the buyer's command is the TPFtSender part (it delivers the
/// bonds back), the seller's the TPFtReceiver part (it pays the return value). When both match, the bonds
/// go back to the seller against quantity × return unit price through TPFtDvP and the repo is closed.
/// Fixed-price and intraday repos use `tradeReverseRepo`; open-price repos use
/// `tradeReverseRepoOpenReturnPrice`, and both parties must give the same return unit price.
/// @dev Tightening (docs/security.md, "Operation ids"): the pilot finds the repo by its id alone; repos are
/// kept per id and party here (several repos of different wallets may share an id), so the repo returned is
/// the one with `originalOperationId` that the caller is the seller or the buyer of.
/// ABI-compatible with the pilot's `ITPFtOperation1056`. Needs OPERATION_ROLE on TPFtDvP and
/// TPFtOperationId, and RETURN_ROLE on TPFtOperation1054.
contract TPFtOperation1056 is TPFtTwoStepOperationBase, ITPFtOperation1056 {
    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE.
    constructor(AddressDiscovery discovery_, address admin) TPFtTwoStepOperationBase(discovery_, admin) {}

    /// @inheritdoc ITPFtOperation1056
    function tradeReverseRepo(uint256 originalOperationId, uint256 returnOperationId) external nonReentrant {
        _return(originalOperationId, returnOperationId, 0, false);
    }

    /// @inheritdoc ITPFtOperation1056
    function tradeReverseRepoOpenReturnPrice(
        uint256 originalOperationId,
        uint256 returnOperationId,
        uint256 returnUnitPrice
    ) external nonReentrant {
        _return(originalOperationId, returnOperationId, returnUnitPrice, true);
    }

    /// @inheritdoc ITPFtOperation1056
    function cancel(uint256 returnOperationId, string calldata reason) external {
        _cancel(returnOperationId);
        emit ReverseRepoOperationCancelEvent(returnOperationId, TPFtStatus.CANCELLED, reason, block.timestamp);
    }

    function _return(uint256 originalOperationId, uint256 returnOperationId, uint256 price, bool open) private {
        ITPFtRepoRegistry registry = ITPFtRepoRegistry(_lookup(TPFtRegistryNames.TPFT_OPERATION_1054));
        address caller = _msgSender();
        ITPFtRepoRegistry.Repo memory repo = registry.getRepoOf(originalOperationId, caller);
        if (repo.state == ITPFtRepoRegistry.RepoState.None && registry.repoCount(originalOperationId) != 0) {
            revert NotARepoParty(originalOperationId, caller);
        }
        if (repo.state != ITPFtRepoRegistry.RepoState.Active) revert ITPFtTwoStepRepoOperation.RepoNotActive(originalOperationId);
        if (repo.openReturnPrice != open) revert WrongReturnPriceMode(originalOperationId);
        if (open) {
            if (price == 0) revert InvalidUnitPrice();
            repo.returnUnitPrice = price;
        }
        // The repo found is the caller's: it is its seller or its buyer.
        CallerPart part = caller == repo.receiver ? CallerPart.TPFtSender : CallerPart.TPFtReceiver;
        if (TPFtFinancial.brasiliaDay(block.timestamp) != TPFtFinancial.brasiliaDay(repo.returnDate)) {
            revert NotReturnDate(originalOperationId, repo.returnDate);
        }
        ITPFt tpft = _tpft();
        ITPFt.TPFtData memory data = tpft.getTPFtData(repo.tpftId);
        _checkTradable(tpft, repo.tpftId, data.maturityDate);
        uint256 returnValue = _value(repo.tpftAmount, repo.returnUnitPrice);
        bool settled =
            _command(
                returnOperationId,
                _walletKey(returnOperationId, repo.sender, repo.receiver),
                part,
                keccak256(abi.encode(originalOperationId, repo.returnUnitPrice)),
                _idScope(repo.cnpj8Receiver, repo.receiver),
                _idScope(repo.cnpj8Sender, repo.sender)
            );
        if (settled) {
            registry.closeRepo(originalOperationId, caller, returnOperationId);
            _settle(
                returnOperationId,
                ITPFtDvP.Settlement(
                    repo.receiver,
                    repo.receiverToken,
                    repo.sender,
                    repo.senderToken,
                    repo.tpftId,
                    repo.tpftAmount,
                    returnValue
                )
            );
        }
        _emitReturn(originalOperationId, returnOperationId, repo, data, returnValue, _status(settled));
    }

    function _emitReturn(
        uint256 originalOperationId,
        uint256 returnOperationId,
        ITPFtRepoRegistry.Repo memory repo,
        ITPFt.TPFtData memory data,
        uint256 returnValue,
        string memory status
    ) private {
        if (repo.kind == ITPFtRepoRegistry.RepoKind.Cnpj8) {
            emit ReverseRepoOperationTradeReturnCNPJ8Event(
                originalOperationId,
                returnOperationId,
                repo.cnpj8Sender,
                repo.cnpj8Receiver,
                repo.sender,
                repo.receiver,
                data,
                repo.tpftAmount,
                repo.returnUnitPrice,
                returnValue,
                status,
                repo.returnDate,
                block.timestamp
            );
        } else if (repo.kind == ITPFtRepoRegistry.RepoKind.Wallet) {
            emit ReverseRepoOperationTradeReturnEvent(
                originalOperationId,
                returnOperationId,
                repo.sender,
                repo.receiver,
                data,
                repo.tpftAmount,
                repo.returnUnitPrice,
                returnValue,
                status,
                repo.returnDate,
                block.timestamp
            );
        } else {
            emit ReverseRepoOperationTradeReturnParticipantClientEvent(
                originalOperationId,
                returnOperationId,
                repo.sender,
                IRealTokenizado(repo.senderToken),
                repo.receiver,
                IRealTokenizado(repo.receiverToken),
                data,
                repo.tpftAmount,
                repo.returnUnitPrice,
                returnValue,
                status,
                repo.returnDate,
                block.timestamp
            );
        }
    }
}
