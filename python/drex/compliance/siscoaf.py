"""The SISCOAF export of a period's reported cases: batch XML (``LOTE`` › ``OCORRENCIAS`` › ``OCORRENCIA``),
CSV and JSON.

Personal data never enters the service's database: the alerts keep wallets, key hashes and movements.
Names, CPF/CNPJ, account numbers and PEP flags come, at export time only, from the operator's customer
file (CSV ``wallet,reference,cpf_cnpj,name,account,pep``); the communicating institution and its branch
from an institution file (YAML: ``cnpj``, ``branch: {number, name, municipality, uf}`` and optionally
``enquadramentos``, a map from a rule's Carta Circular item to the SISCOAF ``CodEnq`` to report).

Every XML export is validated against ``siscoaf.xsd`` (package data) with xmlschema before it is
written; an invalid one is refused with :class:`~drex.compliance.errors.ExportError` naming the element.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from drex.compliance.detectors import brasilia_date
from drex.compliance.errors import ExportError
from drex.compliance.movements import MONEY, family_of
from drex.compliance.store import AlertRow, CaseRow, ComplianceStore
from drex.compliance.text import control_character
from drex.compliance.units import cents_siscoaf, cents_text

FORMATS = ("xml", "csv", "json")
#: TpEnv codes drex writes (an assumption, docs/compliance.md): 1 the case's account holder, 2 a counterparty.
HOLDER, COUNTERPARTY = "1", "2"


@dataclass(frozen=True)
class Institution:
    cnpj: str
    branch_number: str
    branch_name: str
    municipality: str
    uf: str
    codes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Customer:
    wallet: str
    reference: str
    cpf_cnpj: str
    name: str
    account: str
    pep: bool


@dataclass
class Involved:
    cpf_cnpj: str
    name: str
    kind: str
    account: str
    pep: bool
    wallet: str
    reference: str


@dataclass
class Occurrence:
    number: str
    case_id: int
    start: date
    end: date
    credit: int
    debit: int
    detail: str
    codes: list[str]
    involved: list[Involved]


def load_institution(path: Path) -> Institution:
    """The communicating institution and branch (YAML)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        branch = doc["branch"]
        codes = {str(k): str(v) for k, v in (doc.get("enquadramentos") or {}).items()}
        return Institution(
            str(doc["cnpj"]),
            str(branch["number"]),
            str(branch["name"]),
            str(branch["municipality"]),
            str(branch["uf"]),
            codes,
        )
    except OSError as exc:
        raise ExportError(f"{path}: cannot read the institution file ({exc.strerror})") from None
    except (KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:
        raise ExportError(
            f"{path}: expected cnpj and branch: {{number, name, municipality, uf}} (missing or wrong: {exc})"
        ) from None


def load_customers(path: Path) -> dict[str, Customer]:
    """The operator's customer file, by lowercase wallet (read at export time, never stored)."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise ExportError(f"{path}: cannot read the customer file ({exc.strerror})") from None
    found: dict[str, Customer] = {}
    for line, row in enumerate(rows, start=2):
        try:
            c = Customer(
                row["wallet"].strip(),
                row["reference"].strip(),
                row["cpf_cnpj"].strip(),
                row["name"].strip(),
                row["account"].strip(),
                row["pep"].strip().upper() in ("S", "Y", "1"),
            )
        except (KeyError, AttributeError):
            raise ExportError(
                f"{path}: line {line}: expected columns wallet,reference,cpf_cnpj,name,account,pep"
            ) from None
        found[c.wallet.lower()] = c
    return found


def _involved(c: Customer, kind: str) -> Involved:
    return Involved(c.cpf_cnpj, c.name, kind, c.account, c.pep, c.wallet, c.reference)


def occurrences(
    store: ComplianceStore, start: date, end: date, institution: Institution, customers: dict[str, Customer]
) -> list[Occurrence]:
    """The cases decided ``reported`` between ``start`` and ``end`` (Brasília dates), as occurrences."""
    found: list[Occurrence] = []
    with store.session() as s:
        cases = s.scalars(select(CaseRow).where(CaseRow.status == "reported").order_by(CaseRow.id))
        for case in cases:
            assert case.decided_at is not None
            decided = brasilia_date(int(case.decided_at.timestamp()))
            if not start <= decided <= end:
                continue
            alerts = list(
                s.scalars(select(AlertRow).where(AlertRow.case_id == case.id, AlertRow.status != "retracted"))
            )
            holder = customers.get(case.subject.lower())
            if holder is None:
                raise ExportError(f"case {case.id}: the customer file has no entry for wallet {case.subject}")
            moves, bonds = _split_evidence(alerts)
            subject = case.subject.lower()
            credit = sum(m["amount"] for m in moves.values() if str(m.get("to") or "").lower() == subject)
            debit = sum(m["amount"] for m in moves.values() if str(m.get("from") or "").lower() == subject)
            times = [m["time"] for m in (*moves.values(), *bonds.values())] or [a.block_time for a in alerts]
            involved = [_involved(holder, HOLDER)]
            parties = (*moves.values(), *bonds.values())
            others = {str(m.get(k) or "").lower() for m in parties for k in ("from", "to")} - {
                subject,
                "",
            }
            involved += [_involved(customers[o], COUNTERPARTY) for o in sorted(others) if o in customers]
            codes = sorted({institution.codes.get(a_ind, a_ind) for a_ind in _indicators(s, alerts)})
            lines = [f"{a.rule_id} v{a.rule_version}: {a.summary}" for a in alerts]
            lines += [f"tx {m['tx']} ({m['asset']}): R$ {cents_text(m['amount'])}" for m in moves.values()]
            lines += [
                f"tx {m['tx']} (TPFt {m['token_id']}): quantidade {cents_text(m['amount'])}"
                for m in bonds.values()
            ]
            lines.append(f"Decisao de {case.decided_by}: {case.reason}")
            found.append(
                Occurrence(
                    f"DREX-{case.id}",
                    case.id,
                    brasilia_date(min(times)),
                    brasilia_date(max(times)),
                    credit,
                    debit,
                    "\n".join(lines),
                    codes,
                    involved,
                )
            )
    return found


def _split_evidence(
    alerts: list[AlertRow],
) -> tuple[dict[tuple[str, int], dict[str, Any]], dict[tuple[str, int], dict[str, Any]]]:
    """The evidence's money movements (centavos: they make VlCred/VlDeb) and bond movements (quantities in
    hundredths: listed in Det only), each once. A DvP's settlement event counts as money only when its
    transaction's money Transfer is not already in the evidence (the same reais, seen twice)."""
    moves: dict[tuple[str, int], dict[str, Any]] = {}
    bonds: dict[tuple[str, int], dict[str, Any]] = {}
    settlements: dict[tuple[str, int], dict[str, Any]] = {}
    for alert in alerts:
        for item in alert.evidence:
            if "tx" not in item or "amount" not in item:
                continue
            key = (item["tx"], item["log_index"])
            if "asset" not in item:  # a DvPSettled event: value in centavos
                settlements[key] = item
            elif family_of(str(item["asset"])) in MONEY:
                moves[key] = item
            else:
                bonds[key] = item
    paid = {tx for tx, _ in moves}
    for key, item in settlements.items():
        if key[0] not in paid:
            moves[key] = {**item, "asset": "DvP"}
    return moves, bonds


def _indicators(s: Any, alerts: list[AlertRow]) -> set[str]:
    from drex.compliance.store import RuleRow

    out = set()
    for a in alerts:
        row = s.scalars(
            select(RuleRow).where(RuleRow.rule_id == a.rule_id, RuleRow.version == a.rule_version)
        ).first()
        out.add(row.indicator if row is not None else "IV")
    return out


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def to_xml(occs: list[Occurrence], inst: Institution) -> bytes:
    """The batch XML (not validated: see :func:`validate`)."""
    lote = ET.Element("LOTE")
    ocorrencias = ET.SubElement(lote, "OCORRENCIAS")

    number = ""

    def put(parent: ET.Element, tag: str, text: str) -> None:
        bad = control_character(text, multiline=True)
        if bad is not None:
            raise ExportError(
                f"occurrence {number}: {tag} {text[:40]!r} contains a control character ({bad}) "
                "XML cannot carry; correct the source (customer file, institution file or decision)"
            )
        ET.SubElement(parent, tag).text = text

    for o in occs:
        number = o.number
        oc = ET.SubElement(ocorrencias, "OCORRENCIA")
        for tag, text in (
            ("NumOcorrencia", o.number),
            ("CPFCNPJCom", inst.cnpj),
            ("DtInicio", _day(o.start)),
            ("DtFim", _day(o.end)),
            ("AgNum", inst.branch_number),
            ("AgNome", inst.branch_name),
            ("AgMun", inst.municipality),
            ("AgUF", inst.uf),
            ("VlCred", cents_siscoaf(o.credit)),
            ("VlDeb", cents_siscoaf(o.debit)),
            ("Det", o.detail),
        ):
            put(oc, tag, text)
        enq = ET.SubElement(oc, "ENQUADRAMENTOS")
        for code in o.codes:
            put(enq, "CodEnq", code)
        env = ET.SubElement(oc, "ENVOLVIDOS")
        for p in o.involved:
            e = ET.SubElement(env, "ENVOLVIDO")
            put(e, "CPFCNPJEnv", p.cpf_cnpj)
            put(e, "NmEnv", p.name)
            put(e, "TpEnv", p.kind)
            if p.account:
                put(e, "NumConta", p.account)
            put(e, "PEP", "S" if p.pep else "N")
    ET.indent(lote)
    document: bytes = ET.tostring(lote, encoding="utf-8", xml_declaration=True)
    return document


def validate(document: bytes) -> None:
    """Validate a batch against ``siscoaf.xsd``; :class:`ExportError` names the first invalid element."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(resources.files("drex.compliance") / "siscoaf.xsd"))
    resource = xmlschema.XMLResource(document, defuse="always")
    for error in schema.iter_errors(resource):
        where = error.path or (error.elem.tag if error.elem is not None else "LOTE")
        value = error.elem.text if error.elem is not None and error.elem.text else ""
        raise ExportError(f"SISCOAF export refused: element {where} {value!r} is invalid: {error.reason}")


def to_csv(occs: list[Occurrence], inst: Institution) -> bytes:
    """One row per occurrence and involved person (values in centavos, raw integers)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "NumOcorrencia",
            "CPFCNPJCom",
            "DtInicio",
            "DtFim",
            "AgNum",
            "AgNome",
            "AgMun",
            "AgUF",
            "VlCred_centavos",
            "VlDeb_centavos",
            "CodEnq",
            "CPFCNPJEnv",
            "NmEnv",
            "TpEnv",
            "NumConta",
            "PEP",
            "Det",
        ]
    )
    for o in occs:
        for p in o.involved:
            _row(
                w,
                [
                    o.number,
                    inst.cnpj,
                    _day(o.start),
                    _day(o.end),
                    inst.branch_number,
                    inst.branch_name,
                    inst.municipality,
                    inst.uf,
                    o.credit,
                    o.debit,
                    " ".join(o.codes),
                    p.cpf_cnpj,
                    p.name,
                    p.kind,
                    p.account,
                    "S" if p.pep else "N",
                    o.detail,
                ],
            )
    return out.getvalue().encode()


#: A cell starting with one of these is a formula to a spreadsheet (CSV injection, OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _row(w: Any, cells: list[Any]) -> None:
    """Write ``cells``, text that a spreadsheet would run as a formula prefixed with ``'``."""
    w.writerow([f"'{c}" if isinstance(c, str) and c.startswith(_FORMULA_START) else c for c in cells])


def to_json(occs: list[Occurrence], inst: Institution) -> bytes:
    """The occurrences as JSON (dates ISO, values in centavos as integers)."""
    doc = {"institution": asdict(inst), "occurrences": [asdict(o) for o in occs]}
    return json.dumps(doc, default=str, indent=2, ensure_ascii=False).encode()


def export(
    store: ComplianceStore,
    start: date,
    end: date,
    fmt: str,
    institution: Institution,
    customers: dict[str, Customer],
    out: Path,
) -> int:
    """Write the period's reported cases to ``out`` in ``fmt``; returns how many occurrences."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if end < start:
        raise ExportError(f"the period ends ({end}) before it starts ({start})")
    occs = occurrences(store, start, end, institution, customers)
    if fmt == "xml":
        if not occs:
            raise ExportError(f"no case was reported between {start} and {end}: a SISCOAF batch needs one")
        document = to_xml(occs, institution)
        validate(document)
    else:
        document = (to_csv if fmt == "csv" else to_json)(occs, institution)
    out.write_bytes(document)
    return len(occs)


__all__ = [
    "FORMATS",
    "Customer",
    "Institution",
    "Involved",
    "Occurrence",
    "export",
    "load_customers",
    "load_institution",
    "occurrences",
    "to_csv",
    "to_json",
    "to_xml",
    "validate",
]
