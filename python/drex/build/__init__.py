"""Build: compile ``contracts/`` with the pinned solc-js into cached artifacts under ``build/contracts``."""

from drex.build.compiler import BuildResult, CompilationError, build, load_artifact, solc_version

__all__ = ["BuildResult", "CompilationError", "build", "load_artifact", "solc_version"]
