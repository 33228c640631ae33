"""The privacy domain of the deployment plan: its steps, the wiring they leave on chain, and the linking of
the Poseidon libraries into the contracts that call them."""

from __future__ import annotations

import pytest

from drex.build import linked_bytecode, linked_libraries, load_artifact
from drex.deploy import Deploy
from drex.deploy.plan import DOMAINS
from drex.deploy.steps import privacy

from .helpers import World

pytestmark = pytest.mark.anvil

ADMIN = b"\0" * 32
BCB_CNPJ8 = 38166


def test_the_domain_deploys_nothing_without_the_verifier_and_everything_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(privacy, "contract_names", lambda: ("ShieldedTPFtPool", "PrivateDvP"))
    assert privacy._steps() == []
    monkeypatch.setattr(privacy, "contract_names", lambda: (privacy.VERIFIER,))
    steps = privacy._steps()
    deploys = [s.name for s in steps if isinstance(s, Deploy)]
    # the libraries first (every later contract is linked against them), the verifier before the pools
    assert deploys == [
        "PoseidonT3",
        "PoseidonT5",
        privacy.VERIFIER,
        privacy.RD_POOL,
        privacy.TPFT_POOL,
        "PrivateDvP",
    ]
    ids = [s.id for s in steps]
    assert len(ids) == len(set(ids))
    for step_id in (
        "ShieldedRealDigitalPool.setDvP(PrivateDvP)",
        "ShieldedTPFtPool.setDvP(PrivateDvP)",
        "RealDigital.enableAccount(ShieldedRealDigitalPool)",
        "RealDigital.setParticipantWallet(ShieldedRealDigitalPool,BCB)",
        "TPFt.enableAddress(ShieldedTPFtPool)",
    ):
        assert step_id in ids
    # the domain comes after the tokens it enables the pools on
    assert DOMAINS.index("privacy") > max(DOMAINS.index("realdigital"), DOMAINS.index("tpft"))


def test_every_library_a_planned_contract_calls_is_deployed_before_it() -> None:
    names = [privacy.VERIFIER, *[s.artifact for s in privacy.pool_steps() if isinstance(s, Deploy)]]
    needed = {
        lib for name in names if name != privacy.VERIFIER for lib in linked_libraries(load_artifact(name))
    }
    assert needed == set(privacy.LIBRARIES)


def test_the_deployment_wires_pools_dvp_and_tokens(w: World) -> None:
    rd_pool, tpft_pool, dvp = w.rd_pool, w.tpft_pool, w.dvp
    for pool, token in ((rd_pool, w.rd), (tpft_pool, w.tpft)):
        assert pool.functions.token().call() == token.address
        assert pool.functions.verifier().call() == w.verifier.address
        assert pool.functions.dvp().call() == dvp.address
        assert pool.functions.hasRole(ADMIN, w.addr("BCB")).call()
        assert dvp.functions.isPool(pool.address).call()
        assert pool.functions.regulatorKey().call() == [0, 0]  # BCB sets it later, with its own key
    assert not dvp.functions.isPool(w.rd.address).call()
    assert w.rd.functions.verifyAccount(rd_pool.address).call()
    assert w.rd.functions.participantOf(rd_pool.address).call() == BCB_CNPJ8
    assert w.tpft.functions.isEnabledAddress(tpft_pool.address).call()


def test_the_deployed_code_calls_the_deployed_poseidon(w: World) -> None:
    """The runtime code on chain has the PoseidonT3/T5 addresses where the artifact has placeholders."""
    libs = {lib: w.c[lib].address for lib in privacy.LIBRARIES}
    for name in (privacy.RD_POOL, privacy.TPFT_POOL, privacy.DVP):
        art = load_artifact(name)
        code = w.chain.w3.eth.get_code(w.c[name].address).hex().removeprefix("0x")
        linked = linked_bytecode(art, libs, deployed=True).removeprefix("0x")
        assert len(code) == len(linked)
        for refs in art["deployedLinkReferences"].values():
            for lib, places in refs.items():
                for place in places:
                    start = 2 * place["start"]
                    assert code[start : start + 40] == libs[lib].lower().removeprefix("0x")
    assert w.poseidon(1, 2) == 7853200120776062878684798364095072458815029376092732009249414926327459813530
