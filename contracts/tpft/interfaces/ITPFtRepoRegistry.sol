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
    /// @param sender The repo's seller (several repos of different wallets may share an operation id).
    /// @param receiver The repo's buyer.
    event RepoReturned(
        uint256 indexed operationId, uint256 indexed returnOperationId, address sender, address receiver
    );

    /// @notice Emitted with the pilot's `RepoOperationDefaultEvent`, naming the repo's parties (several
    /// repos of different wallets may share an operation id).
    /// @param operationId The repo.
    /// @param sender The repo's seller.
    /// @param receiver The repo's buyer.
    event RepoDefaulted(uint256 indexed operationId, address indexed sender, address indexed receiver);

    /// @notice The first repo settled with an operation id. Repos are kept per operation id and party, so
    /// several repos of different wallets may share an id: read a party's with {getRepoOf}.
    /// @param operationId The repo.
    /// @return The repo (state None when no repo has this id).
    function getRepo(uint256 operationId) external view returns (Repo memory);

    /// @notice The repo with an operation id that `party` is the seller or the buyer of (a wallet has at
    /// most one repo per id).
    /// @param operationId The repo.
    /// @param party The seller's or the buyer's wallet.
    /// @return The repo (state None when the party has no repo with this id).
    function getRepoOf(uint256 operationId, address party) external view returns (Repo memory);

    /// @notice How many repos settled with an operation id (of different wallets).
    /// @param operationId The id.
    /// @return The number of repos.
    function repoCount(uint256 operationId) external view returns (uint256);

    /// @notice Marks an active repo as returned. Only RETURN_ROLE (TPFtOperation1056).
    /// @param operationId The repo.
    /// @param party The seller's or the buyer's wallet (the caller of the return).
    /// @param returnOperationId The return operation that settled it.
    function closeRepo(uint256 operationId, address party, uint256 returnOperationId) external;

    /// @notice Declares in default the active repo with `operationId` that `party` is a party of, once its
    /// return date has passed (BCB). The pilot's `setDefault(operationId, reason)` does the same when the
    /// id names a single repo.
    /// @param operationId The repo.
    /// @param party The seller's or the buyer's wallet.
    /// @param reason Why.
    function setDefault(uint256 operationId, address party, string calldata reason) external;
}
