"""Fixtures of the TPFt tests: one embedded chain for the whole package with the whole platform deployed
(the real deployment plan) and a small funded world, created once.

``chain`` overrides the root module-scoped fixture with a package-scoped one so that the deployment runs
once; the root autouse ``clean_chain`` reverts to a snapshot after every test, and ``world`` (package
scoped) is created before the first snapshot, so every test starts from the same state.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drex.chain import Chain, connect

from .helpers import World, build_world


@pytest.fixture(scope="package")
def chain() -> Iterator[Chain]:
    c = connect("embedded")
    yield c
    c.close()


@pytest.fixture(scope="package")
def world(chain: Chain) -> World:
    return build_world(chain)


@pytest.fixture()
def w(world: World) -> World:
    """The world, for a test (the chain is reverted after it by the root ``clean_chain``)."""
    return world
