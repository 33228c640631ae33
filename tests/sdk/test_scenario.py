"""The "realdigital" scenario phase runs end to end on the deployed platform and leaves the right balances."""

from __future__ import annotations

from decimal import Decimal

from drex.scenario import Session
from drex.scenario import realdigital as phase

from .conftest import World

#: Net effect of the phase on each wallet: issuance plus the five swaps
#: (A1->B1 1250.75 one step; A2->B2 300.00 two steps; B1->A1 99.99 escrow; A1->B2 500.00 cancelled;
#: A2->B1 42.00 expired).
EXPECTED_RT = {
    "CUSTOMER_A1": Decimal("6000.00") - Decimal("1250.75") + Decimal("99.99"),
    "CUSTOMER_A2": Decimal("4000.00") - Decimal("300.00"),
    "CUSTOMER_B1": Decimal("3000.00") + Decimal("1250.75") - Decimal("99.99"),
    "CUSTOMER_B2": Decimal("2000.00") + Decimal("300.00"),
}
EXPECTED_RD = {
    "BANK_A": Decimal("10000.00") - Decimal("1250.75") - Decimal("300.00") + Decimal("99.99"),
    "BANK_B": Decimal("5000.00") + Decimal("1250.75") + Decimal("300.00") - Decimal("99.99"),
}


def test_realdigital_phase(world: World) -> None:
    p = world.platform
    token_of = {role: world.a if role.startswith("CUSTOMER_A") else world.b for role in EXPECTED_RT}

    def rt(role: str) -> Decimal:
        return p.real_tokenizado(token_of[role]).balance_of(world.addr(role))

    rt_before = {role: rt(role) for role in EXPECTED_RT}
    rd_before = {role: p.real_digital.balance_of(world.addr(role)) for role in EXPECTED_RD}
    printed: list[str] = []
    session = Session(world.chain, world.manifest, printed.append)

    phase.run(session)

    for role, delta in EXPECTED_RT.items():
        assert rt(role) - rt_before[role] == delta, role
    for role, delta in EXPECTED_RD.items():
        assert p.real_digital.balance_of(world.addr(role)) - rd_before[role] == delta, role
    # every frozen balance released, the escrow empty
    for role, cnpj8 in token_of.items():
        assert p.real_tokenizado(cnpj8).frozen_balance_of(world.addr(role)) == 0
    assert p.real_digital.balance_of(p.swap_two_steps_reserve.address) == 0

    text = "\n".join(printed)
    assert "SwapOneStep" in text and "cancels proposal" in text
    assert "rejected, reverted with SwapExpired" in text
    summary = "\n".join(session.summary)
    assert summary.count(": holds") == 2 and "VIOLATED" not in summary
    assert "R$ 8.549,24" in summary  # BANK_A's reserve movement over the phase
    assert f"BRL@{world.a}" in summary and "CUSTOMER_B2" in summary
