"""The SISCOAF export: the period's reported cases as a batch XML valid against siscoaf.xsd (or CSV,
JSON); names and CPFs come from the customer file at export time; an invalid batch is refused naming
the element."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from compliance.events import T0, Seq, wallet
from drex.compliance.cases import CaseDesk
from drex.compliance.detectors import brasilia_date
from drex.compliance.engine import Finding, backtest
from drex.compliance.errors import ExportError
from drex.compliance.rules import catalogue
from drex.compliance.service import ComplianceService, RunReport
from drex.compliance.siscoaf import export, load_customers, load_institution, occurrences, to_xml, validate
from drex.compliance.store import AlertRow, CaseRow, ComplianceStore, RuleRow, now

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def reported(tmp_path: Path) -> tuple[ComplianceStore, Path, date]:
    """A store with one reported case of wallet(1): a movement of R$ 60.000,00 to wallet(2)."""
    store = ComplianceStore(f"sqlite:///{tmp_path / 'c.sqlite'}")
    rule = next(r for r in catalogue() if r.id == "single-movement")
    with store.session() as s:
        s.add(
            RuleRow(
                rule_id=rule.id,
                version=rule.version,
                mode="ACTIVE",
                kind=rule.kind,
                indicator=rule.indicator,
                yaml_text=rule.text,
                sha256=rule.sha256,
            )
        )
    service = ComplianceService(store)
    [hit] = backtest(rule, [Seq().transfer(T0, 1, 2, 6_000_000)])
    with store.session() as s:
        service._store_finding(s, Finding(hit, "ACTIVE"), RunReport())
    desk = CaseDesk(store)
    [case] = desk.cases()
    desk.decide(case.id, "reported", "valor incompativel com a renda declarada", "ana")
    customers = tmp_path / "customers.csv"
    customers.write_text(
        "wallet,reference,cpf_cnpj,name,account,pep\n"
        f"{wallet(1)},CLI-001,12345678909,Maria Exemplo,12345-6,N\n"
        f"{wallet(2)},CLI-002,11222333000181,Empresa Exemplo Ltda,99887-0,S\n"
    )
    today = brasilia_date(int(datetime.now(UTC).timestamp()))
    return store, customers, today


def test_xml_export_validates_and_carries_the_case(
    reported: tuple[ComplianceStore, Path, date], tmp_path: Path
) -> None:
    store, customers, today = reported
    out = tmp_path / "lote.xml"
    n = export(
        store,
        today,
        today,
        "xml",
        load_institution(DATA / "institution.yaml"),
        load_customers(customers),
        out,
    )
    assert n == 1
    schema = xmlschema.XMLSchema(str(Path(__file__).parents[2] / "python/drex/compliance/siscoaf.xsd"))
    doc: Any = schema.to_dict(str(out))
    [oc] = doc["OCORRENCIAS"]["OCORRENCIA"]
    assert oc["CPFCNPJCom"] == "11111111000191" and oc["VlDeb"] == "60000,00" and oc["VlCred"] == "0,00"
    assert oc["DtInicio"] == brasilia_date(T0).strftime("%d/%m/%Y") == oc["DtFim"]
    assert oc["ENQUADRAMENTOS"]["CodEnq"] == ["4001-IV"]
    people = oc["ENVOLVIDOS"]["ENVOLVIDO"]
    assert [(p["CPFCNPJEnv"], p["TpEnv"], p["PEP"]) for p in people] == [
        ("12345678909", "1", "N"),
        ("11222333000181", "2", "S"),
    ]
    assert "valor incompativel" in oc["Det"]
    database = Path(store.engine.url.database or "").read_bytes()
    assert b"Maria" not in database and b"12345678909" not in database  # personal data never stored

    for fmt in ("csv", "json"):
        target = tmp_path / f"lote.{fmt}"
        export(
            store,
            today,
            today,
            fmt,
            load_institution(DATA / "institution.yaml"),
            load_customers(customers),
            target,
        )
    assert json.loads((tmp_path / "lote.json").read_text())["occurrences"][0]["debit"] == 6_000_000
    assert "Empresa Exemplo Ltda" in (tmp_path / "lote.csv").read_text()


def test_an_invalid_batch_is_refused_naming_the_element(
    reported: tuple[ComplianceStore, Path, date], tmp_path: Path
) -> None:
    store, customers, today = reported
    bad_cpf = tmp_path / "bad.csv"
    bad_cpf.write_text(customers.read_text().replace("12345678909", "123.456.789-09"))
    out = tmp_path / "lote.xml"
    with pytest.raises(
        ExportError,
        match=r"element /LOTE/OCORRENCIAS/OCORRENCIA/ENVOLVIDOS/ENVOLVIDO\[1\]/CPFCNPJEnv "
        r"'123.456.789-09' is invalid",
    ):
        export(
            store,
            today,
            today,
            "xml",
            load_institution(DATA / "institution.yaml"),
            load_customers(bad_cpf),
            out,
        )
    assert not out.exists()
    inst = load_institution(DATA / "institution.yaml")
    occs = occurrences(store, today, today, inst, load_customers(customers))
    broken = to_xml(occs, inst).replace(b"<AgUF>SP</AgUF>", b"<AgUF>XX</AgUF>")
    with pytest.raises(ExportError, match="AgUF 'XX' is invalid"):
        validate(broken)
    with pytest.raises(ExportError, match="no entry for wallet"):
        export(store, today, today, "xml", inst, {}, out)
    with pytest.raises(ExportError, match="no case was reported"):
        export(store, date(2020, 1, 1), date(2020, 1, 2), "xml", inst, load_customers(customers), out)


def test_csv_cells_a_spreadsheet_would_run_are_quoted(
    reported: tuple[ComplianceStore, Path, date], tmp_path: Path
) -> None:
    store, customers, today = reported
    evil = tmp_path / "evil.csv"
    evil.write_text(customers.read_text().replace("Empresa Exemplo Ltda", '=HYPERLINK("http://x")'))
    out = tmp_path / "lote.csv"
    inst = load_institution(DATA / "institution.yaml")
    export(store, today, today, "csv", inst, load_customers(evil), out)
    rows = list(csv.reader(out.read_text().splitlines()))
    names = [row[12] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names and not any(n.startswith("=") for n in names)


def test_only_money_makes_the_reported_values_and_a_dvp_counts_once(tmp_path: Path) -> None:
    store = ComplianceStore(f"sqlite:///{tmp_path / 'c.sqlite'}")
    me, other = wallet(1), wallet(2)
    base = {"seq": 1, "block": 1, "time": T0}
    money = {**base, "tx": "0xaa", "log_index": 0, "asset": "RealTokenizado@11111111", "token_id": 0}
    bond = {**base, "tx": "0xaa", "log_index": 1, "asset": "TPFt", "token_id": 7}
    evidence = [
        {**money, "from": me, "to": other, "amount": 1_000_000},  # R$ 10.000,00 paid by the subject
        {**bond, "from": other, "to": me, "amount": 5_000},  # 50,00 bonds received: not reais
        {**base, "tx": "0xaa", "log_index": 2, "from": me, "to": other, "amount": 1_000_000,
         "value": 1_000_000, "tpft_id": 7, "quantity": 5_000},  # the DvP's settlement: the same reais
        {**bond, "tx": "0xbb", "from": me, "to": other, "amount": 900_000},  # 9.000,00 bonds sent
    ]  # fmt: skip
    with store.session() as s:
        case = CaseRow(subject=me, status="open", opened_at=now())
        s.add(case)
        s.flush()
        s.add(
            AlertRow(
                rule_id="screening", rule_version=1, key="k", subject=me, seq=1, block_time=T0,
                total=0, summary="listed", parameters={}, evidence=evidence, status="in_case",
                case_id=case.id,
            )
        )  # fmt: skip
        case_id = case.id
    CaseDesk(store).decide(case_id, "reported", "comunicado", "ana")
    customers = tmp_path / "customers.csv"
    customers.write_text(f"wallet,reference,cpf_cnpj,name,account,pep\n{me},CLI-001,12345678909,M,1,N\n")
    today = brasilia_date(int(datetime.now(UTC).timestamp()))
    inst = load_institution(DATA / "institution.yaml")
    [oc] = occurrences(store, today, today, inst, load_customers(customers))
    assert (oc.debit, oc.credit) == (1_000_000, 0)  # not 2_000_000 + 9_000 "reais" of bonds
    assert "(TPFt 7): quantidade 50.00" in oc.detail and "(TPFt 7): quantidade 9000.00" in oc.detail
