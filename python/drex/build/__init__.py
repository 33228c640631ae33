"""Build: compile ``contracts/`` with the pinned solc-js into the package's artifacts, and load them.

:mod:`drex.build.compiler` (``drex build``, the test session and the wheel build) writes
``python/drex/artifacts/<Name>.json``; :mod:`drex.build.artifacts` is the one run-time loader, reading the
package data and never compiling.
"""

from drex.build.artifacts import (
    MissingArtifacts,
    UnlinkedLibrary,
    contract_names,
    linked_bytecode,
    linked_libraries,
    load_artifact,
)
from drex.build.compiler import BuildResult, CompilationError, build, solc_version

__all__ = [
    "BuildResult",
    "CompilationError",
    "MissingArtifacts",
    "UnlinkedLibrary",
    "build",
    "contract_names",
    "linked_bytecode",
    "linked_libraries",
    "load_artifact",
    "solc_version",
]
