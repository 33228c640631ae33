"""Names a package loads on first use (a module ``__getattr__``, PEP 562), so importing it stays cheap.

>>> namespace = {"__name__": "example"}
>>> getattr_ = lazy_getattr(namespace, {"Fraction": "fractions"})
>>> getattr_("Fraction")(1, 3), "Fraction" in namespace
(Fraction(1, 3), True)
>>> getattr_("Missing")
Traceback (most recent call last):
AttributeError: module 'example' has no attribute 'Missing'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(namespace: dict[str, Any], names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for the package whose ``globals()`` is ``namespace``: each name of ``names``
    is imported from the module it maps to when first asked for, then kept in ``namespace``; any other name
    is an AttributeError."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__


__all__ = ["lazy_getattr"]
