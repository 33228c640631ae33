"""Administration of a running network's on-chain permissioning (``drex perm``).

Everything is reached from the two ingress contracts at Besu's standard addresses: the rules and admin
contracts in force are read from their registries, so the commands keep working after a rules upgrade.
Reads that Besu itself makes (is this node / this transaction allowed?) go through the ingress with Besu's
exact call data (:mod:`drex.besu.besucalls`); changes are signed transactions from an admin's keystore.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from drex.besu import addresses as A
from drex.besu.addresses import parse_address, parse_address_list
from drex.besu.besucalls import account_payload, node_v2_payload
from drex.besu.keys import Enode
from drex.besu.rpc import RpcError, transact
from drex.errors import DrexError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3
    from web3.contract import Contract
    from web3.types import TxReceipt

RULES_KEY = b"rules".ljust(32, b"\0")
ADMIN_KEY = b"administration".ljust(32, b"\0")
RULE_SETS = ("node", "account")


def _abi(name: str) -> list[dict[str, Any]]:
    from drex.build import load_artifact

    abi: list[dict[str, Any]] = load_artifact(name)["abi"]
    return abi


def _decode_bool(raw: bytes, what: str) -> bool:
    if raw == bytes(31) + b"\x01":
        return True
    if raw == bytes(32):
        return False
    raise RpcError(f"{what} returned {raw.hex() or 'nothing'}, not an ABI bool (is the contract deployed?)")


class Permissioning:
    """Client of the permissioning contracts behind the ingresses on ``w3``'s chain."""

    def __init__(
        self,
        w3: Web3,
        account: LocalAccount | None = None,
        node_ingress: str = A.NODE_INGRESS_ADDRESS,
        account_ingress: str = A.ACCOUNT_INGRESS_ADDRESS,
    ) -> None:
        self.w3 = w3
        self.account = account
        self.node_ingress = self._at("NodeIngress", node_ingress)
        self.account_ingress = self._at("AccountIngress", account_ingress)
        for ingress in (self.node_ingress, self.account_ingress):
            if not w3.eth.get_code(ingress.address):
                raise RpcError(f"no permissioning ingress contract at {ingress.address} on this chain")

    def _at(self, name: str, address: str) -> Contract:
        return self.w3.eth.contract(address=self.w3.to_checksum_address(address), abi=_abi(name))

    def _registered(self, ingress: Contract, key: bytes, name: str) -> Contract:
        address = ingress.functions.getContractAddress(key).call()
        if int(address, 16) == 0:
            raise RpcError(
                f"the ingress at {ingress.address} has no {key.rstrip(bytes(1)).decode()} contract"
            )
        return self._at(name, address)

    @property
    def node_rules(self) -> Contract:
        """The node rules in force."""
        return self._registered(self.node_ingress, RULES_KEY, "NodeRules")

    @property
    def account_rules(self) -> Contract:
        """The account rules in force."""
        return self._registered(self.account_ingress, RULES_KEY, "AccountRules")

    @property
    def admin(self) -> Contract:
        """The admin contract in force (the node ingress' registry)."""
        return self._registered(self.node_ingress, ADMIN_KEY, "PermissioningAdmin")

    def rules(self, which: str) -> Contract:
        """``node`` or ``account`` rules."""
        if which not in RULE_SETS:
            raise DrexError(f"rule set must be one of {RULE_SETS}, got {which!r}")
        return self.node_rules if which == "node" else self.account_rules

    # ---- reads, the way Besu reads ----
    def node_allowed(self, enode: Enode) -> bool:
        """What Besu's v2 check answers for ``enode`` (an eth_call to the node ingress)."""
        raw = self.w3.eth.call({"to": self.node_ingress.address, "data": node_v2_payload(enode)})
        return _decode_bool(bytes(raw), "connectionAllowed")

    def transaction_allowed(
        self,
        sender: str,
        target: str | None,
        value: int = 0,
        gas_price: int | None = 0,
        gas_limit: int = 0,
        payload: bytes = b"",
    ) -> bool:
        """What Besu's account check answers for that transaction (an eth_call to the account ingress)."""
        data = account_payload(
            parse_address(sender, "sender"),
            parse_address(target, "target") if target else None,
            value,
            gas_price,
            gas_limit,
            payload,
        )
        raw = self.w3.eth.call({"to": self.account_ingress.address, "data": data})
        return _decode_bool(bytes(raw), "transactionAllowed")

    def nodes(self) -> list[Enode]:
        """The node allowlist."""
        rules = self.node_rules
        size = rules.functions.getSize().call()
        return [Enode(*rules.functions.getByIndex(i).call()) for i in range(size)]

    def accounts(self) -> list[str]:
        """The account allowlist."""
        return [a.lower() for a in self.account_rules.functions.getAccounts().call()]

    def admins(self) -> list[str]:
        """The permissioning admins."""
        return [a.lower() for a in self.admin.functions.getAdmins().call()]

    def is_read_only(self, which: str) -> bool:
        """Whether the ``node``/``account`` lists are frozen."""
        return bool(self.rules(which).functions.isReadOnly().call())

    def is_deployer(self, account: str) -> bool:
        """Whether ``account`` may create contracts."""
        return bool(self.account_rules.functions.verifyDeployer(self._cs(account)).call())

    def is_target(self, target: str) -> bool:
        """Whether ``target`` is enabled for every allowed account."""
        return bool(self.account_rules.functions.verifyTarget(self._cs(target)).call())

    # ---- changes (admin transactions) ----
    def _cs(self, address: str) -> str:
        return str(self.w3.to_checksum_address(parse_address(address)))

    def _send(self, contract: Contract, fn_name: str, *args: Any) -> TxReceipt:
        if self.account is None:
            raise DrexError("this change needs an admin keystore (--keystore)")
        fn = getattr(contract.functions, fn_name)(*args)
        return transact(self.w3, self.account, fn, contract.abi)

    def add_node(self, enode: Enode) -> TxReceipt:
        """Allow ``enode``."""
        return self._send(self.node_rules, "addEnode", enode.node_id, enode.host, enode.port)

    def remove_node(self, enode: Enode) -> TxReceipt:
        """Disallow ``enode``."""
        return self._send(self.node_rules, "removeEnode", enode.node_id, enode.host, enode.port)

    def set_enode_id_only(self, enabled: bool) -> TxReceipt:
        """Match nodes by public key only (or by key, host and port)."""
        return self._send(self.node_rules, "setEnodeIdOnly", enabled)

    def add_accounts(self, accounts: Sequence[str]) -> TxReceipt:
        """Allow ``accounts``."""
        listed = [self._cs(a) for a in parse_address_list(accounts, "account")]
        if len(listed) == 1:
            return self._send(self.account_rules, "addAccount", listed[0])
        return self._send(self.account_rules, "addAccounts", listed)

    def remove_account(self, account: str) -> TxReceipt:
        """Disallow ``account``."""
        return self._send(self.account_rules, "removeAccount", self._cs(account))

    def add_deployer(self, account: str) -> TxReceipt:
        """Let ``account`` create contracts."""
        return self._send(self.account_rules, "addDeployer", self._cs(account))

    def remove_deployer(self, account: str) -> TxReceipt:
        """Stop ``account`` creating contracts."""
        return self._send(self.account_rules, "removeDeployer", self._cs(account))

    def add_target(self, target: str) -> TxReceipt:
        """Enable ``target`` for every allowed account."""
        return self._send(self.account_rules, "addTarget", self._cs(target))

    def remove_target(self, target: str) -> TxReceipt:
        """Disable ``target`` for accounts that are not deployers."""
        return self._send(self.account_rules, "removeTarget", self._cs(target))

    def set_read_only(self, which: str, read_only: bool) -> TxReceipt:
        """Freeze (``True``) or unfreeze the ``node``/``account`` lists."""
        return self._send(self.rules(which), "enterReadOnly" if read_only else "exitReadOnly")

    def add_admin(self, account: str) -> TxReceipt:
        """Make ``account`` a permissioning admin."""
        return self._send(self.admin, "addAdmin", self._cs(account))

    def remove_admin(self, account: str) -> TxReceipt:
        """Remove the permissioning admin ``account`` (not yourself)."""
        return self._send(self.admin, "removeAdmin", self._cs(account))
