"""Every command block of the documentation runs, as written, in order, on a copy of the checkout.

The documents are README.md, chain/README.md, docs/*.md, bench/README.md and tests/security/README.md.
A fenced block tagged ``sh`` or ``bash`` (indented in a list or not) runs in bash
(``set -euo pipefail``); ``console`` runs its ``$ `` lines;
``python`` runs with the project's Python. All blocks of one document run one after the other in the same
folder, a fresh copy of the checkout's tracked files (plus the built artifacts and links to the installed
toolchains, so nothing is reinstalled), with ``.venv/bin`` first on ``PATH`` as after
``. .venv/bin/activate``, the local node's state in the copy's ``.drex`` and its port a free one
(``DREX_LOCAL_PORT``). A command that fails fails the test with the block, the line and its output.

A block that must not run here says why on the line just above it::

    <!-- not run by the docs test: <reason> -->

and :data:`NOT_RUN` lists every such block, so adding one is a visible decision.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from drex.chain.anvil import free_port

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    "README.md",
    "chain/README.md",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")),
    "bench/README.md",
    "tests/security/README.md",
]
RUNNABLE = ("sh", "bash", "console", "python")
_FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
_NOT_RUN = re.compile(r"<!-- not run by the docs test: (.+?) -->")
#: Toolchains linked into the copy, not copied (installed by scripts/bootstrap*.sh, which refuse to
#: reinstall a linked venv that is not current: a run here never re-points the checkout's venvs at the copy).
LINKED = (".venv", ".venv-ape", ".venv-slither", "node_modules")

#: (document, first command of the block) of every block that is not run, with the reason in the document.
NOT_RUN: set[tuple[str, str]] = {
    ("README.md", "make test"),
    ("README.md", "make bench"),
    ("README.md", "pip install dist/drex-0.1.0-py3-none-any.whl"),
    ("chain/README.md", "sudo chown 1000 chain/besu/dev/nodes/*/key"),
    ("chain/README.md", "docker compose -f chain/besu/dev/docker-compose.yml up -d"),
    ("chain/README.md", "curl -s -X POST -H 'content-type: application/json' \\"),
    ("chain/README.md", "drex chain enode path/to/key --host 10.1.2.3 --port 30303"),
    ("chain/README.md", "for port in 21001 21002 21003; do"),
    ("chain/README.md", "docker compose -f chain/besu/dev/docker-compose.yml stop"),
    ("bench/README.md", "make bench"),
    ("docs/ape.md", ".venv-ape/bin/ape accounts import bcb"),
    ("docs/privacy.md", "drex private ceremony rebuild --participants BCB,STN,BANK_A,BANK_B"),
    ("docs/privacy.md", "drex private ceremony phase1 --contributions 3"),
    ("docs/index.md", "drex index run --db postgresql+psycopg://drex@127.0.0.1:5432/drex --follow"),
    (
        "docs/oracles.md",
        "drex oracle run --keystore oracle1.json --series SELIC,SELIC_TARGET,CDI,IPCA --source sgs \\",
    ),
    ("tests/security/README.md", ".venv/bin/python -m pytest tests/security -q -s"),
    (
        "tests/security/README.md",
        "DREX_HYPOTHESIS_PROFILE=deep .venv/bin/python -m pytest tests/security -q -s",
    ),  # noqa: E501
}


@dataclass(frozen=True)
class Block:
    document: str
    line: int
    language: str
    text: str
    not_run: str | None

    @property
    def first_command(self) -> str:
        """The block's first line that is not a comment, without its trailing comment."""
        for line in self.text.splitlines():
            command = line.removeprefix("$ ").split("  #", 1)[0].strip()
            if command and not command.startswith("#"):
                return command
        return ""


def blocks(document: str) -> list[Block]:
    """The fenced blocks of ``document`` in a runnable language, in order."""
    lines = (ROOT / document).read_text().splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, indent, language = i, m.group(1), m.group(2)
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith("```"):
            j += 1
        if language in RUNNABLE:
            above = lines[start - 1] if start else ""
            reason = _NOT_RUN.search(above)
            text = "\n".join(line.removeprefix(indent) for line in lines[start + 1 : j])
            found.append(Block(document, start + 1, language, text, reason and reason.group(1)))
        i = j + 1
    return found


def _script(block: Block) -> str:
    if block.language == "console":
        return "\n".join(line[2:] for line in block.text.splitlines() if line.startswith("$ "))
    return block.text


def _copy_checkout(dest: Path) -> None:
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    shutil.copytree(ROOT / "python/drex/artifacts", dest / "python/drex/artifacts")
    for name in LINKED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)


def _environment(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DREX_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        PATH=f"{work / '.venv' / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}",
        VIRTUAL_ENV=str(work / ".venv"),
        DREX_ROOT=str(work),
        PYTHONPATH=str(work / "python"),
        DREX_LOCAL_PORT=str(free_port()),
    )
    return env


def test_every_block_that_is_not_run_says_why_and_is_listed() -> None:
    declared = {(b.document, b.first_command) for d in DOCUMENTS for b in blocks(d) if b.not_run}
    assert declared == NOT_RUN


@pytest.mark.xdist_group("docs")
@pytest.mark.timeout(1200)  # README.md runs the whole demo (the longest document)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_commands_of_the_document_run_as_written(document: str, tmp_path: Path) -> None:
    runnable = [b for b in blocks(document) if not b.not_run]
    if not runnable:
        return  # every block says why it is not run (checked above)
    work = tmp_path / "checkout"
    _copy_checkout(work)
    env = _environment(work)
    try:
        for block in runnable:
            if block.language == "python":
                cmd = [str(work / ".venv/bin/python"), "-c", block.text]
            else:
                cmd = ["bash", "-c", "set -euo pipefail\n" + _script(block)]
            done = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, (
                f"{document}:{block.line}: the {block.language} block failed (exit {done.returncode})\n"
                f"{block.text}\n--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
            )
    finally:
        subprocess.run(
            [sys.executable, "-m", "drex.cli.main", "node", "stop"], cwd=work, env=env, capture_output=True
        )
