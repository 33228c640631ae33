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
    progress: list[str] = []
    session = Session(world.chain, world.manifest, progress.append)
    session.begin(phase.TITLE)

    phase.run(session)

    for role, delta in EXPECTED_RT.items():
        assert rt(role) - rt_before[role] == delta, role
    for role, delta in EXPECTED_RD.items():
        assert p.real_digital.balance_of(world.addr(role)) - rd_before[role] == delta, role
    # every frozen balance released, the escrow empty
    for role, cnpj8 in token_of.items():
        assert p.real_tokenizado(cnpj8).frozen_balance_of(world.addr(role)) == 0
    assert p.real_digital.balance_of(p.swap_two_steps_reserve.address) == 0

    assert progress == ["1. Real Digital and Real Tokenizado"]
    (recorded,) = session.phases
    lines = [(e.kind, e.outcome, e.text, e.reason) for e in recorded.entries]
    assert ("SwapOneStep payment", "settled") in {(k, o) for k, o, _, _ in lines}
    assert [o for k, o, _, _ in lines if k == "SwapTwoStepsReserve payment"] == [
        "registered",
        "settled",
        "registered",
        "cancelled",
    ]
    refused = [(t, r) for _, o, t, r in lines if o == "refused"]
    assert len(refused) == 1 and refused[0][1].startswith(
        "SwapExpired, proposal 1 could be accepted until 20"
    )
    assert refused[0][1].endswith("-03:00")  # ISO time in Brasília, not a Unix time
    text = "\n".join(t for _, _, t, _ in lines)
    assert "BRL" not in text and "timestamp" not in text
    assert [c.name for c in session.checks] == [
        "reserve of BANK_A",
        "reserve of BANK_B",
        "swaps leave nothing behind",
    ]
    assert all(c.holds for c in session.checks)
    assert "R$ 8.549,24" in session.checks[0].detail  # BANK_A's reserve movement over the phase
    (table,) = recorded.tables
    assert [row[0] for row in table.rows] == [f"BANK_A ({world.a})", f"BANK_B ({world.b})"]
