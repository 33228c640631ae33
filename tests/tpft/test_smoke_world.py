"""The test world itself: the deployment plan and the funding leave the expected balances and roles."""

from __future__ import annotations

from .helpers import BANK_BONDS, CUSTOMER_BONDS, CUSTOMER_RT, World


def test_world_is_funded(w: World) -> None:
    assert w.bonds("BANK_A") == BANK_BONDS
    assert w.bonds("CUSTOMER_B1") == CUSTOMER_BONDS
    assert w.money(w.rt_a, "CUSTOMER_A1") == CUSTOMER_RT
    assert w.view(w.dvp.functions.isCustomer(w.addr("CUSTOMER_A1"))) is True
    assert w.view(w.dvp.functions.isCustomer(w.addr("BANK_A"))) is False
