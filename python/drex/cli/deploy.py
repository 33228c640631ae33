"""``drex deploy``: deploy (or resume, or confirm) the platform, guarding the manifest it writes.

Before anything is sent: the manifest's folder must exist, and an existing manifest must describe this
deployment (same chain id, its AddressDiscovery on this chain, the same role addresses); otherwise the
command refuses, saying what differs, unless ``--force`` (the old file is then kept as ``<name>.bak``).
Progress goes to stderr, one line per phase (connect, deploy, every few seconds while deploying);
``--verbose`` adds one line per transaction (step, tx hash, block, gas). Ctrl-C prints how many steps are
done and that running the same command again resumes, and exits with 130. It deploys the compiled
artifacts as they are: ``drex build`` compiles, in a checkout, where stale artifacts are refused. The
result is a few lines on stdout, or one JSON document with ``--json``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from drex.cli.common import notice, progress, report
from drex.cli.options import current
from drex.errors import DrexError

if TYPE_CHECKING:
    from drex.chain import Chain
    from drex.chain.signers import RoleEntry

#: Seconds between two "n/N steps done" lines while deploying.
PROGRESS_EVERY = 5.0


def check_out_folder(out: Path) -> None:
    if not out.parent.is_dir():
        raise DrexError(
            f"cannot write the manifest {out}: folder {out.parent} does not exist (create it first)"
        )


def differences(out: Path, chain: Chain, roles: dict[str, RoleEntry] | None) -> list[str]:
    """What makes the manifest at ``out`` another chain's or another deployment's (empty: resume it)."""
    from eth_utils.address import to_checksum_address

    from drex.chain.accounts import DEV_ROLES, dev_account
    from drex.deploy import ManifestError, read_manifest

    try:
        m = read_manifest(out)
    except ManifestError as exc:
        return [f"it is not a deployment manifest ({exc})"]
    if m.chain_id != chain.chain_id:
        return [f"it is for chain id {m.chain_id}, {chain.name} has chain id {chain.chain_id}"]
    found: list[str] = []
    registry = m.contracts.get("AddressDiscovery")
    if registry and len(chain.w3.eth.get_code(to_checksum_address(registry["address"]))) == 0:
        where = "" if not m.network or m.network == chain.kind else f" (it was deployed on {m.network})"
        found.append(
            f"its AddressDiscovery {registry['address']} is not on {chain.name}: another chain with the same "
            f"id or a reset one{where}"
        )
    ours = {role: entry.address for role, entry in roles.items()} if roles else None
    if ours is None and chain.is_dev:
        ours = {role: dev_account(role).address for role in DEV_ROLES}
    for role, address in sorted(m.accounts.items()):
        mine = (ours or {}).get(role)
        if mine is not None and mine.lower() != address.lower():
            found.append(f"role {role} is {address} there, {mine} here")
    return found


def _guard(out: Path, chain: Chain, roles: dict[str, RoleEntry] | None, force: bool) -> None:
    if not out.exists():
        return
    found = differences(out, chain, roles)
    if not found:
        return
    if not force:
        raise DrexError(
            f"refusing to overwrite {out}, another deployment: {'; '.join(found)}; pass --force to replace "
            "it (the old file is kept as .bak) or --out another file"
        )
    backup = out.with_name(out.name + ".bak")
    os.replace(out, backup)
    notice(f"drex: replacing {out} ({found[0]}); the old manifest is kept as {backup}")


class _Progress:
    """Stderr lines while deploying: every :data:`PROGRESS_EVERY` seconds, or per transaction (verbose)."""

    def __init__(self, total: int, done: int, verbose: bool):
        self.total, self.done, self.verbose = total, done, verbose
        self.last = time.monotonic()

    def message(self, msg: str) -> None:
        if self.verbose or msg.startswith(("re-sending", "pending", "the chain no longer")):
            progress(f"  {msg}")

    def step(self, step_id: str, receipt: Any) -> None:
        self.done += 1
        if self.verbose:
            tx = "0x" + bytes(receipt["transactionHash"]).hex()
            block, gas = receipt["blockNumber"], receipt["gasUsed"]
            progress(f"  {self.done}/{self.total} {step_id}: tx {tx} block {block} gas {gas}")
        elif time.monotonic() - self.last >= PROGRESS_EVERY:
            self.last = time.monotonic()
            progress(f"  {self.done}/{self.total} steps done")


def run_deploy(out: Path | None, roles_file: Path | None, force: bool) -> None:
    from drex.chain import connect
    from drex.chain.signers import load_roles
    from drex.deploy import Deployer

    opts = current()
    path = out if out is not None else opts.manifest
    check_out_folder(path)
    progress(f"connecting to {opts.network}")
    chain = connect(opts.network)
    role_map = None
    if not chain.is_dev and roles_file is None:
        raise DrexError(f"{chain.name} is not a dev chain: pass --roles FILE naming keystores or signers")
    if roles_file is not None:
        role_map = load_roles(roles_file)
    _guard(path, chain, role_map, force)
    deployer = None
    try:
        deployer = Deployer(chain, path, roles=role_map)
        total, done = len(deployer.step_ids()), len(deployer.manifest.steps)
        status = _Progress(total, done, opts.verbose)
        deployer.progress, deployer.on_step = status.message, status.step
        progress(f"deploying the platform on {chain.name}: {total - done} of {total} steps to send")
        result = deployer.run()
    except KeyboardInterrupt:
        if deployer is None:
            notice("drex: interrupted before the deployment started: nothing was sent")
        else:
            done, total = len(deployer.manifest.steps), len(deployer.step_ids())
            notice(
                f"drex: interrupted after {done} of {total} deployment steps; run the same command again to "
                "resume (no step is skipped or sent twice)"
            )
        raise typer.Exit(130) from None
    m = result.manifest
    if result.sent == 0:
        head = f"nothing to do: the deployment in {path} is complete on {chain.name} ({result.skipped} steps)"
    else:
        head = (
            f"deployed on {chain.name}: {result.sent} transactions sent, {result.skipped} steps already done"
        )
    lines = [head, f"{len(m.contracts)} contracts, manifest {path} (chain id {m.chain_id}, block {m.block})"]
    if chain.kind == "embedded":
        lines.append(
            "note: the embedded chain ends with this process; use --network local to keep the deployment"
        )
    report(
        lines,
        {
            "network": chain.name,
            "chainId": m.chain_id,
            "manifest": str(path),
            "sent": result.sent,
            "skipped": result.skipped,
            "block": m.block,
            "contracts": {name: entry["address"] for name, entry in m.contracts.items()},
        },
    )
