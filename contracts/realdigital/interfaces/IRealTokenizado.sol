// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IRealDigital} from "./IRealDigital.sol";

/// @title IRealTokenizado
/// @notice Interface of a Real Tokenizado (tokenized bank deposit / e-money) of one institution: the Real
/// Digital interface plus the institution's identification and its Real Digital reserve wallet.
/// @dev ABI-compatible with the pilot's `RealTokenizado`. Settlement contracts move Real Digital between
/// `reserve()` wallets of the institutions involved while burning/minting the Real Tokenizado.
interface IRealTokenizado is IRealDigital {
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

    /// @notice Replaces the reserve wallet. Only the institution's authority (ACCESS_ROLE).
    /// @param newReserve The new reserve wallet.
    function updateReserve(address newReserve) external;
}
