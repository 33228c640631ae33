// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IParticipantWallets} from "./interfaces/IParticipantWallets.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealDigitalEnableAccount} from "./interfaces/IRealDigitalEnableAccount.sol";

/// @title RealDigitalEnableAccount
/// @notice Lets a participant enable further wallets of its own on Real Digital, and lets a wallet disable
/// itself.
/// @dev ABI-compatible with the pilot's `RealDigitalEnableAccount`. Needs REGISTRAR_ROLE on Real Digital
/// (`registerParticipantWallet`, `disableOwnWallet`); it holds no ACCESS_ROLE, so it can neither lift the
/// central bank's disable nor enable a wallet for anyone but the caller's own participant.
contract RealDigitalEnableAccount is IRealDigitalEnableAccount {
    /// @notice The Real Digital token, which holds the enabled wallets and their participants.
    IRealDigital public immutable CBDC;

    /// @param accessControlAddress The Real Digital token.
    constructor(address accessControlAddress) {
        CBDC = IRealDigital(accessControlAddress);
    }

    /// @dev Reverts unless the caller is enabled on Real Digital.
    modifier onlyEnabled() {
        if (!CBDC.verifyAccount(msg.sender)) revert NotParticipant(msg.sender);
        _;
    }

    /// @inheritdoc IRealDigitalEnableAccount
    /// @dev Tightening (docs/security.md): the pilot lets any enabled wallet enable any wallet; here the caller
    /// must be an enabled wallet bound to a participant ({NotParticipant}), and `member` becomes (or already
    /// is) a wallet of that same participant: a wallet of another participant reverts
    /// `WalletOfAnotherParticipant`, a wallet the central bank disabled reverts `AccountDisabledByAuthority`
    /// (only the central bank re-enables it).
    function enableAccount(address member) external onlyEnabled {
        IParticipantWallets registry = IParticipantWallets(address(CBDC));
        uint256 cnpj8 = registry.participantOf(msg.sender);
        if (cnpj8 == 0) revert NotParticipant(msg.sender);
        registry.registerParticipantWallet(member, cnpj8, true);
    }

    /// @inheritdoc IRealDigitalEnableAccount
    /// @dev The disable is the wallet's own (not sticky): its participant may enable it again.
    function disableAccount() external onlyEnabled {
        IParticipantWallets(address(CBDC)).disableOwnWallet(msg.sender);
    }
}
