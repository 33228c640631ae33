"""What every audit reads: the deployment (manifest or AddressDiscovery), the chain, and the event index.

:func:`open_audit` connects to the node (chain id checked against the manifest), finds the platform, and
opens the index: the one at ``--db URL`` as it is (a follower keeps it current; the audit reads it up to its
cursor), or, without one, a temporary SQLite index synchronised from the node first
(:class:`drex.index.Indexer`) and deleted on close. Every check that reads the chain's state does it at the
index's cursor block (:attr:`Audit.block`), so what the events say and what the state says are taken at the
same height, and a re-run over the same index reproduces the same answer.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drex.audit.errors import AuditError

if TYPE_CHECKING:
    from drex.audit.accounts import ResolvedAccounts
    from drex.chain import Chain
    from drex.deploy import Manifest
    from drex.index import IndexStore
    from drex.index.decode import Decoders
    from drex.index.records import IndexCursor, IndexedEvent
    from drex.sdk import Platform

#: Events read per page of ``IndexStore.events``.
PAGE = 5_000


@dataclass
class Audit:
    """An open audit: the chain, the deployment, the index and the block everything is read at."""

    chain: Chain
    platform: Platform
    store: IndexStore
    cursor: IndexCursor
    manifest: Manifest | None = None
    manifest_path: Path | None = None
    db_url: str = ""
    temporary: bool = False
    _closers: list[Callable[[], None]] = field(default_factory=list)
    #: The auditor's ``--account ROLE=ADDRESS``: the only source of role addresses off a dev network.
    given_accounts: dict[str, str] = field(default_factory=dict)
    _decoder_cache: Decoders | None = field(default=None, repr=False, compare=False)

    @property
    def block(self) -> int:
        """The block every state read is made at: the index's cursor."""
        return int(self.cursor.block_number)

    @property
    def chain_id(self) -> int:
        return int(self.cursor.chain_id)

    @property
    def block_hash(self) -> str:
        return str(self.cursor.block_hash)

    def contracts(self) -> dict[str, str]:
        """Registry name -> checksum address of every contract of the deployment."""
        from drex.sdk.values import to_address

        if self.manifest is not None:
            return {n: to_address(c["address"]) for n, c in sorted(self.manifest.contracts.items())}
        names: dict[str, str] = {}
        for name in _known_names(self.platform):
            try:
                names[name] = self.platform.address_of(name)
            except Exception:  # noqa: BLE001 - not registered in this AddressDiscovery
                continue
        return names

    def resolved_accounts(self) -> ResolvedAccounts:
        """The role addresses the audit trusts and their sources (:mod:`drex.audit.accounts`)."""
        from drex.audit.accounts import resolve_accounts

        manifest = self.manifest.accounts if self.manifest is not None else {}
        return resolve_accounts(self.chain.is_dev, manifest, self.given_accounts)

    def accounts(self) -> dict[str, str]:
        """Role -> address: ``--account``, then the dev mnemonic's on a dev network; never the manifest's."""
        return self.resolved_accounts().addresses

    def names(self) -> dict[str, str]:
        """Every known name (account roles and contracts) -> address, for labels."""
        return {**self.contracts(), **self.accounts()}

    def events(
        self, names: Sequence[str] | None = None, contracts: Sequence[str] | None = None
    ) -> Iterator[IndexedEvent]:
        """Every indexed event (of ``names``, of ``contracts``) up to the cursor, in sequence order.

        The index's own labels are not trusted: it decoded with the contracts it knew when its follower
        started (and never re-decodes), so a log of a contract it did not know is stored raw. Each log is
        labelled again from its address and ``topics[0]`` against the audit's contract set and decoded with
        those contracts' ABIs when the index's labels differ."""
        wanted_names = set(names) if names is not None else None
        wanted_contracts = set(contracts) if contracts is not None else None
        decoders = self._decoders()
        after = 0
        while True:
            page = self.store.events(after, PAGE, to_block=self.block)
            if not page:
                return
            for ev in page:
                ev = _relabelled(ev, decoders)
                if wanted_names is not None and ev.event not in wanted_names:
                    continue
                if wanted_contracts is not None and ev.contract not in wanted_contracts:
                    continue
                yield ev
            after = page[-1].seq

    def _decoders(self) -> Decoders:
        if self._decoder_cache is None:
            from drex.index.decode import Decoders

            self._decoder_cache = Decoders(
                {name: (address, _artifact_of(self, name)) for name, address in self.contracts().items()}
            )
        return self._decoder_cache

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()

    def __enter__(self) -> Audit:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _artifact_of(audit: Audit, name: str) -> str:
    """The artifact of the contract ``name``: the manifest's, else the deployment plan's."""
    if audit.manifest is not None:
        entry = audit.manifest.contracts.get(name, {})
        if entry.get("artifact"):
            return str(entry["artifact"])
    from drex.sdk.platform import artifact_of

    return artifact_of(name)


def _relabelled(ev: IndexedEvent, decoders: Decoders) -> IndexedEvent:
    """``ev`` with the contract and event the audit's decoders give its address and ``topics[0]`` (decoded
    again, arguments in the index's JSON form, when they differ from the index's labels)."""
    key = ev.address.lower()
    contract = decoders.names.get(key)
    topic0 = bytes.fromhex(ev.topics[0][2:]) if ev.topics else b""
    decoder = decoders.events.get(key, {}).get(topic0)
    if contract == ev.contract and (decoder.name if decoder else None) == ev.event:
        return ev
    topics = [bytes.fromhex(t[2:]) for t in ev.topics]
    decoded = decoders.decode(ev.address, topics, bytes.fromhex(ev.data[2:]))
    args = json.loads(json.dumps(decoded.args))  # the form IndexStore gives (tuples as lists)
    return replace(ev, contract=decoded.contract, event=decoded.event, args=args)


def _known_names(platform: Platform) -> list[str]:
    """Registry names a platform found through AddressDiscovery may have (the deployment plan's)."""
    from drex.audit.policy import plan_steps
    from drex.deploy.plan import Deploy

    return [s.name for s in plan_steps() if isinstance(s, Deploy)]


def open_audit(
    chain: Chain,
    *,
    manifest: Manifest | None = None,
    manifest_path: Path | None = None,
    discovery: str | None = None,
    db_url: str | None = None,
    accounts: Mapping[str, str] | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> Audit:
    """Open an audit of the deployment on ``chain`` (see the module)."""
    from drex.index import Indexer, IndexStore
    from drex.sdk import Platform

    if manifest is not None:
        platform = Platform.from_manifest(chain, manifest)
    elif discovery is not None:
        platform = Platform.from_address_discovery(chain, discovery)
    else:
        raise AuditError("an audit needs the deployment: a manifest or an AddressDiscovery address")
    closers: list[Callable[[], None]] = []
    temporary = db_url is None
    if db_url is None:
        folder = tempfile.TemporaryDirectory(prefix="drex-audit-")
        closers.append(folder.cleanup)
        db_url = f"sqlite:///{Path(folder.name) / 'index.db'}"
        store = IndexStore(db_url)
        closers.append(store.close)
        progress(f"indexing the chain from block 0 into a temporary index ({db_url})")
        Indexer(platform, store).sync()
    else:
        store = IndexStore(db_url)
        closers.append(store.close)
    cursor = store.cursor()
    if cursor is None:
        for close in reversed(closers):
            close()
        raise AuditError(f"the index at {db_url} is empty: run `drex index` on this chain first")
    if int(cursor.chain_id) != chain.chain_id:
        for close in reversed(closers):
            close()
        raise AuditError(
            f"the index at {db_url} is of chain {cursor.chain_id}, the node is chain {chain.chain_id}"
        )
    mismatch = _other_chain(chain, cursor)
    if mismatch:
        for close in reversed(closers):
            close()
        raise AuditError(f"the index at {db_url} is not of this node's chain: {mismatch}")
    return Audit(
        chain,
        platform,
        store,
        cursor,
        manifest,
        manifest_path,
        db_url,
        temporary,
        closers,
        dict(accounts or {}),
    )


def _other_chain(chain: Chain, cursor: IndexCursor) -> str:
    """Why the index's cursor is not on ``chain`` (another node of the same chain id, a reset anvil, a reorg
    that the index's follower has not rolled back yet), or "" when the node has the cursor's blocks."""

    def hash_of(number: int) -> str | None:
        try:
            block = chain.w3.eth.get_block(number)
        except Exception:  # noqa: BLE001 - web3 raises BlockNotFound or a provider error beyond the head
            return None
        return "0x" + bytes(block["hash"]).hex()

    genesis = hash_of(0)
    if (genesis or "").lower() != str(cursor.genesis_hash).lower():
        return (
            f"the index's genesis block is {cursor.genesis_hash}, the node's is {genesis} (same chain id "
            f"{cursor.chain_id}: another chain, or one reset)"
        )
    at = hash_of(int(cursor.block_number))
    if (at or "").lower() != str(cursor.block_hash).lower():
        return (
            f"the index's cursor is block {cursor.block_number} {cursor.block_hash}, the node's block "
            f"{cursor.block_number} is {at or '(none: beyond its head)'} (a reorg or another chain: let "
            "`drex index` catch up first)"
        )
    return ""


__all__ = ["PAGE", "Audit", "open_audit"]
