// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IShieldedPoolRegistry} from "./IShieldedPoolRegistry.sol";

/// @title IShieldedPool
/// @notice A shielded pool of one token (docs/privacy.md): deposits turn public balance into notes, a
/// JoinSplit proof spends two notes of one owner and creates two, a withdrawal pays part of the value out, and
/// {PrivateDvP} settles one leg of a private delivery versus payment. The pool keeps the note tree (a LeanIMT
/// of `Poseidon(C0, C1)` leaves), the last 256 note roots, the nullifiers and `shieldedSupply[asset]`.
/// @dev Every operation is an event carrying all a wallet needs (leaf, index, nullifiers, supervision
/// ciphertext, note ciphertexts): the chain alone rebuilds a wallet's view.
interface IShieldedPool is IShieldedPoolRegistry {
    /// @notice A Groth16 proof of the JoinSplit circuit, in snarkjs' calldata layout.
    /// @param a Point A (G1).
    /// @param b Point B (G2).
    /// @param c Point C (G1).
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice The public values of a JoinSplit, as the prover produced them, and the root it proved against.
    /// @param nullifier0 Nullifier of the first input note, `Poseidon(L, side, nk)`.
    /// @param nullifier1 Nullifier of the second input note.
    /// @param outLeaf The leaf of the two output notes, `Poseidon(C_out0, C_out1)`.
    /// @param ephemeralY The y of the ephemeral BabyJubJub key `R = r · Base8`.
    /// @param cipher The supervision ciphertext (three field elements, readable with the regulator key).
    /// @param noteRoot The note root the inputs are members of.
    /// @param noteRootSize The number of leaves the note tree had when `noteRoot` was its root.
    /// @param paramsHash `Poseidon(allowRoot, Poseidon(regulatorKey))` the proof used.
    struct Spend {
        uint256 nullifier0;
        uint256 nullifier1;
        uint256 outLeaf;
        uint256 ephemeralY;
        uint256[3] cipher;
        uint256 noteRoot;
        uint256 noteRootSize;
        uint256 paramsHash;
    }

    /// @notice The amount is zero or not below 2^64.
    /// @param amount The amount given.
    error InvalidAmount(uint256 amount);

    /// @notice The asset is not one this pool holds (Real Digital: 0; TPFt: a series id below 2^64).
    /// @param asset The asset given.
    error InvalidAsset(uint256 asset);

    /// @notice The recipient of a withdrawal is the zero address.
    error InvalidRecipient();

    /// @notice The pool's token is paused: nothing moves in the pool either.
    /// @param token The token.
    error TokenPaused(address token);

    /// @notice The note root is not the root the note tree had at `size` leaves, or that size is more than 255
    /// insertions ago (or ahead of the tree).
    /// @param root The root given.
    /// @param size The tree size given.
    error UnknownNoteRoot(uint256 root, uint256 size);

    /// @notice The note was already spent.
    /// @param nullifier Its nullifier.
    error NullifierAlreadyUsed(uint256 nullifier);

    /// @notice Both inputs carry the same nullifier.
    /// @param nullifier The nullifier.
    error DuplicateNullifier(uint256 nullifier);

    /// @notice The proof used a parameters hash the pool no longer (or never) accepted: the allow list lost
    /// an owner or the regulator key changed since; prove again with {currentParamsHash}.
    /// @param paramsHash The parameters hash given.
    error StaleParams(uint256 paramsHash);

    /// @notice The JoinSplit proof does not verify for the public signals the pool built.
    error InvalidProof();

    /// @notice The note tree holds as many leaves as the circuit's note depth allows (2^24).
    error NoteTreeFull();

    /// @notice A withdrawal asks for more of an asset than the pool holds shielded.
    /// @param asset The asset.
    /// @param shielded The shielded supply.
    /// @param amount The amount asked.
    error InsufficientShieldedSupply(uint256 asset, uint256 shielded, uint256 amount);

    /// @notice Only the private DvP set with {setDvP} may settle legs.
    /// @param caller The caller.
    error OnlyDvP(address caller);

    /// @notice The private DvP is already set (or the address given is zero).
    /// @param dvp The current private DvP.
    error DvPAlreadySet(address dvp);

    /// @notice Emitted when a wallet deposits: its public balance became a note of its own owner.
    /// @param wallet The depositor.
    /// @param asset The asset (0 for Real Digital, the TPFt id).
    /// @param amount The amount (centavos, or bond units with 2 decimals).
    /// @param salt The note's salt.
    /// @param commitment The note's commitment `Poseidon(amount, ownerId, salt, asset)`.
    /// @param leaf The leaf appended, `Poseidon(commitment, 0)`.
    /// @param leafIndex Its index in the note tree.
    event Deposited(
        address indexed wallet,
        uint256 indexed asset,
        uint256 amount,
        uint256 salt,
        uint256 commitment,
        uint256 leaf,
        uint256 leafIndex
    );

    /// @notice Emitted when a private transfer spends two notes and creates two.
    /// @dev Every JoinSplit event carries the whole {Spend} (nullifiers, leaf, supervision ciphertext, and
    /// the root it proved against) and the note ciphertexts: what a wallet and the regulator read.
    /// @param leafIndex The index in the note tree of the leaf appended (`spend.outLeaf`).
    /// @param spend The JoinSplit's public values.
    /// @param notes The receivers' note ciphertexts.
    event Transferred(uint256 leafIndex, Spend spend, bytes notes);

    /// @notice Emitted when a withdrawal spends two notes, creates two and pays `amount` out.
    /// @param recipient The wallet paid.
    /// @param asset The asset paid.
    /// @param amount The amount paid.
    /// @param leafIndex The index in the note tree of the leaf appended (`spend.outLeaf`).
    /// @param spend The JoinSplit's public values.
    /// @param notes The receivers' note ciphertexts.
    event Withdrawn(
        address indexed recipient, uint256 indexed asset, uint256 amount, uint256 leafIndex, Spend spend, bytes notes
    );

    /// @notice Emitted when one leg of a private DvP settles in this pool.
    /// @param tradeId The trade.
    /// @param leafIndex The index in the note tree of the leaf appended (`spend.outLeaf`).
    /// @param spend The JoinSplit's public values.
    /// @param notes The receivers' note ciphertexts.
    event LegSettled(bytes32 indexed tradeId, uint256 leafIndex, Spend spend, bytes notes);

    /// @notice Emitted when the admin sets the private DvP.
    /// @param dvp The private DvP.
    event DvPSet(address indexed dvp);

    /// @notice Moves `amount` of the caller's public balance of `asset` into the pool and appends a note of
    /// the caller's own owner: leaf `Poseidon(Poseidon(amount, ownerId, salt, asset), 0)`.
    /// @dev The caller must be registered, listed and not frozen; the token's own rules apply to the move
    /// (enabled wallet, unfrozen balance, pause, approval of this pool).
    /// @param asset 0 for Real Digital, the TPFt id for TPFt (below 2^64).
    /// @param amount The amount (1 to 2^64 - 1).
    /// @param salt The note's salt (a field element the depositor keeps).
    function deposit(uint256 asset, uint256 amount, uint256 salt) external;

    /// @notice A private transfer: spends two notes, appends the leaf of two new ones.
    /// @param proof The JoinSplit proof (context kind 1, `publicOut` 0).
    /// @param spend Its public values.
    /// @param notes The receivers' note ciphertexts (bound by the context).
    function transfer(Proof calldata proof, Spend calldata spend, bytes calldata notes) external;

    /// @notice A withdrawal: spends two notes, appends the leaf of two new ones, pays `amount` of `asset` to
    /// `recipient` (which the token must enable).
    /// @param proof The JoinSplit proof (context kind 2 with the recipient, `publicOut = amount + asset·2^64`).
    /// @param spend Its public values.
    /// @param notes The receivers' note ciphertexts (bound by the context).
    /// @param recipient The wallet paid.
    /// @param asset The asset paid.
    /// @param amount The amount paid (1 to 2^64 - 1).
    function withdraw(
        Proof calldata proof,
        Spend calldata spend,
        bytes calldata notes,
        address recipient,
        uint256 asset,
        uint256 amount
    ) external;

    /// @notice One leg of a private DvP; only the private DvP, which computed `context` (kind 3 or 4).
    /// @param proof The JoinSplit proof (`publicOut` 0).
    /// @param spend Its public values.
    /// @param notes The receivers' note ciphertexts.
    /// @param context The leg's context, reduced modulo the field's prime.
    /// @param tradeId The trade (for the event).
    function settleLeg(
        Proof calldata proof,
        Spend calldata spend,
        bytes calldata notes,
        uint256 context,
        bytes32 tradeId
    ) external;

    /// @notice The admin sets the private DvP, once.
    /// @param dvp_ The private DvP.
    function setDvP(address dvp_) external;

    /// @notice The admin pauses the pool: no deposit, transfer, withdrawal or leg.
    function pause() external;

    /// @notice The admin resumes the pool.
    function unpause() external;

    /// @notice The token the pool holds (Real Digital or TPFt).
    /// @return The token.
    function token() external view returns (address);

    /// @notice The private DvP allowed to settle legs (zero until set).
    /// @return The private DvP.
    function dvp() external view returns (address);

    /// @notice The value of `asset` the pool holds shielded (deposits minus withdrawals).
    /// @param asset The asset.
    /// @return The shielded supply.
    function shieldedSupply(uint256 asset) external view returns (uint256);

    /// @notice The note tree's current root (0 while empty).
    /// @return The root.
    function currentRoot() external view returns (uint256);

    /// @notice How many leaves the note tree has.
    /// @return The size.
    function noteTreeSize() external view returns (uint256);

    /// @notice The root the note tree had at `size` leaves, if within the last 256 insertions (else 0).
    /// @param size The tree size.
    /// @return The root.
    function rootAt(uint256 size) external view returns (uint256);

    /// @notice Whether `root` was the note root at `size` leaves, within the last 256 insertions.
    /// @param root The root.
    /// @param size The tree size.
    /// @return True when a proof may use it.
    function isKnownRoot(uint256 root, uint256 size) external view returns (bool);

    /// @notice Whether a note with this nullifier was spent.
    /// @param nullifier The nullifier.
    /// @return True when spent.
    function nullifierUsed(uint256 nullifier) external view returns (bool);

    /// @notice The context of a transfer in this pool carrying `notes` (kind 1).
    /// @param notes The note ciphertexts.
    /// @return The context.
    function transferContext(bytes calldata notes) external view returns (uint256);

    /// @notice The context of a withdrawal in this pool to `recipient` carrying `notes` (kind 2).
    /// @param recipient The wallet paid.
    /// @param notes The note ciphertexts.
    /// @return The context.
    function withdrawContext(address recipient, bytes calldata notes) external view returns (uint256);
}
