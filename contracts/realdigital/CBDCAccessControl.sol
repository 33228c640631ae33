// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IRealDigital} from "./interfaces/IRealDigital.sol";

/// @title CBDCAccessControl
/// @notice Access-control layer of Real Digital and Real Tokenizado: the roles of the token and the set of
/// wallets enabled (authorized) to hold, send and receive it.
/// @dev As the pilot's `CBDCAccessControl`. The authority receives every operational role; the admin holds
/// DEFAULT_ADMIN_ROLE and may grant or revoke roles, including replacing the authority.
abstract contract CBDCAccessControl is AccessControl, IRealDigital {
    /// @inheritdoc IRealDigital
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @inheritdoc IRealDigital
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @inheritdoc IRealDigital
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");
    /// @inheritdoc IRealDigital
    bytes32 public constant MOVER_ROLE = keccak256("MOVER_ROLE");
    /// @inheritdoc IRealDigital
    bytes32 public constant BURNER_ROLE = keccak256("BURNER_ROLE");
    /// @inheritdoc IRealDigital
    bytes32 public constant FREEZER_ROLE = keccak256("FREEZER_ROLE");

    /// @dev What the token keeps per wallet, packed in one storage slot so that a transfer reads the payer's
    /// enabled flag and frozen amount with a single SLOAD: `authorized` (this contract) and `frozen` (the
    /// unspendable part of the balance, managed by {RealDigital}).
    struct WalletState {
        bool authorized;
        uint248 frozen;
    }

    /// @dev Wallet state by address; read through {authorizedAccounts} and `frozenBalanceOf`.
    mapping(address => WalletState) internal _wallets;

    /// @param _authority May mint, burn, move, freeze, pause and enable wallets.
    /// @param _admin Administers the roles (may replace the authority).
    constructor(address _authority, address _admin) {
        if (_authority == address(0)) revert InvalidAccount(_authority);
        if (_admin == address(0)) revert InvalidAccount(_admin);
        _grantRole(DEFAULT_ADMIN_ROLE, _admin);
        _grantRole(ACCESS_ROLE, _authority);
        _grantRole(MINTER_ROLE, _authority);
        _grantRole(BURNER_ROLE, _authority);
        _grantRole(MOVER_ROLE, _authority);
        _grantRole(PAUSER_ROLE, _authority);
        _grantRole(FREEZER_ROLE, _authority);
    }

    /// @inheritdoc IRealDigital
    function enableAccount(address member) public virtual onlyRole(ACCESS_ROLE) {
        if (member == address(0)) revert InvalidAccount(member);
        _wallets[member].authorized = true;
        emit EnabledAccount(member);
    }

    /// @inheritdoc IRealDigital
    function disableAccount(address member) public virtual onlyRole(ACCESS_ROLE) {
        if (member == address(0)) revert InvalidAccount(member);
        _wallets[member].authorized = false;
        emit DisabledAccount(member);
    }

    /// @inheritdoc IRealDigital
    function authorizedAccounts(address account) public view virtual returns (bool) {
        return _wallets[account].authorized;
    }

    /// @inheritdoc IRealDigital
    function verifyAccount(address account) public view virtual returns (bool) {
        return _wallets[account].authorized;
    }
}
