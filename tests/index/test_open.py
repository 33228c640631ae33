"""Opening the index (and the compliance tables) when the database cannot be: one DrexError in the
operator's terms naming the database without its password, never a driver's exception; a read-only open
never creates a missing SQLite file; ``drex index status --db`` needs no manifest."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from drex.cli.main import run
from drex.compliance.store import ComplianceStore
from drex.index import CannotOpenDatabase, IndexStore


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_missing_folder_a_bad_url_and_a_missing_driver(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "x.db"
    with pytest.raises(
        CannotOpenDatabase, match=f"^cannot open the index database sqlite:///{missing}: the folder"
    ):
        IndexStore(f"sqlite:///{missing}")
    with pytest.raises(
        CannotOpenDatabase, match="^cannot open the index database not-a-url: Could not parse"
    ):
        IndexStore("not-a-url")
    with pytest.raises(CannotOpenDatabase, match=r"mysql://u:\*\*\*@h/db: its driver is not installed"):
        IndexStore("mysql://u:secret@h/db")
    assert not missing.parent.exists()


def test_a_read_only_open_never_creates_a_missing_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite"
    with pytest.raises(CannotOpenDatabase, match=f"the file {path} does not exist \\(nothing created\\)"):
        IndexStore(f"sqlite:///{path}", create=False)
    assert not path.exists()
    IndexStore(f"sqlite:///{path}").close()  # created by a writer
    assert IndexStore(f"sqlite:///{path}", create=False).cursor() is None


def test_a_refused_postgresql_connection_hides_the_password() -> None:
    url = f"postgresql+psycopg://drex:s3cret@127.0.0.1:{_closed_port()}/drex"
    for open_store, what in ((IndexStore, "index"), (ComplianceStore, "compliance")):
        with pytest.raises(CannotOpenDatabase) as info:
            open_store(url)
        message = str(info.value)
        assert message.startswith(f"cannot open the {what} database postgresql+psycopg://drex:***@127.0.0.1:")
        assert "refused" in message and "s3cret" not in message


def test_the_compliance_store_opens_the_same_way(tmp_path: Path, db_url: str) -> None:
    with pytest.raises(
        CannotOpenDatabase, match="^cannot open the compliance database sqlite:///.*the folder"
    ):
        ComplianceStore(f"sqlite:///{tmp_path / 'nowhere' / 'c.db'}")
    ComplianceStore(db_url).close()  # a real database (SQLite and PostgreSQL) still opens and migrates


def _drex(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run(list(argv))
    out = capsys.readouterr()
    return (info.value.code if isinstance(info.value.code, int) else 1), out.out, out.err


def test_drex_index_status_errors_in_business_terms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    node = ["--network", f"http://127.0.0.1:{_closed_port()}", "--manifest", str(tmp_path / "none.json")]
    path = tmp_path / "typo.sqlite"
    code, out, err = _drex(capsys, "index", "status", "--db", f"sqlite:///{path}", *node)
    assert code == 1 and out == ""
    assert f"cannot open the index database sqlite:///{path}: the file {path} does not exist" in err
    assert "unexpected" not in err and not path.exists()
    code, _, err = _drex(capsys, "index", "status", "--db", "sqlite:////nonexistent/x.db", *node)
    assert code == 1 and "cannot open the index database sqlite:////nonexistent/x.db: the file" in err
    pg = f"postgresql+psycopg://drex:s3cret@127.0.0.1:{_closed_port()}/drex"
    code, _, err = _drex(capsys, "index", "status", "--db", pg, *node)
    assert code == 1 and "cannot open the index database postgresql+psycopg://drex:***@" in err
    assert "refused" in err and "s3cret" not in err and "unexpected" not in err
