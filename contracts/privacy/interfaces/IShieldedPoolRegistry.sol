// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IShieldedPoolRegistry
/// @notice The supervision half of a shielded pool (docs/privacy.md, "Registration and the allow list" and
/// "Parameters"): the owners registered by the wallets enabled on the pool's token, the allow list of those
/// that may send and receive notes, the regulator key the supervision data is encrypted to, and which
/// `paramsHash` values a proof may use.
/// @dev The allow list is a LeanIMT (`@zk-kit/lean-imt.sol`) of `Poseidon(ownerId, ownerNo)`; a removal sets
/// the leaf to zero, a return appends the same leaf again at a new index. Every change is an
/// {AllowListChanged} event, so a wallet rebuilds the tree from the chain alone.
interface IShieldedPoolRegistry {
    /// @notice What the pool keeps of a registered wallet.
    /// @param ownerId The owner id, `Poseidon(sk, 0)` of the wallet's spending key (0: not registered).
    /// @param noteKey The X25519 public key the wallet's notes are encrypted to.
    /// @param ownerNo The owner number, 1, 2, … in registration order (what the regulator reads).
    /// @param listed Whether `Poseidon(ownerId, ownerNo)` is in the allow list now.
    /// @param frozen Whether the admin (BCB) froze the owner.
    struct Owner {
        uint256 ownerId;
        bytes32 noteKey;
        uint32 ownerNo;
        bool listed;
        bool frozen;
    }

    /// @notice A value that must be an element of the BN254 scalar field is not below its prime.
    /// @param value The value given.
    error NotAFieldElement(uint256 value);

    /// @notice The wallet is not enabled on the pool's token (Real Digital or TPFt).
    /// @param wallet The wallet.
    error WalletNotEnabled(address wallet);

    /// @notice The wallet already registered an owner in this pool (one owner per wallet).
    /// @param wallet The wallet.
    /// @param ownerId Its owner id.
    error WalletAlreadyRegistered(address wallet, uint256 ownerId);

    /// @notice Another wallet registered this owner id (owner ids are unique).
    /// @param ownerId The owner id.
    /// @param wallet The wallet that holds it.
    error OwnerIdTaken(uint256 ownerId, address wallet);

    /// @notice The owner id is zero or the note key is empty.
    /// @param ownerId The owner id given.
    /// @param noteKey The note key given.
    error InvalidRegistration(uint256 ownerId, bytes32 noteKey);

    /// @notice The wallet has no owner registered in this pool.
    /// @param wallet The wallet.
    error WalletNotRegistered(address wallet);

    /// @notice The admin froze the wallet's owner.
    /// @param wallet The wallet.
    error OwnerIsFrozen(address wallet);

    /// @notice The wallet's owner is not frozen.
    /// @param wallet The wallet.
    error OwnerNotFrozen(address wallet);

    /// @notice The wallet's owner is not in the allow list (frozen, or revoked because the token disabled the
    /// wallet).
    /// @param wallet The wallet.
    error OwnerNotListed(address wallet);

    /// @notice The wallet's owner is already in the allow list.
    /// @param wallet The wallet.
    error OwnerAlreadyListed(address wallet);

    /// @notice The token still enables the wallet: its owner cannot be revoked.
    /// @param wallet The wallet.
    error WalletStillEnabled(address wallet);

    /// @notice The allow list holds as many leaves as the circuit's allow-list depth allows (2^16).
    error AllowListFull();

    /// @notice The point is not on BabyJubJub, or is one of its points of order 1 or 2 (x = 0).
    /// @param x The point's x.
    /// @param y The point's y.
    error InvalidRegulatorKey(uint256 x, uint256 y);

    /// @notice Emitted when a wallet registers its owner.
    /// @param wallet The wallet.
    /// @param ownerId The owner id.
    /// @param ownerNo The owner number it got.
    /// @param noteKey The X25519 public key its notes are encrypted to.
    event OwnerRegistered(address indexed wallet, uint256 indexed ownerId, uint256 ownerNo, bytes32 noteKey);

    /// @notice Emitted on every change of the allow list: a leaf appended (registration, unfreeze,
    /// reinstatement) or set to zero (freeze, revocation).
    /// @param wallet The wallet whose owner the leaf is.
    /// @param leafIndex The index of the leaf that changed (the new last index for an append).
    /// @param leaf The leaf's new value: `Poseidon(ownerId, ownerNo)`, or 0 for a removal.
    /// @param allowRoot The allow list's root after the change.
    event AllowListChanged(address indexed wallet, uint256 leafIndex, uint256 leaf, uint256 allowRoot);

    /// @notice Emitted when the admin freezes an owner (it leaves the allow list if it was in it).
    /// @param wallet The wallet.
    event OwnerFrozen(address indexed wallet);

    /// @notice Emitted when the admin unfreezes an owner (it returns to the allow list if the token enables
    /// the wallet; otherwise {reinstate} returns it once the token does).
    /// @param wallet The wallet.
    event OwnerUnfrozen(address indexed wallet);

    /// @notice Emitted when an owner leaves the allow list because the token no longer enables its wallet.
    /// @param wallet The wallet.
    /// @param by Who showed it.
    event OwnerRevoked(address indexed wallet, address indexed by);

    /// @notice Emitted when a revoked owner returns to the allow list because the token enables its wallet
    /// again.
    /// @param wallet The wallet.
    event OwnerReinstated(address indexed wallet);

    /// @notice Emitted when the admin sets the regulator key; every older `paramsHash` stops being accepted.
    /// @param x The key's x (BabyJubJub).
    /// @param y The key's y.
    event RegulatorKeySet(uint256 x, uint256 y);

    /// @notice Registers the caller's owner: `ownerId = Poseidon(sk, 0)` and the X25519 key its notes are
    /// encrypted to. The caller gets the next owner number and its leaf joins the allow list.
    /// @dev The caller must be enabled on the token ({WalletNotEnabled}), not registered yet
    /// ({WalletAlreadyRegistered}), and the owner id unused ({OwnerIdTaken}), non-zero and a field element.
    /// @param ownerId The owner id.
    /// @param noteKey The X25519 public key (non-zero).
    function register(uint256 ownerId, bytes32 noteKey) external;

    /// @notice The admin (BCB) freezes the wallet's owner: its leaf leaves the allow list, which invalidates
    /// every older allow root at once, and it can no longer deposit.
    /// @param wallet The wallet.
    /// @param siblings The LeanIMT siblings of the owner's leaf in the current allow list (ignored when the
    /// owner is not listed).
    function freeze(address wallet, uint256[] calldata siblings) external;

    /// @notice The admin (BCB) unfreezes the wallet's owner; it returns to the allow list (a new leaf index)
    /// if the token enables the wallet.
    /// @param wallet The wallet.
    function unfreeze(address wallet) external;

    /// @notice Anyone removes from the allow list the owner of a wallet the token no longer enables.
    /// @param wallet The wallet.
    /// @param siblings The LeanIMT siblings of the owner's leaf in the current allow list.
    function revokeDisabled(address wallet, uint256[] calldata siblings) external;

    /// @notice Anyone returns to the allow list the revoked, unfrozen owner of a wallet the token enables
    /// again (the converse of {revokeDisabled}).
    /// @param wallet The wallet.
    function reinstate(address wallet) external;

    /// @notice The admin (BCB) sets the regulator key, a BabyJubJub point; every `paramsHash` accepted
    /// before stops being accepted.
    /// @param x The point's x.
    /// @param y The point's y.
    function setRegulatorKey(uint256 x, uint256 y) external;

    /// @notice The owner registered by `wallet` (all zero when none).
    /// @param wallet The wallet.
    /// @return The owner.
    function ownerOf(address wallet) external view returns (Owner memory);

    /// @notice The wallet that registered `ownerId` (zero when none).
    /// @param ownerId The owner id.
    /// @return The wallet.
    function walletOfOwner(uint256 ownerId) external view returns (address);

    /// @notice How many owners registered (the last owner number given).
    /// @return The count.
    function ownerCount() external view returns (uint256);

    /// @notice The allow list's current root (0 while it is empty).
    /// @return The root.
    function allowRoot() external view returns (uint256);

    /// @notice How many leaves the allow list has, removed ones included.
    /// @return The size.
    function allowListSize() external view returns (uint256);

    /// @notice The regulator key (0, 0 until the admin sets one).
    /// @return x The point's x.
    /// @return y The point's y.
    function regulatorKey() external view returns (uint256 x, uint256 y);

    /// @notice `Poseidon(allowRoot, Poseidon(regulatorKey))` of the current allow root: what a new proof
    /// uses. Reverts {InvalidRegulatorKey}(0, 0) while no regulator key is set.
    /// @return The parameters hash.
    function currentParamsHash() external view returns (uint256);

    /// @notice Whether a proof may use `paramsHash`: the current one, or one of an allow root since the last
    /// removal from the allow list and the last regulator-key change.
    /// @param paramsHash The parameters hash.
    /// @return True when accepted.
    function isValidParams(uint256 paramsHash) external view returns (bool);
}
