"""The local anvil chain is what README and chain/local.json say: zero base fee; the gas price anvil
suggests is its minimum priority fee, 1 gwei, which web3's defaults (EIP-1559 and legacy) can pay."""

from __future__ import annotations

from typing import Any, cast

from drex.chain import connect_anvil
from drex.chain.anvil import local_network, start_anvil

GWEI = 10**9


def test_zero_base_fee_and_the_gas_price_the_readme_states() -> None:
    assert local_network()["baseFee"] == 0
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        w3 = chain.w3
        assert w3.eth.get_block("latest")["baseFeePerGas"] == 0
        assert w3.eth.gas_price == GWEI == chain.gas_price()
        sender, receiver = chain.account("BCB"), chain.account("STN")
        before = w3.eth.get_balance(sender.address)
        tx = {"to": receiver.address, "value": 1, "gas": 21000, "gasPrice": chain.gas_price(),
              "nonce": w3.eth.get_transaction_count(sender.address), "chainId": chain.chain_id}  # fmt: skip
        tx_hash = w3.eth.send_raw_transaction(sender.sign_transaction(cast(Any, tx)).raw_transaction)
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash)
        assert receipt["effectiveGasPrice"] == GWEI
        assert w3.eth.get_balance(sender.address) == before - 1 - 21000 * GWEI
    finally:
        node.kill()
