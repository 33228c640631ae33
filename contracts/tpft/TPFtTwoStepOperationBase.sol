// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtDvP} from "./interfaces/ITPFtDvP.sol";
import {ITPFtOperationId} from "./interfaces/ITPFtOperationId.sol";
import {CallerPart, ITPFtTwoStepOperation} from "./interfaces/ITPFtTwoStepOperation.sol";
import {ITPFtOperationPausable} from "./interfaces/ITPFtOperationPausable.sol";
import {IRealDigitalDefaultAccount} from "../realdigital/interfaces/IRealDigitalDefaultAccount.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtFinancial} from "./libraries/TPFtFinancial.sol";
import {TPFtParticipants} from "./libraries/TPFtParticipants.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtStatus} from "./libraries/TPFtStatus.sol";

/// @title TPFtTwoStepOperationBase
/// @notice Double-command matching shared by the TPFt operations. A pending command is keyed by its
/// operation id AND its parties (the two CNPJ8s, or the two wallets): the first command registers it (status
/// "LAN") with the hash of its terms, the part that sent it and the sending wallet. The counterpart's command
/// must carry the same terms: then the operation is marked settled ("LIQ"), its id is registered in
/// TPFtOperationId for both parties' participants, and the concrete contract settles it through TPFtDvP in
/// the same transaction; different terms are rejected with {OperationMismatch} and leave the first command
/// intact. Only the initiator may cancel, and only while pending ("CAN"). Ids are unique per participant:
/// an id settles at most once among the operations involving a given participant (its own wallets and its
/// customers) and is never reused by it; a new command naming a party whose participant already used the
/// id is refused ({ITPFtOperationId.OperationIdAlreadyUsed}), and so is its settlement.
/// @dev Abstract: concrete operations build the terms, authorize the caller and emit their events. New
/// commands stop while paused; cancellations do not.
/// Tightening (docs/security.md, "Operation ids"): the pilot reserves the id network-wide at the first
/// command, so a third party's throw-away command (then cancelled), or an operation of its own settled
/// first with the same id, made an id two others agreed on unusable. Here pending commands of other
/// parties never block an id, and a settled id is taken only for the participants of its two parties (the
/// party's CNPJ8, or, for a wallet of no participant, the wallet's own scope).
abstract contract TPFtTwoStepOperationBase is
    AccessControl,
    Pausable,
    ReentrancyGuard,
    ITPFtTwoStepOperation,
    ITPFtOperationPausable
{
    /// @notice Life cycle of an operation id in this contract.
    enum OperationStatus {
        None,
        Pending,
        Settled,
        Cancelled
    }

    /// @notice A registered command.
    /// @param termsHash keccak256 of the operation's terms.
    /// @param initiator Wallet that sent the first command.
    /// @param callerPart Part of the first command.
    /// @param status Life cycle.
    struct Command {
        bytes32 termsHash;
        address initiator;
        CallerPart callerPart;
        OperationStatus status;
    }

    /// @notice Terms of an outright operation (1002, 1052) as matched and settled.
    /// @param operationId The operation.
    /// @param cnpj8Sender Seller CNPJ8 (CNPJ8 variants).
    /// @param cnpj8Receiver Buyer CNPJ8 (CNPJ8 variants).
    /// @param sender Seller's wallet.
    /// @param senderToken Seller's Real Tokenizado (customer variants).
    /// @param receiver Buyer's wallet.
    /// @param receiverToken Buyer's Real Tokenizado (customer variants).
    /// @param tpftId The series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Unit price (8 decimals).
    /// @param financialValue Quantity × unit price in reais (2 decimals, truncated).
    struct Terms {
        uint256 operationId;
        uint256 cnpj8Sender;
        uint256 cnpj8Receiver;
        address sender;
        address senderToken;
        address receiver;
        address receiverToken;
        uint256 tpftId;
        uint256 tpftAmount;
        uint256 unitPrice;
        uint256 financialValue;
    }

    /// @notice Registry where TPFt, TPFtDvP, TPFtOperationId and the money layer are found.
    AddressDiscovery public immutable addressDiscovery;

    mapping(bytes32 commandKey => Command) private _commands;
    mapping(uint256 operationId => mapping(address initiator => bytes32 commandKey)) private _initiated;
    mapping(uint256 operationId => bytes32 commandKey) private _latest;

    /// @notice The wallet already has a command of its own pending with this operation id (with other
    /// parties); it must settle or cancel it first.
    /// @param operationId The operation.
    /// @param initiator The wallet.
    error InitiatorCommandPending(uint256 operationId, address initiator);

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE (pauses, grants roles).
    constructor(AddressDiscovery discovery_, address admin) {
        addressDiscovery = discovery_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ITPFtOperationPausable
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc ITPFtOperationPausable
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice The latest command registered or settled with an operation id in this contract (addition to
    /// the pilot ABI; several pending commands of different parties may share an id, see {getCommand}).
    /// @param operationId The operation.
    /// @return The command (status None when unknown).
    function getOperation(uint256 operationId) external view returns (Command memory) {
        return _commands[_latest[operationId]];
    }

    /// @notice The command `initiator` registered with an operation id (addition to the pilot ABI).
    /// @param operationId The operation.
    /// @param initiator The wallet that sent the first command.
    /// @return The command (status None when unknown).
    function getOperationOf(uint256 operationId, address initiator) external view returns (Command memory) {
        return _commands[_initiated[operationId][initiator]];
    }

    /// @notice The command stored under a key of {commandKey} (addition to the pilot ABI).
    /// @param key The command key.
    /// @return The command (status None when unknown).
    function getCommand(bytes32 key) external view returns (Command memory) {
        return _commands[key];
    }

    /// @notice Key of the command of an operation id between two parties: keccak256(abi.encode(operationId,
    /// byCnpj8, partySender, partyReceiver)), the parties being the seller's and buyer's CNPJ8s (`byCnpj8`) or
    /// wallets (as uint256). For a repo return (1056) they are the repo's seller and buyer wallets.
    /// @param operationId The operation.
    /// @param byCnpj8 Whether the parties are CNPJ8s.
    /// @param partySender Seller's CNPJ8 or wallet.
    /// @param partyReceiver Buyer's CNPJ8 or wallet.
    /// @return The key.
    function commandKey(uint256 operationId, bool byCnpj8, uint256 partySender, uint256 partyReceiver)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(operationId, byCnpj8, partySender, partyReceiver));
    }

    /// @dev Key of a command between two wallets.
    function _walletKey(uint256 operationId, address sender, address receiver) internal pure returns (bytes32) {
        return commandKey(operationId, false, uint256(uint160(sender)), uint256(uint160(receiver)));
    }

    /// @dev The operation-id scope of a party (see {ITPFtOperationId}): its CNPJ8 when the operation names
    /// the party by CNPJ8, else the participant its wallet belongs to (own wallet or customer), else the
    /// wallet's own scope.
    function _idScope(uint256 cnpj8, address wallet) internal view returns (uint256) {
        return cnpj8 != 0 ? cnpj8 : TPFtParticipants.idScopeOf(addressDiscovery, wallet);
    }

    /// @dev Registers or matches a command under `key` (see {commandKey}); returns true when this command
    /// settles the operation (the caller must then settle it in the same transaction). A new command is
    /// refused when either party's scope ({_idScope}) already used the id; the id is registered for both
    /// scopes only when it settles.
    function _command(
        uint256 operationId,
        bytes32 key,
        CallerPart part,
        bytes32 termsHash,
        uint256 scopeSender,
        uint256 scopeReceiver
    ) internal whenNotPaused returns (bool settles) {
        Command storage c = _commands[key];
        OperationStatus st = c.status;
        ITPFtOperationId ids = ITPFtOperationId(_lookup(TPFtRegistryNames.TPFT_OPERATION_ID));
        if (st == OperationStatus.None) {
            ids.checkUnused(operationId, scopeSender, scopeReceiver);
            address caller = _msgSender();
            bytes32 mine = _initiated[operationId][caller];
            if (mine != bytes32(0) && _commands[mine].status == OperationStatus.Pending) {
                revert InitiatorCommandPending(operationId, caller);
            }
            c.termsHash = termsHash;
            c.initiator = caller;
            c.callerPart = part;
            c.status = OperationStatus.Pending;
            _initiated[operationId][caller] = key;
            _latest[operationId] = key;
            return false;
        }
        if (st == OperationStatus.Settled) revert OperationAlreadySettled(operationId);
        if (st == OperationStatus.Cancelled) revert OperationAlreadyCancelled(operationId);
        if (c.callerPart == part) revert CommandAlreadySent(operationId, part);
        if (c.termsHash != termsHash) revert OperationMismatch(operationId);
        c.status = OperationStatus.Settled;
        if (_latest[operationId] != key) _latest[operationId] = key;
        ids.register(operationId, scopeSender, scopeReceiver);
        return true;
    }

    /// @dev Cancels the pending command the caller initiated with `operationId`.
    function _cancel(uint256 operationId) internal {
        bytes32 key = _initiated[operationId][_msgSender()];
        if (key == bytes32(0)) {
            // Not the caller's command: say what the id's latest command is, as the pilot checks the
            // status before the initiator.
            bytes32 latest = _latest[operationId];
            if (latest == bytes32(0)) revert OperationNotFound(operationId);
            OperationStatus latestStatus = _commands[latest].status;
            if (latestStatus == OperationStatus.Settled) revert OperationAlreadySettled(operationId);
            if (latestStatus == OperationStatus.Cancelled) revert OperationAlreadyCancelled(operationId);
            revert OnlyInitiatorCanCancel(operationId, _msgSender());
        }
        Command storage c = _commands[key];
        OperationStatus st = c.status;
        if (st == OperationStatus.Settled) revert OperationAlreadySettled(operationId);
        if (st == OperationStatus.Cancelled) revert OperationAlreadyCancelled(operationId);
        c.status = OperationStatus.Cancelled;
    }

    /// @dev Settles through TPFtDvP: bonds seller → buyer, value buyer → seller.
    function _settle(uint256 operationId, ITPFtDvP.Settlement memory s) internal {
        _dvp().settle(operationId, s);
    }

    /// @dev New outright terms with the series, quantity, price and value validated.
    function _newTerms(
        uint256 operationId,
        ITPFt.TPFtData calldata tpftData,
        uint256 tpftAmount,
        uint256 unitPrice
    ) internal view returns (Terms memory t) {
        t.operationId = operationId;
        t.tpftId = _tradableSeries(tpftData);
        t.tpftAmount = tpftAmount;
        t.unitPrice = unitPrice;
        t.financialValue = _value(tpftAmount, unitPrice);
    }

    /// @dev Hash of outright terms, of a variant `kind`, with `extra` (e.g. a notice number's hash). When the
    /// parties are identified by CNPJ8 the hash covers the CNPJ8s AND the wallets they resolve to at this
    /// command, so a default-wallet change between the two commands makes them mismatch instead of changing
    /// who delivers or pays (docs/security.md, finding 2).
    function _hashTerms(uint8 kind, Terms memory t, bytes32 extra) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                kind,
                t.operationId,
                t.cnpj8Sender,
                t.cnpj8Receiver,
                t.sender,
                t.senderToken,
                t.receiver,
                t.receiverToken,
                t.tpftId,
                t.tpftAmount,
                t.unitPrice,
                extra
            )
        );
    }

    /// @dev Registers or settles an outright operation: authorizes the caller for its part, checks the
    /// parties on registration (participants only when `clients` is false) and settles on a match.
    function _process(Terms memory t, CallerPart part, bytes32 termsHash, bool clients) internal returns (bool settled) {
        _authorize(part, t.sender, t.receiver);
        settled = _processAuthorized(t, part, termsHash, clients);
    }

    /// @dev As {_process} with the caller already authorized.
    function _processAuthorized(Terms memory t, CallerPart part, bytes32 termsHash, bool clients)
        internal
        returns (bool settled)
    {
        if (t.sender == t.receiver) revert SameSenderAndReceiver(t.sender);
        settled = _partiesCommand(
            t.operationId, part, termsHash, t.cnpj8Sender, t.sender, t.cnpj8Receiver, t.receiver
        );
        ITPFtDvP dvp = _dvp();
        if (settled) {
            dvp.settle(
                t.operationId,
                ITPFtDvP.Settlement(
                    t.sender, t.senderToken, t.receiver, t.receiverToken, t.tpftId, t.tpftAmount, t.financialValue
                )
            );
        } else if (clients) {
            dvp.checkParty(t.sender, t.senderToken);
            dvp.checkParty(t.receiver, t.receiverToken);
        } else {
            dvp.checkParticipant(t.sender);
            dvp.checkParticipant(t.receiver);
        }
    }

    /// @dev {_command} for an operation between two parties named by CNPJ8 (when either CNPJ8 is set; the
    /// wallets are then those resolved for them) or by wallet: the command is kept under the parties' key and
    /// the id is checked and registered for each party's scope.
    function _partiesCommand(
        uint256 operationId,
        CallerPart part,
        bytes32 termsHash,
        uint256 cnpj8Sender,
        address sender,
        uint256 cnpj8Receiver,
        address receiver
    ) internal returns (bool settled) {
        bytes32 key = (cnpj8Sender != 0 || cnpj8Receiver != 0)
            ? commandKey(operationId, true, cnpj8Sender, cnpj8Receiver)
            : _walletKey(operationId, sender, receiver);
        settled = _command(
            operationId, key, part, termsHash, _idScope(cnpj8Sender, sender), _idScope(cnpj8Receiver, receiver)
        );
    }

    /// @dev Reverts unless the caller is the wallet entitled to `part`.
    function _authorize(CallerPart part, address sender, address receiver) internal view {
        address expected = part == CallerPart.TPFtSender ? sender : receiver;
        if (_msgSender() != expected) revert UnauthorizedCaller(_msgSender(), part);
    }

    /// @dev Id of a tradable series: exists, not matured, not paused.
    function _tradableSeries(ITPFt.TPFtData calldata tpftData) internal view returns (uint256 id) {
        ITPFt tpft = _tpft();
        id = tpft.getTPFtId(tpftData);
        if (id == 0) revert OperationTPFtNotFound(0);
        _checkTradable(tpft, id, tpftData.maturityDate);
    }

    /// @dev Reverts when the series has matured or is paused.
    function _checkTradable(ITPFt tpft, uint256 id, uint256 maturityDate) internal view {
        if (block.timestamp >= maturityDate) revert OperationTPFtMatured(id, maturityDate);
        if (tpft.isTpftIdPaused(id)) revert OperationTPFtPaused(id);
    }

    /// @dev Validates quantity and price and returns the financial value.
    function _value(uint256 tpftAmount, uint256 unitPrice) internal pure returns (uint256 financialValue) {
        if (tpftAmount == 0) revert InvalidTPFtAmount(tpftAmount);
        if (unitPrice == 0) revert InvalidUnitPrice();
        financialValue = TPFtFinancial.financialValue(tpftAmount, unitPrice);
        if (financialValue == 0) revert ZeroFinancialValue();
    }

    /// @dev Default wallet of a participant.
    function _defaultAccount(uint256 cnpj8) internal view returns (address wallet) {
        address registry = _lookup(TPFtRegistryNames.DEFAULT_ACCOUNT);
        if (registry != address(0)) wallet = IRealDigitalDefaultAccount(registry).defaultAccount(cnpj8);
        if (wallet == address(0)) revert DefaultAccountNotFound(cnpj8);
    }

    /// @dev "LIQ" when settled, "LAN" when registered.
    function _status(bool settled) internal pure returns (string memory) {
        return settled ? TPFtStatus.SETTLED : TPFtStatus.REGISTERED;
    }

    function _tpft() internal view returns (ITPFt) {
        return ITPFt(_lookup(TPFtRegistryNames.TPFT));
    }

    function _dvp() internal view returns (ITPFtDvP) {
        return ITPFtDvP(_lookup(TPFtRegistryNames.TPFT_DVP));
    }

    function _lookup(bytes32 key) internal view returns (address) {
        return TPFtRegistryNames.lookup(addressDiscovery, key);
    }
}
