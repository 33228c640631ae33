"""The embedded chain: py-evm in this process through eth-tester, with Shanghai rules.

It needs no external process, so it is the default for the library, the demo and the unit tests. The 20
dev accounts of anvil's test mnemonic are funded at genesis, so the same accounts and roles work here
and on the local anvil chain. Its chain id is eth-tester's fixed one (131277322940537).
"""

from __future__ import annotations

from eth.vm.forks import ShanghaiVM
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.backends.pyevm.main import generate_genesis_state_for_keys, get_account_keys_from_mnemonic
from web3 import Web3
from web3.providers.eth_tester import EthereumTesterProvider

from drex.chain.accounts import DEV_ACCOUNT_COUNT, DEV_MNEMONIC

HD_PATH = "m/44'/60'/0'/0"


def embedded_web3() -> Web3:
    """A fresh in-process chain with the dev accounts funded (1,000,000 ETH each)."""
    keys = get_account_keys_from_mnemonic(DEV_MNEMONIC, quantity=DEV_ACCOUNT_COUNT, hd_path=HD_PATH)
    state = generate_genesis_state_for_keys(keys)
    backend = PyEVMBackend(
        genesis_state=state, vm_configuration=((0, ShanghaiVM),), mnemonic=DEV_MNEMONIC, hd_path=HD_PATH
    )
    w3 = Web3(EthereumTesterProvider(EthereumTester(backend)))
    # eth-tester sends calls from an unfunded key by default; calls must come from a funded account.
    w3.eth.default_account = w3.eth.accounts[0]
    return w3
