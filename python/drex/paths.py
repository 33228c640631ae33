"""Where drex finds things: the checkout (only for building contracts) and the local runtime state.

drex runs the same way from a checkout and from an installed wheel: contract artifacts and the local
network definition are package data (:mod:`drex.build.artifacts`), and the runtime state goes to the
current directory. Only ``drex build`` needs a checkout, found in this order:

1. ``DREX_ROOT``, when set (e.g. a git worktree run with ``PYTHONPATH=$DREX_ROOT/python``);
2. the folder two levels above this file, when it is a checkout (an editable install from ``python/``).

An installed wheel has no checkout: :func:`checkout_root` is ``None`` and :func:`project_root` raises.
"""

from __future__ import annotations

import os
from pathlib import Path

from drex.errors import DrexError


def _is_checkout(path: Path) -> bool:
    return (path / "contracts").is_dir() and (path / "pyproject.toml").is_file()


def checkout_root() -> Path | None:
    """The drex checkout this code runs from (``DREX_ROOT`` first), or ``None`` for an installed wheel."""
    env = os.environ.get("DREX_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[2]
    return here if _is_checkout(here) else None


def project_root() -> Path:
    """The checkout, for what only a checkout has (``contracts/``, ``node_modules/``); else a DrexError."""
    root = checkout_root()
    if root is None:
        raise DrexError(
            "this needs a drex checkout (contracts/ and node_modules/), and drex runs from an installed "
            "package: run it from the checkout, or set DREX_ROOT to one"
        )
    return root


def state_dir() -> Path:
    """Folder for local runtime state (anvil pid, log and state files).

    ``DREX_STATE_DIR`` when set, else ``.drex`` in the current directory (ignored by git in a checkout).
    """
    env = os.environ.get("DREX_STATE_DIR")
    d = Path(env) if env else Path.cwd() / ".drex"
    d.mkdir(parents=True, exist_ok=True)
    return d
