#!/usr/bin/env node
// A `solc` executable for py-solc-x / ape-solidity, backed by the project's offline solc-js (npm `solc`).
//
// ape-solidity runs the native solc binary that py-solc-x keeps as <SOLCX_BINARY_PATH>/solc-v<version>.
// That binary cannot be downloaded here, and npm's `solcjs` command line has different flags, so
// scripts/bootstrap-ape.sh links this file in as solc-v0.8.28. It speaks the part of native solc's
// command line that py-solc-x and ape-solidity use, with native solc's semantics:
//
//   solc --version                     "solc, the solidity compiler commandline interface\nVersion: ..."
//   solc --help
//   solc --standard-json [FILE|-] [--base-path DIR] [--include-path DIR]... [--allow-paths A,B]
//        [--pretty-json] [--json-indent N]
//        Standard-JSON in (FILE or stdin), standard-JSON out; exit 0 even when the JSON reports
//        compilation errors, as native solc does. Imports not given in the input are read, like native
//        solc, from <base path>/<source unit name> then <include path>/<source unit name>, and only
//        inside the base path, the include paths and the allowed paths.
//
// One addition to native solc: the checkout root is always the last include path. ape-solidity compiles
// a copy of contracts/ in a temporary folder and passes that folder as --base-path, so the remapping
// "@openzeppelin/contracts=node_modules/@openzeppelin/contracts" of ape-config.yaml yields source unit
// names "node_modules/@openzeppelin/contracts/..." that only the checkout has. With native solc the same
// remapping fails the same way; the include path lets them resolve, and keeps the source unit names (so
// the metadata and bytecode) independent of where the checkout and the temporary folder are.
//
// Any other option is refused with native solc's "unrecognised option '--x'" message (py-solc-x turns it
// into UnknownOption); compiling files given on the command line (non standard-JSON mode) is refused too.
// The compiler is node_modules/solc of this checkout, found relative to this file (symlinks resolved).
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");

function fail(message, code = 1) {
  process.stderr.write(message.endsWith("\n") ? message : message + "\n");
  process.exit(code);
}

function loadSolc() {
  const dir = path.join(ROOT, "node_modules", "solc");
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    fail(`solc-js is not installed in ${dir}: run scripts/bootstrap.sh (npm ci)`);
  }
  return require(dir);
}

function parseArgs(argv) {
  const opts = { standardJson: false, input: null, basePath: null, includePaths: [], allowPaths: [],
                 pretty: false, indent: 2, version: false, help: false, files: [] };
  const valueOf = (i, flag) => {
    if (i + 1 >= argv.length) fail(`the required argument for option '${flag}' is missing`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline = null;
    if (a.startsWith("--") && a.includes("=")) {
      inline = a.slice(a.indexOf("=") + 1);
      a = a.slice(0, a.indexOf("="));
    }
    const take = (flag) => {
      if (inline !== null) return inline;
      const v = valueOf(i, flag);
      i++;
      return v;
    };
    switch (a) {
      case "--version": opts.version = true; break;
      case "--help": case "-h": opts.help = true; break;
      case "--standard-json": opts.standardJson = true; break;
      case "--base-path": opts.basePath = take(a); break;
      case "--include-path": opts.includePaths.push(take(a)); break;
      case "--allow-paths": opts.allowPaths.push(...take(a).split(",").filter(Boolean)); break;
      case "--pretty-json": opts.pretty = true; break;
      case "--json-indent": opts.indent = parseInt(take(a), 10); opts.pretty = true; break;
      case "-": opts.files.push("-"); break;
      default:
        if (a.startsWith("-")) fail(`unrecognised option '${a}'`);
        opts.files.push(a);
    }
  }
  return opts;
}

function isInside(file, dir) {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function makeImportCallback(opts) {
  const base = path.resolve(opts.basePath || process.cwd());
  const searchRoots = [base, ...opts.includePaths.map((p) => path.resolve(p)), ROOT];
  const allowed = [...searchRoots, ...opts.allowPaths.map((p) => path.resolve(p))];
  return function findImports(sourceUnitName) {
    const candidates = path.isAbsolute(sourceUnitName)
      ? [path.normalize(sourceUnitName)]
      : searchRoots.map((r) => path.join(r, sourceUnitName));
    for (const full of candidates) {
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) continue;
      const real = fs.realpathSync(full);
      if (!allowed.some((dir) => isInside(full, dir) || isInside(real, dir))) {
        return { error: `File outside of allowed directories. The following are allowed: ${allowed.join(", ")}` };
      }
      return { contents: fs.readFileSync(full, "utf8") };
    }
    return { error: `File not found. Searched the following locations: ${candidates.map((c) => `"${c}"`).join(", ")}.` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(
      "solc (solc-js bridge for py-solc-x): --version | --standard-json [FILE|-] [--base-path DIR]\n" +
      "  [--include-path DIR]... [--allow-paths A,B] [--pretty-json] [--json-indent N]\n");
    return;
  }
  const solc = loadSolc();
  if (opts.version) {
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
    return;
  }
  if (!opts.standardJson) {
    fail("this solc is the project's solc-js behind a native-solc command line; only --standard-json " +
         "compilation is supported (given: " + (opts.files.join(" ") || "no input") + ")");
  }
  const files = opts.files.filter((f) => f !== "-");
  if (files.length > 1) fail("Too many input files for --standard-json.");
  const input = fs.readFileSync(files.length ? files[0] : 0, "utf8");
  const output = solc.compile(input, { import: makeImportCallback(opts) });
  const text = opts.pretty ? JSON.stringify(JSON.parse(output), null, opts.indent) : output;
  process.stdout.write(text + "\n");
}

main();
