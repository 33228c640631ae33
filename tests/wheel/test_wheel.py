"""The SDK as a bank installs it: the wheel, in a fresh virtualenv outside the checkout, on a real anvil.

``pip wheel --no-deps --no-build-isolation`` builds the wheel from this checkout (offline: setup.py's hook
runs drex's compiler, a cache hit after the session's build). A virtualenv made in a temporary folder gets
the wheel with ``--no-deps``; the dependencies come from the project's ``.venv`` through a ``.pth`` line in
the new site-packages (``.pth`` files in a folder added that way are not processed, so the checkout's
editable ``drex`` cannot leak in). Then, from a temporary working folder, with no ``DREX_*`` variable and
anvil found on ``PATH``, the installed ``drex`` starts the local node (state in ``./.drex``), deploys the
platform, and the installed SDK mints Real Digital, reads a balance and decodes a revert; the installed
prover makes a JoinSplit proof from the packaged artefacts, with the snarkjs ``DREX_SNARKJS_DIR`` names.
Every Python process of the installed package runs isolated (``python -I``) under an audit hook that
records any file opened or module imported from the checkout (the project's ``.venv`` and that snarkjs
apart): there must be none.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from drex.build import contract_names
from drex.chain.anvil import anvil_binary, free_port

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.anvil,
    pytest.mark.xdist_group("wheel"),
    pytest.mark.timeout(900),
]

ROOT = Path(__file__).resolve().parents[2]
DEV_VENV = Path(sys.prefix).resolve()
DEV_SITE = Path(sysconfig.get_paths()["purelib"]).resolve()
SNARKJS = (ROOT / "node_modules" / "snarkjs").resolve()

#: Runs the installed drex (its CLI, or a script) under an audit hook; writes what it saw of the checkout.
GUARD = """\
import atexit, json, os, runpy, sys
FORBIDDEN, ALLOWED, REPORT = {forbidden!r}, {allowed!r}, {report!r}
seen = set()

def under(path, roots):
    return any(path == r or path.startswith(r + os.sep) for r in roots)

def bad(path):
    path = os.path.realpath(path)
    return under(path, FORBIDDEN) and not under(path, ALLOWED)

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if bad(path):
            seen.add(os.path.realpath(path))

def report():
    files = {{getattr(m, "__file__", None) for m in list(sys.modules.values())}}
    seen.update(os.path.realpath(f) for f in files if isinstance(f, str) and bad(f))
    with open(REPORT, "a") as fh:
        fh.write(json.dumps(sorted(seen)) + "\\n")

sys.addaudithook(hook)
atexit.register(report)
mode, rest = sys.argv[1], sys.argv[2:]
if mode == "cli":
    from drex.cli.main import run
    sys.argv = ["drex", *rest]
    run()
else:
    sys.argv = rest
    runpy.run_path(rest[0], run_name="__main__")
"""

SDK_SCRIPT = """\
import json
from decimal import Decimal

import drex
from drex.build.artifacts import artifacts_dir
from drex.chain import connect
from drex.chain.reverts import ContractRevert
from drex.privacy.crypto.poseidon import poseidon
from drex.sdk import Platform

chain = connect("local", start_local=False)
bank = Platform.from_manifest(chain, "deployment.json", chain.account("BANK_A"))
wallet = chain.account("BANK_A").address
before = bank.real_digital.balance_of(wallet)
bank.real_digital.request_mint(Decimal("1000.00"))
after = bank.real_digital.balance_of(wallet)
try:
    bank.real_digital.request_mint(Decimal("5000000000.00"))
    revert = None
except ContractRevert as exc:
    revert = exc.error_name
print(json.dumps({"drex": drex.__file__, "artifacts": str(artifacts_dir()), "before": str(before),
                  "after": str(after), "revert": revert, "poseidon": str(poseidon(1, 2))}))
"""

#: The services' databases migrate from the packaged Alembic scripts: a shielded wallet database and the event
#: index of the deployed chain (every event decoded with the packaged ABIs, reconciled with the chain).
SERVICES_SCRIPT = """\
import json

from drex.chain import connect
from drex.index import IndexStore, Indexer
from drex.index.reconcile import reconcile
from drex.sdk import Platform
from drex.sdk.private.store import WalletStore

WalletStore("sqlite:///wallet.db")
chain = connect("local", start_local=False)
platform = Platform.from_manifest(chain, "deployment.json")
store = IndexStore("sqlite:///index.db")
Indexer(platform, store).sync()
decoded = [e for e in store.events(limit=100_000) if e.event is not None]
print(json.dumps({"events": len(decoded), "differences": len(reconcile(platform, store).differences)}))
"""

PROVER_SCRIPT = """\
import json
from drex.privacy.prover import Prover, circuit_artifacts

with open("joinsplit_input.json") as fh:
    inputs = json.load(fh)
with Prover() as prover:
    proof = prover.prove(inputs)
print(json.dumps({"zkey": str(circuit_artifacts().zkey), "public": [str(s) for s in proof.public_signals]}))
"""


def _outside_env() -> dict[str, str]:
    """This environment without what points Python or drex at the checkout (PYTHONPATH, DREX_ROOT...)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DREX_", "VIRTUAL_ENV"))}


def _checkouts() -> list[str]:
    """This checkout, and the one holding the project's .venv when that is another (a git worktree)."""
    roots = {ROOT}
    if (DEV_VENV.parent / "contracts").is_dir():
        roots.add(DEV_VENV.parent)
    return sorted(str(r) for r in roots)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # setuptools builds in the checkout's build/: one wheel build at a time
    with open(ROOT / "setup.py") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
             "--disable-pip-version-check", "--quiet", "--wheel-dir", str(out), str(ROOT)],
            cwd=ROOT, check=True, timeout=600,
        )  # fmt: skip
    (built,) = out.glob("drex-*.whl")
    return built


PROVING = {f"drex/artifacts/privacy/joinsplit.{ext}" for ext in ("json", "wasm", "zkey", "vkey.json")}


def test_the_wheel_carries_the_compiled_artifacts_and_no_sources_or_tests(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    artifacts = {n for n in names if n.startswith("drex/artifacts/")}
    assert (
        artifacts
        == {f"drex/artifacts/{c}.json" for c in contract_names()}
        | {
            "drex/artifacts/build-info.json",
            "drex/artifacts/privacy/poseidon_constants.json",
        }
        | PROVING
    )
    with zipfile.ZipFile(wheel) as z:
        for name in (
            "build-info.json",
            "RealDigital.json",
            "QbftValidatorSet.json",
            "privacy/poseidon_constants.json",
        ):
            packaged = z.read(f"drex/artifacts/{name}")
            assert packaged == (ROOT / "python" / "drex" / "artifacts" / name).read_bytes(), name
        art = json.loads(z.read("drex/artifacts/RealDigital.json"))
        for key in ("abi", "bytecode", "deployedBytecode", "storageLayout", "metadata", "sourceHash"):
            assert art[key], key
        assert json.loads(z.read("drex/chain/local.json"))["chainId"] == 381660001
        for name in PROVING:
            assert z.read(name) == (ROOT / "python" / name).read_bytes(), name
        proving = sum(z.getinfo(name).compress_size for name in PROVING)
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "drex = drex.cli.main:run" in z.read(entry_points).decode()
    assert {"drex/py.typed", "drex/privacy/prover/worker.mjs"} <= names
    assert not [n for n in names if n.endswith((".sol", ".js")) or n.startswith(("tests/", "contracts/"))]
    assert not [n for n in names if "node_modules" in n or "__pycache__" in n]
    assert wheel.stat().st_size - proving < 2_000_000  # the zkey (random curve points) does not compress


@dataclass
class Installed:
    venv: Path
    work: Path
    env: dict[str, str]
    report: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, *args: str, guarded: bool = True) -> str:
        """Run the installed ``drex`` (through the guard, isolated, unless ``guarded`` is False)."""
        cmd = [str(self.python), "-I", str(self.work / "guard.py"), "cli", *args] if guarded else [
            str(self.venv / "bin" / "drex"), *args]  # fmt: skip
        proc = subprocess.run(cmd, cwd=self.work, env=self.env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout

    def script(self, text: str) -> str:
        path = self.work / "client.py"
        path.write_text(text)
        proc = subprocess.run(
            [str(self.python), "-I", str(self.work / "guard.py"), "script", str(path)],
            cwd=self.work, env=self.env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert proc.returncode == 0, f"client failed:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("installed")
    assert not base.resolve().is_relative_to(ROOT)
    venv, work, bin_dir = base / "venv", base / "work", base / "bin"
    outside = _outside_env()
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], env=outside, check=True, timeout=120
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--quiet", str(wheel)],
        env=outside, check=True, timeout=300,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        env=outside, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "drex_test_dependencies.pth").write_text(f"{DEV_SITE}\n")
    work.mkdir()
    bin_dir.mkdir()
    shutil.copy2(anvil_binary(), bin_dir / "anvil")  # the bank's own anvil, found on PATH
    report = base / "guard-report.jsonl"
    # the prover reads the version of the snarkjs DREX_SNARKJS_DIR names: the checkout's, an npm package
    allowed = [str(DEV_VENV), str(SNARKJS)]
    (work / "guard.py").write_text(GUARD.format(forbidden=_checkouts(), allowed=allowed, report=str(report)))
    env = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(base), "LANG": "C.UTF-8",
           "DREX_SNARKJS_DIR": str(SNARKJS)}  # fmt: skip
    inst = Installed(venv, work, env, report)
    try:
        yield inst
    finally:
        pidfile = work / ".drex" / "anvil.json"
        if pidfile.exists():  # a failed test must not leave the node running
            subprocess.run([str(venv / "bin" / "drex"), "node", "stop"], cwd=work, env=env, timeout=60)
        (bin_dir / "anvil").unlink()  # 43 MB; pytest keeps the last temp folders


def test_installed_cli_and_sdk_deploy_and_transact_without_the_checkout(installed: Installed) -> None:
    started = time.monotonic()
    # the guard sees a checkout file when one is read (a control for the final check)
    installed.script(f"open({str(ROOT / 'pyproject.toml')!r}).read()")
    where = installed.script("import drex, json; print(json.dumps(drex.__file__))")
    assert Path(json.loads(where)).is_relative_to(installed.venv)

    port = free_port()
    out = installed.run("node", "start", "--port", str(port), guarded=False)  # the console script
    assert str(port) in out
    pid = json.loads((installed.work / ".drex" / "anvil.json").read_text())["pid"]  # state in ./.drex
    assert Path(f"/proc/{pid}/exe").resolve() == installed.work.parent / "bin" / "anvil"  # from PATH

    out = installed.run("deploy", "--network", "local", "--out", "deployment.json")
    manifest = json.loads((installed.work / "deployment.json").read_text())
    assert manifest["chainId"] == 381660001
    assert {"AddressDiscovery", "RealDigital", "STR", "TPFt"} <= set(manifest["contracts"])
    again = installed.run("deploy", "--network", "local", "--out", "deployment.json")
    assert "nothing to do" in again

    result = json.loads(installed.script(SDK_SCRIPT).strip().splitlines()[-1])
    assert Path(result["drex"]).is_relative_to(installed.venv)
    assert Path(result["artifacts"]).is_relative_to(installed.venv)
    assert Decimal(result["after"]) == Decimal(result["before"]) + 1000
    assert result["revert"] == "MintLimitExceeded"  # decoded from the packaged ABIs
    # Poseidon's constants are package data too (circomlib's Poseidon(1, 2))
    assert (
        result["poseidon"] == "7853200120776062878684798364095072458815029376092732009249414926327459813530"
    )

    services = json.loads(installed.script(SERVICES_SCRIPT).strip().splitlines()[-1])
    assert services["events"] > 50 and services["differences"] == 0
    audit = installed.run("audit", "roles", "--network", "local", "--manifest", "deployment.json")
    assert "policy" in audit  # the expected-roles policy is package data

    shutil.copy2(ROOT / "tests" / "privacy" / "data" / "joinsplit_input.json", installed.work)
    proved = json.loads(installed.script(PROVER_SCRIPT).strip().splitlines()[-1])
    assert Path(proved["zkey"]).is_relative_to(installed.venv)
    inputs = json.loads((installed.work / "joinsplit_input.json").read_text())
    assert proved["public"][7:] == [inputs[k] for k in ("noteRoot", "paramsHash", "context", "publicOut")]

    installed.run("node", "stop", guarded=False)
    assert (installed.work / ".drex" / "anvil-state.json").is_file()
    assert not (installed.work / ".drex" / "anvil.json").exists()

    control, *reports = [json.loads(line) for line in installed.report.read_text().splitlines()]
    assert control == [str(ROOT / "pyproject.toml")]
    assert len(reports) == 7  # where, deploy, deploy again, SDK client, services, audit roles, prover
    assert [r for r in reports if r] == [], "files of the checkout were used"
    print(f"installed-wheel scenario: {time.monotonic() - started:.1f}s")
