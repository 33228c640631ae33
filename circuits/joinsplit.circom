pragma circom 2.1.5;

// The shielded pools' one circuit: spend up to two notes of one owner, create two notes, optionally pay
// part of the value out to a public wallet, and encrypt everything the central bank needs to supervise
// the transfer to the regulator key the pool's governance set. docs/privacy.md defines every value.

include "poseidon.circom";
include "bitify.circom";
include "comparators.circom";
include "babyjub.circom";
include "escalarmulfix.circom";
include "escalarmulany.circom";
include "binary-merkle-root.circom";

// A Merkle membership that is only enforced when `enabled` is not zero (a zero-value note needs none).
template RootIfEnabled(MAX_DEPTH) {
    signal input leaf, depth, indices[MAX_DEPTH], siblings[MAX_DEPTH];
    signal input root, enabled;
    for (var i = 0; i < MAX_DEPTH; i++) {
        indices[i] * (indices[i] - 1) === 0;
    }
    signal computed <== BinaryMerkleRoot(MAX_DEPTH)(leaf, depth, indices, siblings);
    (computed - root) * enabled === 0;
}

// Poseidon of a pair in the order a side bit gives: side 0 -> (node, sibling), side 1 -> (sibling, node).
template OrderedPair() {
    signal input node, sibling, side;
    signal output out;
    side * (side - 1) === 0;
    signal left <== node + side * (sibling - node);
    signal right <== sibling + node - left;
    out <== Poseidon(2)([left, right]);
}

template JoinSplit(NOTE_DEPTH, ALLOW_DEPTH) {
    // ---- public outputs (the verifier receives them first, in this order) ----
    signal output nullifier[2];
    signal output outLeaf;
    signal output ephemeralY;
    signal output cipher[3];

    // ---- public inputs ----
    signal input noteRoot;      // a recent root of the pool's note tree
    signal input paramsHash;    // Poseidon(allowRoot, Poseidon(regulatorKey))
    signal input context;       // keccak256 of what the proof is for, reduced mod p (bound below)
    signal input publicOut;     // withdrawn amount + asset * 2^64; 0 for a transfer

    // ---- private inputs ----
    signal input spendingKey;
    signal input asset;
    signal input inValue[2], inSalt[2], inSide[2], inSibling[2];
    signal input inDepth[2], inIndices[2][NOTE_DEPTH], inSiblings[2][NOTE_DEPTH];
    signal input outValue[2], outOwner[2], outSalt[2];
    signal input senderNo, outNo[2];
    signal input allowRoot;
    signal input senderAllowDepth, senderAllowIndices[ALLOW_DEPTH], senderAllowSiblings[ALLOW_DEPTH];
    signal input outAllowDepth[2], outAllowIndices[2][ALLOW_DEPTH], outAllowSiblings[2][ALLOW_DEPTH];
    signal input regulatorKey[2];
    signal input ephemeralKey;

    // keys: ownerId = Poseidon(sk, 0), nullifying key nk = Poseidon(sk, 1)
    signal ownerId <== Poseidon(2)([spendingKey, 0]);
    signal nk <== Poseidon(2)([spendingKey, 1]);

    _ <== Num2Bits(64)(asset);

    // ---- inputs: ownership, membership, nullifiers ----
    signal inCommitment[2], inLeaf[2];
    for (var i = 0; i < 2; i++) {
        _ <== Num2Bits(64)(inValue[i]);
        inCommitment[i] <== Poseidon(4)([inValue[i], ownerId, inSalt[i], asset]);
        inLeaf[i] <== OrderedPair()(inCommitment[i], inSibling[i], inSide[i]);
        RootIfEnabled(NOTE_DEPTH)(inLeaf[i], inDepth[i], inIndices[i], inSiblings[i], noteRoot, inValue[i]);
        nullifier[i] <== Poseidon(3)([inLeaf[i], inSide[i], nk]);
    }

    // ---- outputs: range, commitments, the leaf the pool inserts ----
    signal outCommitment[2];
    for (var j = 0; j < 2; j++) {
        _ <== Num2Bits(64)(outValue[j]);
        outCommitment[j] <== Poseidon(4)([outValue[j], outOwner[j], outSalt[j], asset]);
    }
    outLeaf <== Poseidon(2)([outCommitment[0], outCommitment[1]]);

    // ---- value: what goes in equals what comes out plus what is withdrawn ----
    signal outBits[128] <== Num2Bits(128)(publicOut);
    var withdrawn = 0;
    var withdrawnAsset = 0;
    for (var b = 0; b < 64; b++) {
        withdrawn += outBits[b] * (1 << b);
        withdrawnAsset += outBits[64 + b] * (1 << b);
    }
    (withdrawnAsset - asset) * withdrawn === 0;
    inValue[0] + inValue[1] === outValue[0] + outValue[1] + withdrawn;

    // ---- the allow list: the sender always, each receiver of a non-zero note ----
    _ <== Num2Bits(32)(senderNo);
    signal senderAllowLeaf <== Poseidon(2)([ownerId, senderNo]);
    RootIfEnabled(ALLOW_DEPTH)(senderAllowLeaf, senderAllowDepth, senderAllowIndices, senderAllowSiblings, allowRoot, 1);
    signal outAllowLeaf[2];
    for (var j = 0; j < 2; j++) {
        _ <== Num2Bits(32)(outNo[j]);
        outAllowLeaf[j] <== Poseidon(2)([outOwner[j], outNo[j]]);
        RootIfEnabled(ALLOW_DEPTH)(outAllowLeaf[j], outAllowDepth[j], outAllowIndices[j], outAllowSiblings[j], allowRoot, outValue[j]);
    }
    signal regulatorKeyHash <== Poseidon(2)(regulatorKey);
    signal expectedParams <== Poseidon(2)([allowRoot, regulatorKeyHash]);
    paramsHash === expectedParams;

    // ---- supervision: ECDH to the regulator key, a Poseidon keystream over three words ----
    // R = r * Base8 (what circomlib's BabyPbk computes, sharing the bits with the ECDH below)
    var BASE8[2] = [
        5299619240641551281634865583518297030282874472190772894086521144482721001553,
        16950150798460657717958625567821834550301663161624707787222815936182638968203
    ];
    signal eBits[253] <== Num2Bits(253)(ephemeralKey);
    signal ephemeral[2] <== EscalarMulFix(253, BASE8)(eBits);
    ephemeralY <== ephemeral[1];
    // a zero (or subgroup-order) ephemeral key gives the identity and a shared secret anyone knows
    signal notIdentity <-- 1 / (ephemeral[1] - 1);
    notIdentity * (ephemeral[1] - 1) === 1;
    signal shared[2] <== EscalarMulAny(253)(eBits, regulatorKey);
    signal plain[3];
    plain[0] <== outValue[0] + outValue[1] * (1 << 64) + asset * (1 << 128);
    plain[1] <== senderNo + outNo[0] * (1 << 32) + outNo[1] * (1 << 64);
    plain[2] <== nk;
    signal keystream[3];
    for (var k = 0; k < 3; k++) {
        keystream[k] <== Poseidon(2)([shared[1], k]);
        cipher[k] <== plain[k] + keystream[k];
    }

    // ---- the context is otherwise unused: square it so the proof binds it ----
    signal contextSquare <== context * context;
}

component main {public [noteRoot, paramsHash, context, publicOut]} = JoinSplit(24, 16);
