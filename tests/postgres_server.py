"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, listening on 127.0.0.1.

:func:`start_postgres` finds Debian's binaries (``/usr/lib/postgresql/<version>/bin``), creates a cluster
in a fresh temporary folder (trust authentication, no fsync: the data is thrown away), starts it on a free
loopback port with its unix socket in that folder, creates a database and returns a
:class:`PostgresServer` whose :attr:`~PostgresServer.url` is a SQLAlchemy URL (psycopg 3). PostgreSQL
refuses to run as root: as root, the folder is given to the ``postgres`` user and the server commands run
through ``runuser -u postgres --``. :meth:`PostgresServer.stop` stops the server and deletes the folder.

Missing binaries are an error that says how to install them (``scripts/bootstrap-system.sh``), never a
skip: the index suite runs on PostgreSQL as well as SQLite.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from drex.chain.anvil import free_port

DATABASE = "drex_test"


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def postgres_bin() -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding initdb and pg_ctl (``DREX_PG_BIN`` wins)."""
    env = os.environ.get("DREX_PG_BIN")
    candidates = [env] if env else sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    raise PostgresMissing(
        "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb): run "
        "scripts/bootstrap-system.sh (installs Debian's postgresql), or set DREX_PG_BIN"
    )


def _version(folder: str) -> float:
    try:
        return float(Path(folder).parent.name)
    except ValueError:
        return 0.0


@dataclass
class PostgresServer:
    """A running throwaway server."""

    bin: Path
    folder: Path
    port: int
    as_postgres: bool

    @property
    def url(self) -> str:
        user = "postgres" if self.as_postgres else _current_user()
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{DATABASE}"

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            _run(
                self,
                [str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def _current_user() -> str:
    import getpass

    return getpass.getuser()


def _run(server: PostgresServer, argv: list[str]) -> subprocess.CompletedProcess[str]:
    if server.as_postgres:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=120)


def start_postgres() -> PostgresServer:
    """Initialise, start and return a fresh server with an empty database :data:`DATABASE`."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="drex-pg-"))
    as_postgres = os.geteuid() == 0
    server = PostgresServer(bin_dir, folder, free_port(), as_postgres)
    if as_postgres:
        folder.chmod(0o700)
        shutil.chown(folder, "postgres", "postgres")
    user = "postgres" if as_postgres else _current_user()
    data = folder / "data"
    try:
        _run(
            server,
            [str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8", "--no-sync"],
        )
        options = f"-h 127.0.0.1 -p {server.port} -k {folder} -F -c fsync=off -c full_page_writes=off"
        _run(
            server,
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                _run(
                    server,
                    [
                        str(bin_dir / "createdb"),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        str(server.port),
                        "-U",
                        user,
                        DATABASE,
                    ],
                )
                break
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    except subprocess.CalledProcessError as exc:
        log = (folder / "log").read_text() if (folder / "log").is_file() else ""
        server.stop()
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr or exc.stdout}\n{log}") from exc
    return server


def fresh_database(url: str) -> str:
    """A new empty database on the server of ``url`` (one per test: tests never see each other's rows);
    returns its SQLAlchemy URL."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    base, _, _ = url.rpartition("/")
    with psycopg.connect(
        base.replace("postgresql+psycopg://", "postgresql://") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
