// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IKeyDictionary} from "./interfaces/IKeyDictionary.sol";
import {IParticipantWallets} from "./interfaces/IParticipantWallets.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";

/// @title KeyDictionary
/// @notice Simulation of the DICT (directory of transactional account identifiers) for Real Tokenizado
/// transfers: institutions register their (fictitious) customers under a key, the keccak256 hash of the
/// customer's identifier; a payer's institution finds the receiver's wallet with `getWallet`, a receiver's
/// institution identifies the payer with `getKey` and `getCustomerData`. A key can be ported to another
/// institution: it requests the key, the current owner authorizes.
/// @dev ABI-compatible with the pilot's `KeyDictionary`. Only wallets enabled on Real Digital and bound to a
/// participant (`RealDigital.participantOf`) may call the state-changing functions, each for its own
/// participant's customers; a participant's own wallet is never a customer's. Each wallet is linked to at
/// most one key. The reads return zero values for an unknown wallet or key, as the pilot's.
contract KeyDictionary is IKeyDictionary {
    /// @notice A key portability proposal.
    /// @param key The requested key.
    /// @param requester The requesting institution's wallet, which will own the key.
    /// @param authorized Whether the key's owner already authorized it.
    /// @param data The customer's data at the requesting institution.
    struct KeyProposal {
        bytes32 key;
        address requester;
        bool authorized;
        CustomerData data;
    }

    /// @notice The Real Digital token, used to check participants.
    IRealDigital public immutable CBDC;

    mapping(bytes32 key => CustomerData) private _customers;
    mapping(address wallet => bytes32 key) private _keyOf;
    mapping(uint256 proposalId => KeyProposal) private _proposals;
    uint256 private _nextProposalId;

    /// @param token The Real Digital token.
    constructor(IRealDigital token) {
        CBDC = token;
    }

    /// @dev Reverts unless the caller is enabled on Real Digital and bound to a participant.
    modifier onlyParticipant() {
        _callerCnpj8();
        _;
    }

    /// @inheritdoc IKeyDictionary
    /// @dev Tightening (docs/security.md): the pilot lets any enabled wallet register any wallet for any CNPJ8;
    /// here the caller must be an enabled participant wallet ({NotParticipant}), `_cnpj8` must be the caller's
    /// participant ({NotOwnCustomer}) and `_wallet` must not be a participant's own wallet
    /// ({WalletIsParticipant}): no squatting of a bank's or the Treasury's wallet as someone's customer.
    function addAccount(
        bytes32 key,
        uint256 _taxId,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet,
        uint256 _cnpj8
    ) external {
        _checkOwnCustomer(_cnpj8);
        if (key == bytes32(0)) revert InvalidKey();
        if (_customers[key].registered) revert KeyAlreadyRegistered(key);
        _store(key, CustomerData(_taxId, _cnpj8, _bankNumber, _account, _branch, _wallet, true, msg.sender));
    }

    /// @inheritdoc IKeyDictionary
    function getWallet(bytes32 key) external view returns (address) {
        return _customers[key].wallet;
    }

    /// @inheritdoc IKeyDictionary
    function getKey(address wallet) external view returns (bytes32) {
        return _keyOf[wallet];
    }

    /// @inheritdoc IKeyDictionary
    function getCustomerData(bytes32 key) external view returns (CustomerData memory) {
        return _customers[key];
    }

    /// @notice A key portability proposal.
    /// @param proposalId The proposal's id.
    /// @return The proposal: key, requester, whether authorized, and the proposed customer data.
    function getKeyProposal(uint256 proposalId) external view returns (KeyProposal memory) {
        KeyProposal storage proposal = _proposals[proposalId];
        if (proposal.requester == address(0)) revert ProposalNotFound(proposalId);
        return proposal;
    }

    /// @inheritdoc IKeyDictionary
    /// @dev Tightening (docs/security.md): as {addAccount}, `_cnpj8` must be the caller's participant
    /// ({NotOwnCustomer}) and `_wallet` no participant's own wallet ({WalletIsParticipant}).
    function updateData(
        bytes32 key,
        uint256 _taxId,
        uint256 _cnpj8,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet
    ) external {
        _checkOwnCustomer(_cnpj8);
        CustomerData storage current = _registered(key);
        if (current.owner != msg.sender) revert NotKeyOwner(key, msg.sender);
        _store(key, CustomerData(_taxId, _cnpj8, _bankNumber, _account, _branch, _wallet, true, msg.sender));
    }

    /// @inheritdoc IKeyDictionary
    /// @dev Tightening (docs/security.md): as {addAccount}, `_cnpj8` must be the caller's participant
    /// ({NotOwnCustomer}) and `_wallet` no participant's own wallet ({WalletIsParticipant}, checked again
    /// when the key's owner authorizes).
    function requestKey(
        bytes32 key,
        uint256 _taxId,
        uint256 _cnpj8,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet
    ) external {
        _checkOwnCustomer(_cnpj8);
        CustomerData storage current = _registered(key);
        address owner = current.owner;
        if (owner == msg.sender) revert KeyAlreadyOwned(key);
        _checkWallet(key, _wallet);
        uint256 proposalId = _nextProposalId++;
        KeyProposal storage proposal = _proposals[proposalId];
        proposal.key = key;
        proposal.requester = msg.sender;
        proposal.data = CustomerData(_taxId, _cnpj8, _bankNumber, _account, _branch, _wallet, true, msg.sender);
        emit KeyRequested(owner, proposalId, key);
    }

    /// @inheritdoc IKeyDictionary
    function authorizeKey(uint256 proposalId, bytes32 key) external onlyParticipant {
        KeyProposal storage proposal = _proposals[proposalId];
        if (proposal.requester == address(0)) revert ProposalNotFound(proposalId);
        if (proposal.key != key) revert ProposalKeyMismatch(proposalId, key);
        if (proposal.authorized) revert ProposalAlreadyAuthorized(proposalId);
        if (_registered(key).owner != msg.sender) revert NotKeyOwner(key, msg.sender);
        proposal.authorized = true;
        _store(key, proposal.data);
    }

    /// @dev The registered data under `key`, or revert {KeyNotFound}.
    function _registered(bytes32 key) private view returns (CustomerData storage data) {
        data = _customers[key];
        if (!data.registered) revert KeyNotFound(key);
    }

    /// @dev The caller's participant, or revert {NotParticipant} unless it is an enabled, bound wallet.
    function _callerCnpj8() private view returns (uint256 cnpj8) {
        if (!CBDC.verifyAccount(msg.sender)) revert NotParticipant(msg.sender);
        cnpj8 = IParticipantWallets(address(CBDC)).participantOf(msg.sender);
        if (cnpj8 == 0) revert NotParticipant(msg.sender);
    }

    /// @dev Reverts unless the caller is a participant wallet of `cnpj8` ({NotParticipant}, {NotOwnCustomer}).
    function _checkOwnCustomer(uint256 cnpj8) private view {
        uint256 callerCnpj8 = _callerCnpj8();
        if (cnpj8 != callerCnpj8) revert NotOwnCustomer(cnpj8, callerCnpj8);
    }

    /// @dev Reverts unless `wallet` is non-zero, no participant's own wallet, and linked to no key other than
    /// `key`.
    function _checkWallet(bytes32 key, address wallet) private view {
        if (wallet == address(0)) revert InvalidWallet();
        uint256 participant = IParticipantWallets(address(CBDC)).participantOf(wallet);
        if (participant != 0) revert WalletIsParticipant(wallet, participant);
        bytes32 linked = _keyOf[wallet];
        if (linked != bytes32(0) && linked != key) revert WalletAlreadyRegistered(wallet, linked);
    }

    /// @dev Stores `data` under `key`, relinking the wallet index.
    function _store(bytes32 key, CustomerData memory data) private {
        _checkWallet(key, data.wallet);
        address previousWallet = _customers[key].wallet;
        if (previousWallet != address(0) && previousWallet != data.wallet) delete _keyOf[previousWallet];
        _keyOf[data.wallet] = key;
        _customers[key] = data;
        emit CustomerDataUpdated(key, data.owner, data.wallet);
    }
}
