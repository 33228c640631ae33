// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {IRealDigitalDefaultAccount} from "./interfaces/IRealDigitalDefaultAccount.sol";

/// @title RealDigitalDefaultAccount
/// @notice Registry of each participant's default Real Digital wallet by CNPJ8: the authority registers the
/// first one, then the participant replaces it from its current default wallet.
/// @dev ABI-compatible with the pilot's `RealDigitalDefaultAccount`. Wallets must be enabled on Real Digital.
contract RealDigitalDefaultAccount is AccessControl, IRealDigitalDefaultAccount {
    /// @inheritdoc IRealDigitalDefaultAccount
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    /// @notice The Real Digital token, used to check participants.
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
    function addDefaultAccount(uint256 cnpj8, address wallet) external onlyRole(ACCESS_ROLE) {
        if (cnpj8 == 0) revert InvalidCnpj8();
        address current = defaultAccount[cnpj8];
        if (current != address(0)) revert DefaultAccountAlreadySet(cnpj8, current);
        if (!CBDC.verifyAccount(wallet)) revert WalletNotEnabled(wallet);
        defaultAccount[cnpj8] = wallet;
        emit DefaultAccountUpdated(cnpj8, address(0), wallet);
    }

    /// @inheritdoc IRealDigitalDefaultAccount
    function updateDefaultWallet(uint256 cnpj8, address newWallet) external {
        address current = defaultAccount[cnpj8];
        if (current == address(0) || msg.sender != current) revert NotDefaultAccount(cnpj8, msg.sender);
        if (!CBDC.verifyAccount(msg.sender)) revert WalletNotEnabled(msg.sender);
        if (!CBDC.verifyAccount(newWallet)) revert WalletNotEnabled(newWallet);
        defaultAccount[cnpj8] = newWallet;
        emit DefaultAccountUpdated(cnpj8, current, newWallet);
    }
}
