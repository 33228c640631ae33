// Writes joinsplit_input.json: one satisfying input of circuits/joinsplit.circom (docs/privacy.md), made
// with circomlibjs (Poseidon, BabyJubJub) independently of the Python witness builder.
// Usage (from the repository root): node tests/privacy/data/joinsplit_input.mjs > tests/privacy/data/joinsplit_input.json
//
// The owner A (owner number 1) spends one deposit-like note of 100 (leaf Poseidon(C, 0), alone in the
// note tree: depth 0) and pays 60 to B (owner number 2) and 40 back to itself: a transfer, no withdrawal.
// The allow list holds Poseidon(ownerId, ownerNo) of A and B: depth 1.
import { buildPoseidon, buildBabyjub } from "circomlibjs";

const NOTE_DEPTH = 24, ALLOW_DEPTH = 16;
const poseidon = await buildPoseidon();
const babyJub = await buildBabyjub();
const H = (...xs) => poseidon.F.toObject(poseidon(xs));
const zeros = (n) => Array(n).fill(0n);
const pad = (xs, n) => [...xs, ...zeros(n - xs.length)];

const skA = 0x1f2e3d4c5b6a79880011223344556677n, skB = 0x2a2b2c2d2e2f30313233343536373839n;
const ownerA = H(skA, 0n), ownerB = H(skB, 0n);
const asset = 0n;

// the input note: a deposit of 100
const inValue = [100n, 0n], inSalt = [0xabcdefn, 0x123457n];
const c0 = H(inValue[0], ownerA, inSalt[0], asset);
const noteRoot = H(c0, 0n); // one leaf: the LeanIMT's root is the leaf, depth 0

// the allow list: [Poseidon(A, 1), Poseidon(B, 2)]
const allowA = H(ownerA, 1n), allowB = H(ownerB, 2n);
const allowRoot = H(allowA, allowB);

// the regulator key and the ephemeral key
const regulatorSecret = 0x0123456789abcdef0123456789abcdefn;
const regulatorKey = babyJub.mulPointEscalar(babyJub.Base8, regulatorSecret).map((c) => babyJub.F.toObject(c));
const ephemeralKey = 0x0fedcba9876543210fedcba9876543210fedcba98765432n;
const paramsHash = H(allowRoot, H(regulatorKey[0], regulatorKey[1]));

const input = {
  noteRoot, paramsHash, context: 0x5eed5eed5eed5eedn, publicOut: 0n,
  spendingKey: skA, asset,
  inValue, inSalt, inSide: [0n, 0n], inSibling: [0n, 0n],
  inDepth: [0n, 0n], inIndices: [zeros(NOTE_DEPTH), zeros(NOTE_DEPTH)],
  inSiblings: [zeros(NOTE_DEPTH), zeros(NOTE_DEPTH)],
  outValue: [60n, 40n], outOwner: [ownerB, ownerA], outSalt: [0x777n, 0x888n],
  senderNo: 1n, outNo: [2n, 1n],
  allowRoot,
  senderAllowDepth: 1n, senderAllowIndices: zeros(ALLOW_DEPTH), senderAllowSiblings: pad([allowB], ALLOW_DEPTH),
  outAllowDepth: [1n, 1n],
  outAllowIndices: [pad([1n], ALLOW_DEPTH), zeros(ALLOW_DEPTH)],
  outAllowSiblings: [pad([allowA], ALLOW_DEPTH), pad([allowB], ALLOW_DEPTH)],
  regulatorKey, ephemeralKey,
};
const text = (v) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x));
process.stdout.write("{\n" + Object.entries(input).map(([k, v]) => `  "${k}": ${text(v)}`).join(",\n") + "\n}\n");
process.exit(0);
