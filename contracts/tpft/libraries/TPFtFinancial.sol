// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title TPFtFinancial
/// @notice The settlement arithmetic of TPFt operations and their calendar: the financial value of a
/// quantity at a unit price, and the Brasília calendar date of a timestamp.
/// @dev Internal functions only (inlined, no linking). The Python side (`drex.pricing.settlement.financial_value`)
/// applies the identical rule.
library TPFtFinancial {
    /// @notice Scale of unit prices: 8 decimals.
    uint256 internal constant UNIT_PRICE_SCALE = 1e8;

    /// @notice Brasília time offset from UTC, in seconds (UTC-3, no daylight saving since 2019).
    uint256 internal constant BRASILIA_OFFSET = 3 hours;

    /// @notice Financial value of a TPFt quantity at a unit price, in reais with 2 decimals.
    /// @dev The rule: quantity has 2 decimals, unit price has 8 decimals, so quantity × unit price has 10
    /// decimals; the result in reais (2 decimals) is that product divided by 1e8, TRUNCATED toward zero
    /// (integer division): `financialValue = quantity * unitPrice / 1e8`. Example: 1.50 bonds (150) at
    /// R$ 1,234.56789012 (123456789012) → 150 × 123456789012 / 1e8 = 185185.18… → 185185 = R$ 1,851.85.
    /// Overflow reverts (checked arithmetic).
    /// @param quantity Quantity of TPFt with 2 decimals.
    /// @param unitPrice Unit price with 8 decimals.
    /// @return Financial value in reais with 2 decimals, truncated toward zero.
    function financialValue(uint256 quantity, uint256 unitPrice) internal pure returns (uint256) {
        return (quantity * unitPrice) / UNIT_PRICE_SCALE;
    }

    /// @notice Calendar day number (days since 1970-01-01) of a timestamp in Brasília time.
    /// @param timestamp Unix timestamp.
    /// @return The day number.
    function brasiliaDay(uint256 timestamp) internal pure returns (uint256) {
        return timestamp < BRASILIA_OFFSET ? 0 : (timestamp - BRASILIA_OFFSET) / 1 days;
    }
}
