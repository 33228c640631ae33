// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IParticipantWallets} from "./interfaces/IParticipantWallets.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealDigitalDefaultAccount} from "./interfaces/IRealDigitalDefaultAccount.sol";

/// @title RealDigitalDefaultAccount
/// @notice Registry of each participant's default Real Digital wallet by CNPJ8: the authority registers the
/// first one (binding it to the participant on Real Digital), then the participant replaces it from its
/// current default wallet with another wallet of its own.
/// @dev ABI-compatible with the pilot's `RealDigitalDefaultAccount`. Needs REGISTRAR_ROLE on Real Digital.
contract RealDigitalDefaultAccount is AccessControl, IRealDigitalDefaultAccount {
    /// @inheritdoc IRealDigitalDefaultAccount
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    /// @notice The Real Digital token, used to check and bind participant wallets.
    IRealDigital public immutable CBDC;

    /// @inheritdoc IRealDigitalDefaultAccount
    mapping(uint256 => address) public defaultAccount;

    /// @param token The Real Digital token.
    /// @param _authority Registers first default wallets.
    /// @param _admin Administers the roles (may replace the authority).
    constructor(IRealDigital token, address _authority, address _admin) {
        CBDC = token;
        _grantRole(DEFAULT_ADMIN_ROLE, _admin);
        _grantRole(ACCESS_ROLE, _authority);
    }

    /// @inheritdoc IRealDigitalDefaultAccount
    /// @dev As the pilot's doc, the wallet need not be enabled (the enabled check is where it is used). The
    /// wallet is bound to `cnpj8` on Real Digital (`registerParticipantWallet`, without enabling it): a
    /// wallet bound to another participant reverts `WalletOfAnotherParticipant`, a CNPJ8 above 8 digits
    /// `InvalidParticipantCnpj8`.
    function addDefaultAccount(uint256 cnpj8, address wallet) external onlyRole(ACCESS_ROLE) {
        if (cnpj8 == 0) revert InvalidCnpj8();
        address current = defaultAccount[cnpj8];
        if (current != address(0)) revert DefaultAccountAlreadySet(cnpj8, current);
        IParticipantWallets(address(CBDC)).registerParticipantWallet(wallet, cnpj8, false);
        defaultAccount[cnpj8] = wallet;
        emit DefaultAccountUpdated(cnpj8, address(0), wallet);
    }

    /// @inheritdoc IRealDigitalDefaultAccount
    /// @dev Tightening (docs/security.md): the pilot accepts any enabled wallet as the new default; here it
    /// must also be bound to `cnpj8` on Real Digital (one of the participant's own wallets, e.g. enabled
    /// through RealDigitalEnableAccount), else {WalletNotOfParticipant}: a participant cannot point its
    /// CNPJ8's payments at a wallet that gave no consent.
    function updateDefaultWallet(uint256 cnpj8, address newWallet) external {
        address current = defaultAccount[cnpj8];
        if (current == address(0) || msg.sender != current) revert NotDefaultAccount(cnpj8, msg.sender);
        if (!CBDC.verifyAccount(msg.sender)) revert WalletNotEnabled(msg.sender);
        uint256 boundTo = IParticipantWallets(address(CBDC)).participantOf(newWallet);
        if (boundTo != cnpj8) revert WalletNotOfParticipant(cnpj8, newWallet, boundTo);
        if (!CBDC.verifyAccount(newWallet)) revert WalletNotEnabled(newWallet);
        defaultAccount[cnpj8] = newWallet;
        emit DefaultAccountUpdated(cnpj8, current, newWallet);
    }
}
