"""Besu QBFT network definitions for DREX: keys, genesis, node configs, permissioning and validators.

``drex.besu`` writes what a Hyperledger Besu network (the pilot runs Besu 23.10.1 with QBFT and on-chain
permissioning interface version 2) needs to start: node keys in Besu's file formats, a genesis with the QBFT
``extraData`` and the permissioning contracts allocated at Besu's standard ingress addresses, one
``config.toml`` per node and a ``docker-compose.yml``. It also speaks to a running network: permissioning
administration and validator governance. Nothing here starts or imitates Besu; the formats are checked
against Besu's source, documentation and test vectors (see ``chain/README.md``).
"""

from drex.besu.addresses import AddressError
from drex.besu.extradata import ExtraDataError, QbftExtraData, Vote, decode_extradata, encode_extradata
from drex.besu.genesis import GenesisError
from drex.besu.keys import NodeKeyError
from drex.besu.network import NetworkInitError
from drex.besu.rpc import RpcError
from drex.besu.storage import StorageLayoutError
from drex.besu.textformats import FormatError

__all__ = [
    "AddressError",
    "ExtraDataError",
    "FormatError",
    "GenesisError",
    "NetworkInitError",
    "NodeKeyError",
    "QbftExtraData",
    "RpcError",
    "StorageLayoutError",
    "Vote",
    "decode_extradata",
    "encode_extradata",
]
