"""The oracle tests' anvil node, by default at the Friday the recorded SGS answers cover (see
:func:`oracle.reporting.start_node`), and the chain on whichever ``node`` a module uses, one per module.
The contract tests define their own ``node`` (at their own dates), which takes precedence in their
modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drex.chain import Chain
from drex.chain.anvil import AnvilNode
from drex.chain.connect import connect_anvil
from oracle.reporting import start_node


@pytest.fixture(scope="module")
def node(built: None) -> Iterator[AnvilNode]:
    n = start_node()
    yield n
    n.kill()


@pytest.fixture(scope="module")
def chain(node: AnvilNode) -> Iterator[Chain]:
    c = connect_anvil(node)
    yield c
    c.close()
