// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {ERC1155Supply} from "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Supply.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ITPFt} from "./interfaces/ITPFt.sol";
import {ITPFtAccessControl} from "./interfaces/ITPFtAccessControl.sol";
import {IRealDigital} from "../realdigital/interfaces/IRealDigital.sol";
import {AddressDiscovery} from "../registry/AddressDiscovery.sol";
import {TPFtRegistryNames} from "./libraries/TPFtRegistryNames.sol";
import {TPFtParticipants} from "./libraries/TPFtParticipants.sol";

/// @title TPFt
/// @notice Tokenized federal public bonds (Títulos Públicos Federais tokenizados). Each ERC-1155 id is a
/// bond series identified by acronym, code and maturity date; quantities have 2 decimals. The Treasury
/// (STN) manages the token (creates series, mints, places directly); BCB administers roles and pauses.
/// Only enabled wallets may receive or send bonds; a series can be paused for operations, positions can be
/// partially frozen, and once a series matures it can only be burned (repaid), not minted or transferred.
/// @dev ABI-compatible with the pilot's `ITPFt`, with the access-control layer of the pilot's
/// `TPFtAccessControl`. Holders authorize TPFtDvP with `setApprovalForAll` to settle operations.
/// Tightening (docs/security.md): the pilot checks only the receiver of a transfer; here a wallet that is
/// not enabled (e.g. disabled by BCB) cannot send bonds either (`safeTransferFrom`, `safeBatchTransferFrom`,
/// direct placement, DvP: {TPFtAccountNotEnabled} with the sender); burns by repayment stay possible.
contract TPFt is ERC1155Supply, AccessControl, Pausable, ITPFt, ITPFtAccessControl {
    /// @inheritdoc ITPFtAccessControl
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @inheritdoc ITPFtAccessControl
    bytes32 public constant DIRECT_PLACEMENT_ROLE = keccak256("DIRECT_PLACEMENT_ROLE");
    /// @inheritdoc ITPFtAccessControl
    bytes32 public constant AUCTION_PLACEMENT_ROLE = keccak256("AUCTION_PLACEMENT_ROLE");
    /// @inheritdoc ITPFtAccessControl
    bytes32 public constant FREEZER_ROLE = keccak256("FREEZER_ROLE");
    /// @inheritdoc ITPFtAccessControl
    bytes32 public constant REPAYMENT_ROLE = keccak256("REPAYMENT_ROLE");

    /// @notice Registry used to find Real Digital (to recognise participants that may enable wallets).
    AddressDiscovery public immutable addressDiscovery;

    // Stored (not constant) so that `name` and `decimals` are `view`, as in the pilot's ABI.
    string private _name = "TPFt";
    uint256 private _decimals = 2;
    uint256 private _lastId;
    mapping(bytes32 dataHash => uint256) private _idByData;
    mapping(uint256 tpftId => TPFtData) private _data;
    mapping(address member => address enabler) private _enabledBy;
    mapping(address member => bool) private _disabledByAuthority;
    mapping(address account => mapping(uint256 tpftId => uint256)) private _frozen;
    mapping(address account => mapping(uint256 tpftId => bool)) private _paid;
    mapping(uint256 tpftId => bool) private _idPaused;

    /// @param discovery_ AddressDiscovery of the platform.
    /// @param admin BCB: DEFAULT_ADMIN_ROLE (grants roles, pauses, enables wallets).
    /// @param treasury STN: MINTER_ROLE and DIRECT_PLACEMENT_ROLE, enabled to hold TPFt.
    constructor(AddressDiscovery discovery_, address admin, address treasury) ERC1155("") {
        if (admin == address(0) || treasury == address(0)) revert TPFtInvalidAddress();
        addressDiscovery = discovery_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, treasury);
        _grantRole(DIRECT_PLACEMENT_ROLE, treasury);
        _enable(treasury, admin);
    }

    // ----------------------------------------------------------------------------------------------
    // Series
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ITPFt
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc ITPFt
    function decimals() external view returns (uint256) {
        return _decimals;
    }

    /// @inheritdoc ITPFt
    function getTPFtId(TPFtData calldata tpftData) public view returns (uint256) {
        return _idByData[_hash(tpftData)];
    }

    /// @inheritdoc ITPFt
    function getTPFtData(uint256 tpftId) external view returns (TPFtData memory) {
        return _data[tpftId];
    }

    /// @inheritdoc ITPFt
    function createTPFt(TPFtData calldata tpftData) external {
        _onlyMinter();
        if (bytes(tpftData.acronym).length == 0 || bytes(tpftData.code).length == 0 || tpftData.maturityDate == 0) {
            revert InvalidTPFtData();
        }
        if (tpftData.maturityDate <= block.timestamp) {
            revert TPFtMaturityInPast(tpftData.maturityDate, block.timestamp);
        }
        bytes32 h = _hash(tpftData);
        uint256 existing = _idByData[h];
        if (existing != 0) revert TPFtAlreadyExists(existing);
        uint256 id = ++_lastId;
        _idByData[h] = id;
        _data[id] = tpftData;
        emit TPFtCreated(id, tpftData.acronym, tpftData.code, tpftData.maturityDate);
    }

    /// @inheritdoc ITPFt
    function mint(address receiverAddress, uint256 tpftId, uint256 tpftAmount) external {
        _onlyMinter();
        _mintTo(receiverAddress, _existing(tpftId), tpftAmount);
    }

    /// @inheritdoc ITPFt
    function mint(address receiverAddress, TPFtData calldata tpftData, uint256 tpftAmount) external {
        _onlyMinter();
        _mintTo(receiverAddress, _idOf(tpftData), tpftAmount);
    }

    /// @inheritdoc ITPFt
    function directPlacement(address from, address to, TPFtData calldata tpftData, uint256 tpftAmount) external {
        if (!hasRole(DIRECT_PLACEMENT_ROLE, _msgSender())) revert OnlyDirectPlacementContract();
        if (from != _msgSender() && !isApprovedForAll(from, _msgSender())) {
            revert TPFtDirectPlacementNotAuthorized(from, _msgSender());
        }
        if (tpftAmount == 0) revert TPFtZeroAmount();
        uint256 id = _idOf(tpftData);
        _safeTransferFrom(from, to, id, tpftAmount, "");
        emit TPFtDirectPlacement(from, to, id, tpftAmount);
    }

    /// @inheritdoc ITPFt
    function burn(address from, uint256 tpftId, uint256 tpftAmount) external {
        _burnFrom(from, _existing(tpftId), tpftAmount);
    }

    /// @inheritdoc ITPFt
    function burn(address from, TPFtData calldata tpftData, uint256 tpftAmount) external {
        _burnFrom(from, _idOf(tpftData), tpftAmount);
    }

    /// @inheritdoc ITPFt
    function balanceOf(address wallet, uint256 tpftId) public view override(ERC1155, ITPFt) returns (uint256) {
        return super.balanceOf(wallet, tpftId);
    }

    // ----------------------------------------------------------------------------------------------
    // Frozen balances, payment status, pauses
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ITPFt
    function increaseFrozenBalance(address from, TPFtData calldata tpftData, uint256 tpftAmount)
        external
        onlyRole(FREEZER_ROLE)
    {
        if (tpftAmount == 0) revert TPFtZeroAmount();
        uint256 id = _idOf(tpftData);
        uint256 frozenAfter = _frozen[from][id] + tpftAmount;
        uint256 balance = balanceOf(from, id);
        if (frozenAfter > balance) revert TPFtFreezeExceedsBalance(from, id, balance, frozenAfter);
        _frozen[from][id] = frozenAfter;
        emit TPFtFrozenBalance(from, id, frozenAfter);
    }

    /// @inheritdoc ITPFt
    function decreaseFrozenBalance(address from, TPFtData calldata tpftData, uint256 tpftAmount)
        external
        onlyRole(FREEZER_ROLE)
    {
        if (tpftAmount == 0) revert TPFtZeroAmount();
        uint256 id = _idOf(tpftData);
        uint256 frozen = _frozen[from][id];
        if (tpftAmount > frozen) revert TPFtInsufficientFrozenBalance(from, id, frozen, tpftAmount);
        _frozen[from][id] = frozen - tpftAmount;
        emit TPFtFrozenBalance(from, id, frozen - tpftAmount);
    }

    /// @inheritdoc ITPFt
    function frozenBalanceOf(address account, uint256 tpftId) external view returns (uint256) {
        return _frozen[account][tpftId];
    }

    /// @inheritdoc ITPFt
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc ITPFt
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc ITPFt
    function setPaymentStatus(address account, uint256 tpftId, bool status) external onlyRole(REPAYMENT_ROLE) {
        _paid[account][tpftId] = status;
        emit TPFtPaymentStatusChanged(account, tpftId, status);
    }

    /// @inheritdoc ITPFt
    function getPaymentStatus(address account, uint256 tpftId) external view returns (bool) {
        return _paid[account][tpftId];
    }

    /// @inheritdoc ITPFt
    function setTpftIdToPaused(uint256 tpftId, bool status) external onlyRole(REPAYMENT_ROLE) {
        _idPaused[_existing(tpftId)] = status;
        emit TPFtIdPauseChanged(tpftId, status);
    }

    /// @inheritdoc ITPFt
    function isTpftIdPaused(uint256 tpftId) external view returns (bool) {
        return _idPaused[tpftId];
    }

    // ----------------------------------------------------------------------------------------------
    // Access control (TPFtAccessControl)
    // ----------------------------------------------------------------------------------------------

    /// @inheritdoc ITPFtAccessControl
    function allowTPFtMint(address member) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _grantRole(MINTER_ROLE, member);
    }

    /// @inheritdoc ITPFtAccessControl
    function allowDirectPlacement(address member) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _grantRole(DIRECT_PLACEMENT_ROLE, member);
    }

    /// @inheritdoc ITPFtAccessControl
    function allowAuctionPlacement(address member) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _grantRole(AUCTION_PLACEMENT_ROLE, member);
    }

    /// @inheritdoc ITPFtAccessControl
    function allowFreezingPlacement(address member) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _grantRole(FREEZER_ROLE, member);
    }

    /// @inheritdoc ITPFtAccessControl
    function enableAddress(address member) external {
        _enableChecked(member, false, 0);
    }

    /// @inheritdoc ITPFtAccessControl
    function enableAddress(uint256 cnpj8, address wallet) external {
        _enableChecked(wallet, true, cnpj8);
    }

    /// @inheritdoc ITPFtAccessControl
    function disableAddress(address member) external {
        address caller = _msgSender();
        if (hasRole(DEFAULT_ADMIN_ROLE, caller)) {
            _disabledByAuthority[member] = true;
        } else {
            uint256 c = _participantCaller(caller);
            uint256 owner = TPFtParticipants.ownerOf(addressDiscovery, member);
            if (owner != c) revert TPFtWalletNotOfParticipant(member, owner, c);
        }
        delete _enabledBy[member];
        emit TPFtAddressDisabled(member, caller);
    }

    /// @inheritdoc ITPFtAccessControl
    function isDisabledByAuthority(address member) external view returns (bool) {
        return _disabledByAuthority[member];
    }

    /// @inheritdoc ITPFt
    function isEnabledAddress(address member) public view returns (bool) {
        return _enabledBy[member] != address(0);
    }

    /// @notice ERC-165 support of ERC-1155 and AccessControl.
    /// @param interfaceId The interface.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    // ----------------------------------------------------------------------------------------------
    // Internals
    // ----------------------------------------------------------------------------------------------

    /// @dev Every balance change goes through here: global pause; recipient enabled, and the sender too for
    /// a transfer (a wallet disabled can neither receive nor send bonds; burns by repayment stay possible);
    /// series not paused
    /// and not matured for transfers and mints (burns stay possible, for repayment); unfrozen balance
    /// sufficient for transfers and burns.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override
        whenNotPaused
    {
        if (to != address(0)) {
            if (!isEnabledAddress(to)) revert TPFtAccountNotEnabled(to);
            if (from != address(0) && !isEnabledAddress(from)) revert TPFtAccountNotEnabled(from);
        }
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (to != address(0)) {
                if (_idPaused[id]) revert TPFtIdPaused(id);
                uint256 maturity = _data[id].maturityDate;
                if (block.timestamp >= maturity) revert TPFtMatured(id, maturity);
            }
            if (from != address(0)) {
                uint256 frozen = _frozen[from][id];
                if (frozen != 0) {
                    uint256 balance = balanceOf(from, id);
                    uint256 available = balance > frozen ? balance - frozen : 0;
                    if (values[i] > available && values[i] <= balance) {
                        revert TPFtInsufficientUnfrozenBalance(from, id, available, values[i]);
                    }
                }
            }
        }
        super._update(from, to, ids, values);
    }

    function _mintTo(address to, uint256 id, uint256 amount) private {
        if (amount == 0) revert TPFtZeroAmount();
        _mint(to, id, amount, "");
    }

    function _burnFrom(address from, uint256 id, uint256 amount) private {
        address caller = _msgSender();
        if (!hasRole(REPAYMENT_ROLE, caller) && !(from == caller && hasRole(MINTER_ROLE, caller))) {
            revert AccessControlUnauthorizedAccount(caller, REPAYMENT_ROLE);
        }
        if (amount == 0) revert TPFtZeroAmount();
        _burn(from, id, amount);
    }

    /// @dev enableAddress, both overloads (see their NatSpec): the admin enables any wallet (of `cnpj8`
    /// when named) and lifts its own disable; a participant only its own wallets and customers, never one
    /// the admin disabled, never overwriting the enabler of an enabled wallet.
    function _enableChecked(address member, bool named, uint256 cnpj8) private {
        if (member == address(0)) revert TPFtInvalidAddress();
        address caller = _msgSender();
        bool admin = hasRole(DEFAULT_ADMIN_ROLE, caller);
        uint256 owner = (named || !admin) ? TPFtParticipants.ownerOf(addressDiscovery, member) : 0;
        if (named && (cnpj8 == 0 || owner != cnpj8)) revert TPFtWalletNotOfParticipant(member, owner, cnpj8);
        if (admin) {
            if (_disabledByAuthority[member]) delete _disabledByAuthority[member];
        } else {
            uint256 c = _participantCaller(caller);
            if (owner != c) revert TPFtWalletNotOfParticipant(member, owner, c);
            if (_disabledByAuthority[member]) revert TPFtAccountDisabledByAuthority(member);
        }
        if (_enabledBy[member] != address(0)) return; // already enabled: the enabler is never overwritten
        _enable(member, caller);
    }

    /// @dev The CNPJ8 of a participant caller: enabled in TPFt and in Real Digital, and bound to a CNPJ8 in
    /// Real Digital; otherwise {TPFtEnablerNotAllowed}.
    function _participantCaller(address caller) private view returns (uint256 c) {
        address rd = TPFtRegistryNames.lookup(addressDiscovery, TPFtRegistryNames.REAL_DIGITAL);
        if (_enabledBy[caller] == address(0) || rd == address(0) || !IRealDigital(rd).verifyAccount(caller)) {
            revert TPFtEnablerNotAllowed(caller);
        }
        c = TPFtParticipants.participantOf(addressDiscovery, caller);
        if (c == 0) revert TPFtEnablerNotAllowed(caller);
    }

    function _enable(address member, address enabler) private {
        if (member == address(0)) revert TPFtInvalidAddress();
        _enabledBy[member] = enabler;
        emit TPFtAddressEnabled(member, enabler);
    }

    function _onlyMinter() private view {
        if (!hasRole(MINTER_ROLE, _msgSender())) revert OnlyMinterContract();
    }

    function _existing(uint256 tpftId) private view returns (uint256) {
        if (tpftId == 0 || tpftId > _lastId) revert TPFtNotFound(tpftId);
        return tpftId;
    }

    function _idOf(TPFtData calldata tpftData) private view returns (uint256) {
        uint256 id = getTPFtId(tpftData);
        if (id == 0) revert TPFtNotFound(0);
        return id;
    }

    function _hash(TPFtData calldata tpftData) private pure returns (bytes32) {
        return keccak256(abi.encode(tpftData.acronym, tpftData.code, tpftData.maturityDate));
    }
}
