"""The one loader of compiled contract artifacts, read from package data (``drex/artifacts/*.json``).

An installed wheel carries the artifacts its build compiled (see ``setup.py``); in a checkout ``drex build``
writes them to ``python/drex/artifacts/`` (ignored by git), which is the same package folder for an
editable install. ``DREX_ROOT`` points the loader at that folder of another checkout (a git worktree).
Nothing is ever compiled here: missing artifacts are a :class:`MissingArtifacts` error saying to run
``drex build``, and in a checkout, artifacts older than the sources are refused the same way.

Each artifact is ``<Name>.json`` (ABI, bytecode, deployed bytecode, their ``linkReferences``, metadata,
storage layout, NatSpec, ``sourceHash``); ``build-info.json`` lists the contracts and the hash of the build's
inputs. Other package data the build writes beside them (e.g. ``privacy/poseidon_constants.json``) is read
with :func:`load_data`. A contract that calls a library's public functions (the shielded pools call
poseidon-solidity's ``PoseidonT3``) has ``__$…$__`` placeholders in its bytecode where the library's address
goes: :func:`linked_bytecode` is the one function that fills them in, for the deployment pipeline and for
:meth:`drex.chain.Chain.deploy` alike.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from drex.errors import DrexError
from drex.paths import checkout_root

#: The file listing the contracts of an artifact set and the hash of the inputs they were compiled from.
BUILD_INFO = "build-info.json"


class MissingArtifacts(DrexError):
    """No artifacts, no artifact of that name, or (in a checkout) artifacts older than the sources."""


class UnlinkedLibrary(DrexError):
    """A contract's bytecode needs the address of a library (e.g. ``PoseidonT3``) that was not given."""


def checkout_artifacts_dir(root: Path) -> Path:
    """Where ``drex build`` writes the artifacts of the checkout at ``root``: its package data folder."""
    return root / "python" / "drex" / "artifacts"


def artifacts_dir() -> Traversable:
    """The artifacts folder: the ``DREX_ROOT`` checkout's when that is set, else the package's own."""
    env = os.environ.get("DREX_ROOT")
    if env:
        return checkout_artifacts_dir(Path(env).resolve())
    return resources.files("drex") / "artifacts"


def _hint() -> str:
    if checkout_root() is not None:
        return "run `drex build` (it compiles contracts/ with the pinned solc-js)"
    return "this drex package was built without them: install a wheel built with `pip wheel` from a checkout"


@lru_cache(maxsize=8)
def _fresh(directory: str, built_from: str) -> None:
    """In a checkout, refuse artifacts whose inputs (sources, compiler, settings) changed since."""
    root = checkout_root()
    if root is None or not Path(directory).resolve().is_relative_to(root):
        return
    from drex.build.compiler import input_hash

    try:
        current = input_hash(root)
    except DrexError:  # no toolchain (node_modules) to tell: the artifacts are all there is
        return
    if current != built_from:
        raise MissingArtifacts(
            f"the contract artifacts in {directory} are stale (contracts/, the compiler or its settings "
            "changed since they were built): run `drex build`"
        )


def build_info(directory: Traversable | None = None) -> dict[str, Any]:
    """``build-info.json`` of the artifacts (the default folder is checked for staleness in a checkout)."""
    d = directory if directory is not None else artifacts_dir()
    f = d.joinpath(BUILD_INFO)
    if not f.is_file():
        raise MissingArtifacts(f"no compiled contract artifacts in {d}: {_hint()}")
    info: dict[str, Any] = json.loads(f.read_text())
    if directory is None:
        _fresh(str(d), str(info["inputHash"]))
    return info


def contract_names(directory: Traversable | None = None) -> tuple[str, ...]:
    """The names of the contracts that have an artifact."""
    return tuple(build_info(directory)["contracts"])


def load_artifact(name: str, directory: Traversable | None = None) -> dict[str, Any]:
    """The artifact of contract ``name`` (a fresh dict each call)."""
    d = directory if directory is not None else artifacts_dir()
    if name not in build_info(directory)["contracts"]:
        raise MissingArtifacts(f"no contract named {name} in the artifacts in {d}")
    data: dict[str, Any] = json.loads(d.joinpath(f"{name}.json").read_text())
    return data


def load_data(relative: str, directory: Traversable | None = None) -> Any:
    """Package data of the artifacts folder that is not a contract artifact, as parsed JSON.

    ``relative`` is a ``/``-separated path inside the folder (``privacy/poseidon_constants.json``). Such
    data is written by the build from pinned npm packages and does not go stale with ``contracts/``.
    """
    d = directory if directory is not None else artifacts_dir()
    f = d
    for part in relative.split("/"):
        f = f.joinpath(part)
    if not f.is_file():
        raise MissingArtifacts(f"no {relative} in the artifacts in {d}: {_hint()}")
    return json.loads(f.read_text())


def linked_libraries(artifact: Mapping[str, Any]) -> tuple[str, ...]:
    """The names of the libraries ``artifact``'s bytecode must be linked against (sorted, no repeats)."""
    names = {
        name
        for key in ("linkReferences", "deployedLinkReferences")
        for libs in artifact.get(key, {}).values()
        for name in libs
    }
    return tuple(sorted(names))


def linked_bytecode(
    artifact: Mapping[str, Any], libraries: Mapping[str, str], *, deployed: bool = False
) -> str:
    """``artifact``'s creation bytecode (``deployed``: its runtime bytecode) with every library placeholder
    replaced by the address ``libraries`` gives for the library's name (``"PoseidonT3"``).

    Raises :class:`UnlinkedLibrary` naming the contract and every library it needs that ``libraries`` lacks.
    Bytecode without link references comes back unchanged.
    """
    code = str(artifact["deployedBytecode" if deployed else "bytecode"])
    refs: dict[str, dict[str, list[dict[str, int]]]] = artifact.get(
        "deployedLinkReferences" if deployed else "linkReferences", {}
    )
    if not refs:
        return code
    missing = sorted({name for libs in refs.values() for name in libs if name not in libraries})
    if missing:
        contract = artifact.get("contractName", "the contract")
        raise UnlinkedLibrary(
            f"{contract} calls the library code of {', '.join(missing)}: deploy each library first and pass "
            "its address"
        )
    body = code.removeprefix("0x")  # text: the placeholders are not hex
    for libs in refs.values():
        for name, places in libs.items():
            address = libraries[name].removeprefix("0x").lower()
            if len(address) != 40:
                raise UnlinkedLibrary(
                    f"the address given for library {name} is not 20 bytes: {libraries[name]}"
                )
            for place in places:
                start, length = 2 * int(place["start"]), 2 * int(place["length"])
                body = body[:start] + address + body[start + length :]
    return "0x" + body
