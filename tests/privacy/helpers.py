"""Helpers of the shielded-pool tests: the deployed world, a test-only verifier, Poseidon and a LeanIMT.

:func:`build_world` deploys the platform with the real plan (registry, money layer, TPFt), then the privacy
domain's real steps (:func:`drex.deploy.steps.privacy.library_steps` and ``pool_steps``) with, in the
verifier's place, ``tests/privacy/contracts/TestOnlyJoinSplitVerifier.sol``: a TEST-ONLY contract compiled
here (never in contracts/) that answers what the test sets, so the pools' logic runs without proofs. The
tests with real proofs deploy the real verifier through the full plan.

Poseidon is computed by the deployed poseidon-solidity libraries (an ``eth_call``), and :class:`LeanIMT` is a
minimal mirror of zk-kit's LeanIMT for the siblings ``freeze``/``revokeDisabled`` need.
TODO(privacy): replace :class:`LeanIMT` and the on-chain Poseidon with ``drex.privacy.tree`` and
``drex.privacy.poseidon`` once they land.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from drex.build import build, load_artifact
from drex.chain import Chain
from drex.deploy import Deployer, Manifest, full_plan, read_manifest, write_manifest
from drex.deploy.steps import privacy
from drex.paths import project_root
from drex.testing import reverts as reverts  # re-exported for the tests

#: The BN254 scalar field's prime.
P = 21888242871839275222246405745257275088548364400416034343698204186575808495617
#: Values and assets are below 2^64.
LIMIT = 2**64
#: Real Digital minted to each bank (R$ 10.000.000,00) and bonds placed with each (100,000.00).
BANK_RD = 1_000_000_000
BANK_BONDS = 10_000_000
BIG = 2**255
YEAR = 365 * 86_400
#: A valid BabyJubJub point: circomlib's Base8.
BASE8 = (
    5299619240641551281634865583518297030282874472190772894086521144482721001553,
    16950150798460657717958625567821834550301663161624707787222815936182638968203,
)
VERIFIER_SOURCE = Path(__file__).with_name("contracts") / "TestOnlyJoinSplitVerifier.sol"


def field() -> int:
    """A random field element (an owner id, a salt)."""
    return secrets.randbelow(P - 1) + 1


def note_key() -> bytes:
    """A random non-zero 32-byte X25519 public key stand-in."""
    return secrets.token_bytes(31) + b"\x01"


def no_proof() -> tuple[list[int], list[list[int]], list[int]]:
    """A proof the test-only verifier ignores."""
    return ([1, 2], [[3, 4], [5, 6]], [7, 8])


@dataclass
class World:
    """The deployed platform with the two pools and the DvP, and the dev accounts that use them."""

    chain: Chain
    manifest: Manifest
    c: dict[str, Contract]
    verifier: Contract
    series_id: int
    hashes: dict[tuple[int, ...], int] = dataclass_field(default_factory=dict)

    @property
    def rd(self) -> Contract:
        return self.c["RealDigital"]

    @property
    def tpft(self) -> Contract:
        return self.c["TPFt"]

    @property
    def rd_pool(self) -> Contract:
        return self.c[privacy.RD_POOL]

    @property
    def tpft_pool(self) -> Contract:
        return self.c[privacy.TPFT_POOL]

    @property
    def dvp(self) -> Contract:
        return self.c[privacy.DVP]

    def a(self, role: str | int) -> LocalAccount:
        return self.chain.account(role)

    def addr(self, role: str | int) -> str:
        return str(self.chain.account(role).address)

    def tx(self, fn: Any, sender: str | int | LocalAccount) -> TxReceipt:
        acct = sender if isinstance(sender, LocalAccount) else self.a(sender)
        return self.chain.transact(fn, sender=acct)

    def view(self, fn: Any) -> Any:
        return self.chain.call(fn)

    def events(self, contract: Contract, event: str, receipt: TxReceipt) -> list[Any]:
        """The receipt's ``event`` logs emitted by ``contract`` itself (the two pools share their events)."""
        logs = contract.events[event]().process_receipt(receipt, errors=DISCARD)
        return [log for log in logs if log["address"] == contract.address]

    def poseidon(self, *inputs: int) -> int:
        """circomlib's Poseidon of 2 or 4 inputs, computed by the deployed PoseidonT3 / PoseidonT5."""
        key = tuple(inputs)
        if key not in self.hashes:
            lib = self.c[f"PoseidonT{len(inputs) + 1}"]
            self.hashes[key] = int(lib.functions.hash(list(inputs)).call())
        return self.hashes[key]

    def register(self, pool: Contract, role: str | int, owner_id: int | None = None) -> int:
        """``role`` registers a fresh owner id in ``pool``; returns it."""
        oid = owner_id if owner_id is not None else field()
        self.tx(pool.functions.register(oid, note_key()), role)
        return oid

    def set_regulator_key(self, pool: Contract, point: tuple[int, int] = BASE8) -> None:
        self.tx(pool.functions.setRegulatorKey(*point), "BCB")

    def deposit_rd(self, role: str, amount: int, salt: int | None = None) -> TxReceipt:
        return self.tx(self.rd_pool.functions.deposit(0, amount, salt or field()), role)

    def deposit_tpft(self, role: str, amount: int, salt: int | None = None) -> TxReceipt:
        return self.tx(self.tpft_pool.functions.deposit(self.series_id, amount, salt or field()), role)

    def allow_tree(self, pool: Contract) -> LeanIMT:
        """The pool's allow list rebuilt from its AllowListChanged events (what a wallet does)."""
        tree = LeanIMT(self.poseidon)
        for ev in pool.events.AllowListChanged().get_logs(from_block=0):
            tree.set(int(ev["args"]["leafIndex"]), int(ev["args"]["leaf"]))
        return tree

    def siblings(self, pool: Contract, wallet: str) -> list[int]:
        """The allow-list siblings of ``wallet``'s owner leaf, for freeze and revokeDisabled."""
        owner = pool.functions.ownerOf(wallet).call()
        leaf = self.poseidon(int(owner[0]), int(owner[2]))
        tree = self.allow_tree(pool)
        return tree.siblings(tree.index_of(leaf))


class LeanIMT:
    """Minimal mirror of zk-kit's LeanIMT (a node without a right child is its left child; depth grows with
    the size), recomputing every level: enough for the small trees of these tests.

    TODO(privacy): replace with ``drex.privacy.tree`` (the production mirror) once it lands.
    """

    def __init__(self, hash2: Callable[[int, int], int]):
        self.hash2 = hash2
        self.leaves: list[int] = []

    def set(self, index: int, leaf: int) -> None:
        """Append (``index`` = size) or overwrite (0 removes) a leaf, as the AllowListChanged events say."""
        if index == len(self.leaves):
            self.leaves.append(leaf)
        else:
            self.leaves[index] = leaf

    def index_of(self, leaf: int) -> int:
        return self.leaves.index(leaf)

    def levels(self) -> list[list[int]]:
        levels = [list(self.leaves)]
        while len(levels[-1]) > 1:
            cur = levels[-1]
            levels.append(
                [
                    self.hash2(cur[i], cur[i + 1]) if i + 1 < len(cur) else cur[i]
                    for i in range(0, len(cur), 2)
                ]
            )
        return levels

    def root(self) -> int:
        return self.levels()[-1][0] if self.leaves else 0

    def siblings(self, index: int) -> list[int]:
        """The siblings InternalLeanIMT._update consumes: at each level, the neighbour node if it exists."""
        out = []
        levels = self.levels()
        for lvl in range(len(levels) - 1):
            i, cur = index >> lvl, levels[lvl]
            if i & 1:
                out.append(cur[i - 1])
            elif i + 1 < len(cur):
                out.append(cur[i + 1])
        return out


def compile_test_verifier(tmp: Path) -> dict[str, Any]:
    """Compile the TEST-ONLY verifier in a scratch project (the build of contracts/ never sees it)."""
    (tmp / "contracts").mkdir(parents=True, exist_ok=True)
    shutil.copy(VERIFIER_SOURCE, tmp / "contracts" / VERIFIER_SOURCE.name)
    modules = tmp / "node_modules"
    if not modules.exists():
        modules.symlink_to(project_root() / "node_modules", target_is_directory=True)
    out = build(tmp, out_dir=tmp / "artifacts").out_dir
    return load_artifact("TestOnlyJoinSplitVerifier", out)


def deploy_privacy(chain: Chain, manifest_path: Path, verifier_artifact: dict[str, Any]) -> Manifest:
    """Deploy the test-only verifier, record it in the manifest as the verifier, and run the privacy domain's
    real steps (libraries, pools, DvP, wiring) over the already deployed platform."""
    bcb = chain.account("BCB")
    factory = chain.w3.eth.contract(abi=verifier_artifact["abi"], bytecode=verifier_artifact["bytecode"])
    receipt = chain.transact(factory.constructor(), sender=bcb)
    manifest = read_manifest(manifest_path)
    manifest.contracts[privacy.VERIFIER] = {
        "address": str(receipt["contractAddress"]),
        "tx": "0x" + bytes(receipt["transactionHash"]).hex(),
        "sourceHash": verifier_artifact["sourceHash"],
        "artifact": "TestOnlyJoinSplitVerifier",
    }
    write_manifest(manifest, manifest_path)
    plan = [*privacy.library_steps(), *privacy.pool_steps()]
    return Deployer(chain, manifest_path, plan=plan).run().manifest


def build_world(chain: Chain, tmp: Path) -> World:
    """The platform (real plan), the privacy contracts over the test-only verifier, and a funded world: each
    bank holds Real Digital and bonds of one series and approves both pools."""
    manifest_path = tmp / "deployment.json"
    Deployer(chain, manifest_path, plan=full_plan(("registry", "realdigital", "tpft"))).run()
    verifier_artifact = compile_test_verifier(tmp / "verifier")
    manifest = deploy_privacy(chain, manifest_path, verifier_artifact)
    contracts = {
        name: chain.at(entry["artifact"], entry["address"])
        for name, entry in manifest.contracts.items()
        if name != privacy.VERIFIER
    }
    verifier = chain.w3.eth.contract(
        address=Web3.to_checksum_address(manifest.contracts[privacy.VERIFIER]["address"]),
        abi=verifier_artifact["abi"],
    )
    w = World(chain, manifest, contracts, verifier, 0)
    series = ("LTN", "100000", chain.timestamp() + YEAR)
    w.tx(w.tpft.functions.createTPFt(series), "STN")
    w.tx(w.tpft.functions.mint(w.addr("STN"), series, 10 * BANK_BONDS), "STN")
    w.series_id = int(w.tpft.functions.getTPFtId(series).call())
    for bank in ("BANK_A", "BANK_B"):
        w.tx(w.rd.functions.mint(w.addr(bank), BANK_RD), "BCB")
        w.tx(w.tpft.functions.directPlacement(w.addr("STN"), w.addr(bank), series, BANK_BONDS), "STN")
        w.tx(w.rd.functions.approve(w.rd_pool.address, BIG), bank)
        w.tx(w.tpft.functions.setApprovalForAll(w.tpft_pool.address, True), bank)
    return w


def spend(
    w: World,
    pool: Contract,
    *,
    nullifiers: Sequence[int] | None = None,
    out_leaf: int | None = None,
    root_size: int | None = None,
    root: int | None = None,
    params: int | None = None,
) -> tuple[Any, ...]:
    """A Spend tuple against the pool's current state (fresh nullifiers and leaf unless given)."""
    size = int(pool.functions.noteTreeSize().call()) if root_size is None else root_size
    return (
        *(nullifiers or (field(), field())),
        out_leaf if out_leaf is not None else field(),
        field(),
        [field(), field(), field()],
        root if root is not None else int(pool.functions.rootAt(size).call()),
        size,
        params if params is not None else int(pool.functions.currentParamsHash().call()),
    )
