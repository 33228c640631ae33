// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFtOperationPausable
/// @notice Pause switch of the TPFt operation contracts, held by the holder of DEFAULT_ADMIN_ROLE (BCB):
/// while paused no new command is accepted.
/// @dev Part of the pilot's operation ABIs (`pause`, `unpause`).
interface ITPFtOperationPausable {
    /// @notice Pauses new commands. Only DEFAULT_ADMIN_ROLE.
    function pause() external;

    /// @notice Resumes commands. Only DEFAULT_ADMIN_ROLE.
    function unpause() external;
}
