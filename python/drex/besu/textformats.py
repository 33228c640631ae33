"""Minimal writers (and a reader) for the TOML and YAML subsets the network files use.

Besu's ``config.toml`` needs flat ``key = value`` lines with TOML types (Besu rejects a quoted number or
an unquoted string); ``docker-compose.yml`` needs nested mappings and lists. Strings are written as JSON
strings, which are valid TOML basic strings and valid YAML double-quoted scalars, so nothing needs escaping
rules of its own. :func:`parse_yaml` reads back exactly what :func:`dump_yaml` writes (block mappings and
sequences of those scalars), so the project can check a compose file's structure without a YAML library.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from drex.errors import DrexError

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_.\-/]+$")
Scalar = str | int | bool | None


class FormatError(DrexError):
    """A value cannot be written in, or text is not in, the supported subset."""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if value is None:
        return "null"
    raise FormatError(f"unsupported scalar {value!r}")


def dump_toml(entries: Sequence[tuple[str, Any] | str]) -> str:
    """``key = value`` lines; a bare string entry is written as a ``#`` comment line (or a blank line)."""
    lines: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            lines.append(f"# {entry}" if entry else "")
            continue
        key, value = entry
        if isinstance(value, list):
            rendered = "[" + ", ".join(_scalar(v) for v in value) + "]"
        elif value is None:
            raise FormatError(f"TOML has no null ({key})")
        else:
            rendered = _scalar(value)
        lines.append(f"{key}={rendered}")
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key)


def _dump(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, Mapping | list) and item:
                out.append(f"{pad}{_key(key)}:")
                _dump(item, indent + 2, out)
            elif isinstance(item, Mapping):
                out.append(f"{pad}{_key(key)}: {{}}")
            elif isinstance(item, list):
                out.append(f"{pad}{_key(key)}: []")
            else:
                out.append(f"{pad}{_key(key)}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping) and item:
                sub: list[str] = []
                _dump(item, indent + 2, sub)
                out.append(f"{pad}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            elif isinstance(item, Mapping | list):
                raise FormatError("empty or nested lists inside lists are not supported")
            else:
                out.append(f"{pad}- {_scalar(item)}")
    else:
        raise FormatError("the YAML document must be a mapping or a list")


def dump_yaml(document: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """Block-style YAML for ``document``; ``header`` lines become leading comments."""
    out = [f"# {line}" if line else "#" for line in header]
    _dump(document, 0, out)
    return "\n".join(out) + "\n"


def _parse_scalar(text: str) -> Any:
    if text == "{}":
        return {}
    if text == "[]":
        return []
    if text in ("true", "false"):
        return text == "true"
    if text == "null":
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text.startswith('"'):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise FormatError(f"bad quoted scalar {text}: {exc}") from None
    raise FormatError(f"unquoted string {text!r} (the subset quotes every string)")


def _split_key(text: str) -> tuple[str, str]:
    if text.startswith('"'):
        end = json.JSONDecoder().raw_decode(text)[1]
        key, rest = json.loads(text[:end]), text[end:]
    else:
        m = re.match(r"^([A-Za-z0-9_.\-/]+)", text)
        if not m:
            raise FormatError(f"bad mapping key in {text!r}")
        key, rest = m.group(1), text[m.end() :]
    if not rest.startswith(":"):
        raise FormatError(f"expected ':' after key {key!r}")
    return key, rest[1:].strip()


def parse_yaml(text: str) -> Any:
    """Parse the block-YAML subset :func:`dump_yaml` writes."""
    lines = [
        (len(raw) - len(raw.lstrip(" ")), raw.strip())
        for raw in text.splitlines()
        if raw.strip() and not raw.lstrip().startswith("#")
    ]
    value, pos = _parse_block(lines, 0, lines[0][0] if lines else 0)
    if pos != len(lines):
        raise FormatError(f"unexpected indentation at line {lines[pos][1]!r}")
    return value


def _parse_block(lines: list[tuple[int, str]], pos: int, indent: int) -> tuple[Any, int]:
    if pos < len(lines) and lines[pos][1].startswith("- "):
        items: list[Any] = []
        while pos < len(lines) and lines[pos][0] == indent and lines[pos][1].startswith("- "):
            body = lines[pos][1][2:]
            if re.match(r'^("[^"]*"|[A-Za-z0-9_.\-/]+):( |$)', body):
                # a mapping item: re-read its first line at the item's inner indentation
                lines[pos] = (indent + 2, body)
                item, pos = _parse_block(lines, pos, indent + 2)
                items.append(item)
            else:
                items.append(_parse_scalar(body))
                pos += 1
        return items, pos
    mapping: dict[str, Any] = {}
    while pos < len(lines) and lines[pos][0] == indent and not lines[pos][1].startswith("- "):
        key, rest = _split_key(lines[pos][1])
        pos += 1
        if rest:
            mapping[key] = _parse_scalar(rest)
        elif pos < len(lines) and lines[pos][0] > indent:
            mapping[key], pos = _parse_block(lines, pos, lines[pos][0])
        else:
            mapping[key] = None
    return mapping, pos
