"""The local anvil chain is what README and chain/local.json say: zero base fee and zero gas price."""

from __future__ import annotations

from drex.chain import connect_anvil
from drex.chain.anvil import local_network, start_anvil


def test_zero_base_fee_and_gas_price() -> None:
    assert local_network()["gasPrice"] == 0 and local_network()["baseFee"] == 0
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        w3 = chain.w3
        assert w3.eth.gas_price == 0
        assert w3.eth.get_block("latest")["baseFeePerGas"] == 0
        sender, receiver = chain.account("BCB"), chain.account("STN")
        before = w3.eth.get_balance(sender.address)
        tx = {"to": receiver.address, "value": 1, "gas": 21000, "gasPrice": chain.gas_price(),
              "nonce": w3.eth.get_transaction_count(sender.address), "chainId": chain.chain_id}  # fmt: skip
        tx_hash = w3.eth.send_raw_transaction(sender.sign_transaction(tx).raw_transaction)
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash)
        assert receipt["effectiveGasPrice"] == 0
        assert w3.eth.get_balance(sender.address) == before - 1  # the value, and no fee
    finally:
        node.kill()
