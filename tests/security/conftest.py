"""Fixtures and hypothesis profiles of the adversarial suite.

One embedded chain for the package with the whole platform deployed and the adversarial world funded
(:func:`tests.security.world.build_world`), created once; the state machine snapshots it and reverts to
the snapshot after every example.

Profiles (the suite's, tests/hypothesis_profiles.py: ``DREX_HYPOTHESIS_PROFILE``, default ``ci``), sized
here for this machine:

- ``ci``: derandomized (the same examples on every run), sized to keep the suite within ~90 s here;
- ``nightly`` (alias ``deep``): at least 10x the steps, random (``derandomize`` off), failing examples
  saved in ``.hypothesis/security-deep`` (git-ignored) and replayed first on the next run.

``DREX_SECURITY_SHRINK=0`` turns shrinking off (to time how fast a profile finds a failure).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from drex.chain import Chain, connect
from hypothesis_profiles import is_nightly

from .world import World, build_world

_ROOT = Path(os.environ.get("DREX_ROOT", Path(__file__).resolve().parents[2]))
_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}
settings.register_profile(
    "drex-security-ci",
    max_examples=8,
    stateful_step_count=40,
    derandomize=True,
    database=None,
    # No shrinking here: on a failure the report carries the violated invariant and the transactions that
    # led to it, within the time budget; the deep profile shrinks.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    **_COMMON,
)
settings.register_profile(
    "drex-security-deep",
    max_examples=40,
    stateful_step_count=150,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(str(_ROOT / ".hypothesis" / "security-deep")),
    **_COMMON,
)


def profile() -> settings:
    """The settings of the profile named by ``DREX_HYPOTHESIS_PROFILE`` (``ci``, or ``nightly``/``deep``)."""
    chosen = settings.get_profile("drex-security-deep" if is_nightly() else "drex-security-ci")
    if os.environ.get("DREX_SECURITY_SHRINK") == "0":  # report the first failure as found, unshrunk
        return settings(chosen, phases=(Phase.explicit, Phase.reuse, Phase.generate))
    return chosen


@pytest.fixture(scope="package")
def chain() -> Iterator[Chain]:
    c = connect("embedded")
    yield c
    c.close()


@pytest.fixture(scope="package")
def world(chain: Chain) -> World:
    return build_world(chain)
