"""The tpft deployment steps: every contract registered and every role and enabling they need in place."""

from __future__ import annotations

from eth_utils import keccak

from drex.deploy.steps import tpft as steps

from .helpers import BCB_CNPJ8, CNPJ8, STN_CNPJ8, World, reverts


def test_step_ids_are_unique() -> None:
    ids = [s.id for s in steps.STEPS]
    assert len(ids) == len(set(ids))


def test_contracts_registered(w: World) -> None:
    discovery = w.c["AddressDiscovery"]
    for name in steps.CONTRACTS:
        assert w.view(discovery.functions.addressDiscovery(w.role_id(name))) == w.c[name].address, name


def test_roles_and_enablings(w: World) -> None:
    def has(contract: str, role: str, who: str) -> bool:
        return bool(w.view(w.c[contract].functions.hasRole(w.role_id(role), who)))

    for op in steps.ID_OPERATIONS:
        assert has("TPFtOperationId", "OPERATION_ROLE", w.c[op].address)
    for op in steps.DVP_OPERATIONS:
        assert has("TPFtDvP", "OPERATION_ROLE", w.c[op].address)
    assert has("TPFtOperation1054", "RETURN_ROLE", w.op1056.address)
    assert has("TPFt", "REPAYMENT_ROLE", w.op1012.address)
    assert has("TPFt", "AUCTION_PLACEMENT_ROLE", w.addr("BCB"))
    assert has("TPFt", "MINTER_ROLE", w.addr("STN")) and has("TPFt", "DIRECT_PLACEMENT_ROLE", w.addr("STN"))
    assert w.view(w.tpft.functions.hasRole(bytes(32), w.addr("BCB")))  # DEFAULT_ADMIN_ROLE
    assert has("RealDigital", "MOVER_ROLE", w.op1012.address)
    assert has("TPFtRepaymentReserve", "DEPOSITOR_ROLE", w.op1012.address)
    for token in ("RealTokenizado@11111111", "RealTokenizado@22222222"):
        assert has(token, "BURNER_ROLE", w.dvp.address) and has(token, "MINTER_ROLE", w.dvp.address)
        assert has(token, "MINTER_ROLE", w.op1012.address) and has(token, "MINTER_ROLE", w.reserve.address)
    assert w.view(w.rd.functions.verifyAccount(w.reserve.address))
    default = w.c["RealDigitalDefaultAccount"]
    assert w.view(default.functions.defaultAccount(STN_CNPJ8)) == w.addr("STN")
    assert w.view(default.functions.defaultAccount(BCB_CNPJ8)) == w.addr("BCB")
    for role in ("STN", "BCB", "BANK_A", "BANK_B"):
        assert w.view(w.tpft.functions.isEnabledAddress(w.addr(role))), role
        assert w.view(w.tpft.functions.isApprovedForAll(w.addr(role), w.dvp.address)), role


def test_participants_and_enabled_contracts_are_bound(w: World) -> None:
    """The deployment binds every dev participant's wallet to its CNPJ8 (``addDefaultAccount``) and every
    platform contract it enables on Real Digital (the escrow and repayment reserves) to BCB's, so no bank can
    register any of them as its customer in KeyDictionary."""
    for role, cnpj8 in CNPJ8.items():
        assert w.view(w.rd.functions.participantOf(w.addr(role))) == cnpj8, role
    enabled = [name for name, c in w.c.items() if w.view(w.rd.functions.verifyAccount(c.address))]
    assert sorted(enabled) == ["ShieldedRealDigitalPool", "SwapTwoStepsReserve", "TPFtRepaymentReserve"]
    for name in enabled:
        wallet = w.c[name].address
        assert w.view(w.rd.functions.participantOf(wallet)) == BCB_CNPJ8, name
        kd = w.KeyDictionary.functions.addAccount(keccak(text=name), 123, 1, 2, 3, wallet, CNPJ8["BANK_A"])
        with reverts("WalletIsParticipant", wallet, BCB_CNPJ8):
            w.tx(kd, "BANK_A")
