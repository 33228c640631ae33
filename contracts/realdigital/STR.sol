// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {ISTR} from "./interfaces/ISTR.sol";

/// @title STR
/// @notice Simulation of the STR (the reserve transfer system): an enabled participant wallet issues or
/// redeems Real Digital for itself. As in the pilot, no validation is made beyond the wallet being enabled.
/// @dev ABI-compatible with the pilot's `STR`. Needs MINTER_ROLE and BURNER_ROLE on Real Digital; burning uses
/// `burnFrom`, so the participant approves this contract first.
contract STR is ISTR {
    /// @notice The Real Digital token.
    IRealDigital public immutable CBDC;

    /// @param token The Real Digital token.
    constructor(IRealDigital token) {
        CBDC = token;
    }

    /// @dev Reverts unless the caller is enabled on Real Digital.
    modifier onlyParticipant() {
        if (!CBDC.verifyAccount(msg.sender)) revert NotParticipant(msg.sender);
        _;
    }

    /// @inheritdoc ISTR
    function requestToMint(uint256 amount) external onlyParticipant {
        if (amount == 0) revert ZeroAmount();
        CBDC.mint(msg.sender, amount);
    }

    /// @inheritdoc ISTR
    function requestToBurn(uint256 amount) external onlyParticipant {
        if (amount == 0) revert ZeroAmount();
        CBDC.burnFrom(msg.sender, amount);
    }
}
