// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CBDCToken} from "./CBDCToken.sol";
import {IKeyDictionary} from "./interfaces/IKeyDictionary.sol";
import {IParticipantWallets} from "./interfaces/IParticipantWallets.sol";

/// @title RealDigital
/// @notice The wholesale Real Digital (symbol BRL, 2 decimals), managed by the central bank's wallet: only
/// enabled wallets may hold, send or receive it; roles gate mint, burn, move, freeze and pause; the frozen
/// part of a balance can never be spent, moved or burned. It also records which participant (CNPJ8) each
/// participant wallet belongs to ({IParticipantWallets}), the binding every payment-directing mapping of the
/// platform is checked against.
/// @dev ABI-compatible with the pilot's `RealDigital` (constructor with authority and admin as its doc). The
/// participant binding is never read by transfers, so it costs a transfer nothing.
contract RealDigital is CBDCToken, IParticipantWallets {
    /// @inheritdoc IParticipantWallets
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    /// @dev CNPJ8s have 8 digits.
    uint256 private constant MAX_CNPJ8 = 99_999_999;

    /// @inheritdoc IParticipantWallets
    address public keyDictionary;

    mapping(address wallet => uint256 cnpj8) private _participantOf;

    /// @param _name Token name ("Real Digital").
    /// @param _symbol Token symbol ("BRL").
    /// @param _authority Wallet that mints, burns, moves and freezes (the central bank).
    /// @param _admin Wallet that administers the roles and binds wallets to participants (the central bank).
    constructor(string memory _name, string memory _symbol, address _authority, address _admin)
        CBDCToken(_name, _symbol, _authority, _admin)
    {}

    /// @inheritdoc IParticipantWallets
    function participantOf(address wallet) external view returns (uint256) {
        return _participantOf[wallet];
    }

    /// @inheritdoc IParticipantWallets
    function registerParticipantWallet(address wallet, uint256 cnpj8, bool enable)
        external
        onlyRole(REGISTRAR_ROLE)
    {
        if (wallet == address(0)) revert InvalidAccount(wallet);
        if (cnpj8 == 0 || cnpj8 > MAX_CNPJ8) revert InvalidParticipantCnpj8(cnpj8);
        uint256 current = _participantOf[wallet];
        if (current == 0) {
            _checkNotCustomer(wallet);
            _participantOf[wallet] = cnpj8;
            emit ParticipantWalletBound(wallet, cnpj8);
        } else if (current != cnpj8) {
            revert WalletOfAnotherParticipant(wallet, current);
        }
        if (enable) _enableAccount(wallet, false);
    }

    /// @inheritdoc IParticipantWallets
    function disableOwnWallet(address wallet) external onlyRole(REGISTRAR_ROLE) {
        _disableAccount(wallet, false);
    }

    /// @inheritdoc IParticipantWallets
    function setKeyDictionary(address keyDictionary_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (keyDictionary_ == address(0)) revert InvalidAccount(keyDictionary_);
        keyDictionary = keyDictionary_;
        emit KeyDictionarySet(keyDictionary_);
    }

    /// @inheritdoc IParticipantWallets
    function setParticipantWallet(address wallet, uint256 cnpj8) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (wallet == address(0)) revert InvalidAccount(wallet);
        if (cnpj8 > MAX_CNPJ8) revert InvalidParticipantCnpj8(cnpj8);
        _participantOf[wallet] = cnpj8;
        emit ParticipantWalletBound(wallet, cnpj8);
    }

    /// @dev Reverts {WalletIsCustomer} when `wallet` is a customer in the KeyDictionary set by the admin: a
    /// participant could otherwise take another bank's customer for one of its own wallets (and, through
    /// TPFt's participant-scoped enabling, disable it there). KeyDictionary returns a zero key for unknown
    /// wallets.
    function _checkNotCustomer(address wallet) private view {
        address kd = keyDictionary;
        if (kd == address(0)) return;
        bytes32 key = IKeyDictionary(kd).getKey(wallet);
        if (key != bytes32(0)) revert WalletIsCustomer(wallet, key);
    }

    /// @notice Whether the contract implements an interface (ERC165): IParticipantWallets and the token's.
    /// @param interfaceId The ERC165 interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IParticipantWallets).interfaceId || super.supportsInterface(interfaceId);
    }
}
