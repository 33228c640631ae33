// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IKeyDictionary} from "./interfaces/IKeyDictionary.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";

/// @title KeyDictionary
/// @notice Simulation of the DICT (directory of transactional account identifiers) for Real Tokenizado
/// transfers: institutions register their (fictitious) customers under a key, the keccak256 hash of the
/// customer's identifier; a payer's institution finds the receiver's wallet with `getWallet`, a receiver's
/// institution identifies the payer with `getKey` and `getCustomerData`. A key can be ported to another
/// institution: it requests the key, the current owner authorizes.
/// @dev ABI-compatible with the pilot's `KeyDictionary`. Only wallets enabled on Real Digital may call the
/// state-changing functions. Each wallet is linked to at most one key.
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

    /// @dev Reverts unless the caller is enabled on Real Digital.
    modifier onlyParticipant() {
        if (!CBDC.verifyAccount(msg.sender)) revert NotParticipant(msg.sender);
        _;
    }

    /// @inheritdoc IKeyDictionary
    function addAccount(
        bytes32 key,
        uint256 _taxId,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet,
        uint256 _cnpj8
    ) external onlyParticipant {
        if (key == bytes32(0)) revert InvalidKey();
        if (_customers[key].registered) revert KeyAlreadyRegistered(key);
        _store(key, CustomerData(_taxId, _cnpj8, _bankNumber, _account, _branch, _wallet, true, msg.sender));
    }

    /// @inheritdoc IKeyDictionary
    function getWallet(bytes32 key) external view returns (address) {
        return _registered(key).wallet;
    }

    /// @inheritdoc IKeyDictionary
    function getKey(address wallet) external view returns (bytes32) {
        bytes32 key = _keyOf[wallet];
        if (key == bytes32(0)) revert WalletNotFound(wallet);
        return key;
    }

    /// @inheritdoc IKeyDictionary
    function getCustomerData(bytes32 key) external view returns (CustomerData memory) {
        return _registered(key);
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
    function updateData(
        bytes32 key,
        uint256 _taxId,
        uint256 _cnpj8,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet
    ) external onlyParticipant {
        CustomerData storage current = _registered(key);
        if (current.owner != msg.sender) revert NotKeyOwner(key, msg.sender);
        _store(key, CustomerData(_taxId, _cnpj8, _bankNumber, _account, _branch, _wallet, true, msg.sender));
    }

    /// @inheritdoc IKeyDictionary
    function requestKey(
        bytes32 key,
        uint256 _taxId,
        uint256 _cnpj8,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet
    ) external onlyParticipant {
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

    /// @dev Reverts unless `wallet` is non-zero and linked to no key other than `key`.
    function _checkWallet(bytes32 key, address wallet) private view {
        if (wallet == address(0)) revert InvalidWallet();
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
