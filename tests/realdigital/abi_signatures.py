"""Canonical signature strings of a contract ABI, in the format of ``tests/data/pilot_signatures.json``.

``function name(types)->(outtypes) mutability``, ``event Name(types) idx<1 per indexed input>`` and
``error Name(types)``, with tuples spelled as ``(t1,t2)`` and arrays kept (``(t1,t2)[]``). The money layer
and TPFt tests use :func:`missing_signatures` to check that a compiled ABI has every pilot signature.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

PILOT_SIGNATURES = Path(__file__).resolve().parent.parent / "data" / "pilot_signatures.json"


def canonical_type(param: Mapping[str, Any]) -> str:
    """The canonical ABI type of a parameter, expanding tuples into their components."""
    t = str(param["type"])
    if t.startswith("tuple"):
        inner = ",".join(canonical_type(c) for c in param.get("components", []))
        return f"({inner}){t[len('tuple') :]}"
    return t


def _types(params: Iterable[Mapping[str, Any]]) -> str:
    return ",".join(canonical_type(p) for p in params)


def signature(item: Mapping[str, Any]) -> str | None:
    """The canonical signature of one ABI entry, or None for constructors, fallback and receive."""
    kind = item.get("type")
    name = item.get("name", "")
    inputs = item.get("inputs", [])
    if kind == "function":
        outputs = item.get("outputs", [])
        return f"function {name}({_types(inputs)})->({_types(outputs)}) {item.get('stateMutability', '')}"
    if kind == "event":
        idx = "".join("1" if p.get("indexed") else "0" for p in inputs)
        return f"event {name}({_types(inputs)}) idx{idx}"
    if kind == "error":
        return f"error {name}({_types(inputs)})"
    return None


def abi_signatures(abi: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every function, event and error signature of an ABI."""
    return {s for s in (signature(item) for item in abi) if s is not None}


def pilot_signatures(contract: str) -> list[str]:
    """The pilot's signatures of ``contract`` (a key of ``tests/data/pilot_signatures.json``)."""
    data: dict[str, list[str]] = json.loads(PILOT_SIGNATURES.read_text())
    return list(data[contract])


def missing_signatures(contract: str, abi: Iterable[Mapping[str, Any]]) -> list[str]:
    """Pilot signatures of ``contract`` that ``abi`` lacks (empty when ABI-compatible)."""
    have = abi_signatures(abi)
    return [s for s in pilot_signatures(contract) if s not in have]
