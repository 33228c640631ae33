// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {CBDCAccessControl} from "./CBDCAccessControl.sol";
import {IAuthorityHolds} from "./interfaces/IAuthorityHolds.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {ISpenderBurn} from "./interfaces/ISpenderBurn.sol";

/// @title CBDCToken
/// @notice The token logic shared by the wholesale Real Digital and every Real Tokenizado (2 decimals): only
/// enabled wallets may hold, send or receive it; roles gate mint, burn, move, freeze and pause; the frozen
/// part of a balance can never be spent, moved or burned, and the part the admin froze can only be released
/// by the admin.
/// @dev The pilot's `RealDigital` token logic, abstract so that {RealDigital} adds the participant-wallet
/// registry and {RealTokenizado} the issuer's reserve. Every balance change goes through {_update}, which
/// enforces pause, enabled wallets and frozen balances.
abstract contract CBDCToken is ERC20, Pausable, CBDCAccessControl, ISpenderBurn {
    /// @param _name Token name.
    /// @param _symbol Token symbol.
    /// @param _authority Wallet that mints, burns, moves and freezes.
    /// @param _admin Wallet that administers the roles (the central bank).
    constructor(string memory _name, string memory _symbol, address _authority, address _admin)
        ERC20(_name, _symbol)
        CBDCAccessControl(_authority, _admin)
    {}

    /// @notice Number of decimals of the token's amounts: 2 (505 means 5,05).
    /// @return Always 2.
    function decimals() public view virtual override(ERC20, IERC20Metadata) returns (uint8) {
        return 2;
    }

    /// @inheritdoc IRealDigital
    function pause() public virtual onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IRealDigital
    function unpause() public virtual onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc IRealDigital
    function mint(address to, uint256 amount) public virtual onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc IRealDigital
    function burn(uint256 amount) public virtual {
        _checkBurner();
        _burn(_msgSender(), amount);
    }

    /// @inheritdoc IRealDigital
    function burnFrom(address account, uint256 amount) public virtual {
        _checkBurner();
        _spendAllowance(account, _msgSender(), amount);
        _burn(account, amount);
    }

    /// @inheritdoc ISpenderBurn
    function burnFromSpender(address account, address spender, uint256 amount) public virtual {
        _checkBurner();
        _spendAllowance(account, spender, amount);
        _burn(account, amount);
    }

    /// @dev Reverts unless the caller holds BURNER_ROLE. One place for the check, so the role's hash appears
    /// once in the bytecode as a plain PUSH32 (the optimizer otherwise stores a constant used many times as
    /// data after the code, which byte scanners for Cancun opcodes misread).
    function _checkBurner() internal view {
        _checkRole(BURNER_ROLE);
    }

    /// @inheritdoc IRealDigital
    function move(address from, address to, uint256 amount) public virtual onlyRole(MOVER_ROLE) {
        _transfer(from, to, amount);
    }

    /// @inheritdoc IRealDigital
    function moveAndBurn(address from, uint256 amount) public virtual onlyRole(MOVER_ROLE) {
        _burn(from, amount);
    }

    /// @inheritdoc IRealDigital
    function frozenBalanceOf(address account) public view virtual returns (uint256) {
        return _wallets[account].frozen;
    }

    /// @inheritdoc IRealDigital
    /// @dev FREEZER_ROLE or the admin; what the admin freezes is also recorded as its hold, which only the
    /// admin can release. A frozen total above 2^248 - 1 reverts with `SafeCastOverflowedUintDowncast`.
    function increaseFrozenBalance(address from, uint256 amount) public virtual {
        bool byAdmin = _checkRoleOrAdmin(FREEZER_ROLE);
        if (from == address(0)) revert InvalidAccount(from);
        uint256 frozen = uint256(_wallets[from].frozen) + amount;
        _wallets[from].frozen = SafeCast.toUint248(frozen);
        if (byAdmin) {
            AuthorityHold memory hold = _holds[from];
            _setHold(from, hold.disabled, SafeCast.toUint248(uint256(hold.frozen) + amount));
        }
        emit FrozenBalance(from, frozen);
    }

    /// @inheritdoc IRealDigital
    /// @dev FREEZER_ROLE or the admin. A caller that is not admin cannot take the frozen balance below the
    /// admin's hold ({IAuthorityHolds.FrozenByAuthority}); the admin releases its hold first.
    function decreaseFrozenBalance(address from, uint256 amount) public virtual {
        bool byAdmin = _checkRoleOrAdmin(FREEZER_ROLE);
        uint256 frozen = _wallets[from].frozen;
        if (amount > frozen) revert InsufficientFrozenBalance(from, frozen, amount);
        unchecked {
            frozen -= amount;
        }
        AuthorityHold memory hold = _holds[from];
        uint256 held = hold.frozen;
        if (byAdmin) {
            if (held != 0) _setHold(from, hold.disabled, uint248(amount >= held ? 0 : held - amount));
        } else if (frozen < held) {
            revert FrozenByAuthority(from, held, frozen);
        }
        _wallets[from].frozen = uint248(frozen);
        emit FrozenBalance(from, frozen);
    }

    /// @inheritdoc IRealDigital
    function increaseAllowance(address spender, uint256 addedValue) public virtual returns (bool) {
        address owner = _msgSender();
        _approve(owner, spender, allowance(owner, spender) + addedValue);
        return true;
    }

    /// @inheritdoc IRealDigital
    function decreaseAllowance(address spender, uint256 subtractedValue) public virtual returns (bool) {
        address owner = _msgSender();
        uint256 current = allowance(owner, spender);
        if (current < subtractedValue) revert ERC20FailedDecreaseAllowance(spender, current, subtractedValue);
        unchecked {
            _approve(owner, spender, current - subtractedValue);
        }
        return true;
    }

    /// @notice Whether the contract implements an interface (ERC165): IRealDigital, IERC20, IAccessControl,
    /// IAuthorityHolds.
    /// @param interfaceId The ERC165 interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override(AccessControl) returns (bool) {
        return interfaceId == type(IRealDigital).interfaceId || interfaceId == type(IERC20).interfaceId
            || interfaceId == type(IAuthorityHolds).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Hook of every balance change (the pilot's `_beforeTokenTransfer`): reverts when paused, when the
    /// payer or the receiver is not enabled, or when the payer's balance not frozen cannot cover `value`
    /// (an amount above the whole balance is left to ERC20's own `ERC20InsufficientBalance`).
    /// The payer's enabled flag and frozen amount share one storage slot ({WalletState}): one read for both.
    function _update(address from, address to, uint256 value) internal virtual override whenNotPaused {
        WalletState memory payer;
        if (from != address(0)) {
            payer = _wallets[from];
            if (!payer.authorized) revert AccountNotEnabled(from);
        }
        if (to != address(0) && !_wallets[to].authorized) revert AccountNotEnabled(to);
        if (from != address(0)) {
            uint256 frozen = payer.frozen;
            if (frozen != 0) {
                uint256 balance = balanceOf(from);
                if (value <= balance && balance - value < frozen) {
                    revert InsufficientUnfrozenBalance(from, balance > frozen ? balance - frozen : 0, value);
                }
            }
        }
        super._update(from, to, value);
    }
}
