// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title AddressDiscovery
/// @notice Registry of the platform's contract addresses, keyed by keccak256 of the contract name, so a
/// client can find every contract from this one address (as in BCB's Real Digital pilot).
/// @dev ABI-compatible with the pilot's `AddressDiscovery`.
contract AddressDiscovery is AccessControl {
    /// @notice Role allowed to update addresses (the authority, BCB).
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    /// @notice Contract address by keccak256 of the contract name.
    mapping(bytes32 => address) public addressDiscovery;

    /// @notice The new address is the zero address.
    error ZeroAddress();

    /// @notice Emitted when a contract's address is registered or replaced.
    /// @param smartContract keccak256 of the contract name.
    /// @param newAddress The address now registered.
    event AddressUpdated(bytes32 indexed smartContract, address indexed newAddress);

    /// @param _authority May update addresses.
    /// @param _admin May grant and revoke roles, including replacing the authority.
    constructor(address _authority, address _admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, _admin);
        _grantRole(ACCESS_ROLE, _authority);
    }

    /// @notice Registers or replaces the address of a contract. Only the authority (ACCESS_ROLE).
    /// @param smartContract keccak256 of the contract name, e.g. keccak256("RealDigital").
    /// @param newAddress The contract's address.
    function updateAddress(bytes32 smartContract, address newAddress) public onlyRole(ACCESS_ROLE) {
        if (newAddress == address(0)) revert ZeroAddress();
        addressDiscovery[smartContract] = newAddress;
        emit AddressUpdated(smartContract, newAddress);
    }
}
