// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";
import {PoseidonT5} from "poseidon-solidity/PoseidonT5.sol";

import {IJoinSplitVerifier} from "./interfaces/IJoinSplitVerifier.sol";
import {IShieldedPool} from "./interfaces/IShieldedPool.sol";
import {ShieldedPoolRegistry} from "./ShieldedPoolRegistry.sol";
import {NoteTree} from "./libraries/NoteTree.sol";
import {ShieldedValues} from "./libraries/ShieldedValues.sol";

/// @title ShieldedPool
/// @notice A shielded pool of one token (docs/privacy.md, "Contracts"): the note tree, the ring of the last
/// 256 note roots, the nullifier set and `shieldedSupply[asset]`, on top of the registry of owners, the allow
/// list and the regulator key ({ShieldedPoolRegistry}). It respects its own pause and the token's.
/// @dev The pool builds the public signals of every proof itself, in the circuit's order `[nullifier0,
/// nullifier1, outLeaf, ephemeralY, cipher0, cipher1, cipher2, noteRoot, paramsHash, context, publicOut]`,
/// with the `context` and `publicOut` it computes, so a proof only verifies for what it is used for. The
/// concrete pools move the token ({_pull}, {_push}) and say which assets they hold and who the token enables.
/// The root ring ({NoteTree}): after the insertion that makes the tree `size` leaves long, its root is stored
/// at `size mod 256`; a proof names the size its root had, so checking it is one storage read.
abstract contract ShieldedPool is ShieldedPoolRegistry, ReentrancyGuard, IShieldedPool {
    using NoteTree for NoteTree.Data;

    /// @notice The JoinSplit verifier.
    IJoinSplitVerifier public immutable verifier;

    /// @inheritdoc IShieldedPool
    address public dvp;

    /// @inheritdoc IShieldedPool
    mapping(uint256 asset => uint256) public shieldedSupply;

    /// @dev The note tree: a LeanIMT of `Poseidon(C0, C1)` (a deposit's: `Poseidon(C, 0)`), with its root ring.
    NoteTree.Data private _notes;

    /// @dev Spent notes' nullifiers.
    mapping(uint256 nullifier => bool) private _nullified;

    /// @param admin DEFAULT_ADMIN_ROLE (BCB).
    /// @param verifier_ The JoinSplit verifier.
    constructor(address admin, IJoinSplitVerifier verifier_) ShieldedPoolRegistry(admin) {
        verifier = verifier_;
    }

    /// @dev Reverts when the pool or its token is paused.
    modifier whenOperational() {
        _requireNotPaused();
        if (_tokenPaused()) revert TokenPaused(token());
        _;
    }

    /// @inheritdoc IShieldedPool
    function deposit(uint256 asset, uint256 amount, uint256 salt) external nonReentrant whenOperational {
        _checkAsset(asset);
        _checkAmount(amount);
        _checkField(salt);
        address wallet = _msgSender();
        Owner storage owner = _owners[wallet];
        uint256 ownerId = owner.ownerId;
        if (ownerId == 0) revert WalletNotRegistered(wallet);
        if (owner.frozen) revert OwnerIsFrozen(wallet);
        if (!owner.listed) revert OwnerNotListed(wallet);
        uint256 commitment = PoseidonT5.hash([amount, ownerId, salt, asset]);
        uint256 leaf = PoseidonT3.hash([commitment, 0]);
        uint256 index = _appendNote(leaf);
        shieldedSupply[asset] += amount;
        emit Deposited(wallet, asset, amount, salt, commitment, leaf, index);
        _pull(wallet, asset, amount);
    }

    /// @inheritdoc IShieldedPool
    function transfer(Proof calldata proof, Spend calldata spend, bytes calldata notes) external whenOperational {
        uint256 context = ShieldedValues.transferContext(address(this), keccak256(notes));
        uint256 index = _spend(proof, spend, context, 0);
        emit Transferred(index, spend, notes);
    }

    /// @inheritdoc IShieldedPool
    function withdraw(
        Proof calldata proof,
        Spend calldata spend,
        bytes calldata notes,
        address recipient,
        uint256 asset,
        uint256 amount
    ) external nonReentrant whenOperational {
        if (recipient == address(0)) revert InvalidRecipient();
        _checkAsset(asset);
        _checkAmount(amount);
        uint256 shielded = shieldedSupply[asset];
        if (amount > shielded) revert InsufficientShieldedSupply(asset, shielded, amount);
        uint256 context = ShieldedValues.withdrawContext(address(this), recipient, keccak256(notes));
        uint256 index = _spend(proof, spend, context, amount | (asset << 64));
        unchecked {
            shieldedSupply[asset] = shielded - amount;
        }
        emit Withdrawn(recipient, asset, amount, index, spend, notes);
        _push(recipient, asset, amount);
    }

    /// @inheritdoc IShieldedPool
    function settleLeg(
        Proof calldata proof,
        Spend calldata spend,
        bytes calldata notes,
        uint256 context,
        bytes32 tradeId
    ) external whenOperational {
        if (_msgSender() != dvp) revert OnlyDvP(_msgSender());
        _checkField(context);
        uint256 index = _spend(proof, spend, context, 0);
        emit LegSettled(tradeId, index, spend, notes);
    }

    /// @inheritdoc IShieldedPool
    function setDvP(address dvp_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (dvp != address(0) || dvp_ == address(0)) revert DvPAlreadySet(dvp);
        dvp = dvp_;
        emit DvPSet(dvp_);
    }

    /// @inheritdoc IShieldedPool
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc IShieldedPool
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc IShieldedPool
    function token() public view virtual returns (address);

    /// @inheritdoc IShieldedPool
    function currentRoot() external view returns (uint256) {
        return _notes.root();
    }

    /// @inheritdoc IShieldedPool
    function noteTreeSize() external view returns (uint256) {
        return _notes.size;
    }

    /// @inheritdoc IShieldedPool
    function rootAt(uint256 size) external view returns (uint256) {
        return _notes.rootAt(size);
    }

    /// @inheritdoc IShieldedPool
    function isKnownRoot(uint256 root, uint256 size) public view returns (bool) {
        return root != 0 && _notes.rootAt(size) == root;
    }

    /// @inheritdoc IShieldedPool
    function nullifierUsed(uint256 nullifier) external view returns (bool) {
        return _nullified[nullifier];
    }

    /// @inheritdoc IShieldedPool
    function transferContext(bytes calldata notes) external view returns (uint256) {
        return ShieldedValues.transferContext(address(this), keccak256(notes));
    }

    /// @inheritdoc IShieldedPool
    function withdrawContext(address recipient, bytes calldata notes) external view returns (uint256) {
        return ShieldedValues.withdrawContext(address(this), recipient, keccak256(notes));
    }

    /// @dev Reverts {InvalidAsset} unless the pool holds `asset`.
    /// @param asset The asset.
    function _checkAsset(uint256 asset) internal view virtual;

    /// @dev Whether the token is paused.
    /// @return True when paused.
    function _tokenPaused() internal view virtual returns (bool);

    /// @dev Moves `amount` of `asset` from `from`'s public balance into the pool.
    /// @param from The depositor.
    /// @param asset The asset.
    /// @param amount The amount.
    function _pull(address from, uint256 asset, uint256 amount) internal virtual;

    /// @dev Pays `amount` of `asset` from the pool to `to`.
    /// @param to The recipient.
    /// @param asset The asset.
    /// @param amount The amount.
    function _push(address to, uint256 asset, uint256 amount) internal virtual;

    /// @dev Checks a JoinSplit (cheap checks first, then the proof), spends its nullifiers and appends its
    /// leaf; returns the leaf's index.
    function _spend(Proof calldata proof, Spend calldata spend, uint256 context, uint256 publicOut)
        private
        returns (uint256)
    {
        uint256 n0 = spend.nullifier0;
        uint256 n1 = spend.nullifier1;
        _checkField(n0);
        _checkField(n1);
        _checkField(spend.outLeaf);
        _checkField(spend.ephemeralY);
        _checkField(spend.cipher[0]);
        _checkField(spend.cipher[1]);
        _checkField(spend.cipher[2]);
        _checkField(spend.noteRoot);
        _checkField(spend.paramsHash);
        if (n0 == n1) revert DuplicateNullifier(n0);
        if (_nullified[n0]) revert NullifierAlreadyUsed(n0);
        if (_nullified[n1]) revert NullifierAlreadyUsed(n1);
        if (!isKnownRoot(spend.noteRoot, spend.noteRootSize)) {
            revert UnknownNoteRoot(spend.noteRoot, spend.noteRootSize);
        }
        if (!isValidParams(spend.paramsHash)) revert StaleParams(spend.paramsHash);
        uint256[11] memory signals;
        signals[0] = n0;
        signals[1] = n1;
        signals[2] = spend.outLeaf;
        signals[3] = spend.ephemeralY;
        signals[4] = spend.cipher[0];
        signals[5] = spend.cipher[1];
        signals[6] = spend.cipher[2];
        signals[7] = spend.noteRoot;
        signals[8] = spend.paramsHash;
        signals[9] = context;
        signals[10] = publicOut;
        if (!verifier.verifyProof(proof.a, proof.b, proof.c, signals)) revert InvalidProof();
        _nullified[n0] = true;
        _nullified[n1] = true;
        return _appendNote(spend.outLeaf);
    }

    /// @dev Appends a leaf to the note tree (which records the new root in the ring); returns its index.
    function _appendNote(uint256 leaf) private returns (uint256) {
        if (_notes.size >= ShieldedValues.NOTE_LIMIT) revert NoteTreeFull();
        return _notes.insert(leaf);
    }

    /// @dev Reverts {InvalidAmount} unless `0 < amount < 2^64`.
    function _checkAmount(uint256 amount) private pure {
        if (amount == 0 || amount >= ShieldedValues.VALUE_LIMIT) revert InvalidAmount(amount);
    }

    /// @notice Whether the contract implements an interface (ERC165): IShieldedPool, AccessControl's.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IShieldedPool).interfaceId || super.supportsInterface(interfaceId);
    }
}
