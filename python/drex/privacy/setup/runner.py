"""Runs one snarkjs step (``steps.mjs``) in Node and returns its result.

Each call is one ``node`` process: the ceremony's steps take seconds to minutes, so starting Node (about
0.3 s) does not matter, and a fresh process frees the curve's worker threads and memory after each step.
Arguments, secrets included, go on stdin as JSON.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from drex.privacy.prover.toolchain import node_binary, snarkjs_dir
from drex.privacy.setup.errors import CeremonyError

STEPS = Path(__file__).with_name("steps.mjs")


def run_step(what: str, step: str, **args: Any) -> Any:
    """Run snarkjs step ``step`` with ``args``; ``what`` names it in the CeremonyError if it fails."""
    request = json.dumps({"step": step, **{k: str(v) if isinstance(v, Path) else v for k, v in args.items()}})
    proc = subprocess.run(
        [node_binary(), str(STEPS), str(snarkjs_dir())],
        input=request.encode(),
        capture_output=True,
        check=False,
    )
    lines = proc.stdout.decode(errors="replace").strip().splitlines()
    try:
        answer: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        answer = {}
    if proc.returncode != 0 or not answer.get("ok"):
        log = proc.stderr.decode(errors="replace").strip().splitlines()[-5:]
        reason = answer.get("error") or f"node exited with {proc.returncode}"
        raise CeremonyError(f"{what} failed: {reason}" + (f" ({' | '.join(log)})" if log else ""))
    return answer.get("result")
