"""Privacy domain: the shielded pools of Real Digital and TPFt and the private DvP (docs/privacy.md).

Deploys the Poseidon libraries the contracts call (``PoseidonT3``, ``PoseidonT5``: public library functions,
linked into every contract that calls them), the JoinSplit verifier, ``ShieldedRealDigitalPool`` (on Real
Digital) and ``ShieldedTPFtPool`` (on TPFt), both with BCB as admin, and ``PrivateDvP`` over the two pools;
then BCB sets the DvP on both pools, enables the Real Digital pool on Real Digital (bound to BCB's CNPJ8, so
no bank can register it as a customer) and the TPFt pool on TPFt.

The verifier is exported by snarkjs from the ceremony's final zkey (``contracts/privacy/generated/
JoinSplitVerifier.sol``): the pools take its address at construction and cannot exist without it, so this
domain deploys nothing while the build has no ``JoinSplitVerifier`` artifact, and everything, the verifier
first, once it has one. The regulator key is not set here: BCB sets it on each pool (``setRegulatorKey``)
with its own BabyJubJub key, which the deployment does not hold; until then no proof is accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from drex.build.artifacts import contract_names
from drex.deploy.plan import Call, Deploy, DeployContext, Step
from drex.deploy.steps.realdigital import bind_to_bcb

#: The JoinSplit verifier's artifact and registry name.
VERIFIER = "JoinSplitVerifier"

#: Libraries with public functions the privacy contracts are linked against, deployed once each.
LIBRARIES: tuple[str, ...] = ("PoseidonT3", "PoseidonT5")

#: The Real Digital pool's and the TPFt pool's registry (and artifact) names.
RD_POOL = "ShieldedRealDigitalPool"
TPFT_POOL = "ShieldedTPFtPool"
POOLS: tuple[str, ...] = (RD_POOL, TPFT_POOL)

#: The private DvP's registry name.
DVP = "PrivateDvP"


def library_steps() -> list[Step]:
    """Deploy each library of :data:`LIBRARIES` (the pools and the DvP are linked against them)."""
    return [Deploy(lib, lib) for lib in LIBRARIES]


def _set_dvp(pool: str) -> Call:
    return Call(f"{pool}.setDvP({DVP})", pool, "setDvP", lambda ctx: (ctx.address(DVP),))


def _pool_args(token: str) -> Callable[[DeployContext], Sequence[Any]]:
    """Constructor arguments of a pool on ``token``: admin BCB, the verifier, the token."""

    def args(ctx: DeployContext) -> Sequence[Any]:
        return (ctx.account("BCB"), ctx.address(VERIFIER), ctx.address(token))

    return args


def pool_steps() -> list[Step]:
    """Everything after the libraries and the verifier (registered as :data:`VERIFIER`): the two pools, the
    DvP, and their wiring."""
    return [
        Deploy(RD_POOL, RD_POOL, _pool_args("RealDigital")),
        Deploy(TPFT_POOL, TPFT_POOL, _pool_args("TPFt")),
        Deploy(DVP, DVP, lambda ctx: ([ctx.address(RD_POOL), ctx.address(TPFT_POOL)],)),
        *(_set_dvp(pool) for pool in POOLS),
        Call(
            f"RealDigital.enableAccount({RD_POOL})",
            "RealDigital",
            "enableAccount",
            lambda ctx: (ctx.address(RD_POOL),),
        ),
        bind_to_bcb(RD_POOL),
        Call(
            f"TPFt.enableAddress({TPFT_POOL})", "TPFt", "enableAddress", lambda ctx: (ctx.address(TPFT_POOL),)
        ),
    ]


def verifier_built() -> bool:
    """Whether the build has the JoinSplit verifier (the pools need its address)."""
    return VERIFIER in contract_names()


def _steps() -> list[Step]:
    if not verifier_built():
        return []
    return [*library_steps(), Deploy(VERIFIER, VERIFIER), *pool_steps()]


STEPS: list[Step] = _steps()
