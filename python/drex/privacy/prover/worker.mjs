// The prover's persistent worker: loads snarkjs (and its BN254 curve) once, then proves on request.
// Usage: node worker.mjs SNARKJS_DIR WASM ZKEY
// Reads JSON lines {"id": N, "input": {...}} on stdin and answers each, in order, with one JSON line
// {"id": N, "proof": {...}, "publicSignals": [...]} or {"id": N, "error": "..."} on stdout: a bad input is
// an error answer, never the end of the worker. It exits when stdin closes.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

const [snarkjsDir, wasmFile, zkeyFile] = process.argv.slice(2);
const snarkjs = await import(pathToFileURL(path.join(snarkjsDir, "main.js")).href);
// Read once, kept in memory: each proof then skips the file reads (fastfile takes {type: "mem"}).
const wasm = { type: "mem", data: new Uint8Array(fs.readFileSync(wasmFile)) };
const zkey = { type: "mem", data: new Uint8Array(fs.readFileSync(zkeyFile)) };

function answer(doc) {
  return new Promise((resolve) => process.stdout.write(JSON.stringify(doc) + "\n", resolve));
}

process.stdout.write(JSON.stringify({ ready: true }) + "\n");
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let id = null;
  try {
    const request = JSON.parse(line);
    id = request.id ?? null;
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(request.input, wasm, zkey);
    await answer({ id, proof, publicSignals });
  } catch (err) {
    await answer({ id, error: String(err && err.message ? err.message : err) });
  }
}
process.exit(0);
