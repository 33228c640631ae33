"""Free text is checked at input: control characters and over-long values are refused naming the field
(on SQLite as on PostgreSQL), and an export that would carry one says which element."""

from __future__ import annotations

from pathlib import Path

import pytest

from drex.compliance.cases import CaseDesk, store_list
from drex.compliance.errors import CaseStateError, ExportError, ListFileError
from drex.compliance.lists import parse_csv_list
from drex.compliance.siscoaf import Customer, Institution, Involved, Occurrence, to_xml
from drex.compliance.store import CaseRow, ComplianceStore, now


def test_control_characters_and_lengths_are_refused_naming_the_field(tmp_path: Path) -> None:
    store = ComplianceStore(f"sqlite:///{tmp_path / 'c.sqlite'}")
    with store.session() as s:
        case = CaseRow(subject="0x" + "ab" * 20, status="open", opened_at=now())
        s.add(case)
        s.flush()
        case_id = case.id
    desk = CaseDesk(store)
    with pytest.raises(CaseStateError, match=r"reason contains a control character \(U\+0001\)"):
        desk.decide(case_id, "dismissed", "ok\x01", "ana")
    with pytest.raises(CaseStateError, match=r"the officer's name contains a control character \(U\+000A\)"):
        desk.decide(case_id, "dismissed", "ok", "ana\nbruno")
    with pytest.raises(CaseStateError, match="the officer's name is 101 characters long; at most 100"):
        desk.decide(case_id, "dismissed", "ok", "a" * 101)
    assert desk.decide(case_id, "dismissed", "linha 1\nlinha 2", "ana").status == "dismissed"
    with pytest.raises(ListFileError, match="the list's name is 65 characters long; at most 64"):
        store_list(store, "x" * 65, [], freeze=False)
    bad = tmp_path / "list.csv"
    bad.write_text(f"reference,name,type,wallet,key\n{'R' * 65},Fulano,INDIVIDUAL,0x{'11' * 20},\n")
    with pytest.raises(ListFileError, match="line 2: reference is 65 characters long; at most 64"):
        parse_csv_list(bad, "internal")
    bad.write_text(f"reference,name,type,wallet,key\nR-1,Ful\x0bano,INDIVIDUAL,0x{'11' * 20},\n")
    with pytest.raises(ListFileError, match=r"line 2: name contains a control character \(U\+000B\)"):
        parse_csv_list(bad, "internal")


def test_an_export_with_a_control_character_names_the_element() -> None:
    inst = Institution("11111111000191", "1", "Agencia", "Sao Paulo", "SP", {})
    holder = Customer("0x" + "11" * 20, "CLI-1", "12345678909", "Maria\x02", "1", False)
    person = Involved(holder.cpf_cnpj, holder.name, "1", holder.account, False, holder.wallet, "CLI-1")
    day = now().date()
    occ = Occurrence("DREX-1", 1, day, day, 0, 100, "det", ["4001-IV"], [person])
    with pytest.raises(ExportError, match=r"occurrence DREX-1: NmEnv 'Maria\\x02' contains a control"):
        to_xml([occ], inst)


def test_list_entries_keep_no_names(tmp_path: Path) -> None:
    store = ComplianceStore(f"sqlite:///{tmp_path / 'c.sqlite'}")
    listed = tmp_path / "list.csv"
    listed.write_text(f"reference,name,type,wallet,key\nR-1,Fulano Sicrano,INDIVIDUAL,0x{'11' * 20},\n")
    assert store_list(store, "internal", parse_csv_list(listed, "internal"), freeze=False) == 1
    store.close()
    database = (tmp_path / "c.sqlite").read_bytes()
    assert b"R-1" in database and b"Fulano" not in database
