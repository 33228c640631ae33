"""The hypothesis profiles of the whole suite, registered once and chosen by ``DREX_HYPOTHESIS_PROFILE``.

- ``ci`` (the default, what ``make test`` runs): each property test runs the examples it asks for, each
  state machine its examples x steps, hypothesis's default of 100 examples where a test asks nothing;
- ``nightly`` (``deep`` is the same profile, the name tests/security/README.md has always used): about 10x
  deeper, 10x the examples of every property test, 2x the examples of 5x longer runs of every state machine.

Tests size themselves through :func:`examples` and :func:`state_machine`, never with a bare
``settings(max_examples=...)``, so the profile reaches all of them. tests/conftest.py imports this module,
which loads the chosen profile as hypothesis's default.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

ENV = "DREX_HYPOTHESIS_PROFILE"
#: Profile -> how many times deeper than ``ci`` it runs.
DEPTH = {"ci": 1, "nightly": 10}
#: Other names accepted for a profile.
ALIASES = {"deep": "nightly"}
#: In ``nightly`` a state machine runs this many times the examples and this many times the steps of ``ci``.
MACHINE_EXAMPLES, MACHINE_STEPS = 2, 5


def profile_name() -> str:
    """The profile ``DREX_HYPOTHESIS_PROFILE`` names (``ci`` when unset), aliases resolved."""
    raw = os.environ.get(ENV, "ci").strip().lower() or "ci"
    name = ALIASES.get(raw, raw)
    if name not in DEPTH:
        known = ", ".join([*DEPTH, *ALIASES])
        raise RuntimeError(f"{ENV}={raw!r} is not a hypothesis profile of this suite ({known})")
    return name


def is_nightly() -> bool:
    return profile_name() == "nightly"


settings.register_profile("ci", deadline=None)
settings.register_profile("nightly", deadline=None, max_examples=100 * DEPTH["nightly"])
settings.register_profile("deep", settings.get_profile("nightly"))
settings.load_profile(profile_name())


def examples(n: int, **kwargs: Any) -> settings:
    """Settings (also a decorator) for a property test: ``n`` examples in ``ci``, 10x in ``nightly``."""
    return settings(max_examples=n * DEPTH[profile_name()], deadline=None, **kwargs)


def state_machine(n_examples: int, steps: int, **kwargs: Any) -> settings:
    """Settings for ``run_state_machine_as_test``: ``n_examples`` runs of ``steps`` steps in ``ci``, and in
    ``nightly`` 2x the runs of 5x the steps (10x the steps in all)."""
    deep = is_nightly()
    return settings(
        max_examples=n_examples * (MACHINE_EXAMPLES if deep else 1),
        stateful_step_count=steps * (MACHINE_STEPS if deep else 1),
        deadline=None,
        suppress_health_check=kwargs.pop("suppress_health_check", [HealthCheck.too_slow]),
        **kwargs,
    )
