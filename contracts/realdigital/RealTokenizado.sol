// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CBDCToken} from "./CBDCToken.sol";
import {IParticipantWallets} from "./interfaces/IParticipantWallets.sol";
import {IRealTokenizado} from "./interfaces/IRealTokenizado.sol";

/// @title RealTokenizado
/// @notice Real Tokenizado (tokenized deposit or e-money) of one institution, symbol `BRL@<CNPJ8>`, 2
/// decimals: the Real Digital token whose authority is the institution (the central bank stays admin), with
/// the institution's name, CNPJ8 and Real Digital reserve wallet (the token logic is {CBDCToken}, shared with
/// Real Digital).
/// @dev ABI-compatible with the pilot's `RealTokenizado` (constructor as its doc). One deployment per
/// institution; only enabled wallets may hold it.
contract RealTokenizado is CBDCToken, IRealTokenizado {
    /// @inheritdoc IRealTokenizado
    string public participant;
    /// @inheritdoc IRealTokenizado
    uint256 public cnpj8;
    /// @inheritdoc IRealTokenizado
    address public reserve;
    /// @inheritdoc IRealTokenizado
    address public realDigital;

    /// @param _name Token name, "RealTokenizado@<CNPJ8>".
    /// @param _symbol Token symbol, "BRL@<CNPJ8>".
    /// @param _authority The institution's wallet: mints, burns, moves, freezes and enables wallets.
    /// @param _admin The central bank's wallet: administers the roles.
    /// @param _participant The institution's name.
    /// @param _cnpj8 First 8 digits of the institution's CNPJ.
    /// @param _reserve The institution's Real Digital reserve wallet.
    constructor(
        string memory _name,
        string memory _symbol,
        address _authority,
        address _admin,
        string memory _participant,
        uint256 _cnpj8,
        address _reserve
    ) CBDCToken(_name, _symbol, _authority, _admin) {
        if (_reserve == address(0)) revert InvalidAccount(_reserve);
        participant = _participant;
        cnpj8 = _cnpj8;
        reserve = _reserve;
        emit ReserveUpdated(address(0), _reserve);
    }

    /// @inheritdoc IRealTokenizado
    function setRealDigital(address token) public virtual onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert InvalidAccount(token);
        realDigital = token;
        emit RealDigitalSet(token);
    }

    /// @inheritdoc IRealTokenizado
    /// @dev Tightening (docs/security.md): the pilot lets the institution name any wallet as its reserve; here
    /// the new reserve must be a Real Digital wallet bound to this token's CNPJ8
    /// (`RealDigital.participantOf(newReserve) == cnpj8`), else {ReserveNotOwnedByParticipant}, so a bank
    /// cannot make another participant's wallet pay its customers' legs. Needs {realDigital} set by the admin
    /// ({RealDigitalNotSet}). Contracts paying from a reserve check the binding again at use time.
    function updateReserve(address newReserve) public virtual onlyRole(ACCESS_ROLE) {
        if (newReserve == address(0)) revert InvalidAccount(newReserve);
        address registry = realDigital;
        if (registry == address(0)) revert RealDigitalNotSet();
        if (IParticipantWallets(registry).participantOf(newReserve) != cnpj8) {
            revert ReserveNotOwnedByParticipant(address(this), newReserve);
        }
        address previous = reserve;
        reserve = newReserve;
        emit ReserveUpdated(previous, newReserve);
    }

    /// @notice Whether the contract implements an interface (ERC165): IRealTokenizado and the token's.
    /// @param interfaceId The ERC165 interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IRealTokenizado).interfaceId || super.supportsInterface(interfaceId);
    }
}
