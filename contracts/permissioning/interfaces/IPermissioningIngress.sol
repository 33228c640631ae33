// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IPermissioningIngress
/// @notice Registry that Besu's on-chain permissioning reaches at a fixed genesis address (0x...9999 for nodes,
/// 0x...8888 for accounts): it names the rules contract and the admin contract currently in force, so the
/// rules can be replaced without touching any node's configuration.
/// @dev Same registry ABI as the ConsenSys permissioning contracts' `Ingress`.
interface IPermissioningIngress {
    /// @notice Emitted when a registry entry is set or removed (address zero when removed).
    /// @param contractAddress The address now registered under `contractName`.
    /// @param contractName The registry key, e.g. "rules" or "administration" as bytes32.
    event RegistryUpdated(address contractAddress, bytes32 contractName);

    /// @notice Registry key of the rules contract: "rules" as a right-padded bytes32.
    function RULES_CONTRACT() external view returns (bytes32);

    /// @notice Registry key of the admin contract: "administration" as a right-padded bytes32.
    function ADMIN_CONTRACT() external view returns (bytes32);

    /// @notice Address registered under `name`, zero when none.
    /// @param name The registry key.
    function getContractAddress(bytes32 name) external view returns (address);

    /// @notice Number of registered keys.
    function getSize() external view returns (uint256);

    /// @notice All registered keys.
    function getAllContractKeys() external view returns (bytes32[] memory);

    /// @notice Whether `account` is an admin according to the registered admin contract.
    /// @param account The account to check.
    function isAuthorized(address account) external view returns (bool);

    /// @notice Registers or replaces the contract under `name`. Admins only.
    /// @param name The registry key.
    /// @param addr The contract address (not zero).
    function setContractAddress(bytes32 name, address addr) external returns (bool);

    /// @notice Removes the registry entry `name`. Admins only.
    /// @param name The registry key.
    function removeContract(bytes32 name) external returns (bool);

    /// @notice Version of this contract, semver packed as major*1e6 + minor*1e3 + patch.
    function getContractVersion() external view returns (uint256);
}
