"""Shared fixtures: a real embedded chain per test module, reset to a snapshot around every test.

Tests that need anvil start their own node through the ``anvil_node`` fixture (a free port, its own
state), so nothing depends on a node left running on the machine.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import hypothesis_profiles  # noqa: F401  (registers the hypothesis profiles, loads the chosen one)
from drex.build import build
from drex.chain import Chain, connect


@pytest.fixture(scope="session", autouse=True)
def built() -> None:
    """Compile once per session, explicitly (a no-op when the artifacts are current): drex never compiles
    at run time, and its artifact loader refuses missing or stale artifacts."""
    build()


@pytest.fixture(scope="module")
def chain(built: None) -> Iterator[Chain]:
    c = connect("embedded")
    yield c
    c.close()


@pytest.fixture(autouse=True)
def clean_chain(request: pytest.FixtureRequest) -> Iterator[None]:
    """Revert the module's chain to its state before the test, so tests never see each other's state."""
    if "chain" not in request.fixturenames:
        yield
        return
    c: Chain = request.getfixturevalue("chain")
    snap = c.snapshot()
    yield
    c.revert(snap)


@pytest.fixture()
def anvil_node(built: None) -> Iterator[object]:
    from drex.chain.anvil import start_anvil

    node = start_anvil()
    yield node
    node.kill()
