"""Slither gate: run Slither over contracts/ and fail on any high or medium finding not in the baseline.

Run it through ``scripts/slither.sh`` (it uses ``.venv-slither``, from ``scripts/bootstrap-slither.sh``):

    scripts/slither.sh                    # exit 1 and one line per new high/medium finding, else exit 0
    scripts/slither.sh --update-baseline  # rewrite security/slither-baseline.json, print what changed

Slither compiles through crytic-compile's standard-JSON platform with ``--solc`` set to the project's
native-solc command line over solc-js (``scripts/ape/solc-native-cli.js``): nothing is downloaded. The
scope is every ``.sol`` under the contracts folder except ``baseline/`` (gas-comparison contracts that are
never deployed); findings located only in ``node_modules`` (OpenZeppelin) are filtered out.

A finding is matched to the baseline by its fingerprint: detector + Slither's description with source
line numbers removed, so moving code does not invalidate the triage but changing the flagged statement
does. Every baseline entry carries a one-line ``justification``; an entry still reading ``TODO`` (what
``--update-baseline`` writes for a new finding) fails the gate until someone triages it.

This module imports only the standard library at the top so the baseline logic can be tested from the
project's main venv; Slither itself is imported only when it runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOLC = ROOT / "scripts" / "ape" / "solc-native-cli.js"
DEFAULT_BASELINE = ROOT / "security" / "slither-baseline.json"
GATED = ("High", "Medium")
TODO = "TODO"
EXCLUDED_DIRS = ("baseline",)

_LINES = re.compile(r"#\d+(?:-\d+)?")
_SPACE = re.compile(r"\s+")


# ------------------------------------------------------------------------------------ pure logic
def fingerprint(detector: str, description: str) -> str:
    """Detector + description without line numbers and with whitespace collapsed."""
    text = _SPACE.sub(" ", _LINES.sub("", description)).strip()
    return f"{detector}: {text}"


def normalize(result: dict[str, Any]) -> dict[str, str]:
    """One Slither detector result (``run_detectors()`` / ``--json`` form) as a baseline-style entry."""
    elements = result.get("elements") or []
    contract = function = ""
    for el in elements:
        kind = el.get("type")
        if kind == "contract":
            contract = contract or el.get("name", "")
        elif kind == "function":
            function = function or el.get("name", "")
            parent = el.get("type_specific_fields", {}).get("parent", {})
            contract = contract or parent.get("name", "")
        else:
            tsf = el.get("type_specific_fields", {})
            parent = tsf.get("parent", {})
            if parent.get("type") == "function":
                function = function or parent.get("name", "")
                owner = parent.get("type_specific_fields", {}).get("parent", {})
                contract = contract or owner.get("name", "")
            elif parent.get("type") == "contract":
                contract = contract or parent.get("name", "")
        if contract and function:
            break
    detector = str(result.get("check", ""))
    description = str(result.get("description", "")).strip()
    return {
        "detector": detector,
        "impact": str(result.get("impact", "")),
        "confidence": str(result.get("confidence", "")),
        "contract": contract,
        "function": function,
        "location": str(result.get("first_markdown_element", "")),
        "fingerprint": fingerprint(detector, description),
    }


def gated(findings: list[dict[str, str]]) -> list[dict[str, str]]:
    return [f for f in findings if f["impact"] in GATED]


def load_baseline(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    data = json.loads(path.read_text())
    entries = data.get("findings", [])
    if not isinstance(entries, list):
        raise SystemExit(f"slither gate: {path}: 'findings' must be a list")
    return entries


def compare(
    findings: list[dict[str, str]], baseline: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """(new high/medium findings, baseline entries no longer found, baseline entries not triaged)."""
    current = gated(findings)
    known = Counter(b["fingerprint"] for b in baseline)
    new: list[dict[str, str]] = []
    for f in current:
        if known[f["fingerprint"]] > 0:
            known[f["fingerprint"]] -= 1
        else:
            new.append(f)
    seen = Counter(f["fingerprint"] for f in current)
    gone: list[dict[str, str]] = []
    for b in baseline:
        if seen[b["fingerprint"]] > 0:
            seen[b["fingerprint"]] -= 1
        else:
            gone.append(b)
    untriaged = [b for b in baseline if not b.get("justification") or b["justification"].startswith(TODO)]
    return new, gone, untriaged


def updated_baseline(findings: list[dict[str, str]], baseline: list[dict[str, str]]) -> list[dict[str, str]]:
    """The baseline for the current findings: known entries keep their justification, new ones get TODO."""
    reasons: dict[str, list[str]] = {}
    for b in baseline:
        reasons.setdefault(b["fingerprint"], []).append(b.get("justification", TODO))
    out = []
    for f in sorted(gated(findings), key=lambda f: (f["impact"] != "High", f["detector"], f["location"])):
        previous = reasons.get(f["fingerprint"])
        why = previous.pop(0) if previous else f"{TODO}: triage"
        out.append(
            {
                "detector": f["detector"],
                "impact": f["impact"],
                "contract": f["contract"],
                "function": f["function"],
                "location": f["location"],
                "fingerprint": f["fingerprint"],
                "justification": why,
            }
        )
    return out


def line(f: dict[str, str]) -> str:
    where = f"{f['contract']}.{f['function']}" if f.get("function") else f.get("contract", "")
    return f"{f['impact']} {f['detector']} {where} ({f['location']})"


# --------------------------------------------------------------------------------- running Slither
def sources(contracts: Path) -> list[str]:
    files = []
    for p in sorted(contracts.rglob("*.sol")):
        rel = p.relative_to(contracts).parts
        if rel[0] in EXCLUDED_DIRS or "node_modules" in rel:
            continue
        files.append(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p))
    if not files:
        raise SystemExit(f"slither gate: no Solidity sources under {contracts}")
    return files


#: npm packages whose installed sources the compilation reads (remapped) or runs (solc-js).
NPM_INPUTS = ("@openzeppelin/contracts", "poseidon-solidity", "@zk-kit/lean-imt.sol", "solc")
#: Where results of identical inputs are kept: in Slither's own venv (ignored by git; rebuilt, so emptied,
#: when requirements-slither.lock changes), which copies of the checkout link to, as the docs test's do.
CACHE_DIR = ROOT / ".venv-slither" / "drex-gate-cache"
#: Stands for the checkout's path in cached results (Slither's results carry absolute paths).
ROOT_MARK = "@DREX_CHECKOUT@"


def standard_json_input(contracts: Path) -> dict[str, Any]:
    """The standard-JSON input Slither compiles: the scope's sources as content, `drex build`'s settings."""
    standard_json: dict[str, Any] = {
        "language": "Solidity",
        "sources": {},
        # The same settings as `drex build` (python/drex/build/compiler.py).
        "settings": {"optimizer": {"enabled": True, "runs": 200}, "evmVersion": "shanghai"},
    }
    # Sources go in as content (not urls), so a contracts folder outside the checkout (the tests) compiles
    # too: the solc wrapper only reads files under the checkout.
    for name in sources(contracts):
        path = Path(name) if Path(name).is_absolute() else ROOT / name
        standard_json["sources"][name] = {"content": path.read_text()}
    return standard_json


def cache_key(standard_json: dict[str, Any], versions: dict[str, str]) -> str:
    """SHA-256 of everything the results depend on.

    The analysed sources with the compiler settings, the installed versions of Slither, crytic-compile and
    each npm package the compilation reads (``package.json`` content as installed), npm's lock file, this
    script and the solc wrapper. Slither is deterministic on identical inputs, so a hit returns exactly
    what a run would; the checkout's path in the results is stored as :data:`ROOT_MARK` and put back on
    reading, so a copy of the checkout at another path shares the entry.
    """
    h = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        h.update(f"{label}\0{len(data)}\0".encode())
        h.update(data)

    part("input", json.dumps(standard_json, sort_keys=True).encode())
    part("versions", json.dumps(versions, sort_keys=True).encode())
    for package in NPM_INPUTS:
        manifest = ROOT / "node_modules" / package / "package.json"
        part(package, manifest.read_bytes() if manifest.exists() else b"missing")
    for path in (ROOT / "package-lock.json", Path(__file__).resolve(), SOLC):
        part(path.name, path.read_bytes() if path.exists() else b"missing")
    return h.hexdigest()


def analyze(contracts: Path, *, use_cache: bool = True) -> tuple[list[dict[str, Any]], str, bool]:
    """Every Slither detector over ``contracts``: the raw results, Slither's version, and whether the
    results came from the cache (a previous run on identical inputs, see :func:`cache_key`)."""
    import inspect
    from importlib.metadata import version

    versions = {name: version(name) for name in ("slither-analyzer", "crytic-compile")}
    standard_json = standard_json_input(contracts)
    cached = CACHE_DIR / f"{cache_key(standard_json, versions)}.json"
    if use_cache and cached.exists():
        results = json.loads(cached.read_text().replace(ROOT_MARK, str(ROOT)))
        return results, versions["slither-analyzer"], True

    from crytic_compile import CryticCompile
    from crytic_compile.platform.exceptions import InvalidCompilation
    from crytic_compile.platform.solc_standard_json import SolcStandardJson
    from slither import Slither
    from slither.detectors import all_detectors
    from slither.detectors.abstract_detector import AbstractDetector

    platform = SolcStandardJson(standard_json)
    for package in ("@openzeppelin/contracts", "poseidon-solidity", "@zk-kit/lean-imt.sol"):
        platform.add_remapping(f"{package}/=node_modules/{package}/")
    try:
        compiled = CryticCompile(platform, solc=str(SOLC), solc_working_dir=str(ROOT))
    except InvalidCompilation as exc:
        raise SystemExit(f"slither gate: compilation failed: {exc}") from None
    slither = Slither(compiled, filter_paths=["node_modules"])
    for _, detector in inspect.getmembers(all_detectors, inspect.isclass):
        if issubclass(detector, AbstractDetector):
            slither.register_detector(detector)
    results = [r for per_detector in slither.run_detectors() for r in per_detector]
    # Round-trip through JSON so a fresh run and a cache hit hand the same plain data to the gate.
    results = json.loads(json.dumps(results))
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(results).replace(str(ROOT), ROOT_MARK))
    os.replace(tmp, cached)  # atomic: a concurrent run never reads half a file
    return results, versions["slither-analyzer"], False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/slither.sh", description=__doc__.split("\n")[0])
    ap.add_argument("--contracts", type=Path, default=ROOT / "contracts")
    ap.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    ap.add_argument("--update-baseline", action="store_true", help="rewrite the baseline, print what changed")
    ap.add_argument("--results", type=Path, help="also write Slither's raw results (JSON) here")
    ap.add_argument(
        "--no-cache", action="store_true", help="run Slither even when an identical input was analysed before"
    )
    args = ap.parse_args(argv)

    start = time.monotonic()
    raw, slither_version, hit = analyze(args.contracts.resolve(), use_cache=not args.no_cache)
    findings = [normalize(r) for r in raw]
    if args.results:
        args.results.write_text(json.dumps(raw, indent=1))
    counts = Counter(f["impact"] for f in findings)
    levels = ("High", "Medium", "Low", "Informational", "Optimization")
    summary = ", ".join(f"{counts.get(k, 0)} {k.lower()}" for k in levels)
    took = time.monotonic() - start
    how = (
        "the results of an identical earlier run (.venv-slither/drex-gate-cache; --no-cache to rerun)"
        if hit
        else (f"{took:.0f}s")
    )
    print(f"slither {slither_version}: {len(findings)} findings ({summary}), {how}")

    baseline = load_baseline(args.baseline)
    new, gone, untriaged = compare(findings, baseline)
    if args.update_baseline:
        entries = updated_baseline(findings, baseline)
        args.baseline.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "tool": f"slither-analyzer {slither_version}",
            "scope": "contracts/**/*.sol but contracts/baseline; findings only in node_modules filtered out",
            "gate": "high and medium findings; each needs a justification (TODO fails the gate)",
            "findings": entries,
        }
        args.baseline.write_text(json.dumps(doc, indent=2) + "\n")
        for f in new:
            print(f"added (TODO: triage): {line(f)}")
        for b in gone:
            print(f"removed (no longer found): {line(b)}")
        print(f"baseline {args.baseline}: {len(entries)} entries, {len(new)} added, {len(gone)} removed")
        return 0

    for b in gone:
        print(f"note: baseline entry no longer found (run --update-baseline): {line(b)}")
    for b in untriaged:
        print(f"UNTRIAGED baseline entry: {line(b)}")
    for f in new:
        print(f"NEW {line(f)}")
    if new or untriaged:
        print(
            f"slither gate: FAILED, {len(new)} new high/medium finding(s), {len(untriaged)} untriaged; "
            "fix them, or run scripts/slither.sh --update-baseline and justify each in the baseline "
            "(docs/slither.md)"
        )
        return 1
    print(f"slither gate: passed ({len(gated(findings))} high/medium findings, all triaged in the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
