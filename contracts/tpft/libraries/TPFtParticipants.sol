// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IKeyDictionary} from "../../realdigital/interfaces/IKeyDictionary.sol";
import {IParticipantWallets} from "../../realdigital/interfaces/IParticipantWallets.sol";
import {IRealTokenizado} from "../../realdigital/interfaces/IRealTokenizado.sol";
import {AddressDiscovery} from "../../registry/AddressDiscovery.sol";
import {TPFtRegistryNames} from "./TPFtRegistryNames.sol";

/// @title TPFtParticipants
/// @notice Which participant (CNPJ8) a wallet belongs to, as the TPFt contracts see it: a participant's own
/// wallet (bound in Real Digital, `IParticipantWallets.participantOf`) or a customer (a KeyDictionary record,
/// whose CNPJ8 is its institution's). See docs/security.md, "Every wallet belongs to one participant".
library TPFtParticipants {
    /// @notice The participant whose own wallet `wallet` is (Real Digital's binding), 0 when none.
    /// @param discovery The registry.
    /// @param wallet The wallet.
    /// @return The CNPJ8, or 0.
    function participantOf(AddressDiscovery discovery, address wallet) internal view returns (uint256) {
        address rd = TPFtRegistryNames.lookup(discovery, TPFtRegistryNames.REAL_DIGITAL);
        if (rd == address(0)) return 0;
        return IParticipantWallets(rd).participantOf(wallet);
    }

    /// @notice Whether `wallet` is a customer registered in KeyDictionary, and its institution's CNPJ8. An
    /// unknown wallet (zero key, or a reverting lookup) is no customer.
    /// @param discovery The registry.
    /// @param wallet The wallet.
    /// @return customer True for a customer.
    /// @return cnpj8 Its institution's CNPJ8 (0 when not a customer).
    function customerOf(AddressDiscovery discovery, address wallet)
        internal
        view
        returns (bool customer, uint256 cnpj8)
    {
        address kd = TPFtRegistryNames.lookup(discovery, TPFtRegistryNames.KEY_DICTIONARY);
        if (kd == address(0)) return (false, 0);
        try IKeyDictionary(kd).getKey(wallet) returns (bytes32 key) {
            if (key == bytes32(0)) return (false, 0);
            IKeyDictionary.CustomerData memory data = IKeyDictionary(kd).getCustomerData(key);
            if (data.wallet != wallet) return (false, 0);
            return (true, data.cnpj8);
        } catch {
            return (false, 0);
        }
    }

    /// @notice The participant `wallet` belongs to: its own wallet's CNPJ8, else its customer institution's,
    /// else 0.
    /// @param discovery The registry.
    /// @param wallet The wallet.
    /// @return The CNPJ8, or 0.
    function ownerOf(AddressDiscovery discovery, address wallet) internal view returns (uint256) {
        uint256 own = participantOf(discovery, wallet);
        if (own != 0) return own;
        (, uint256 cnpj8) = customerOf(discovery, wallet);
        return cnpj8;
    }

    /// @notice Flag of the operation-id scope of a wallet that belongs to no participant (equal to
    /// `TPFtOperationId.WALLET_SCOPE_FLAG`); a CNPJ8 never has it.
    uint256 internal constant WALLET_SCOPE_FLAG = 1 << 160;

    /// @notice The scope in which `wallet`'s operation ids are unique (TPFtOperationId): the participant it
    /// belongs to ({ownerOf}), or, for a wallet that belongs to no participant, `WALLET_SCOPE_FLAG |
    /// uint160(wallet)`, which can never equal a CNPJ8.
    /// @param discovery The registry.
    /// @param wallet The wallet.
    /// @return The scope (never 0).
    function idScopeOf(AddressDiscovery discovery, address wallet) internal view returns (uint256) {
        uint256 owner = ownerOf(discovery, wallet);
        return owner != 0 ? owner : WALLET_SCOPE_FLAG | uint160(wallet);
    }

    /// @notice Whether the reserve wallet of a Real Tokenizado belongs, in Real Digital, to the token's
    /// participant.
    /// @param discovery The registry.
    /// @param token The Real Tokenizado.
    /// @return reserve The token's reserve wallet.
    /// @return owned True when `participantOf(reserve) == token.cnpj8()`.
    function reserveOf(AddressDiscovery discovery, address token) internal view returns (address reserve, bool owned) {
        reserve = IRealTokenizado(token).reserve();
        uint256 cnpj8 = IRealTokenizado(token).cnpj8();
        owned = cnpj8 != 0 && reserve != address(0) && participantOf(discovery, reserve) == cnpj8;
    }
}
