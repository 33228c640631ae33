// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtOperationId
/// @notice Registry of TPFt operation ids, kept per participant: an operation registers its id for the
/// scope of each of its two parties, and an id is refused for an operation involving a party whose scope
/// already used it (by any operation contract: 1002, 1012, 1052, 1054 or 1056). The scope of a party is
/// its participant's CNPJ8 (a participant's own wallet, or a customer's institution), or, for a wallet that
/// belongs to no participant, {walletScope} of the wallet.
/// @dev Plays the part of the pilot's `TPFtOperationId`.
/// Tightening (docs/security.md, "Operation ids"): the pilot makes an id unique on the whole network, so a
/// participant could make an id two others agreed on unusable by settling an operation of its own with it
/// first (a self-trade costs nothing). Here an id is unique per participant: each institution still never
/// sees one id used twice in its operations (matching and reconciliation), and no one else can spend it.
interface ITPFtOperationId {
    /// @notice The id was already used by an operation involving a party of this scope.
    /// @param operationId The id.
    /// @param scope The party's scope (its participant's CNPJ8, or {walletScope} of its wallet).
    /// @param usedBy The operation contract that registered it for that scope.
    error OperationIdAlreadyUsed(uint256 operationId, uint256 scope, address usedBy);

    /// @notice The id zero is not a valid operation id.
    error InvalidOperationId();

    /// @notice A scope of zero was given.
    /// @param operationId The id.
    error InvalidOperationIdScope(uint256 operationId);

    /// @notice Emitted when an id is registered.
    /// @param operationId The id.
    /// @param operation The contract that registered it.
    /// @param scopeSender The scope of the operation's sending party (seller, payer, holder).
    /// @param scopeReceiver The scope of the other party (equal to `scopeSender` when both belong to one
    /// participant).
    event OperationIdRegistered(
        uint256 indexed operationId, address indexed operation, uint256 scopeSender, uint256 scopeReceiver
    );

    /// @notice Role of the operation contracts allowed to register ids.
    /// @return The role identifier.
    function OPERATION_ROLE() external view returns (bytes32);

    /// @notice The bit set in the scope of a wallet that belongs to no participant ({walletScope}); a CNPJ8
    /// never has it.
    /// @return 2**160.
    function WALLET_SCOPE_FLAG() external view returns (uint256);

    /// @notice Registers an id for the calling operation contract, for both parties' scopes (once when they
    /// are equal). Only OPERATION_ROLE.
    /// @dev Reverts {OperationIdAlreadyUsed} when either scope already used the id, {InvalidOperationId} for
    /// id zero, {InvalidOperationIdScope} for a zero scope.
    /// @param operationId The id.
    /// @param scopeSender The scope of the sending party.
    /// @param scopeReceiver The scope of the other party.
    function register(uint256 operationId, uint256 scopeSender, uint256 scopeReceiver) external;

    /// @notice Reverts as {register} would, without registering: the check an operation makes when a new
    /// command arrives.
    /// @param operationId The id.
    /// @param scopeSender The scope of the sending party.
    /// @param scopeReceiver The scope of the other party.
    function checkUnused(uint256 operationId, uint256 scopeSender, uint256 scopeReceiver) external view;

    /// @notice The operation contract that registered an id for a scope.
    /// @param operationId The id.
    /// @param scope A participant's CNPJ8, or {walletScope} of a wallet that belongs to no participant.
    /// @return The contract, or zero when that scope has not used the id.
    function usedBy(uint256 operationId, uint256 scope) external view returns (address);

    /// @notice The scope of a wallet that belongs to no participant: `WALLET_SCOPE_FLAG | uint160(wallet)`.
    /// @param wallet The wallet.
    /// @return The scope.
    function walletScope(address wallet) external pure returns (uint256);
}
