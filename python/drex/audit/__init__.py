"""The auditor's toolkit (``drex audit …``): checks an auditor runs with a deployment manifest (or an
AddressDiscovery address) and an RPC URL.

:mod:`drex.audit.verify` proves each deployed contract is the build it claims to be (creation input, runtime
code with its immutables, exact or partial metadata match); :mod:`drex.audit.sourcify` writes the verified
contracts' metadata in Sourcify's repository layout.
"""

from drex.audit.deployment import AuditInputError, Deployment, open_deployment
from drex.audit.sourcify import SourceMismatch, write_sourcify
from drex.audit.verify import VerifyReport, packaged_build, rebuild, verify

__all__ = [
    "AuditInputError",
    "Deployment",
    "SourceMismatch",
    "VerifyReport",
    "open_deployment",
    "packaged_build",
    "rebuild",
    "verify",
    "write_sourcify",
]
