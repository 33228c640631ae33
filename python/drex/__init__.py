"""drex: reference platform for DREX, Brazil's Real Digital.

Sub-packages, in the direction data flows: ``drex.build`` (compile contracts), ``drex.chain`` (embedded,
local anvil or any JSON-RPC node), ``drex.deploy`` (deploy the platform, write the manifest),
``drex.sdk`` (typed wrappers institutions use to sign calls), ``drex.pricing`` (Treasury bond prices),
``drex.besu`` (Besu QBFT network definitions) and ``drex.cli`` (the ``drex`` command). Importing
``drex`` itself is cheap: heavy dependencies load only in the sub-package that needs them.

Every error a user can cause is a :class:`DrexError`, exported by the sub-package that raises it.
"""

from drex.errors import DrexError

__version__ = "0.1.0"

__all__ = ["DrexError", "__version__"]
