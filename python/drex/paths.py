"""Where the project's files are: the checkout root, contracts, build artifacts and local state.

The root is found from ``DREX_ROOT`` when set, else from the installed package's location (the package
is installed in editable mode from ``python/drex`` of the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    env = os.environ.get("DREX_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def state_dir() -> Path:
    """Folder for local runtime state (anvil pid and state files), ignored by git."""
    d = project_root() / ".drex"
    d.mkdir(exist_ok=True)
    return d
