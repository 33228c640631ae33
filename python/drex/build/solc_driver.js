// Standard-JSON bridge to solc-js (the npm `solc` package), so no native compiler or download is needed.
// Reads the standard-JSON input on stdin, resolves imports from the project root and node_modules,
// and writes the standard-JSON output on stdout. Usage: node solc_driver.js <project-root>
"use strict";
const fs = require("fs");
const path = require("path");
const root = process.argv[2];
const solc = require(path.join(root, "node_modules", "solc"));

function findImports(p) {
  for (const base of [root, path.join(root, "node_modules")]) {
    const full = path.join(base, p);
    if (full.startsWith(base) && fs.existsSync(full)) {
      return { contents: fs.readFileSync(full, "utf8") };
    }
  }
  return { error: "File not found: " + p };
}

const input = fs.readFileSync(0, "utf8");
if (process.argv[3] === "--version") {
  process.stdout.write(solc.version());
} else {
  process.stdout.write(solc.compile(input, { import: findImports }));
}
