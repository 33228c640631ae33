"""Where the prover and the ceremony find Node.js and snarkjs.

snarkjs is an npm package, not a Python one, so it is found, in this order:

1. ``DREX_SNARKJS_DIR``: the folder of an installed snarkjs (``.../node_modules/snarkjs``);
2. in a checkout (``DREX_ROOT`` or an editable install), its ``node_modules/snarkjs``.

An installed wheel has no checkout, so it needs the variable: ``npm install snarkjs@0.7.6`` somewhere and
point ``DREX_SNARKJS_DIR`` at its ``node_modules/snarkjs``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from drex.errors import DrexError
from drex.paths import checkout_root

#: The snarkjs version the committed trusted setup was made with and the project pins.
SNARKJS_VERSION = "0.7.6"
ENV_SNARKJS_DIR = "DREX_SNARKJS_DIR"


class ToolchainMissing(DrexError):
    """Node.js or snarkjs (the npm package that makes and checks the proofs) cannot be found."""


def node_binary() -> str:
    """The ``node`` on ``PATH``."""
    node = shutil.which("node")
    if node is None:
        raise ToolchainMissing("node is not on PATH: install Node.js 18 or later (snarkjs runs on it)")
    return node


def _is_snarkjs(folder: Path) -> bool:
    pkg = folder / "package.json"
    if not (pkg.is_file() and (folder / "main.js").is_file()):
        return False
    return bool(json.loads(pkg.read_text()).get("name") == "snarkjs")


def snarkjs_dir() -> Path:
    """The snarkjs package folder (``DREX_SNARKJS_DIR`` first, else the checkout's ``node_modules``)."""
    env = os.environ.get(ENV_SNARKJS_DIR)
    if env:
        folder = Path(env).expanduser().resolve()
        if not _is_snarkjs(folder):
            raise ToolchainMissing(
                f"{ENV_SNARKJS_DIR}={env} is not a snarkjs package folder (it should be the "
                f"node_modules/snarkjs of `npm install snarkjs@{SNARKJS_VERSION}`)"
            )
        return folder
    root = checkout_root()
    if root is not None and _is_snarkjs(root / "node_modules" / "snarkjs"):
        return root / "node_modules" / "snarkjs"
    raise ToolchainMissing(
        f"snarkjs is not installed: run `npm install snarkjs@{SNARKJS_VERSION}` and set {ENV_SNARKJS_DIR} "
        "to the node_modules/snarkjs folder it creates"
    )


def snarkjs_version(folder: Path) -> str:
    """The version of the snarkjs package in ``folder``."""
    return str(json.loads((folder / "package.json").read_text())["version"])
