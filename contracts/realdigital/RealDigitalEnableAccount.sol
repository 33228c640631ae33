// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealDigitalEnableAccount} from "./interfaces/IRealDigitalEnableAccount.sol";

/// @title RealDigitalEnableAccount
/// @notice Lets a participant enable further wallets of its own on Real Digital (any wallet already enabled
/// may enable another), and lets a wallet disable itself.
/// @dev ABI-compatible with the pilot's `RealDigitalEnableAccount`. Needs ACCESS_ROLE on Real Digital.
contract RealDigitalEnableAccount is IRealDigitalEnableAccount {
    /// @notice The Real Digital token, which holds the enabled wallets.
    IRealDigital public immutable CBDC;

    /// @param accessControlAddress The Real Digital token.
    constructor(address accessControlAddress) {
        CBDC = IRealDigital(accessControlAddress);
    }

    /// @dev Reverts unless the caller is enabled on Real Digital.
    modifier onlyParticipant() {
        if (!CBDC.verifyAccount(msg.sender)) revert NotParticipant(msg.sender);
        _;
    }

    /// @inheritdoc IRealDigitalEnableAccount
    function enableAccount(address member) external onlyParticipant {
        CBDC.enableAccount(member);
    }

    /// @inheritdoc IRealDigitalEnableAccount
    function disableAccount() external onlyParticipant {
        CBDC.disableAccount(msg.sender);
    }
}
