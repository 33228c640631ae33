// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtDvP
/// @notice Delivery versus payment of TPFt: in one call, bonds go from seller to buyer and the financial
/// value goes from buyer to seller — in Real Digital between participants, in Real Tokenizado for
/// customers (burned at the payer's institution and minted at the payee's, the institutions' reserve
/// wallets settling in Real Digital). Either leg failing reverts both. Holders authorize this contract
/// once (TPFt `setApprovalForAll`, Real Digital / Real Tokenizado `approve`); only the operation contracts
/// (OPERATION_ROLE) may call `settle`.
/// @dev Plays the part of the pilot's `TPFtDvP`. A customer is a wallet registered in KeyDictionary; any
/// other wallet is a participant.
interface ITPFtDvP {
    /// @notice One delivery versus payment.
    /// @param sender Seller: delivers the bonds, receives the money.
    /// @param senderToken Seller's Real Tokenizado (required for a customer, else informative or zero).
    /// @param receiver Buyer: receives the bonds, pays the money.
    /// @param receiverToken Buyer's Real Tokenizado (required for a customer, else informative or zero).
    /// @param tpftId The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param financialValue Value in reais (2 decimals).
    struct Settlement {
        address sender;
        address senderToken;
        address receiver;
        address receiverToken;
        uint256 tpftId;
        uint256 tpftAmount;
        uint256 financialValue;
    }

    /// @notice The wallet is not enabled to hold TPFt.
    /// @param wallet The wallet.
    error AccountNotEnabledForTPFt(address wallet);

    /// @notice The wallet (participant or reserve) is not enabled on Real Digital.
    /// @param wallet The wallet.
    error AccountNotEnabledForRealDigital(address wallet);

    /// @notice The customer's wallet is not enabled on its Real Tokenizado.
    /// @param wallet The wallet.
    /// @param token The Real Tokenizado.
    error AccountNotEnabledForRealTokenizado(address wallet, address token);

    /// @notice The address is not a Real Tokenizado registered in AddressDiscovery as
    /// RealTokenizado, an at sign and the CNPJ8 with 8 digits.
    /// @param token The address given.
    error InvalidRealTokenizado(address token);

    /// @notice The Real Tokenizado given for a customer is not the one of the customer's institution.
    /// @param wallet The customer.
    /// @param token The token given.
    error CustomerTokenMismatch(address wallet, address token);

    /// @notice A Real Tokenizado's reserve wallet is not, in Real Digital, a wallet of the token's participant
    /// (`participantOf(reserve) != token.cnpj8()`): no customer leg is paid from or to it.
    /// @param token The Real Tokenizado.
    /// @param reserve Its reserve wallet.
    error ReserveNotOwnedByParticipant(address token, address reserve);

    /// @notice A payment between customers of two institutions needs SwapOneStepFrom, which is not registered
    /// in AddressDiscovery under keccak256("SwapOneStepFrom").
    error SwapOneStepFromNotRegistered();

    /// @notice The operation requires a participant but the wallet belongs to a customer.
    /// @param wallet The wallet.
    error ParticipantRequired(address wallet);

    /// @notice Emitted when a delivery versus payment settles.
    /// @param operation The operation contract that requested it.
    /// @param operationId The operation.
    /// @param sender Seller (delivered bonds, received money).
    /// @param receiver Buyer (received bonds, paid money).
    /// @param tpftId The bond series.
    /// @param tpftAmount Quantity (2 decimals).
    /// @param financialValue Value in reais (2 decimals).
    event DvPSettled(
        address indexed operation,
        uint256 indexed operationId,
        address sender,
        address receiver,
        uint256 tpftId,
        uint256 tpftAmount,
        uint256 financialValue
    );

    /// @notice Role of the operation contracts allowed to settle.
    /// @return The role identifier.
    function OPERATION_ROLE() external view returns (bytes32);

    /// @notice Settles one delivery versus payment atomically. Only OPERATION_ROLE.
    /// @dev Tightening (docs/security.md): both parties are re-checked at settlement (enabled in TPFt and on
    /// their money), and every Real Tokenizado reserve wallet a customer leg pays from or to must be its
    /// token's participant's wallet in Real Digital ({ReserveNotOwnedByParticipant}).
    /// @param operationId The operation, for the event.
    /// @param settlement Parties, series, quantity and value.
    function settle(uint256 operationId, Settlement calldata settlement) external;

    /// @notice Reverts unless `wallet` is a participant enabled in TPFt and in Real Digital.
    /// @param wallet The wallet.
    function checkParticipant(address wallet) external view;

    /// @notice Reverts unless `wallet` may settle with `token`: a customer enabled in TPFt whose
    /// institution's registered Real Tokenizado is `token` and who is enabled on it, or a participant enabled
    /// in TPFt and Real Digital (then `token`, when not zero, must be a registered Real Tokenizado).
    /// @param wallet The wallet.
    /// @param token Its Real Tokenizado.
    /// @return customer True when `wallet` is a customer.
    function checkParty(address wallet, address token) external view returns (bool customer);

    /// @notice Whether a wallet is a customer (registered in KeyDictionary).
    /// @param wallet The wallet.
    /// @return True for a customer.
    function isCustomer(address wallet) external view returns (bool);
}
