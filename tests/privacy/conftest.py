"""Fixtures of the shielded-pool tests: one anvil node for the package, with the platform, the two pools
and the private DvP deployed (over the TEST-ONLY verifier, see helpers.py) and the banks funded, once.

Anvil, not the embedded py-evm chain: every note insertion runs Poseidon (about 27,000 gas a hash), which
py-evm executes in about a second a transaction; the root-ring tests insert 256 leaves.
``chain`` overrides the root module-scoped fixture with a package-scoped one so the deployment runs once;
the root autouse ``clean_chain`` reverts to a snapshot after every test, and ``world`` (package scoped) is
created before the first snapshot, so every test starts from the same state.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drex.chain import Chain
from drex.chain.anvil import start_anvil
from drex.chain.connect import connect_anvil

from .helpers import World, build_world


@pytest.fixture(scope="package")
def chain() -> Iterator[Chain]:
    c = connect_anvil(start_anvil(), owns_node=True)
    yield c
    c.close()


@pytest.fixture(scope="package")
def world(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(chain, tmp_path_factory.mktemp("privacy"))


@pytest.fixture()
def w(world: World) -> World:
    """The world, for a test (the chain is reverted after it by the root ``clean_chain``)."""
    return world
