// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";

import {IShieldedPoolRegistry} from "./interfaces/IShieldedPoolRegistry.sol";
import {ShieldedValues} from "./libraries/ShieldedValues.sol";

/// @title ShieldedPoolRegistry
/// @notice The supervision half of a shielded pool: registered owners, the allow list, the regulator key
/// and the `paramsHash` values proofs may use (docs/privacy.md).
/// @dev The epoch rule: each accepted `paramsHash` is stored with the epoch it was accepted in, and a proof's
/// `paramsHash` is accepted while its epoch is the current one. Appending to the allow list adds the new
/// root's hash to the current epoch (older roots stay valid: proofs in flight survive a registration);
/// removing a leaf or setting a new regulator key starts a new epoch (every older root stops at once, so a
/// frozen owner cannot spend from the next transaction on). Epoch 0 means no regulator key: nothing is
/// accepted. The DEFAULT_ADMIN_ROLE (BCB) freezes, unfreezes, sets the regulator key and pauses.
abstract contract ShieldedPoolRegistry is AccessControl, Pausable, IShieldedPoolRegistry {
    using InternalLeanIMT for LeanIMTData;

    /// @dev The allow list: a LeanIMT of `Poseidon(ownerId, ownerNo)`.
    LeanIMTData internal _allowList;

    /// @dev Registered owners by wallet.
    mapping(address wallet => Owner) internal _owners;

    /// @dev The wallet of each registered owner id.
    mapping(uint256 ownerId => address) private _walletOf;

    /// @dev The epoch each accepted parameters hash was accepted in.
    mapping(uint256 paramsHash => uint256 epoch) private _paramsEpoch;

    /// @dev The last owner number given.
    uint32 private _ownerCount;

    /// @dev The current epoch (0 until a regulator key is set).
    uint64 private _epoch;

    /// @dev The regulator key and `Poseidon(x, y)`.
    uint256 private _keyX;
    uint256 private _keyY;
    uint256 private _keyHash;

    /// @param admin DEFAULT_ADMIN_ROLE (BCB): freezes owners, sets the regulator key, pauses.
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function register(uint256 ownerId, bytes32 noteKey) external {
        address wallet = _msgSender();
        if (!_isEnabledOnToken(wallet)) revert WalletNotEnabled(wallet);
        Owner storage owner = _owners[wallet];
        if (owner.ownerId != 0) revert WalletAlreadyRegistered(wallet, owner.ownerId);
        if (ownerId == 0 || noteKey == bytes32(0)) revert InvalidRegistration(ownerId, noteKey);
        _checkField(ownerId);
        address holder = _walletOf[ownerId];
        if (holder != address(0)) revert OwnerIdTaken(ownerId, holder);
        uint32 ownerNo = ++_ownerCount;
        owner.ownerId = ownerId;
        owner.noteKey = noteKey;
        owner.ownerNo = ownerNo;
        _walletOf[ownerId] = wallet;
        emit OwnerRegistered(wallet, ownerId, ownerNo, noteKey);
        _list(wallet, owner);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function freeze(address wallet, uint256[] calldata siblings) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Owner storage owner = _registered(wallet);
        if (owner.frozen) revert OwnerIsFrozen(wallet);
        owner.frozen = true;
        emit OwnerFrozen(wallet);
        if (owner.listed) _unlist(wallet, owner, siblings);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function unfreeze(address wallet) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Owner storage owner = _registered(wallet);
        if (!owner.frozen) revert OwnerNotFrozen(wallet);
        owner.frozen = false;
        emit OwnerUnfrozen(wallet);
        if (_isEnabledOnToken(wallet)) _list(wallet, owner);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function revokeDisabled(address wallet, uint256[] calldata siblings) external {
        Owner storage owner = _registered(wallet);
        if (!owner.listed) revert OwnerNotListed(wallet);
        if (_isEnabledOnToken(wallet)) revert WalletStillEnabled(wallet);
        emit OwnerRevoked(wallet, _msgSender());
        _unlist(wallet, owner, siblings);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function reinstate(address wallet) external {
        Owner storage owner = _registered(wallet);
        if (owner.listed) revert OwnerAlreadyListed(wallet);
        if (owner.frozen) revert OwnerIsFrozen(wallet);
        if (!_isEnabledOnToken(wallet)) revert WalletNotEnabled(wallet);
        emit OwnerReinstated(wallet);
        _list(wallet, owner);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function setRegulatorKey(uint256 x, uint256 y) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!ShieldedValues.isRegulatorKey(x, y)) revert InvalidRegulatorKey(x, y);
        _keyX = x;
        _keyY = y;
        _keyHash = PoseidonT3.hash([x, y]);
        emit RegulatorKeySet(x, y);
        _acceptParams(_allowList._root(), true);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function ownerOf(address wallet) external view returns (Owner memory) {
        return _owners[wallet];
    }

    /// @inheritdoc IShieldedPoolRegistry
    function walletOfOwner(uint256 ownerId) external view returns (address) {
        return _walletOf[ownerId];
    }

    /// @inheritdoc IShieldedPoolRegistry
    function ownerCount() external view returns (uint256) {
        return _ownerCount;
    }

    /// @inheritdoc IShieldedPoolRegistry
    function allowRoot() external view returns (uint256) {
        return _allowList._root();
    }

    /// @inheritdoc IShieldedPoolRegistry
    function allowListSize() external view returns (uint256) {
        return _allowList.size;
    }

    /// @inheritdoc IShieldedPoolRegistry
    function regulatorKey() external view returns (uint256 x, uint256 y) {
        return (_keyX, _keyY);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function currentParamsHash() external view returns (uint256) {
        if (_epoch == 0) revert InvalidRegulatorKey(0, 0);
        return PoseidonT3.hash([_allowList._root(), _keyHash]);
    }

    /// @inheritdoc IShieldedPoolRegistry
    function isValidParams(uint256 paramsHash) public view returns (bool) {
        uint256 epoch = _epoch;
        return epoch != 0 && _paramsEpoch[paramsHash] == epoch;
    }

    /// @dev Whether the token (Real Digital or TPFt) enables `wallet`.
    /// @param wallet The wallet.
    /// @return True when enabled.
    function _isEnabledOnToken(address wallet) internal view virtual returns (bool);

    /// @dev Reverts {NotAFieldElement} unless `value` is below the field's prime.
    /// @param value The value.
    function _checkField(uint256 value) internal pure {
        if (value >= ShieldedValues.P) revert NotAFieldElement(value);
    }

    /// @dev The owner of a registered wallet, else {WalletNotRegistered}.
    function _registered(address wallet) private view returns (Owner storage owner) {
        owner = _owners[wallet];
        if (owner.ownerId == 0) revert WalletNotRegistered(wallet);
    }

    /// @dev Appends the owner's leaf to the allow list; its new root's parameters join the current epoch.
    function _list(address wallet, Owner storage owner) private {
        uint256 index = _allowList.size;
        if (index >= ShieldedValues.ALLOW_LIMIT) revert AllowListFull();
        uint256 leaf = PoseidonT3.hash([owner.ownerId, uint256(owner.ownerNo)]);
        uint256 root = _allowList._insert(leaf);
        owner.listed = true;
        emit AllowListChanged(wallet, index, leaf, root);
        _acceptParams(root, false);
    }

    /// @dev Sets the owner's leaf to zero; a new epoch starts with the new root's parameters.
    function _unlist(address wallet, Owner storage owner, uint256[] calldata siblings) private {
        uint256 leaf = PoseidonT3.hash([owner.ownerId, uint256(owner.ownerNo)]);
        uint256 index = _allowList._indexOf(leaf);
        uint256 root = _allowList._remove(leaf, siblings);
        owner.listed = false;
        emit AllowListChanged(wallet, index, 0, root);
        _acceptParams(root, true);
    }

    /// @dev Accepts `Poseidon(root, keyHash)`, in a new epoch when `newEpoch`; nothing while no key is set.
    function _acceptParams(uint256 root, bool newEpoch) private {
        uint256 keyHash = _keyHash;
        if (keyHash == 0) return;
        uint256 epoch = _epoch;
        if (newEpoch) {
            epoch += 1;
            _epoch = uint64(epoch);
        }
        _paramsEpoch[PoseidonT3.hash([root, keyHash])] = epoch;
    }
}
