// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IAuthorityHolds} from "./interfaces/IAuthorityHolds.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";

/// @title CBDCAccessControl
/// @notice Access-control layer of Real Digital and Real Tokenizado: the roles of the token and the set of
/// wallets enabled (authorized) to hold, send and receive it.
/// @dev As the pilot's `CBDCAccessControl`. The authority receives every operational role; the admin holds
/// DEFAULT_ADMIN_ROLE and may grant or revoke roles, including replacing the authority.
/// Tightening (docs/security.md): the admin (the central bank) may also enable and disable wallets, and a
/// wallet the admin disabled stays disabled until the admin enables it again ({IAuthorityHolds}); an
/// ACCESS_ROLE holder that is not admin (a bank on its own Real Tokenizado, RealDigitalEnableAccount) cannot
/// lift it.
abstract contract CBDCAccessControl is AccessControl, IRealDigital, IAuthorityHolds {
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

    /// @dev The admin's hold on a wallet: disabled by the admin (sticky), and the part of the frozen balance
    /// only the admin may release. Kept apart from {WalletState}: transfers never read it.
    struct AuthorityHold {
        bool disabled;
        uint248 frozen;
    }

    /// @dev Wallet state by address; read through {authorizedAccounts} and `frozenBalanceOf`.
    mapping(address => WalletState) internal _wallets;

    /// @dev The admin's holds by wallet; read through {authorityHoldOf}.
    mapping(address => AuthorityHold) internal _holds;

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
    /// @dev ACCESS_ROLE or the admin. A wallet the admin disabled can only be enabled again by the admin.
    function enableAccount(address member) public virtual {
        _enableAccount(member, _checkAccessOrAdmin());
    }

    /// @inheritdoc IRealDigital
    /// @dev ACCESS_ROLE or the admin. When the admin disables, the disable is sticky ({IAuthorityHolds}).
    function disableAccount(address member) public virtual {
        _disableAccount(member, _checkAccessOrAdmin());
    }

    /// @inheritdoc IAuthorityHolds
    function authorityHoldOf(address account) public view virtual returns (bool disabled, uint256 frozen) {
        AuthorityHold memory hold = _holds[account];
        return (hold.disabled, hold.frozen);
    }

    /// @dev Enables `member`; `byAdmin` lifts the admin's disable, otherwise that disable makes it revert.
    function _enableAccount(address member, bool byAdmin) internal virtual {
        if (member == address(0)) revert InvalidAccount(member);
        AuthorityHold memory hold = _holds[member];
        if (hold.disabled) {
            if (!byAdmin) revert AccountDisabledByAuthority(member);
            _setHold(member, false, hold.frozen);
        }
        _wallets[member].authorized = true;
        emit EnabledAccount(member);
    }

    /// @dev Disables `member`; when `byAdmin` the disable is sticky.
    function _disableAccount(address member, bool byAdmin) internal virtual {
        if (member == address(0)) revert InvalidAccount(member);
        if (byAdmin) {
            AuthorityHold memory hold = _holds[member];
            if (!hold.disabled) _setHold(member, true, hold.frozen);
        }
        _wallets[member].authorized = false;
        emit DisabledAccount(member);
    }

    /// @dev Records the admin's hold on `account` and emits {AuthorityHoldChanged}; the one place that does
    /// (a single use of the event's topic keeps the optimizer from moving it into a data section).
    function _setHold(address account, bool disabled, uint248 frozen) internal {
        _holds[account] = AuthorityHold(disabled, frozen);
        emit AuthorityHoldChanged(account, disabled, frozen);
    }

    /// @dev Reverts unless the caller holds `role` or is the admin; returns whether it is the admin.
    function _checkRoleOrAdmin(bytes32 role) internal view returns (bool byAdmin) {
        address caller = _msgSender();
        byAdmin = hasRole(DEFAULT_ADMIN_ROLE, caller);
        if (!byAdmin && !hasRole(role, caller)) revert AccessControlUnauthorizedAccount(caller, role);
    }

    /// @dev {_checkRoleOrAdmin} for ACCESS_ROLE.
    function _checkAccessOrAdmin() internal view returns (bool byAdmin) {
        return _checkRoleOrAdmin(ACCESS_ROLE);
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
