"""Shared fixtures: a real embedded chain per test module, reset to a snapshot around every test.

Tests that need anvil start their own node through the ``anvil_node`` fixture (a free port, its own
state), so nothing depends on a node left running on the machine. ``postgres_url`` is a throwaway
PostgreSQL server of the session (each xdist worker starts its own, :mod:`postgres_server`) and ``db_url``
a fresh empty database per test, parametrized over SQLite and that PostgreSQL: a test taking it runs on
both. Missing PostgreSQL binaries fail those tests (run scripts/bootstrap-system.sh), never skip them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import hypothesis_profiles  # noqa: F401  (registers the hypothesis profiles, loads the chosen one)
from drex.build import build
from drex.chain import Chain, connect


@pytest.fixture(scope="session", autouse=True)
def built() -> None:
    """Compile once per session, explicitly (a no-op when the artifacts are current): drex never compiles
    at run time, and its artifact loader refuses missing or stale artifacts."""
    build()


@pytest.fixture(scope="module")
def chain(built: None) -> Iterator[Chain]:
    c = connect("embedded")
    yield c
    c.close()


@pytest.fixture(autouse=True)
def clean_chain(request: pytest.FixtureRequest) -> Iterator[None]:
    """Revert the module's chain to its state before the test, so tests never see each other's state."""
    if "chain" not in request.fixturenames:
        yield
        return
    c: Chain = request.getfixturevalue("chain")
    snap = c.snapshot()
    yield
    c.revert(snap)


@pytest.fixture()
def anvil_node(built: None) -> Iterator[object]:
    from drex.chain.anvil import start_anvil

    node = start_anvil()
    yield node
    node.kill()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a throwaway PostgreSQL server's database, for the session (this worker's own server)."""
    from postgres_server import PostgresMissing, start_postgres

    try:
        server = start_postgres()
    except PostgresMissing as exc:
        pytest.fail(str(exc))
    yield server.url
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database: a SQLite file, or a new database on the session's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    from postgres_server import fresh_database

    return fresh_database(request.getfixturevalue("postgres_url"))
