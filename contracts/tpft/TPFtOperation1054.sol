// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtDvP} from "./interfaces/ITPFtDvP.sol";
import {ITPFtOperation1054} from "./interfaces/ITPFtOperation1054.sol";
import {ITPFtRepoRegistry} from "./interfaces/ITPFtRepoRegistry.sol";
import {CallerPart} from "./interfaces/ITPFtTwoStepOperation.sol";
import {IRealTokenizado} from "../realdigital/interfaces/IRealTokenizado.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtTwoStepOperationBase} from "./TPFtTwoStepOperationBase.sol";
import {TPFtFinancial} from "./libraries/TPFtFinancial.sol";
import {TPFtStatus} from "./libraries/TPFtStatus.sol";

/// @title TPFtOperation1054
/// @notice Repurchase agreements (compras e vendas compromissadas, Selic operation 1054) by double command.
/// The forward leg settles by delivery versus payment through TPFtDvP (bonds seller → buyer, value buyer →
/// seller) and the repo is recorded, active, for its return leg (TPFtOperation1056) on the return date:
/// - `tradeRepo`: fixed return unit price and return date (from today until before the bond's maturity);
/// - `tradeRepoIntraday`: returned the same day at the same unit price;
/// - `tradeRepoOpenReturnPrice`: the return unit price is agreed at return.
/// Parties are participants (by CNPJ8 or wallet, paying in Real Digital) or a participant and a customer
/// (by wallet and Real Tokenizado); repos between two customers are rejected. A repo not returned by the
/// end of its return date can be declared in default by BCB (`setDefault`).
/// @dev Tightening (docs/security.md): in the CNPJ8 variants the pilot resolves the parties' default
/// wallets when the counterpart's command arrives, so a default-wallet change between the commands changed
/// who delivers and pays; here the wallets resolved at each command are part of the terms, and such a
/// change makes the commands mismatch (`OperationMismatch`). Pending commands are kept per operation id
/// and parties (see TPFtTwoStepOperationBase).
/// Tightening (docs/security.md, "Operation ids"): the pilot keeps repos by operation id alone, so an id
/// names one repo on the network and a third party that settled first a repo of its own with an id two others
/// agreed on (an intraday repo between two of its own wallets) made their repo unusable. Here repos are kept
/// per operation id and party: each wallet has at most one repo per id ({RepoIdAlreadyUsed}), a repo is
/// found from its id and either of its parties' wallets (1056 uses the caller's; {getRepoOf}), and BCB
/// names the party when an id names several repos ({setDefault} with a party).
/// ABI-compatible with the pilot's `ITPFtOperation1054`; also the repo registry read by
/// TPFtOperation1056 (RETURN_ROLE closes repos). Needs OPERATION_ROLE on TPFtDvP and TPFtOperationId.
contract TPFtOperation1054 is TPFtTwoStepOperationBase, ITPFtOperation1054, ITPFtRepoRegistry {
    /// @notice Role of TPFtOperation1056, which closes repos whose return leg settled.
    bytes32 public constant RETURN_ROLE = keccak256("RETURN_ROLE");

    uint8 private constant MODE_FIXED = 1;
    uint8 private constant MODE_INTRADAY = 2;
    uint8 private constant MODE_OPEN = 3;

    /// @dev Terms of a repo as matched (hashed after the CNPJ8 wallets are resolved, before the intraday
    /// return date is) and settled.
    struct RepoTerms {
        uint8 mode;
        RepoKind kind;
        uint256 operationId;
        uint256 cnpj8Sender;
        uint256 cnpj8Receiver;
        address sender;
        address senderToken;
        address receiver;
        address receiverToken;
        uint256 tpftId;
        uint256 maturityDate;
        uint256 tpftAmount;
        uint256 unitPrice;
        uint256 financialValue;
        uint256 returnUnitPrice;
        uint256 returnFinancialValue;
        uint256 returnDate;
    }

    /// @dev The first repo settled with an id (the only one, but for ids that other wallets also used).
    mapping(uint256 operationId => Repo) private _repos;
    /// @dev Further repos with an id, of wallets that are no party to the first one, by seller.
    mapping(uint256 operationId => mapping(address sender => Repo)) private _laterRepos;
    /// @dev The seller of a further repo with an id, by its buyer.
    mapping(uint256 operationId => mapping(address receiver => address sender)) private _laterRepoSender;
    /// @dev How many further repos an id names.
    mapping(uint256 operationId => uint256 count) private _laterRepoCount;

    /// @notice The wallet is already a party to a repo with this operation id (each wallet has at most one
    /// repo per id, by which it is found).
    /// @param operationId The id.
    /// @param wallet The party.
    error RepoIdAlreadyUsed(uint256 operationId, address wallet);

    /// @notice Several repos (of different wallets) have this operation id: name the party with
    /// `setDefault(operationId, party, reason)`.
    /// @param operationId The id.
    error RepoPartyRequired(uint256 operationId);

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE (pause, default, grants RETURN_ROLE).
    constructor(AddressDiscovery discovery_, address admin) TPFtTwoStepOperationBase(discovery_, admin) {}

    /// @inheritdoc ITPFtOperation1054
    function tradeRepo(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnUnitPrice,
        uint256 returnDate
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_FIXED, returnUnitPrice, returnDate);
        t.kind = RepoKind.Cnpj8;
        t.cnpj8Sender = cnpj8Sender;
        t.cnpj8Receiver = cnpj8Receiver;
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepo(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnUnitPrice,
        uint256 returnDate
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_FIXED, returnUnitPrice, returnDate);
        t.kind = RepoKind.Wallet;
        t.sender = sender;
        t.receiver = receiver;
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepo(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnUnitPrice,
        uint256 returnDate
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_FIXED, returnUnitPrice, returnDate);
        t.kind = RepoKind.ParticipantClient;
        t.sender = sender;
        t.senderToken = address(senderToken);
        t.receiver = receiver;
        t.receiverToken = address(receiverToken);
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepoIntraday(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_INTRADAY, 0, 0);
        t.kind = RepoKind.Cnpj8;
        t.cnpj8Sender = cnpj8Sender;
        t.cnpj8Receiver = cnpj8Receiver;
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepoIntraday(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_INTRADAY, 0, 0);
        t.kind = RepoKind.Wallet;
        t.sender = sender;
        t.receiver = receiver;
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepoIntraday(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_INTRADAY, 0, 0);
        t.kind = RepoKind.ParticipantClient;
        t.sender = sender;
        t.senderToken = address(senderToken);
        t.receiver = receiver;
        t.receiverToken = address(receiverToken);
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepoOpenReturnPrice(
        uint256 operationId,
        uint256 cnpj8Sender,
        uint256 cnpj8Receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnDate
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_OPEN, 0, returnDate);
        t.kind = RepoKind.Cnpj8;
        t.cnpj8Sender = cnpj8Sender;
        t.cnpj8Receiver = cnpj8Receiver;
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepoOpenReturnPrice(
        uint256 operationId,
        address sender,
        address receiver,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnDate
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_OPEN, 0, returnDate);
        t.kind = RepoKind.Wallet;
        t.sender = sender;
        t.receiver = receiver;
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    function tradeRepoOpenReturnPrice(
        uint256 operationId,
        address sender,
        IRealTokenizado senderToken,
        address receiver,
        IRealTokenizado receiverToken,
        CallerPart callerPart,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint256 returnDate
    ) external nonReentrant {
        RepoTerms memory t = _repoTerms(operationId, tpftData, tpftAmount, unitPrice, MODE_OPEN, 0, returnDate);
        t.kind = RepoKind.ParticipantClient;
        t.sender = sender;
        t.senderToken = address(senderToken);
        t.receiver = receiver;
        t.receiverToken = address(receiverToken);
        _run(t, callerPart, tpftData);
    }

    /// @inheritdoc ITPFtOperation1054
    /// @dev Tightening (docs/security.md, "Operation ids"): repos are kept per id and party, so when an id
    /// names several repos (of different wallets) BCB names the party with the overload taking it
    /// ({RepoPartyRequired}); an id naming one repo behaves as in the pilot.
    function setDefault(uint256 operationId, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_laterRepoCount[operationId] != 0) revert RepoPartyRequired(operationId);
        _setDefault(_repos[operationId], operationId, reason);
    }

    /// @inheritdoc ITPFtRepoRegistry
    function setDefault(uint256 operationId, address party, string calldata reason)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _setDefault(_repoOf(operationId, party), operationId, reason);
    }

    /// @inheritdoc ITPFtOperation1054
    function cancel(uint256 operationId, string calldata reason) external {
        _cancel(operationId);
        emit RepoOperationCancelEvent(operationId, TPFtStatus.CANCELLED, reason, block.timestamp);
    }

    /// @inheritdoc ITPFtRepoRegistry
    function getRepo(uint256 operationId) external view returns (Repo memory) {
        return _repos[operationId];
    }

    /// @inheritdoc ITPFtRepoRegistry
    function getRepoOf(uint256 operationId, address party) external view returns (Repo memory) {
        return _repoOf(operationId, party);
    }

    /// @inheritdoc ITPFtRepoRegistry
    function repoCount(uint256 operationId) external view returns (uint256) {
        return _repos[operationId].state == RepoState.None ? 0 : 1 + _laterRepoCount[operationId];
    }

    /// @inheritdoc ITPFtRepoRegistry
    function closeRepo(uint256 operationId, address party, uint256 returnOperationId)
        external
        onlyRole(RETURN_ROLE)
    {
        Repo storage repo = _repoOf(operationId, party);
        if (repo.state != RepoState.Active) revert RepoNotActive(operationId);
        repo.state = RepoState.Returned;
        emit RepoReturned(operationId, returnOperationId, repo.sender, repo.receiver);
    }

    /// @dev The repo with `operationId` that `party` is a party of (an empty record when none): the first
    /// repo with the id, or a further one found by its seller, or by its buyer through its seller.
    function _repoOf(uint256 operationId, address party) private view returns (Repo storage) {
        Repo storage first = _repos[operationId];
        if (first.state == RepoState.None || first.sender == party || first.receiver == party) return first;
        mapping(address => Repo) storage later = _laterRepos[operationId];
        Repo storage bySender = later[party];
        if (bySender.state != RepoState.None) return bySender;
        // A settled repo's seller is never address(0), so an unknown buyer finds an empty record.
        return later[_laterRepoSender[operationId][party]];
    }

    /// @dev Reverts when `wallet` is already a party to a repo with `operationId`.
    function _checkNoRepo(uint256 operationId, address wallet) private view {
        if (_repoOf(operationId, wallet).state != RepoState.None) revert RepoIdAlreadyUsed(operationId, wallet);
    }

    function _setDefault(Repo storage repo, uint256 operationId, string calldata reason) private {
        if (repo.state != RepoState.Active) revert RepoNotActive(operationId);
        if (TPFtFinancial.brasiliaDay(block.timestamp) <= TPFtFinancial.brasiliaDay(repo.returnDate)) {
            revert ReturnDateNotExpired(operationId, repo.returnDate);
        }
        repo.state = RepoState.Defaulted;
        emit RepoOperationDefaultEvent(operationId, reason, block.timestamp);
        emit RepoDefaulted(operationId, repo.sender, repo.receiver);
    }

    /// @dev Validated terms of a repo of `mode`, parties still unset.
    function _repoTerms(
        uint256 operationId,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice,
        uint8 mode,
        uint256 returnUnitPrice,
        uint256 returnDate
    ) private view returns (RepoTerms memory t) {
        t.mode = mode;
        t.operationId = operationId;
        t.tpftId = _tradableSeries(tpftData);
        t.maturityDate = tpftData.maturityDate;
        t.tpftAmount = tpftAmount;
        t.unitPrice = unitPrice;
        t.financialValue = _value(tpftAmount, unitPrice);
        if (mode == MODE_FIXED) {
            if (returnUnitPrice == 0) revert InvalidReturnUnitPrice();
            t.returnUnitPrice = returnUnitPrice;
            t.returnFinancialValue = _value(tpftAmount, returnUnitPrice);
        } else if (mode == MODE_INTRADAY) {
            t.returnUnitPrice = unitPrice;
            t.returnFinancialValue = t.financialValue;
        }
        t.returnDate = returnDate;
    }

    /// @dev Hashes the terms, resolves CNPJ8 wallets and the intraday return date, authorizes the caller,
    /// checks the parties and the return date, registers or settles, and emits.
    function _run(RepoTerms memory t, CallerPart part, ITPFt.TPFtData calldata tpftData) private {
        if (t.kind == RepoKind.Cnpj8) {
            t.sender = _defaultAccount(t.cnpj8Sender);
            t.receiver = _defaultAccount(t.cnpj8Receiver);
        }
        // Hashed with the wallets resolved now (a default-wallet change between the commands makes them
        // mismatch, docs/security.md finding 2) and before the intraday return date is set.
        bytes32 termsHash = keccak256(abi.encode(t));
        if (t.mode == MODE_INTRADAY) t.returnDate = block.timestamp;
        if (
            TPFtFinancial.brasiliaDay(t.returnDate) < TPFtFinancial.brasiliaDay(block.timestamp)
                || t.returnDate >= t.maturityDate
        ) revert InvalidReturnDate(t.returnDate);
        _authorize(part, t.sender, t.receiver);
        if (t.sender == t.receiver) revert SameSenderAndReceiver(t.sender);
        _checkNoRepo(t.operationId, t.sender);
        _checkNoRepo(t.operationId, t.receiver);
        bool settled = _partiesCommand(
            t.operationId, part, termsHash, t.cnpj8Sender, t.sender, t.cnpj8Receiver, t.receiver
        );
        ITPFtDvP dvp = _dvp();
        if (t.kind == RepoKind.ParticipantClient) {
            bool senderIsCustomer = dvp.checkParty(t.sender, t.senderToken);
            if (dvp.checkParty(t.receiver, t.receiverToken) && senderIsCustomer) {
                revert RepoBetweenCustomersNotAllowed();
            }
        } else if (!settled) {
            dvp.checkParticipant(t.sender);
            dvp.checkParticipant(t.receiver);
        }
        if (settled) {
            _storeRepo(
                t.operationId,
                Repo({
                    cnpj8Sender: t.cnpj8Sender,
                    cnpj8Receiver: t.cnpj8Receiver,
                    sender: t.sender,
                    senderToken: t.senderToken,
                    receiver: t.receiver,
                    receiverToken: t.receiverToken,
                    tpftId: t.tpftId,
                    tpftAmount: t.tpftAmount,
                    unitPrice: t.unitPrice,
                    returnUnitPrice: t.returnUnitPrice,
                    returnDate: t.returnDate,
                    kind: t.kind,
                    openReturnPrice: t.mode == MODE_OPEN,
                    state: RepoState.Active
                })
            );
            dvp.settle(
                t.operationId,
                ITPFtDvP.Settlement(
                    t.sender, t.senderToken, t.receiver, t.receiverToken, t.tpftId, t.tpftAmount, t.financialValue
                )
            );
        }
        _emitForward(t, tpftData, _status(settled));
    }

    /// @dev Stores a new repo with `operationId` between two wallets that have none with it: as the id's
    /// first repo, or as a further one kept by its seller and found from its buyer.
    function _storeRepo(uint256 operationId, Repo memory repo) private {
        if (_repos[operationId].state == RepoState.None) {
            _repos[operationId] = repo;
            return;
        }
        _laterRepos[operationId][repo.sender] = repo;
        _laterRepoSender[operationId][repo.receiver] = repo.sender;
        ++_laterRepoCount[operationId];
    }

    function _emitForward(RepoTerms memory t, ITPFt.TPFtData calldata tpftData, string memory status) private {
        if (t.kind == RepoKind.Cnpj8) {
            emit RepoOperationTradeForwardCNPJ8Event(
                t.operationId,
                t.cnpj8Sender,
                t.cnpj8Receiver,
                t.sender,
                t.receiver,
                tpftData,
                t.tpftAmount,
                t.unitPrice,
                t.financialValue,
                t.returnUnitPrice,
                t.returnFinancialValue,
                status,
                t.returnDate,
                block.timestamp
            );
        } else if (t.kind == RepoKind.Wallet) {
            emit RepoOperationTradeForwardEvent(
                t.operationId,
                t.sender,
                t.receiver,
                tpftData,
                t.tpftAmount,
                t.unitPrice,
                t.financialValue,
                t.returnUnitPrice,
                t.returnFinancialValue,
                status,
                t.returnDate,
                block.timestamp
            );
        } else {
            emit RepoOperationTradeForwardParticipantClientEvent(
                t.operationId,
                t.sender,
                IRealTokenizado(t.senderToken),
                t.receiver,
                IRealTokenizado(t.receiverToken),
                tpftData,
                t.tpftAmount,
                t.unitPrice,
                t.financialValue,
                t.returnUnitPrice,
                t.returnFinancialValue,
                status,
                t.returnDate,
                block.timestamp
            );
        }
    }
}
