// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IKeyDictionary
/// @notice Interface of the pilot's simulated DICT: customer data of each institution indexed by a key that
/// is the keccak256 hash of the customer's identifier, with key portability between institutions.
/// @dev ABI-compatible with the pilot's `KeyDictionary`. Callers must be wallets enabled on Real Digital.
interface IKeyDictionary {
    /// @notice Data of a customer.
    /// @param taxId The customer's CPF.
    /// @param cnpj8 CNPJ8 of the customer's institution.
    /// @param bankNumber Code of the customer's institution.
    /// @param account The customer's account number.
    /// @param branch The customer's branch.
    /// @param wallet The customer's wallet.
    /// @param registered Whether the key is registered.
    /// @param owner Wallet of the institution that registered the customer.
    struct CustomerData {
        uint256 taxId;
        uint256 cnpj8;
        uint256 bankNumber;
        uint256 account;
        uint256 branch;
        address wallet;
        bool registered;
        address owner;
    }

    /// @notice The caller is not a wallet enabled on Real Digital and bound to a participant.
    /// @param account The caller.
    error NotParticipant(address account);

    /// @notice The record names another institution than the caller's: an institution registers, updates and
    /// requests keys only for its own customers.
    /// @param cnpj8 The CNPJ8 in the record.
    /// @param callerCnpj8 The caller's participant (`RealDigital.participantOf`).
    error NotOwnCustomer(uint256 cnpj8, uint256 callerCnpj8);

    /// @notice The wallet is a participant's own wallet (bound in `RealDigital.participantOf`) and cannot be
    /// registered as a customer's.
    /// @param wallet The wallet.
    /// @param cnpj8 The participant it belongs to.
    error WalletIsParticipant(address wallet, uint256 cnpj8);

    /// @notice The key is the zero hash.
    error InvalidKey();

    /// @notice The wallet is the zero address.
    error InvalidWallet();

    /// @notice The key is already registered.
    /// @param key The key.
    error KeyAlreadyRegistered(bytes32 key);

    /// @notice No customer is registered under the key.
    /// @param key The key.
    error KeyNotFound(bytes32 key);

    /// @notice No key is registered for the wallet.
    /// @param wallet The wallet.
    error WalletNotFound(address wallet);

    /// @notice The wallet is already linked to another key.
    /// @param wallet The wallet.
    /// @param key The key the wallet is linked to.
    error WalletAlreadyRegistered(address wallet, bytes32 key);

    /// @notice The caller is not the institution that owns the key.
    /// @param key The key.
    /// @param caller The caller.
    error NotKeyOwner(bytes32 key, address caller);

    /// @notice The caller already owns the key it requests.
    /// @param key The key.
    error KeyAlreadyOwned(bytes32 key);

    /// @notice No key portability proposal has this id.
    /// @param proposalId The id.
    error ProposalNotFound(uint256 proposalId);

    /// @notice The proposal is for another key.
    /// @param proposalId The id.
    /// @param key The key given.
    error ProposalKeyMismatch(uint256 proposalId, bytes32 key);

    /// @notice The proposal was already authorized.
    /// @param proposalId The id.
    error ProposalAlreadyAuthorized(uint256 proposalId);

    /// @notice Emitted when an institution requests a key owned by another one.
    /// @param owner The key's current owner.
    /// @param proposalId Id of the proposal.
    /// @param key The key.
    event KeyRequested(address owner, uint256 proposalId, bytes32 key);

    /// @notice Emitted when a customer's data is registered or replaced (addAccount, updateData, authorizeKey).
    /// @param key The key.
    /// @param owner The institution wallet that now owns the key.
    /// @param wallet The customer's wallet.
    event CustomerDataUpdated(bytes32 indexed key, address indexed owner, address wallet);

    /// @notice Registers a customer under `key`. Only enabled participants.
    /// @param key keccak256 of the customer's identifier.
    /// @param _taxId The customer's CPF.
    /// @param _bankNumber The institution's code.
    /// @param _account The customer's account.
    /// @param _branch The customer's branch.
    /// @param _wallet The customer's wallet.
    /// @param _cnpj8 The institution's CNPJ8.
    function addAccount(
        bytes32 key,
        uint256 _taxId,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet,
        uint256 _cnpj8
    ) external;

    /// @notice Wallet of the customer registered under `key`.
    /// @param key The key.
    /// @return The wallet, or the zero address when the key is unknown (as in the pilot).
    function getWallet(bytes32 key) external view returns (address);

    /// @notice Key of the customer that owns `wallet`.
    /// @param wallet The wallet.
    /// @return The key, or zero when the wallet has none (as in the pilot).
    function getKey(address wallet) external view returns (bytes32);

    /// @notice All data of the customer registered under `key`.
    /// @param key The key.
    /// @return The customer's data, or an empty record (registered false) when the key is unknown.
    function getCustomerData(bytes32 key) external view returns (CustomerData memory);

    /// @notice Replaces the data of the customer under `key`. Only the institution that owns the key.
    /// @param key The key.
    /// @param _taxId The CPF.
    /// @param _cnpj8 The institution's CNPJ8.
    /// @param _bankNumber The institution's code.
    /// @param _account The account.
    /// @param _branch The branch.
    /// @param _wallet The wallet.
    function updateData(
        bytes32 key,
        uint256 _taxId,
        uint256 _cnpj8,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet
    ) external;

    /// @notice Requests a key owned by another institution (portability), emitting {KeyRequested}.
    /// @param key The key.
    /// @param _taxId The requesting customer's CPF.
    /// @param _cnpj8 The requesting institution's CNPJ8.
    /// @param _bankNumber The requesting institution's code.
    /// @param _account The customer's account at the requesting institution.
    /// @param _branch The customer's branch at the requesting institution.
    /// @param _wallet The customer's wallet at the requesting institution.
    function requestKey(
        bytes32 key,
        uint256 _taxId,
        uint256 _cnpj8,
        uint256 _bankNumber,
        uint256 _account,
        uint256 _branch,
        address _wallet
    ) external;

    /// @notice Authorizes proposal `proposalId` for `key`: the key moves to the requesting institution.
    /// Only the key's current owner.
    /// @param proposalId The proposal.
    /// @param key The key.
    function authorizeKey(uint256 proposalId, bytes32 key) external;
}
