"""The institution's session on the platform: contract addresses, a signer, and one client per contract.

A :class:`Platform` is built from a chain plus either the deployment manifest
(:meth:`Platform.from_manifest`) or only the address of AddressDiscovery
(:meth:`Platform.from_address_discovery`, which looks each contract up as
``addressDiscovery(keccak256(name))``, the way a pilot participant finds BCB's contracts). It carries
an optional signer; :meth:`Platform.as_signer` returns the same session for another signer, sharing the
resolved addresses. Clients are created on demand: :attr:`Platform.real_digital`,
:meth:`Platform.real_tokenizado` (by CNPJ8), :attr:`Platform.key_dictionary`, the swaps and
:attr:`Platform.reference_data`. Reads
need no signer; a state-changing call without one raises :class:`~drex.sdk.errors.NoSigner`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from eth_typing import ChecksumAddress
from web3.contract import Contract
from web3.contract.contract import ContractFunction

from drex.build.artifacts import load_artifact
from drex.chain.core import Chain
from drex.chain.signers import Signer
from drex.errors import DrexError
from drex.sdk.errors import NoSigner, UnknownContract
from drex.sdk.tx import PendingTx, Transactor, TxResult
from drex.sdk.values import ZERO_ADDRESS, to_address, to_cnpj8

if TYPE_CHECKING:
    from drex.deploy import Manifest
    from drex.sdk.keys import KeyDictionary
    from drex.sdk.reference import ReferenceData
    from drex.sdk.swaps import SwapOneStep, SwapOneStepFrom, SwapTwoSteps, SwapTwoStepsReserve
    from drex.sdk.tokens import RealDigital, RealTokenizado

_Client = TypeVar("_Client")

#: Registry names of the money-layer contracts (their AddressDiscovery key is keccak256 of the name).
CONTRACT_NAMES = (
    "AddressDiscovery",
    "RealDigital",
    "STR",
    "RealDigitalDefaultAccount",
    "RealDigitalEnableAccount",
    "KeyDictionary",
    "ApprovedDigitalCurrency",
    "SwapOneStep",
    "SwapTwoSteps",
    "SwapTwoStepsReserve",
    "SwapOneStepFrom",
)


def real_tokenizado_name(cnpj8: str | int) -> str:
    """Registry name of an institution's Real Tokenizado: ``RealTokenizado@<CNPJ8>``."""
    return f"RealTokenizado@{to_cnpj8(cnpj8)}"


def artifact_of(name: str) -> str:
    """The compiled artifact behind a registry name (``RealTokenizado@11111111`` -> ``RealTokenizado``)."""
    return name.split("@", 1)[0]


class Directory(Protocol):
    """Where contract addresses come from."""

    def lookup(self, name: str) -> ChecksumAddress:
        """The address registered as ``name``; :class:`UnknownContract` if none."""
        ...


class ManifestDirectory:
    """Addresses from a deployment manifest (``manifest.contracts[name]["address"]``)."""

    def __init__(self, manifest: Manifest):
        self.manifest = manifest

    def lookup(self, name: str) -> ChecksumAddress:
        entry = self.manifest.contracts.get(name)
        if entry is None:
            raise UnknownContract(f"{name} is not in the deployment manifest")
        return to_address(entry["address"], f"manifest address of {name}")


class AddressDiscoveryDirectory:
    """Addresses from the AddressDiscovery contract alone: ``addressDiscovery(keccak256(name))``."""

    def __init__(self, chain: Chain, address: str):
        self.chain = chain
        self.registry = chain.at("AddressDiscovery", to_address(address, "AddressDiscovery address"))

    def lookup(self, name: str) -> ChecksumAddress:
        from eth_utils import keccak

        if name == "AddressDiscovery":
            return to_address(self.registry.address)
        found = self.chain.call(self.registry.functions.addressDiscovery(keccak(text=name)))
        if found == ZERO_ADDRESS:
            raise UnknownContract(f"{name} is not registered in AddressDiscovery at {self.registry.address}")
        return to_address(found)


class _Cache:
    """Addresses and bound contracts, shared by every :class:`Platform` of one session."""

    def __init__(self) -> None:
        self.addresses: dict[str, ChecksumAddress] = {}
        self.contracts: dict[str, Contract] = {}


class Platform:
    """An institution's session: chain, contract directory, optional signer, and the clients.

    >>> from decimal import Decimal
    >>> from drex.chain import connect
    >>> from drex.deploy import deploy_platform
    >>> chain = connect("embedded")
    >>> manifest = deploy_platform(chain)                   # or the path of a deployment.json
    >>> bank_a, customer = chain.account("BANK_A"), chain.account("CUSTOMER_A1").address
    >>> platform = Platform.from_manifest(chain, manifest, signer=bank_a)
    >>> minted = platform.real_digital.request_mint(Decimal("1000.00"))
    >>> token = platform.real_tokenizado("11111111")        # BANK_A's own Real Tokenizado
    >>> enabled = token.enable_account(customer)
    >>> result = token.mint(customer, Decimal("250.00"))
    >>> token.balance_of(customer), platform.real_digital.balance_of(bank_a.address)
    (Decimal('250.00'), Decimal('1000.00'))
    """

    def __init__(
        self,
        chain: Chain,
        directory: Directory,
        signer: Signer | None = None,
        *,
        participants: dict[str, str] | None = None,
        _cache: _Cache | None = None,
    ):
        self.chain = chain
        self.directory = directory
        self.signer = signer
        self.participants: dict[str, str] = dict(participants or {})
        """Known institutions, role -> CNPJ8 (from the manifest; empty with AddressDiscovery alone)."""
        self._cache = _cache or _Cache()
        self._transactor = Transactor(chain, signer) if signer is not None else None
        self._clients: dict[str, object] = {}

    # ------------------------------------------------------------------- building
    @classmethod
    def from_manifest(
        cls, chain: Chain, manifest: Manifest | str | Path, signer: Signer | None = None
    ) -> Platform:
        """A session whose addresses come from a deployment manifest (object or JSON path).

        Raises :class:`~drex.errors.DrexError` when the manifest is for another chain id.
        """
        from drex.deploy import Manifest, read_manifest

        m = manifest if isinstance(manifest, Manifest) else read_manifest(manifest)
        if m.chain_id != chain.chain_id:
            raise DrexError(
                f"wrong chain: the manifest is for chain id {m.chain_id}, "
                f"{chain.name} has chain id {chain.chain_id}"
            )
        return cls(chain, ManifestDirectory(m), signer, participants=m.participants)

    @classmethod
    def from_address_discovery(cls, chain: Chain, address: str, signer: Signer | None = None) -> Platform:
        """A session that finds every contract through AddressDiscovery at ``address`` only."""
        directory = AddressDiscoveryDirectory(chain, address)
        if len(chain.w3.eth.get_code(directory.registry.address)) == 0:
            raise UnknownContract(f"no contract at {directory.registry.address} on {chain.name}")
        return cls(chain, directory, signer)

    def as_signer(self, signer: Signer) -> Platform:
        """The same session (same chain, directory and address cache) signing with ``signer``."""
        return Platform(
            self.chain, self.directory, signer, participants=self.participants, _cache=self._cache
        )

    # ------------------------------------------------------------------ contracts
    def address_of(self, name: str) -> ChecksumAddress:
        """Address of the contract registered as ``name`` (cached after the first lookup)."""
        found = self._cache.addresses.get(name)
        if found is None:
            found = self.directory.lookup(name)
            self._cache.addresses[name] = found
        return found

    def contract(self, name: str) -> Contract:
        """The web3.py contract registered as ``name``, bound to its compiled ABI."""
        found = self._cache.contracts.get(name)
        if found is None:
            found = self.chain.w3.eth.contract(
                address=self.address_of(name), abi=load_artifact(artifact_of(name))["abi"]
            )
            self._cache.contracts[name] = found
        return found

    # --------------------------------------------------------------- transactions
    @property
    def transactor(self) -> Transactor:
        """The signer's :class:`~drex.sdk.tx.Transactor`; :class:`NoSigner` if the session has none."""
        if self._transactor is None:
            raise NoSigner("this platform session has no signer: use platform.as_signer(signer)")
        return self._transactor

    @property
    def address(self) -> ChecksumAddress:
        """The signer's address; :class:`NoSigner` if the session has none."""
        return to_address(self.transactor.address)

    def send(self, fn: ContractFunction, *, gas: int | None = None) -> TxResult:
        """Sign, send and wait for ``fn``; :class:`~drex.chain.reverts.ContractRevert` on revert."""
        return self.transactor.send(fn, gas=gas)

    def submit(self, fn: ContractFunction, *, gas: int | None = None) -> PendingTx:
        """Sign and send ``fn`` without waiting (next nonce of the signer's cache)."""
        return self.transactor.submit(fn, gas=gas)

    def call(self, fn: ContractFunction) -> Any:
        """A read-only call, from the signer when there is one; reverts decoded into ContractRevert."""
        return self.chain.call(fn, sender=self._transactor.address if self._transactor else None)

    def block_number(self) -> int:
        return int(self.chain.w3.eth.block_number)

    # -------------------------------------------------------------------- clients
    def _client(self, key: str, make: Callable[[], _Client]) -> _Client:
        found = self._clients.get(key)
        if found is None:
            found = make()
            self._clients[key] = found
        return cast(_Client, found)  # each key is only ever made by one ``make``

    @property
    def real_digital(self) -> RealDigital:
        """Real Digital (with STR, RealDigitalEnableAccount and RealDigitalDefaultAccount)."""
        from drex.sdk.tokens import RealDigital

        return self._client("RealDigital", lambda: RealDigital(self))

    def real_tokenizado(self, cnpj8: str | int) -> RealTokenizado:
        """The Real Tokenizado of the institution ``cnpj8`` (registered as ``RealTokenizado@<CNPJ8>``)."""
        from drex.sdk.tokens import RealTokenizado

        name = real_tokenizado_name(cnpj8)
        return self._client(name, lambda: RealTokenizado(self, name))

    @property
    def reference_data(self) -> ReferenceData:
        """ReferenceData: quorum-signed reference rounds (SELIC, CDI, IPCA, PTAX, VNA, TPFt prices)."""
        from drex.sdk.reference import ReferenceData

        return self._client("ReferenceData", lambda: ReferenceData(self))

    @property
    def key_dictionary(self) -> KeyDictionary:
        """KeyDictionary, the simulated DICT of customer keys."""
        from drex.sdk.keys import KeyDictionary

        return self._client("KeyDictionary", lambda: KeyDictionary(self))

    @property
    def swap_one_step(self) -> SwapOneStep:
        """SwapOneStep: atomic Real Tokenizado transfer between institutions, sent by the payer."""
        from drex.sdk.swaps import SwapOneStep

        return self._client("SwapOneStep", lambda: SwapOneStep(self))

    @property
    def swap_two_steps(self) -> SwapTwoSteps:
        """SwapTwoSteps: payer proposes (funds frozen), receiver accepts within the expiration time."""
        from drex.sdk.swaps import SwapTwoSteps

        return self._client("SwapTwoSteps", lambda: SwapTwoSteps(self))

    @property
    def swap_two_steps_reserve(self) -> SwapTwoStepsReserve:
        """SwapTwoStepsReserve: as SwapTwoSteps, with the funds escrowed in the contract meanwhile."""
        from drex.sdk.swaps import SwapTwoStepsReserve

        return self._client("SwapTwoStepsReserve", lambda: SwapTwoStepsReserve(self))

    @property
    def swap_one_step_from(self) -> SwapOneStepFrom:
        """SwapOneStepFrom: atomic Real Tokenizado transfer between institutions, sent by a party the payer
        approved (TPFtDvP in 1052 trades between customers of different banks)."""
        from drex.sdk.swaps import SwapOneStepFrom

        return self._client("SwapOneStepFrom", lambda: SwapOneStepFrom(self))


class ContractClient:
    """Base of the clients: one registered contract of one :class:`Platform`."""

    def __init__(self, platform: Platform, name: str):
        self.platform = platform
        self.name = name
        self.contract = platform.contract(name)

    @property
    def address(self) -> ChecksumAddress:
        """The contract's address."""
        return to_address(self.contract.address)

    def _send(self, fn: ContractFunction, gas: int | None = None) -> TxResult:
        return self.platform.send(fn, gas=gas)

    def _call(self, fn: ContractFunction) -> Any:
        return self.platform.call(fn)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} at {self.contract.address}>"
