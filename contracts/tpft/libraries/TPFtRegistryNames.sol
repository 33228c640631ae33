// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {AddressDiscovery} from "../../registry/AddressDiscovery.sol";

/// @title TPFtRegistryNames
/// @notice Names under which the TPFt contracts find the rest of the platform in AddressDiscovery
/// (keccak256 of the name, as in the pilot), the CNPJ8s of the central bank and the Treasury, and the
/// lookup of an institution's Real Tokenizado (RealTokenizado, an at sign and the CNPJ8 with 8 digits).
library TPFtRegistryNames {
    /// @notice CNPJ8 of Banco Central do Brasil.
    uint256 internal constant BCB_CNPJ8 = 38166;
    /// @notice CNPJ8 of Secretaria do Tesouro Nacional.
    uint256 internal constant STN_CNPJ8 = 394460;

    bytes32 internal constant REAL_DIGITAL = keccak256("RealDigital");
    bytes32 internal constant KEY_DICTIONARY = keccak256("KeyDictionary");
    bytes32 internal constant DEFAULT_ACCOUNT = keccak256("RealDigitalDefaultAccount");
    bytes32 internal constant TPFT = keccak256("TPFt");
    bytes32 internal constant TPFT_DVP = keccak256("TPFtDvP");
    bytes32 internal constant TPFT_OPERATION_ID = keccak256("TPFtOperationId");
    bytes32 internal constant TPFT_OPERATION_1054 = keccak256("TPFtOperation1054");
    bytes32 internal constant TPFT_REPAYMENT_RESERVE = keccak256("TPFtRepaymentReserve");
    bytes32 internal constant SWAP_ONE_STEP_FROM = keccak256("SwapOneStepFrom");

    /// @notice Address registered under `key`, zero when none.
    /// @param discovery The registry.
    /// @param key keccak256 of the name.
    /// @return The address.
    function lookup(AddressDiscovery discovery, bytes32 key) internal view returns (address) {
        return discovery.addressDiscovery(key);
    }

    /// @notice The Real Tokenizado registered for an institution, zero when none.
    /// @param discovery The registry.
    /// @param cnpj8 The institution's CNPJ8.
    /// @return The token's address.
    function realTokenizado(AddressDiscovery discovery, uint256 cnpj8) internal view returns (address) {
        return discovery.addressDiscovery(keccak256(bytes(string.concat("RealTokenizado@", pad8(cnpj8)))));
    }

    /// @notice Decimal representation of a CNPJ8 with leading zeros to 8 digits.
    /// @param cnpj8 The CNPJ8.
    /// @return The 8-digit string (longer when the number has more digits).
    function pad8(uint256 cnpj8) internal pure returns (string memory) {
        string memory digits = Strings.toString(cnpj8);
        uint256 len = bytes(digits).length;
        if (len >= 8) return digits;
        bytes memory zeros = new bytes(8 - len);
        for (uint256 i = 0; i < zeros.length; ++i) zeros[i] = "0";
        return string.concat(string(zeros), digits);
    }
}
