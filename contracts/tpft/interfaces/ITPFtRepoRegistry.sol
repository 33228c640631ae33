// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtRepoRegistry
/// @notice The repos settled by TPFtOperation1054, as read and closed by TPFtOperation1056 when their
/// return leg settles.
/// @dev Plays the part of the pilot's `TPFtRepoStorage`.
interface ITPFtRepoRegistry {
    /// @notice How the parties of a repo were identified.
    enum RepoKind {
        Cnpj8,
        Wallet,
        ParticipantClient
    }

    /// @notice Life cycle of a settled repo.
    enum RepoState {
        None,
        Active,
        Returned,
        Defaulted
    }

    /// @notice A repo whose forward leg settled.
    /// @param cnpj8Sender Seller CNPJ8 (Cnpj8 kind only).
    /// @param cnpj8Receiver Buyer CNPJ8 (Cnpj8 kind only).
    /// @param sender Seller's wallet (repurchases at return).
    /// @param senderToken Seller's Real Tokenizado (ParticipantClient kind only).
    /// @param receiver Buyer's wallet (resells at return).
    /// @param receiverToken Buyer's Real Tokenizado (ParticipantClient kind only).
    /// @param tpftId The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param unitPrice Forward unit price (8 decimals).
    /// @param returnUnitPrice Return unit price (8 decimals); 0 when open.
    /// @param returnDate Return date (Unix timestamp).
    /// @param kind How the parties were identified.
    /// @param openReturnPrice Whether the return price is agreed at return.
    /// @param state Active, Returned or Defaulted.
    struct Repo {
        uint256 cnpj8Sender;
        uint256 cnpj8Receiver;
        address sender;
        address senderToken;
        address receiver;
        address receiverToken;
        uint256 tpftId;
        uint256 tpftAmount;
        uint256 unitPrice;
        uint256 returnUnitPrice;
        uint256 returnDate;
        RepoKind kind;
        bool openReturnPrice;
        RepoState state;
    }

    /// @notice Emitted when a repo's return leg settles.
    /// @param operationId The repo.
    /// @param returnOperationId The return operation.
    event RepoReturned(uint256 indexed operationId, uint256 indexed returnOperationId);

    /// @notice A settled repo.
    /// @param operationId The repo.
    /// @return The repo (state None when it does not exist).
    function getRepo(uint256 operationId) external view returns (Repo memory);

    /// @notice Marks an active repo as returned. Only RETURN_ROLE (TPFtOperation1056).
    /// @param operationId The repo.
    /// @param returnOperationId The return operation that settled it.
    function closeRepo(uint256 operationId, uint256 returnOperationId) external;
}
