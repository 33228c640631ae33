"""Fixtures of the money-layer tests: one embedded chain for the whole package, with the money layer
deployed and funded once.

``chain`` overrides the root module-scoped fixture with a package-scoped one so that the deployment
(about 100 transactions) runs once for all money-layer modules; the root autouse ``clean_chain`` still
reverts the chain to its snapshot after every test, and ``money`` (package-scoped) is created before the
first snapshot, so every test starts from the same deployed and funded state.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drex.chain import Chain, connect

from .helpers import Money, deploy_money_layer


@pytest.fixture(scope="package")
def chain() -> Iterator[Chain]:
    c = connect("embedded")
    yield c
    c.close()


@pytest.fixture(scope="package")
def money(chain: Chain) -> Money:
    return deploy_money_layer(chain)
