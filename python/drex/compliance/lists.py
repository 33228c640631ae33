"""Screening lists the operator supplies: the UN Security Council consolidated list (XML) and internal
lists (CSV), matched on wallet and on KeyDictionary's key hash.

The UN's XML (``CONSOLIDATED_LIST`` › ``INDIVIDUALS``/``ENTITIES`` › ``INDIVIDUAL``/``ENTITY`` with
``DATAID``, ``REFERENCE_NUMBER``, ``FIRST_NAME``...) names people and entities, not wallets: the operator
adds what it linked each entry to in a custom element of the entry, ``DREX_WALLETS`` › ``WALLET`` (and,
for a KeyDictionary customer, ``DREX_KEY_HASHES`` › ``KEY_HASH``). Entries without either are kept out
(nothing to match on chain). It is parsed with xmlschema's resource loader with entity expansion and
remote access refused (``defuse="always"``), since the file comes from outside.

An internal CSV list has a header ``reference,name,type,wallet,key`` where ``key`` is either a key hash
(``0x`` + 64 hex digits) or the plain identifier, hashed here as KeyDictionary's keys are
(:func:`drex.sdk.values.customer_key`); ``wallet`` or ``key`` may be empty, not both.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from drex.compliance.detectors import ListMatch
from drex.compliance.errors import ListFileError

_WALLET = re.compile(r"0x[0-9a-fA-F]{40}")
_HASH = re.compile(r"0x[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class ListEntry:
    """One match value of a list entry (an entry with two wallets gives two)."""

    list_name: str
    reference: str
    name: str
    entry_type: str
    matched_on: str  # wallet, key
    value: str  # lowercase 0x-hex


def _text(element: object, tag: str) -> str:
    found = element.find(tag)  # type: ignore[attr-defined]
    return "" if found is None or found.text is None else str(found.text).strip()


def _entry(
    where: str, list_name: str, reference: str, name: str, kind: str, on: str, value: str
) -> ListEntry:
    """A list entry, its text checked (no control characters; the database's lengths)."""
    from drex.compliance.text import clean_text

    return ListEntry(
        clean_text(list_name, f"{where}: the list's name", 64, error=ListFileError),
        clean_text(reference, f"{where}: reference", 64, error=ListFileError),
        clean_text(name, f"{where}: name", 300, error=ListFileError),
        clean_text(kind, f"{where}: type", 16, error=ListFileError),
        on,
        value.lower(),
    )


def parse_un_list(path: Path, list_name: str = "UN") -> list[ListEntry]:
    """The entries of a UN Security Council consolidated list file that carry wallets or key hashes."""
    import xmlschema

    try:
        root = xmlschema.XMLResource(str(path), defuse="always", allow="local").root
    except (OSError, xmlschema.XMLResourceError, SyntaxError) as exc:
        raise ListFileError(f"{path}: not a readable XML file ({exc})") from None
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFileError(
            f"{path}: expected the UN consolidated list (root CONSOLIDATED_LIST), got {root.tag}"
        )
    entries: list[ListEntry] = []
    for entry_type, group in (("INDIVIDUAL", "INDIVIDUALS"), ("ENTITY", "ENTITIES")):
        for item in root.iterfind(f"{group}/{entry_type}"):
            reference = _text(item, "REFERENCE_NUMBER") or _text(item, "DATAID")
            if not reference:
                raise ListFileError(f"{path}: an {entry_type} has neither REFERENCE_NUMBER nor DATAID")
            name = " ".join(
                t
                for t in (_text(item, n) for n in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
                if t
            )
            for tag, on, pattern in (
                ("DREX_WALLETS/WALLET", "wallet", _WALLET),
                ("DREX_KEY_HASHES/KEY_HASH", "key", _HASH),
            ):
                for value in item.iterfind(tag):
                    text = (value.text or "").strip()
                    if not pattern.fullmatch(text):
                        raise ListFileError(
                            f"{path}: {entry_type} {reference}: {tag} {text!r} is not a valid {on}"
                        )
                    entries.append(
                        _entry(
                            f"{path}: {entry_type} {reference}",
                            list_name,
                            reference,
                            name,
                            entry_type,
                            on,
                            text,
                        )
                    )
    return entries


def parse_csv_list(path: Path, list_name: str) -> list[ListEntry]:
    """The entries of an internal CSV list (``reference,name,type,wallet,key``)."""
    from drex.sdk.values import customer_key

    try:
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise ListFileError(f"{path}: cannot read the list ({exc.strerror})") from None
    entries: list[ListEntry] = []
    for line, row in enumerate(rows, start=2):
        missing = {"reference", "name", "wallet", "key"} - set(row)
        if missing:
            raise ListFileError(
                f"{path}: the header must have reference,name,type,wallet,key "
                f"(missing {', '.join(sorted(missing))})"
            )
        reference, name = (row["reference"] or "").strip(), (row["name"] or "").strip()
        wallet, key = (row["wallet"] or "").strip(), (row["key"] or "").strip()
        kind = (row.get("type") or "INDIVIDUAL").strip().upper()
        if not reference or not (wallet or key):
            raise ListFileError(f"{path}: line {line}: a reference and a wallet or key are needed")
        if wallet:
            if not _WALLET.fullmatch(wallet):
                raise ListFileError(
                    f"{path}: line {line}: wallet {wallet!r} is not an address (0x + 40 hex digits)"
                )
            entries.append(_entry(f"{path}: line {line}", list_name, reference, name, kind, "wallet", wallet))
        if key:
            value = key.lower() if _HASH.fullmatch(key) else "0x" + customer_key(key).hex()
            entries.append(_entry(f"{path}: line {line}", list_name, reference, name, kind, "key", value))
    return entries


class ListIndex:
    """The loaded lists, looked up by wallet and key hash (the engine's :class:`Screening`)."""

    def __init__(self, entries: Iterable[tuple[ListEntry, bool]]):
        self.by_value: dict[str, list[ListMatch]] = defaultdict(list)
        for entry, freeze in entries:
            self.by_value[entry.value].append(
                ListMatch(entry.list_name, entry.reference, entry.name, entry.matched_on, entry.value, freeze)
            )

    def matches(self, wallet: str, key_hash: str | None, lists: Iterable[str] = ()) -> list[ListMatch]:
        wanted = set(lists)
        found = [m for m in self.by_value.get(wallet.lower(), []) if m.matched_on == "wallet"]
        if key_hash is not None:
            found += [m for m in self.by_value.get(key_hash.lower(), []) if m.matched_on == "key"]
        return [m for m in found if not wanted or m.list_name in wanted]


__all__ = ["ListEntry", "ListIndex", "parse_csv_list", "parse_un_list"]
