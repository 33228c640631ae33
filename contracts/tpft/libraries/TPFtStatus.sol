// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title TPFtStatus
/// @notice Status codes of TPFt operations as reported in their events, after Selic's: "LAN" (lançada,
/// registered by one party and waiting for the counterpart), "LIQ" (liquidada, settled by delivery versus
/// payment) and "CAN" (cancelada by the initiator).
/// @dev Operations settle atomically when the matching command arrives, so the intermediate "CON"
/// (confirmed, waiting for settlement) never persists on-chain.
library TPFtStatus {
    /// @notice Registered by one party.
    string internal constant REGISTERED = "LAN";
    /// @notice Settled.
    string internal constant SETTLED = "LIQ";
    /// @notice Cancelled.
    string internal constant CANCELLED = "CAN";
}
