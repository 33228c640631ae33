"""The one format per kind of value that people read (``drex.sdk.display``)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from drex.sdk import display

ROOT = Path(__file__).resolve().parents[2]


def test_every_role_the_contracts_define_has_a_name() -> None:
    defined = set()
    for sol in (ROOT / "contracts").rglob("*.sol"):
        defined |= set(re.findall(r"constant\s+([A-Z_]+_ROLE)\b", sol.read_text()))
    assert defined == set(display.ROLE_NAMES)
    for name in defined - {"DEFAULT_ADMIN_ROLE"}:
        from eth_utils.crypto import keccak

        assert display.role_name(keccak(text=name)) == name
    assert display.role_name(bytes(32)) == "DEFAULT_ADMIN_ROLE"
    assert display.role_name("0x" + "ab" * 32) == "0x" + "ab" * 32


def test_money_quantities_prices_and_times_have_one_form_each() -> None:
    assert display.reais(Decimal("0.5")) == "R$ 0,50"
    assert display.reais(100000000, units=True) == "R$ 1.000.000,00"
    assert display.quantity(15000, units=True) == "150,00"
    assert display.unit_price(85012345678, units=True) == "R$ 850,12345678"
    assert display.unit_price(Decimal("1")) == "R$ 1,00000000"
    assert display.moment(0) == "1969-12-31T21:00:00-03:00"
    assert display.day(1806548400) == "2027-04-01"
    assert display.status_words("LIQ") == "settled"
    assert display.yes_no(True) == "yes"
    names = {"BANK_A": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"}
    assert display.account_label("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", names).startswith("BANK_A (")
