"""Running the deployment plan against a chain, with a manifest that makes it resumable.

The manifest is rewritten atomically after every transaction. Before a transaction is sent, its signed
raw bytes and hash are recorded as ``pending``; on resume a pending transaction is looked up by hash
and, if the node never saw it, re-sent byte for byte (same nonce), so a deployment killed at any point
neither skips nor repeats a step. A run over a manifest whose steps are all done checks that the
contracts are still on chain and sends nothing.

Manifest format::

    {"chainId": 381660001, "block": 42, "network": "local",
     "contracts": {"RealDigital": {"address": "0x..", "tx": "0x..", "sourceHash": "0x..",
                                    "artifact": "RealDigital"}, ...},
     "steps": {"deploy:RealDigital": "0x<tx>", "register:RealDigital": "0x<tx>", ...},
     "accounts": {"BCB": "0x..", ...},          # dev networks: the dev accounts by role
     "participants": {"BANK_A": "11111111", ...},
     "pending": {"id": .., "tx": .., "raw": ..}} # only while a transaction is in flight
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3.exceptions import TransactionNotFound

from drex.build.artifacts import linked_bytecode, load_artifact
from drex.chain.accounts import DEV_CNPJ8, DEV_REPORTERS, DEV_ROLES
from drex.chain.core import Chain
from drex.chain.signers import RoleEntry
from drex.chain.tx.signing import nonce_of
from drex.deploy.plan import Call, Deploy, Step, full_plan
from drex.errors import DrexError

Progress = Callable[[str], None]
#: Called after each step's transaction is mined: the step id and its receipt.
StepDone = Callable[[str, Any], None]


class ManifestError(DrexError):
    """The manifest is unreadable or belongs to another chain."""


def registry_key(name: str) -> bytes:
    """The AddressDiscovery key of a contract name: keccak256 of the name, as the pilot uses."""
    return keccak(text=name)


@dataclass
class Manifest:
    chain_id: int
    network: str
    block: int = 0
    contracts: dict[str, dict[str, str]] = field(default_factory=dict)
    steps: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    participants: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "chainId": self.chain_id,
            "block": self.block,
            "network": self.network,
            "contracts": self.contracts,
            "steps": self.steps,
            "accounts": self.accounts,
            "participants": self.participants,
        }
        if self.pending:
            out["pending"] = self.pending
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        try:
            return cls(
                chain_id=int(data["chainId"]),
                network=str(data.get("network", "")),
                block=int(data.get("block", 0)),
                contracts=dict(data.get("contracts", {})),
                steps=dict(data.get("steps", {})),
                accounts=dict(data.get("accounts", {})),
                participants=dict(data.get("participants", {})),
                pending=data.get("pending"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ManifestError(f"manifest is malformed: {exc}") from None

    def address(self, name: str) -> str:
        try:
            return self.contracts[name]["address"]
        except KeyError:
            raise DrexError(f"{name} is not in the manifest") from None


def read_manifest(path: str | Path) -> Manifest:
    p = Path(path)
    if not p.is_file():
        raise ManifestError(f"manifest not found: {p}")
    try:
        return Manifest.from_json(json.loads(p.read_text()))
    except json.JSONDecodeError as exc:
        raise ManifestError(f"manifest {p} is not valid JSON: {exc}") from None


def write_manifest(manifest: Manifest, path: str | Path) -> None:
    """Write atomically (temp file + rename): a crash never leaves a half-written manifest."""
    p = Path(path)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(json.dumps(manifest.to_json(), indent=2) + "\n")
    os.replace(tmp, p)


@dataclass
class DeployResult:
    manifest: Manifest
    sent: int  # transactions sent in this run
    skipped: int  # steps already done before this run


class _Context:
    """The :class:`~drex.deploy.plan.DeployContext` handed to the steps' argument callables."""

    def __init__(self, chain: Chain, manifest: Manifest, roles: dict[str, RoleEntry]):
        self.chain = chain
        self.manifest = manifest
        self.roles = roles
        self.participants = manifest.participants

    def address(self, name: str) -> str:
        return self.manifest.address(name)

    def account(self, role: str) -> str:
        try:
            return self.roles[role].address
        except KeyError:
            raise DrexError(f"the deployment needs an address for role {role}") from None

    def call(self, name: str, fn: str, *args: Any) -> Any:
        artifact = self.manifest.contracts[name]["artifact"]
        contract = self.chain.at(artifact, self.address(name))
        return contract.functions[fn](*args).call()


def _check_one_wallet_per_participant(roles: dict[str, RoleEntry]) -> None:
    """Refuse, before any transaction, roles of two participants sharing a wallet: a wallet belongs to one
    participant (docs/security.md), so the deployment would stop at the second ``addDefaultAccount`` with
    ``WalletOfAnotherParticipant``."""
    seen: dict[str, str] = {}
    for role in DEV_CNPJ8:
        entry = roles.get(role)
        if entry is None:
            continue
        other = seen.setdefault(entry.address.lower(), role)
        if other != role:
            raise DrexError(
                f"roles {other} and {role} use the same wallet {entry.address}: a wallet belongs to one "
                f"participant (CNPJ8), so each of {', '.join(DEV_CNPJ8)} needs its own"
            )


def _check_distinct_reporters(roles: dict[str, RoleEntry]) -> None:
    """Refuse, before any transaction, reference-data reporters sharing an address (one signer for every
    role, say): ``configureReporters`` would refuse the duplicate at the end of the deployment."""
    given = [(role, roles[role].address) for role in DEV_REPORTERS if role in roles]
    if len({address.lower() for _, address in given}) < len(given):
        named = ", ".join(f"{role} {address}" for role, address in given)
        raise DrexError(
            f"the reference-data reporters need {len(DEV_REPORTERS)} different addresses, not {named}: name "
            f"each of {', '.join(DEV_REPORTERS)} in the roles"
        )


def dev_roles(chain: Chain) -> dict[str, RoleEntry]:
    return {role: RoleEntry(chain.account(role).address, chain.account(role)) for role in DEV_ROLES}


class Deployer:
    """Runs the plan. Construct with the chain, the role signers and the manifest path."""

    def __init__(
        self,
        chain: Chain,
        manifest_path: str | Path | None,
        *,
        roles: dict[str, RoleEntry] | None = None,
        participants: dict[str, str] | None = None,
        plan: Sequence[Step] | None = None,
        progress: Progress | None = None,
        on_step: StepDone | None = None,
    ):
        self.chain = chain
        self.path = Path(manifest_path) if manifest_path else None
        self.roles = roles if roles is not None else dev_roles(chain)
        _check_one_wallet_per_participant(self.roles)
        _check_distinct_reporters(self.roles)
        self.plan = list(plan) if plan is not None else full_plan()
        self.progress = progress or (lambda msg: None)
        self.on_step = on_step or (lambda step_id, receipt: None)
        self.manifest = self._open_manifest(participants)
        self.ctx = _Context(chain, self.manifest, self.roles)

    def _open_manifest(self, participants: dict[str, str] | None) -> Manifest:
        if self.path is not None and self.path.exists():
            m = read_manifest(self.path)
            if self.chain.kind == "embedded" and not self._on_chain(m):
                # The embedded chain lives only as long as its process: an old manifest describes a
                # chain that is gone, so this run starts a fresh deployment over it.
                return self._fresh_manifest(participants)
            if m.chain_id != self.chain.chain_id:
                raise ManifestError(
                    f"wrong chain: manifest {self.path} is for chain id {m.chain_id}, "
                    f"{self.chain.name} has chain id {self.chain.chain_id}"
                )
            return m
        return self._fresh_manifest(participants)

    def _on_chain(self, m: Manifest) -> bool:
        entry = m.contracts.get("AddressDiscovery")
        return bool(entry) and len(self.chain.w3.eth.get_code(entry["address"])) > 0  # type: ignore[arg-type, index]

    def _fresh_manifest(self, participants: dict[str, str] | None) -> Manifest:
        m = Manifest(self.chain.chain_id, self.chain.name)
        m.participants = dict(participants if participants is not None else DEV_CNPJ8)
        if self.chain.is_dev:
            m.accounts = {role: entry.address for role, entry in self.roles.items()}
        return m

    def step_ids(self) -> list[str]:
        """Every step id of the plan, in order (a deployed contract is two steps: deploy and register)."""
        ids: list[str] = []
        for step in self.plan:
            if isinstance(step, Deploy):
                ids.append(step.id)
                if step.name != "AddressDiscovery":
                    ids.append(f"register:{step.name}")
            else:
                ids.append(step.id)
        return ids

    def _save(self) -> None:
        if self.path is not None:
            write_manifest(self.manifest, self.path)

    # ------------------------------------------------------------------ running
    def run(self) -> DeployResult:
        sent = skipped = 0
        self._recover_pending()
        self._forget_lost_steps()
        self._check_deployed()
        for step in self.plan:
            if isinstance(step, Deploy):
                actions: tuple[tuple[str, Callable[[Deploy], None]], ...] = (
                    (step.id, self._deploy),
                    (f"register:{step.name}", self._register),
                )
                for sub_id, action in actions:
                    if step.name == "AddressDiscovery" and sub_id.startswith("register:"):
                        continue
                    if sub_id in self.manifest.steps:
                        skipped += 1
                        continue
                    action(step)
                    sent += 1
            else:
                if step.id in self.manifest.steps:
                    skipped += 1
                    continue
                self._call(step)
                sent += 1
        self.manifest.block = int(self.chain.w3.eth.block_number)
        self._save()
        return DeployResult(self.manifest, sent, skipped)

    def _signer(self, role: str) -> Any:
        entry = self.roles.get(role)
        if entry is None or entry.signer is None:
            raise DrexError(f"the deployment needs a signer (keystore or external signer) for role {role}")
        return entry.signer

    def _send(self, step_id: str, fn: Any, role: str) -> Any:
        """Build and sign (the chain's engine), record as pending, send and wait; returns the receipt."""
        signer = self._signer(role)
        prepared = self.chain.engine.prepare(fn, signer)
        self.manifest.pending = {
            "id": step_id,
            "tx": prepared.tx_hash,
            "raw": "0x" + prepared.raw.hex(),
            "from": prepared.sender,
        }
        self._save()
        return self.chain.engine.send(prepared).wait().receipt

    def _finish(self, step_id: str, receipt: Any) -> None:
        self.manifest.steps[step_id] = "0x" + bytes(receipt["transactionHash"]).hex()
        self.manifest.pending = None
        self.manifest.block = int(receipt["blockNumber"])
        self._save()
        self.on_step(step_id, receipt)

    def _deploy(self, step: Deploy) -> None:
        art = load_artifact(step.artifact)
        factory = self.chain.w3.eth.contract(abi=art["abi"], bytecode=linked_bytecode(art, self._libraries()))
        self.progress(f"deploying {step.name}")
        receipt = self._send(step.id, factory.constructor(*step.args(self.ctx)), step.sender)
        self._record_contract(step, receipt)
        self._finish(step.id, receipt)

    def _libraries(self) -> dict[str, str]:
        """Addresses of the contracts deployed so far by artifact name: where a later contract's library
        placeholders point (an earlier step deploys each library, e.g. ``PoseidonT3``, once)."""
        return {entry["artifact"]: entry["address"] for entry in self.manifest.contracts.values()}

    def _record_contract(self, step: Deploy, receipt: Any) -> None:
        art = load_artifact(step.artifact)
        self.manifest.contracts[step.name] = {
            "address": str(receipt["contractAddress"]),
            "tx": "0x" + bytes(receipt["transactionHash"]).hex(),
            "sourceHash": art["sourceHash"],
            "artifact": step.artifact,
        }

    def _register(self, step: Deploy) -> None:
        registry = self.chain.at("AddressDiscovery", self.manifest.address("AddressDiscovery"))
        fn = registry.functions.updateAddress(registry_key(step.name), self.manifest.address(step.name))
        self.progress(f"registering {step.name} in AddressDiscovery")
        receipt = self._send(f"register:{step.name}", fn, "BCB")
        self._finish(f"register:{step.name}", receipt)

    def _call(self, step: Call) -> None:
        entry = self.manifest.contracts.get(step.contract)
        if entry is None:
            raise DrexError(f"step {step.id} calls {step.contract}, which no earlier step deployed")
        contract = self.chain.at(entry["artifact"], entry["address"])
        self.progress(step.id)
        receipt = self._send(step.id, contract.functions[step.fn](*step.args(self.ctx)), step.sender)
        self._finish(step.id, receipt)

    # ------------------------------------------------------------------ resume
    def _recover_pending(self) -> None:
        pending = self.manifest.pending
        if not pending:
            return
        step_id, tx_hash = pending["id"], pending["tx"]
        try:
            receipt = self.chain.w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
        except TransactionNotFound:
            receipt = None
        if receipt is None:
            nonce_now = self.chain.engine.nonces.on_chain(pending["from"], "latest")
            tx_nonce = nonce_of(pending["raw"])
            if tx_nonce < nonce_now:
                # The nonce was used by another transaction: this one can never be mined.
                self.progress(f"pending {step_id} was superseded; sending it again")
                self.manifest.pending = None
                self._save()
                return
            self.progress(f"re-sending the transaction of {step_id} left pending by an interrupted run")
            self.chain.engine.send_raw(HexBytes(pending["raw"]), pending["from"])
            receipt = self.chain.w3.eth.wait_for_transaction_receipt(
                cast(Any, tx_hash), timeout=self.chain.receipt_timeout
            )
        if receipt["status"] != 1:
            self.manifest.pending = None
            self._save()
            raise DrexError(f"the transaction of step {step_id} ({tx_hash}) failed on chain; fix and re-run")
        if step_id.startswith("deploy:"):
            name = step_id.split(":", 1)[1]
            step = next(s for s in self.plan if isinstance(s, Deploy) and s.name == name)
            self._record_contract(step, receipt)
        self._finish(step_id, receipt)
        self.chain.forget_nonce(pending["from"])

    def _forget_lost_steps(self) -> None:
        """A node restarted from an older state has lost the newest steps: from the first recorded step
        whose transaction the chain no longer has, every step is forgotten so that this run redoes it."""
        lost_from = None
        for i, tx_hash in enumerate(self.manifest.steps.values()):
            try:
                self.chain.w3.eth.get_transaction_receipt(cast(Any, tx_hash))
            except TransactionNotFound:
                lost_from = i
                break
        if lost_from is None:
            return
        lost = list(self.manifest.steps)[lost_from:]
        self.progress(f"the chain no longer has {len(lost)} recorded step(s) from {lost[0]}: redoing them")
        for step_id in lost:
            del self.manifest.steps[step_id]
            if step_id.startswith("deploy:"):
                self.manifest.contracts.pop(step_id.split(":", 1)[1], None)
        self._save()

    def _check_deployed(self) -> None:
        for name, entry in self.manifest.contracts.items():
            code = self.chain.w3.eth.get_code(entry["address"])  # type: ignore[arg-type]
            if len(code) == 0:
                raise ManifestError(
                    f"manifest says {name} is at {entry['address']} but there is no code there on "
                    f"{self.chain.name}: the manifest belongs to another chain or the chain was reset"
                )


def deploy_platform(
    chain: Chain, manifest_path: str | Path | None = None, *, progress: Progress | None = None
) -> Manifest:
    """Deploy (or resume, or confirm) the whole platform on ``chain`` with the dev roles."""
    return Deployer(chain, manifest_path, progress=progress).run().manifest
