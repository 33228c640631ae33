// One snarkjs step of the trusted-setup ceremony, through snarkjs' JS API (the same functions its CLI runs).
// Usage: node steps.mjs SNARKJS_DIR < request.json   where request = {"step": NAME, ...arguments}.
// Secrets (contribution entropy) come on stdin, never on the command line (which other users can read).
// Writes one JSON line {"ok": true, "result": ...} on stdout, or {"ok": false, "error": "..."}; snarkjs'
// progress log goes to stderr.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const snarkjsDir = process.argv[2];
const snarkjs = await import(pathToFileURL(path.join(snarkjsDir, "main.js")).href);

const logger = {
  debug() {},
  info: (...a) => process.stderr.write(a.join(" ") + "\n"),
  warn: (...a) => process.stderr.write("warning: " + a.join(" ") + "\n"),
  error: (...a) => process.stderr.write("error: " + a.join(" ") + "\n"),
};

const hex = (bytes) => Buffer.from(bytes).toString("hex");

// snarkjs reports several failures by returning false or -1 instead of throwing.
function checked(value, what) {
  if (value === false || value === -1) throw new Error(`${what} failed (see the log above)`);
  return value;
}

const steps = {
  async info(r) {
    const c = await snarkjs.r1cs.info(r.r1cs);
    return {
      nConstraints: c.nConstraints, nVars: c.nVars, nOutputs: c.nOutputs,
      nPubInputs: c.nPubInputs, nPrvInputs: c.nPrvInputs, nLabels: Number(c.nLabels),
    };
  },
  async ptauNew(r) {
    const curve = await snarkjs.curves.getCurveFromName("bn128");
    return hex(await snarkjs.powersOfTau.newAccumulator(curve, r.power, r.out, logger));
  },
  async ptauContribute(r) {
    return hex(checked(await snarkjs.powersOfTau.contribute(r.in, r.out, r.name, r.entropy, logger), "contribution"));
  },
  async ptauBeacon(r) {
    const res = await snarkjs.powersOfTau.beacon(r.in, r.out, r.name, r.beaconHash, r.iterationsExp, logger);
    return hex(checked(res, "beacon"));
  },
  async ptauPrepare(r) {
    await snarkjs.powersOfTau.preparePhase2(r.in, r.out, logger);
    return null;
  },
  async ptauVerify(r) {
    return checked(await snarkjs.powersOfTau.verify(r.ptau, logger), "powers of tau verification");
  },
  async zkeyNew(r) {
    return hex(checked(await snarkjs.zKey.newZKey(r.r1cs, r.ptau, r.out, logger), "groth16 setup"));
  },
  async zkeyContribute(r) {
    return hex(checked(await snarkjs.zKey.contribute(r.in, r.out, r.name, r.entropy, logger), "contribution"));
  },
  async zkeyBeacon(r) {
    const res = await snarkjs.zKey.beacon(r.in, r.out, r.name, r.beaconHash, r.iterationsExp, logger);
    return hex(checked(res, "beacon"));
  },
  async zkeyVerify(r) {
    return checked(await snarkjs.zKey.verifyFromR1cs(r.r1cs, r.ptau, r.zkey, logger), "zkey verification");
  },
  async exportVerificationKey(r) {
    return await snarkjs.zKey.exportVerificationKey(r.zkey, logger);
  },
  async exportSolidityVerifier(r) {
    const template = fs.readFileSync(path.join(snarkjsDir, "templates", "verifier_groth16.sol.ejs"), "utf8");
    return await snarkjs.zKey.exportSolidityVerifier(r.zkey, { groth16: template }, logger);
  },
  async wtnsCheck(r) {
    await snarkjs.wtns.calculate(r.input, r.wasm, r.wtns);
    return checked(await snarkjs.wtns.check(r.r1cs, r.wtns, logger), "witness check");
  },
  async prove(r) {
    return await snarkjs.groth16.fullProve(r.input, r.wasm, r.zkey);
  },
  async verify(r) {
    return await snarkjs.groth16.verify(r.vkey, r.publicSignals, r.proof);
  },
};

let out;
try {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const step = steps[request.step];
  if (!step) throw new Error(`unknown step ${request.step}`);
  out = { ok: true, result: await step(request) };
} catch (err) {
  out = { ok: false, error: String(err && err.message ? err.message : err) };
}
process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(out.ok ? 0 : 1));
