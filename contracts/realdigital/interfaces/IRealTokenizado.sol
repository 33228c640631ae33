// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IRealDigital} from "./IRealDigital.sol";

/// @title IRealTokenizado
/// @notice Interface of a Real Tokenizado (tokenized bank deposit / e-money) of one institution: the Real
/// Digital interface plus the institution's identification and its Real Digital reserve wallet.
/// @dev ABI-compatible with the pilot's `RealTokenizado`. Settlement contracts move Real Digital between
/// `reserve()` wallets of the institutions involved while burning/minting the Real Tokenizado.
interface IRealTokenizado is IRealDigital {
    /// @notice `reserve` is not a Real Digital wallet of `token`'s institution (its CNPJ8 in
    /// `RealDigital.participantOf`), so it may not back `token`. Raised by `updateReserve` and by every
    /// contract that pays from or to a reserve (swaps, TPFtDvP, 1012) at the time of use.
    /// @param token The Real Tokenizado.
    /// @param reserve The reserve wallet rejected.
    error ReserveNotOwnedByParticipant(address token, address reserve);

    /// @notice `updateReserve` needs the Real Digital participant registry, which the admin has not set.
    error RealDigitalNotSet();

    /// @notice Emitted when the admin sets the Real Digital token whose participant registry checks reserves.
    /// @param realDigital The Real Digital token.
    event RealDigitalSet(address indexed realDigital);

    /// @notice Emitted when the institution's reserve wallet changes.
    /// @param previousReserve The former reserve wallet.
    /// @param newReserve The new reserve wallet.
    event ReserveUpdated(address indexed previousReserve, address indexed newReserve);

    /// @notice Name of the institution that issues this token.
    /// @return The participant's name.
    function participant() external view returns (string memory);

    /// @notice First 8 digits of the institution's CNPJ.
    /// @return The CNPJ8.
    function cnpj8() external view returns (uint256);

    /// @notice The institution's Real Digital reserve wallet, which backs this token in swaps and DvPs.
    /// @return The reserve wallet.
    function reserve() external view returns (address);

    /// @notice Replaces the reserve wallet. Only the institution's authority (ACCESS_ROLE); the new reserve
    /// must be a Real Digital wallet bound to this token's CNPJ8 ({ReserveNotOwnedByParticipant}).
    /// @param newReserve The new reserve wallet.
    function updateReserve(address newReserve) external;

    /// @notice The Real Digital token whose participant registry (`participantOf`) checks reserves.
    /// @return The Real Digital token, or zero when not set yet.
    function realDigital() external view returns (address);

    /// @notice Sets the Real Digital token whose participant registry checks reserves. Only the admin
    /// (DEFAULT_ADMIN_ROLE, the central bank).
    /// @param token The Real Digital token.
    function setRealDigital(address token) external;
}
