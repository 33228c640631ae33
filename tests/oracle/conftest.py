"""The oracle tests' anvil node, one per module, by default at the Friday the recorded SGS answers cover
(:func:`oracle.reporting.start_node`); a module that sets ``START_NODE`` starts it with that function
instead (the contract tests: :func:`oracle.contract_helpers.start_node`, on Ash Wednesday 2025). Then the
chain on it, and the contract tests' :class:`~oracle.contract_helpers.Rig` on that chain."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from drex.chain import Chain
from drex.chain.anvil import AnvilNode
from drex.chain.connect import connect_anvil
from oracle.contract_helpers import Rig
from oracle.reporting import start_node


@pytest.fixture(scope="module")
def node(request: pytest.FixtureRequest, built: None) -> Iterator[AnvilNode]:
    start: Callable[[], AnvilNode] = getattr(request.module, "START_NODE", start_node)
    n = start()
    yield n
    n.kill()


@pytest.fixture(scope="module")
def chain(node: AnvilNode) -> Iterator[Chain]:
    c = connect_anvil(node)
    yield c
    c.close()


@pytest.fixture(scope="module")
def rig(chain: Chain) -> Rig:
    return Rig(chain)
