"""Wheel build: the wheel carries the contract artifacts, compiled from ``contracts/`` by the pinned solc-js.

Everything else about the package is in ``pyproject.toml``; this file only hooks ``build_py``. A wheel build
(``pip wheel --no-build-isolation --no-deps .``, offline, in a checkout set up by ``scripts/bootstrap.sh``)
first runs drex's own compiler, ``drex.build.compiler.build``: a full solc-js compile with the pinned
version and settings, or nothing when ``python/drex/artifacts`` already holds the output for exactly these
inputs (sources, compiler and OpenZeppelin versions, settings; the same cache ``drex build`` uses). The
artifacts are then copied into the wheel as package data ``drex/artifacts/``, replacing any left in
``build/lib`` by an earlier build. The same build packages the circuits' proving artefacts
(``drex/artifacts/privacy/``: witness generator, zkey and verification key of each circuit, the zkey
checked against the compiled circuit; see ``drex.privacy.setup.package``). An editable install compiles
nothing: ``drex build`` writes into the same package folder.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class build_py_with_artifacts(build_py):  # type: ignore[misc]  # noqa: N801 - setuptools command naming
    def run(self) -> None:
        if self.editable_mode:
            super().run()
            return
        source = self._compile()
        target = Path(self.build_lib) / "drex" / "artifacts"
        if target.exists():
            shutil.rmtree(target)
        super().run()
        shutil.copytree(source, target, dirs_exist_ok=True)
        names = json.loads((target / "build-info.json").read_text())["contracts"]
        present = sorted(p.stem for p in target.glob("*.json") if p.name != "build-info.json")
        if present != sorted(names):
            raise RuntimeError(f"wheel artifacts {present} do not match the build's contracts {names}")

    def _compile(self) -> Path:
        sys.path.insert(0, str(HERE / "python"))  # this checkout's drex, whatever else is installed
        from drex.build.compiler import build

        result = build(HERE)
        state = "compiled" if result.compiled else "current (nothing compiled)"
        print(f"drex: {len(result.contracts)} contract artifacts {state} in {result.out_dir}")
        for c in result.circuits:
            print(
                f"drex: circuit {c.name} ({c.constraints} constraints) packaged in {result.out_dir}/privacy"
            )
        return result.out_dir


setup(cmdclass={"build_py": build_py_with_artifacts})
