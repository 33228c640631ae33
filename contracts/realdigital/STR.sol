// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {IParticipantWallets} from "./interfaces/IParticipantWallets.sol";
import {IRealDigital} from "./interfaces/IRealDigital.sol";
import {ISTR} from "./interfaces/ISTR.sol";

/// @title STR
/// @notice Simulation of the STR (the reserve transfer system): a participant's enabled wallet issues Real
/// Digital for itself, within a limit per participant the central bank sets, and redeems (burns) it.
/// @dev ABI-compatible with the pilot's `STR` (constructor `STR(token)`). Needs MINTER_ROLE and MOVER_ROLE on
/// Real Digital (the burn uses `moveAndBurn` on the caller's own wallet, so no `approve` is needed). A real
/// STR only credits reserves that exist: hence the participant binding and the limit.
contract STR is ISTR {
    /// @dev Real Digital's admin role (OpenZeppelin's DEFAULT_ADMIN_ROLE).
    bytes32 private constant DEFAULT_ADMIN_ROLE = 0x00;

    /// @notice The Real Digital token.
    IRealDigital public immutable CBDC;

    /// @inheritdoc ISTR
    mapping(uint256 cnpj8 => uint256) public mintLimit;

    /// @inheritdoc ISTR
    mapping(uint256 cnpj8 => uint256) public outstanding;

    /// @param token The Real Digital token.
    constructor(IRealDigital token) {
        CBDC = token;
    }

    /// @dev Reverts unless the caller is enabled on Real Digital.
    modifier onlyEnabled() {
        if (!CBDC.verifyAccount(msg.sender)) revert NotParticipant(msg.sender);
        _;
    }

    /// @inheritdoc ISTR
    function setMintLimit(uint256 cnpj8, uint256 limit) external {
        if (!IAccessControl(address(CBDC)).hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) revert NotAuthority(msg.sender);
        mintLimit[cnpj8] = limit;
        emit MintLimitSet(cnpj8, limit);
    }

    /// @inheritdoc ISTR
    /// @dev Tightening (docs/security.md): the pilot mints to any enabled wallet without limit; here the
    /// caller must be an enabled wallet bound to a participant (`RealDigital.participantOf`, else
    /// {NotParticipant}), and the participant's outstanding issuance through STR stays within the limit the
    /// central bank set ({MintLimitExceeded}; no limit set means no mint).
    function requestToMint(uint256 amount) external onlyEnabled {
        if (amount == 0) revert ZeroAmount();
        uint256 cnpj8 = IParticipantWallets(address(CBDC)).participantOf(msg.sender);
        if (cnpj8 == 0) revert NotParticipant(msg.sender);
        uint256 current = outstanding[cnpj8];
        uint256 limit = mintLimit[cnpj8];
        if (amount > limit || current > limit - amount) revert MintLimitExceeded(cnpj8, limit, current, amount);
        outstanding[cnpj8] = current + amount;
        CBDC.mint(msg.sender, amount);
    }

    /// @inheritdoc ISTR
    /// @dev Burns from the caller's own wallet with `moveAndBurn` (STR holds MOVER_ROLE), with no prior
    /// `approve`, as the pilot's doc and examples do; the frozen part of the balance stays unburnable. It
    /// lowers the caller's participant's outstanding issuance (not below zero).
    function requestToBurn(uint256 amount) external onlyEnabled {
        if (amount == 0) revert ZeroAmount();
        uint256 cnpj8 = IParticipantWallets(address(CBDC)).participantOf(msg.sender);
        if (cnpj8 != 0) {
            uint256 current = outstanding[cnpj8];
            outstanding[cnpj8] = current > amount ? current - amount : 0;
        }
        CBDC.moveAndBurn(msg.sender, amount);
    }
}
