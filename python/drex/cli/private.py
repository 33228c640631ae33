"""``drex private``: the shielded pools' commands; ``drex private ceremony`` runs the trusted setup.

The ceremony (docs/privacy.md, "Trusted setup") works in a checkout: it compiles ``circuits/<name>.circom``
(cached), keeps its large intermediate files in ``.drex-cache/ceremony/`` and writes its outputs to
``circuits/setup/`` and ``contracts/privacy/generated/``, to be committed. Each step's progress goes to
stderr (with ``--verbose`` or on a terminal); the result lines end with the wall time of every step.
Only Typer is imported at module level, so ``drex --help`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import progress, report
from drex.cli.options import SIGNING, shared_group

if TYPE_CHECKING:
    from drex.privacy.setup.phase1 import Timer

OUTPUT = ("json_out", "verbose")

private_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Shielded pools: private deposits, transfers, withdrawals, DvP, supervision; the trusted setup.",
    no_args_is_help=True,
)
ceremony_app = typer.Typer(
    cls=shared_group(*OUTPUT),
    help="Trusted setup of the circuit: phase 1, groth16 setup, one contribution per institution, finalize.",
    no_args_is_help=True,
)
private_app.add_typer(ceremony_app, name="ceremony")

CircuitOpt = Annotated[str, typer.Option("--circuit", help="circuits/<NAME>.circom")]
PowerOpt = Annotated[
    int | None, typer.Option("--power", help="2^POWER powers of tau (default: the smallest the circuit fits)")
]


def _timer() -> Timer:
    from drex.privacy.setup.phase1 import Timer

    return Timer(progress)


def _root() -> Any:
    from drex.paths import project_root

    return project_root()


def _times(timer: Timer) -> tuple[list[str], list[dict[str, Any]]]:
    lines = [f"  {seconds:>7.1f} s  {label}" for label, seconds in timer.times]
    return lines, [{"step": label, "seconds": seconds} for label, seconds in timer.times]


def _done(summary: list[str], doc: dict[str, Any], timer: Timer) -> None:
    lines, steps = _times(timer)
    report(summary + (["steps:", *lines] if lines else []), {**doc, "steps": steps})


@ceremony_app.command("phase1")
def phase1_cmd(
    power: PowerOpt = None,
    contributions: Annotated[int, typer.Option("--contributions", help="number of contributions")] = 1,
    circuit: CircuitOpt = "joinsplit",
    force: Annotated[bool, typer.Option("--force", help="redo it even if cached")] = False,
) -> None:
    """Phase 1 (powers of tau): new, N contributions, beacon, prepare phase2, verify; cached by power."""
    from drex.privacy.setup.circuit import compile_circuit
    from drex.privacy.setup.phase1 import phase1, ptau_path

    root, timer = _root(), _timer()
    power = power if power is not None else compile_circuit(root, circuit).power
    names = [f"contributor {i + 1}" for i in range(contributions)]
    record = phase1(root, power, names, timer, force=force)
    ptau = ptau_path(root, power)
    _done([f"phase 1 of 2^{power}: {ptau}"], {"power": power, "ptau": str(ptau), "record": record}, timer)


@ceremony_app.command("setup")
def setup_cmd(power: PowerOpt = None, circuit: CircuitOpt = "joinsplit") -> None:
    """Groth16 setup of the compiled circuit with the cached phase 1: the ceremony's first zkey."""
    from drex.privacy.setup.ceremony import setup, workdir

    root, timer = _root(), _timer()
    state = setup(root, timer, name=circuit, power=power)
    work = workdir(root, circuit)
    _done([f"setup of {circuit} (2^{state['power']}) in {work}: now each institution runs `contribute`"],
          {"circuit": circuit, "power": state["power"], "workdir": str(work)}, timer)  # fmt: skip


@ceremony_app.command("contribute")
def contribute_cmd(
    name: Annotated[str, typer.Option("--name", help="the contributing institution (e.g. BANK_A)")],
    circuit: CircuitOpt = "joinsplit",
) -> None:
    """One institution's phase-2 contribution (its own random entropy) on the latest zkey."""
    from drex.privacy.setup.ceremony import contribute

    timer = _timer()
    digest = contribute(_root(), name, timer, name=circuit)
    _done([f"{name} contributed to {circuit}: contribution hash {digest}"],
          {"circuit": circuit, "name": name, "hash": digest}, timer)  # fmt: skip


@ceremony_app.command("finalize")
def finalize_cmd(circuit: CircuitOpt = "joinsplit") -> None:
    """Beacon, zkey verify, export the verification key and the Solidity verifier into the checkout."""
    from drex.privacy.setup.ceremony import finalize

    timer = _timer()
    _outputs(finalize(_root(), timer, name=circuit), circuit, timer)


@ceremony_app.command("rebuild")
def rebuild_cmd(
    participants: Annotated[
        str, typer.Option("--participants", help="comma-separated institutions, one contribution each")
    ] = "BCB,STN,BANK_A,BANK_B",
    power: PowerOpt = None,
    circuit: CircuitOpt = "joinsplit",
    fresh_phase1: Annotated[
        bool, typer.Option("--fresh-phase1", help="redo phase 1 even if cached for this power")
    ] = False,
) -> None:
    """The whole ceremony in one command (phase 1 reused when cached); then commit circuits/setup/."""
    from drex.privacy.setup.ceremony import rebuild

    names = [p.strip() for p in participants.split(",") if p.strip()]
    timer = _timer()
    files = rebuild(_root(), names, timer, name=circuit, power=power, fresh_phase1=fresh_phase1)
    _outputs(files, circuit, timer)


def _outputs(files: Any, circuit: str, timer: Timer) -> None:
    paths = {"zkey": files.zkey, "verificationKey": files.vkey, "transcript": files.transcript,
             "verifier": files.verifier}  # fmt: skip
    size = files.zkey.stat().st_size
    summary = [f"trusted setup of {circuit} written (zkey {size / 1e6:.1f} MB):"]
    summary += [f"  {path}" for path in paths.values()]
    summary.append(
        "run `drex build` to package it, then commit circuits/setup/ and contracts/privacy/generated/"
    )
    _done(summary, {"circuit": circuit, "zkeyBytes": size, **{k: str(v) for k, v in paths.items()}}, timer)


@ceremony_app.command("verify")
def verify_cmd(circuit: CircuitOpt = "joinsplit") -> None:
    """Check circuits/setup/ against the compiled circuit; with the phase 1 cached, `snarkjs zkey verify`."""
    from drex.privacy.setup.ceremony import verify

    timer = _timer()
    result = verify(_root(), timer, name=circuit)
    t = result.transcript
    names = ", ".join(c["name"] for c in t["phase2"]["contributions"])
    lines = [
        f"circuits/setup/ matches {circuit} (r1cs sha256 {t['r1csSha256']}, {t['constraints']} constraints, "
        f"2^{t['power']}); phase 2 contributions: {names}",
        "snarkjs zkey verify: " + ("passed" if result.skipped is None else f"not run ({result.skipped})"),
    ]
    _done(lines, {"circuit": circuit, "r1csSha256": t["r1csSha256"], "zkeyVerified": result.skipped is None,
                  "skipped": result.skipped}, timer)  # fmt: skip
