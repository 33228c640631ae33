"""``drex audit verify``: prove that each contract of a deployment is the build it claims to be.

For every contract of the manifest (libraries included), in the order of the deployment plan:

* **creation**: the creation transaction's input must equal the build's creation code (libraries linked at
  the manifest's addresses) followed by the ABI-encoded constructor arguments the plan *expects*, recomputed
  by the plan's own ``args`` callables from the manifest's addresses and the deployment's accounts
  (:class:`~drex.audit.deployment.ExpectedContext`), never read back from the transaction. A difference in
  the arguments is named parameter by parameter (both lists decoded with the constructor's ABI).
* **runtime**: ``eth_getCode`` must equal, byte for byte, the runtime code the expected creation code
  returns, obtained by running it (an ``eth_call`` with no ``to``, from the deployer, at the head). That
  code holds the immutables at their expected values, so they are checked, not masked; a difference only
  inside immutables is named immutable by immutable from the build's ``immutableReferences``.
* **exact or partial**: exact when the codes are equal including solc's metadata hash; partial when they are
  equal only with the metadata sections set aside (the sources differ in comments or paths only).

The build is either rebuilt from a source checkout with the pinned compiler and settings into a temporary
folder (:func:`rebuild`), or the artifacts packaged with drex (:func:`packaged_build`), which the report
states as "not rebuilt". Nothing here compiles unless asked to rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, cast

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils.abi import collapse_if_tuple
from eth_utils.address import is_checksum_formatted_address, to_checksum_address
from eth_utils.crypto import keccak
from web3.exceptions import ContractLogicError, TransactionNotFound, Web3RPCError

from drex.audit.bytecode import (
    Immutable,
    differing_offsets,
    immutables,
    metadata_sections,
    same_but,
    to_bytes,
)
from drex.audit.deployment import Deployment, ExpectedContext
from drex.build.artifacts import artifacts_dir, build_info, linked_bytecode, load_artifact
from drex.deploy.plan import Deploy, full_plan
from drex.errors import DrexError

__all__ = [
    "BuildUsed",
    "CodeCheck",
    "ContractResult",
    "Difference",
    "VerifyReport",
    "packaged_build",
    "rebuild",
    "verify",
]

Match = Literal["exact", "partial"]


@dataclass(frozen=True)
class BuildUsed:
    """The artifacts a verification compares against and where they come from."""

    directory: Traversable
    input_hash: str
    rebuilt: bool
    source: Path | None = None
    compiler: str = ""

    def describe(self) -> str:
        if self.rebuilt:
            return f"rebuilt from {self.source} with solc-js {self.compiler} (inputs {self.input_hash[:16]})"
        return f"against packaged build {self.input_hash} (not rebuilt from source)"

    _cache: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def load(self, name: str) -> dict[str, Any]:
        """The artifact of ``name`` in this build (read once; callers must not modify it)."""
        if name not in self._cache:
            self._cache[name] = load_artifact(name, self.directory)
        return self._cache[name]

    def names(self) -> tuple[str, ...]:
        return tuple(build_info(self.directory)["contracts"])


def packaged_build() -> BuildUsed:
    """The artifacts drex was installed (or, in a checkout, built) with."""
    directory = artifacts_dir()
    info = build_info()
    return BuildUsed(directory, str(info["inputHash"]), rebuilt=False)


def rebuild(source: Path, out_dir: Path) -> BuildUsed:
    """Compile the checkout ``source`` (its ``contracts/`` and ``node_modules/``) with the pinned compiler and
    settings into ``out_dir``, a folder of the caller's (never the package's)."""
    from drex.build.compiler import build_contracts, solc_version

    source = source.resolve()
    result = build_contracts(source, out_dir)
    info = build_info(result.out_dir)
    return BuildUsed(result.out_dir, str(info["inputHash"]), True, source, solc_version(source))


@dataclass(frozen=True)
class Difference:
    """One named value that differs: a constructor parameter or an immutable."""

    name: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        return f"{self.name}: expected {self.expected}, actual {self.actual}"


@dataclass
class CodeCheck:
    """One comparison (creation input or runtime code): ``match`` is None on a mismatch."""

    match: Match | None
    expected: bytes
    actual: bytes
    reason: str = ""
    differences: list[Difference] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "match": self.match,
            "reason": self.reason,
            "differences": [_difference_json(d) for d in self.differences],
            "expectedKeccak256": "0x" + keccak(self.expected).hex(),
            "actualKeccak256": "0x" + keccak(self.actual).hex(),
        }
        if self.match != "exact":
            doc["expected"] = "0x" + self.expected.hex()
            doc["actual"] = "0x" + self.actual.hex()
        return doc


def _difference_json(d: Difference) -> dict[str, Any]:
    return {"name": d.name, "expected": d.expected, "actual": d.actual}


@dataclass
class ContractResult:
    """The verdict on one contract of the deployment."""

    name: str
    artifact: str
    address: str
    tx: str
    creation: CodeCheck | None = None
    runtime: CodeCheck | None = None
    problems: list[str] = field(default_factory=list)
    #: solc's metadata of the build the contract was checked against (what Sourcify publishes).
    metadata: dict[str, Any] | None = None
    #: The expected ABI-encoded constructor arguments.
    constructor_args: bytes = b""
    #: The libraries the build was linked against, ``"<source>:<Library>" -> address``.
    libraries: dict[str, str] = field(default_factory=dict)

    @property
    def match(self) -> Match | None:
        """``exact``/``partial`` when the contract matches, None when it does not."""
        if self.problems or self.creation is None or self.runtime is None:
            return None
        if self.creation.match is None or self.runtime.match is None:
            return None
        return "exact" if self.creation.match == self.runtime.match == "exact" else "partial"

    @property
    def status(self) -> str:
        return "MISMATCH" if self.match is None else "MATCH"

    @property
    def reasons(self) -> list[str]:
        out = list(self.problems)
        for what, check in (("creation", self.creation), ("runtime", self.runtime)):
            if check is not None and check.reason:
                out.append(f"{what}: {check.reason}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "artifact": self.artifact,
            "address": self.address,
            "tx": self.tx,
            "status": self.status,
            "match": self.match,
            "reasons": self.reasons,
            "creation": self.creation.to_json() if self.creation else None,
            "runtime": self.runtime.to_json() if self.runtime else None,
        }


@dataclass
class VerifyReport:
    """Every contract's verdict, anchored to the chain and block it was checked at."""

    chain_id: int
    block: int
    block_hash: str
    build: BuildUsed
    contracts: list[ContractResult]
    #: Role -> (address, source) of every role the plan used, in order of first use.
    accounts: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The manifest's accounts that differ from the trusted ones (a finding: the manifest lies).
    account_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.status == "MATCH" for c in self.contracts) and not self.account_problems

    def to_json(self) -> dict[str, Any]:
        return {
            "chainId": self.chain_id,
            "block": self.block,
            "blockHash": self.block_hash,
            "build": {
                "rebuilt": self.build.rebuilt,
                "inputHash": self.build.input_hash,
                "source": str(self.build.source) if self.build.source else None,
                "compiler": self.build.compiler or None,
            },
            "ok": self.ok,
            "accounts": [{"role": r, "address": a, "source": src} for r, (a, src) in self.accounts.items()],
            "accountProblems": list(self.account_problems),
            "contracts": [c.to_json() for c in self.contracts],
        }


# ---------------------------------------------------------------------------------------------- verify
def verify(
    deployment: Deployment, build: BuildUsed, *, progress: Callable[[str], None] | None = None
) -> VerifyReport:
    """Verify every contract of ``deployment`` against ``build`` (see the module docstring)."""
    say = progress or (lambda msg: None)
    w3 = deployment.chain.w3
    head = w3.eth.get_block("latest")
    ctx = ExpectedContext(deployment)
    manifest = deployment.manifest
    libraries = {entry["artifact"]: entry["address"] for entry in manifest.contracts.values()}
    steps = {s.name: s for s in full_plan() if isinstance(s, Deploy)}
    results: list[ContractResult] = []
    for name, entry in manifest.contracts.items():
        say(f"verifying {name}")
        step = steps.get(name)
        result = ContractResult(name, entry.get("artifact", ""), entry["address"], entry.get("tx", ""))
        if step is None:
            result.problems.append("not a contract of the deployment plan: its expected build is unknown")
        else:
            _check(deployment, ctx, step, build, libraries, result, block=int(head["number"]))
        results.append(result)
    for name, step in steps.items():
        if name not in manifest.contracts:
            missing = ContractResult(name, step.artifact, "", "")
            missing.problems.append("in the deployment plan but not in the manifest")
            results.append(missing)
    used = {r: (ctx.accounts.addresses[r], ctx.accounts.sources[r]) for r in ctx.used}
    return VerifyReport(
        int(deployment.chain.chain_id),
        int(head["number"]),
        "0x" + bytes(head["hash"]).hex(),
        build,
        results,
        used,
        list(ctx.accounts.problems),
    )


def _check(
    deployment: Deployment,
    ctx: ExpectedContext,
    step: Deploy,
    build: BuildUsed,
    libraries: Mapping[str, str],
    result: ContractResult,
    *,
    block: int,
) -> None:
    w3 = deployment.chain.w3
    if result.artifact != step.artifact:
        result.problems.append(
            f"the manifest names artifact {result.artifact}; the plan deploys {step.artifact}"
        )
    registered = deployment.registry_address(step.name)
    if registered is not None and registered.lower() != result.address.lower():
        result.problems.append(
            f"AddressDiscovery has {registered} for {step.name}, the manifest {result.address}"
        )
    try:
        art = build.load(step.artifact)
    except DrexError as exc:
        result.problems.append(f"the build has no {step.artifact}: {exc}")
        return
    result.metadata = art["metadata"]
    args = step.args(ctx)  # an incomplete context (a role's address unknown) stops the audit: AuditInputError
    try:
        tx = w3.eth.get_transaction(cast(Any, result.tx))
        receipt = w3.eth.get_transaction_receipt(cast(Any, result.tx))
    except (TransactionNotFound, Web3RPCError, ValueError):
        result.problems.append(f"creation transaction {result.tx or '(none)'} not found on the chain")
        return
    created = receipt.get("contractAddress")
    if tx.get("to") is not None or created is None or str(created).lower() != result.address.lower():
        result.problems.append(
            f"transaction {result.tx} did not create {result.address} (it created {created})"
        )
    if receipt["status"] != 1:
        result.problems.append(f"creation transaction {result.tx} failed")
    deployer = to_checksum_address(str(tx["from"]))
    expected_deployer = ctx.account(step.sender)
    if deployer != expected_deployer:
        result.problems.append(
            f"deployed by {deployer}; the plan has {step.sender} ({expected_deployer}) deploy it"
        )
    code = to_bytes(linked_bytecode(art, libraries))
    inputs = _constructor_inputs(art)
    types = [collapse_if_tuple(i) for i in inputs]
    encoded = abi_encode(types, [_abi_value(a) for a in args])
    result.constructor_args = encoded
    result.libraries = {
        f"{source}:{lib}": libraries[lib]
        for source, libs in art.get("linkReferences", {}).items()
        for lib in libs
        if lib in libraries
    }
    actual_input = bytes(tx["input"])
    result.creation = _compare_creation(art, build, libraries, code, encoded, inputs, actual_input)
    actual_runtime = bytes(w3.eth.get_code(cast(Any, result.address)))
    try:
        expected_runtime = bytes(w3.eth.call({"from": deployer, "data": code + encoded}, block))
    except (ContractLogicError, Web3RPCError, ValueError) as exc:
        result.runtime = CodeCheck(
            None, b"", actual_runtime, f"the expected constructor reverts when run at block {block}: {exc}"
        )
        return
    if _is_library(art):
        # A library's runtime starts with PUSH20 <its own address> (call protection), written by its
        # constructor: the address the eth_call ran at is not the deployed one, which is the expected value.
        expected_runtime = expected_runtime[:1] + to_bytes(result.address) + expected_runtime[21:]
    expected_runtime = _eip712_at(art, expected_runtime, result.address, int(deployment.chain.chain_id))
    result.runtime = _compare_runtime(art, build, libraries, expected_runtime, actual_runtime)


_EIP712_DOMAIN_TYPEHASH = keccak(
    text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)


def _eip712_at(art: Mapping[str, Any], code: bytes, address: str, chain_id: int) -> bytes:
    """``code`` with OpenZeppelin EIP712's address-bound immutables set for ``address``.

    Its constructor caches ``address(this)`` (``_cachedThis``) and the domain separator, which hashes that
    address, in immutables: the eth_call that ran the expected constructor ran at another address, whose
    values are not the expected ones. They are recomputed for the deployed address from the name and version
    hashes the expected code holds, so they are checked, not masked.
    """
    fields = {f.name: f for f in immutables(art)}
    this, separator = fields.get("EIP712._cachedThis"), fields.get("EIP712._cachedDomainSeparator")
    name, version = fields.get("EIP712._hashedName"), fields.get("EIP712._hashedVersion")
    if this is None or separator is None or name is None or version is None:
        return code
    domain = keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                _EIP712_DOMAIN_TYPEHASH,
                to_bytes(name.value(code)),
                to_bytes(version.value(code)),
                chain_id,
                to_checksum_address(address),
            ],
        )
    )
    out = bytearray(code)
    for field_, word in ((this, bytes(12) + to_bytes(address)), (separator, domain)):
        for start, end in field_.ranges:
            out[start:end] = word[-(end - start) :]
    return bytes(out)


def _constructor_inputs(art: Mapping[str, Any]) -> list[dict[str, Any]]:
    for item in art["abi"]:
        if item.get("type") == "constructor":
            return list(item.get("inputs", []))
    return []


def _is_library(art: Mapping[str, Any]) -> bool:
    return str(art["deployedBytecode"]).startswith("0x73" + "00" * 20 + "30")


def _abi_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_abi_value(v) for v in value]
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    return value


def _show(value: Any) -> Any:
    """A decoded ABI value for people and JSON: checksummed addresses, 0x-hex bytes, ints, lists."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, list | tuple):
        return [_show(v) for v in value]
    if (
        isinstance(value, str)
        and value.startswith("0x")
        and len(value) == 42
        and not is_checksum_formatted_address(value)
    ):
        return to_checksum_address(value)
    return value


def _compare_creation(
    art: Mapping[str, Any],
    build: BuildUsed,
    libraries: Mapping[str, str],
    code: bytes,
    encoded: bytes,
    inputs: Sequence[Mapping[str, Any]],
    actual: bytes,
) -> CodeCheck:
    expected = code + encoded
    if actual == expected:
        return CodeCheck("exact", expected, actual)
    actual_code, actual_args = actual[: len(code)], actual[len(code) :]
    match: Match | None
    if actual_code == code:
        match = "exact"
    elif same_but(code, actual_code, metadata_sections(code)):
        match = "partial"
    else:
        other = _identify(actual, build, libraries, deployed=False, exclude=str(art["contractName"]))
        return CodeCheck(
            None, expected, actual, f"creation code differs from the build's {art['contractName']}{other}"
        )
    if actual_args == encoded:
        return CodeCheck(match, expected, actual, "" if match == "exact" else _PARTIAL)
    types = [collapse_if_tuple(dict(i)) for i in inputs]
    try:
        got = abi_decode(types, actual_args)
    except Exception as exc:  # eth_abi raises several unrelated types for malformed data
        return CodeCheck(
            None, expected, actual, f"constructor arguments cannot be decoded as ({', '.join(types)}): {exc}"
        )
    want = abi_decode(types, encoded)
    diffs = [
        Difference(f"constructor argument {i.get('name') or f'#{n}'} ({t})", _show(w), _show(g))
        for n, (i, t, w, g) in enumerate(zip(inputs, types, want, got, strict=True))
        if w != g
    ]
    if not diffs:
        return CodeCheck(
            None, expected, actual, "constructor arguments are encoded differently (same values)"
        )
    reason = "constructor arguments differ: " + "; ".join(str(d) for d in diffs)
    return CodeCheck(None, expected, actual, reason, diffs)


_PARTIAL = "metadata hash differs: same code, sources differ only where the code does not (comments, paths)"


def _compare_runtime(
    art: Mapping[str, Any], build: BuildUsed, libraries: Mapping[str, str], expected: bytes, actual: bytes
) -> CodeCheck:
    if actual == expected:
        return CodeCheck("exact", expected, actual)
    name = str(art["contractName"])
    if len(actual) != len(expected):
        other = _identify(actual, build, libraries, deployed=True, exclude=name)
        return CodeCheck(
            None,
            expected,
            actual,
            f"runtime code differs from the build's {name} ({len(actual)} bytes on chain, {len(expected)} "
            f"expected){other}",
        )
    meta = metadata_sections(expected)
    fields: list[Immutable] = immutables(art)
    spans = [*meta, *(r for f in fields for r in f.ranges)]
    offsets = differing_offsets(expected, actual)
    outside = [o for o in offsets if not any(a <= o < b for a, b in spans)]
    if outside:
        other = _identify(actual, build, libraries, deployed=True, exclude=name)
        count = f"{len(outside)} bytes differ" if len(outside) > 1 else "1 byte differs"
        return CodeCheck(
            None,
            expected,
            actual,
            f"runtime code differs from the build's {name} (first at byte {outside[0]}, {count}): "
            f"a different build{other}",
        )
    diffs = [
        Difference(f"immutable {f.name}", f.value(expected), f.value(actual))
        for f in fields
        if any(a <= o < b for o in offsets for a, b in f.ranges)
    ]
    if diffs:
        reason = "immutables differ: " + "; ".join(str(d) for d in diffs)
        return CodeCheck(None, expected, actual, reason, diffs)
    return CodeCheck("partial", expected, actual, _PARTIAL)


def _identify(
    actual: bytes, build: BuildUsed, libraries: Mapping[str, str], *, deployed: bool, exclude: str
) -> str:
    """``"; it is <Other>'s code"`` when ``actual`` is another contract of the build (immutables and
    metadata set aside; creation code compared without its arguments), else ``""``."""
    for other in _candidates(build, exclude):
        try:
            code = to_bytes(linked_bytecode(other, libraries, deployed=deployed))
        except DrexError:
            continue
        if deployed:
            spans = [*metadata_sections(code), *(r for f in immutables(other) for r in f.ranges)]
            if _is_library(other):
                spans.append((1, 21))
            found = same_but(code, actual, spans)
        else:
            found = len(actual) >= len(code) and same_but(code, actual[: len(code)], metadata_sections(code))
        if found:
            return f"; it is the {'runtime' if deployed else 'creation'} code of {other['contractName']}"
    return ""


def _candidates(build: BuildUsed, exclude: str) -> Iterator[dict[str, Any]]:
    for name in build.names():
        if name != exclude:
            yield build.load(name)
