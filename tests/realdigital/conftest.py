"""Fixtures of the money-layer tests: the deployed and funded money layer on the module's chain.

``money`` is module-scoped, so it is created (deployment plus funding) before the autouse ``clean_chain``
snapshot of the first test that uses it, and every test starts from that same state.
"""

from __future__ import annotations

import pytest

from drex.chain import Chain

from .helpers import Money, deploy_money_layer


@pytest.fixture(scope="module")
def money(chain: Chain) -> Money:
    return deploy_money_layer(chain)
