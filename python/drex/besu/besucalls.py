"""The exact call data Besu sends to the permissioning contracts, byte for byte.

Node permissioning v2 (``NodeSmartContractV2PermissioningController``): ``connectionAllowed(string,string,
uint16)`` with the enode id as 128 lowercase hex digits without 0x, the host as printed in the enode URL and
the listening port, ABI-encoded by web3j; Besu asks once for the source and once for the destination of
every connection and, at start-up, once for a fixed dummy enode to check the contract answers at all.

Account permissioning (``TransactionSmartContractPermissioningController``): ``transactionAllowed(address,
address,uint256,uint256,uint256,bytes)`` encoded by hand: the recipient is zero for a contract creation, the
gas price is zero for transactions without a legacy gas price (EIP-1559), and the payload is always followed
by ``32 - len % 32`` zero bytes, so a payload whose length is a multiple of 32 (or an empty one) gets a whole
extra zero word that a standard ABI encoder would not write. Both are reproduced here so tests can call the
contracts exactly as Besu does.
"""

from __future__ import annotations

from eth_abi import encode as abi_encode
from eth_utils import function_signature_to_4byte_selector

from drex.besu.keys import Enode

NODE_V2_SIGNATURE = "connectionAllowed(string,string,uint16)"
ACCOUNT_SIGNATURE = "transactionAllowed(address,address,uint256,uint256,uint256,bytes)"
NODE_V2_SELECTOR = function_signature_to_4byte_selector(NODE_V2_SIGNATURE)
ACCOUNT_SELECTOR = function_signature_to_4byte_selector(ACCOUNT_SIGNATURE)
#: The enode Besu's ``NodePermissioningControllerFactory`` checks at start-up to validate the contract.
STARTUP_CHECK_ENODE = (
    "enode://6f8a80d14311c39f35f516fa664deaaaa13e85b2f7493f37f6144d86991ec012937307647bd3b9a82abe2974e1407241"
    "d54947bbb39763a4cac9f77166ad92a0@10.3.58.6:30303"
)


def node_v2_payload(enode: Enode) -> bytes:
    """Call data of Besu's v2 node check for ``enode``."""
    return NODE_V2_SELECTOR + abi_encode(
        ["string", "string", "uint16"], [enode.node_id, enode.host, enode.port]
    )


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def account_payload(
    sender: str,
    target: str | None,
    value: int = 0,
    gas_price: int | None = None,
    gas_limit: int = 0,
    payload: bytes = b"",
) -> bytes:
    """Call data of Besu's transaction check (``target=None`` for a creation, ``gas_price=None`` for 1559)."""

    def address(a: str | None) -> bytes:
        return bytes(12) + (bytes.fromhex(a[2:]) if a else bytes(20))

    return (
        ACCOUNT_SELECTOR
        + address(sender)
        + address(target)
        + _word(value)
        + _word(gas_price or 0)
        + _word(gas_limit)
        + _word(192)
        + _word(len(payload))
        + payload
        + bytes(32 - len(payload) % 32)
    )
