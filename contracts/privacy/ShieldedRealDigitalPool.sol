// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {IRealDigital} from "../realdigital/interfaces/IRealDigital.sol";
import {IJoinSplitVerifier} from "./interfaces/IJoinSplitVerifier.sol";
import {ShieldedPool} from "./ShieldedPool.sol";

/// @title ShieldedRealDigitalPool
/// @notice The shielded pool of Real Digital: notes of asset 0, values in centavos. A deposit pulls the
/// depositor's Real Digital with `transferFrom` (the depositor approves this pool first); a withdrawal pays
/// Real Digital to the recipient.
/// @dev Real Digital's rules apply to every move: both wallets enabled (this pool must be enabled by BCB),
/// the payer's unfrozen balance, the token's pause. Registration needs a wallet Real Digital enables
/// (`verifyAccount`).
contract ShieldedRealDigitalPool is ShieldedPool {
    using SafeERC20 for IERC20;

    /// @dev Real Digital.
    IRealDigital private immutable _realDigital;

    /// @param admin DEFAULT_ADMIN_ROLE (BCB).
    /// @param verifier_ The JoinSplit verifier.
    /// @param realDigital Real Digital.
    constructor(address admin, IJoinSplitVerifier verifier_, IRealDigital realDigital)
        ShieldedPool(admin, verifier_)
    {
        _realDigital = realDigital;
    }

    /// @notice Real Digital.
    /// @return The token.
    function token() public view override returns (address) {
        return address(_realDigital);
    }

    /// @dev Real Digital notes are asset 0.
    function _checkAsset(uint256 asset) internal pure override {
        if (asset != 0) revert InvalidAsset(asset);
    }

    /// @dev Real Digital's enabled wallets.
    function _isEnabledOnToken(address wallet) internal view override returns (bool) {
        return _realDigital.verifyAccount(wallet);
    }

    /// @dev Real Digital's pause.
    function _tokenPaused() internal view override returns (bool) {
        return Pausable(address(_realDigital)).paused();
    }

    /// @dev `transferFrom` under the depositor's approval.
    function _pull(address from, uint256, uint256 amount) internal override {
        IERC20(address(_realDigital)).safeTransferFrom(from, address(this), amount);
    }

    /// @dev `transfer` to the recipient.
    function _push(address to, uint256, uint256 amount) internal override {
        IERC20(address(_realDigital)).safeTransfer(to, amount);
    }
}
