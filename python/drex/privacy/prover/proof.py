"""A Groth16 proof as the Solidity verifier takes it, from snarkjs' JSON.

snarkjs writes G2 points as ``[[x.c0, x.c1], [y.c0, y.c1]]``; the EVM's pairing precompile (EIP-197), and
so the exported verifier, wants each coordinate as ``(c1, c0)``. :meth:`Proof.from_snarkjs` applies the
swap snarkjs' own ``exportSolidityCallData`` applies, and drops the projective ``z`` (always 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

G1 = tuple[int, int]
G2 = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Proof:
    """``verifyProof(a, b, c, publicSignals)`` arguments of the exported verifier, as ints."""

    a: G1
    b: G2
    c: G1
    public_signals: tuple[int, ...]

    @classmethod
    def from_snarkjs(cls, proof: Mapping[str, Any], public_signals: Sequence[str | int]) -> Proof:
        pa, pb, pc = proof["pi_a"], proof["pi_b"], proof["pi_c"]
        return cls(
            a=(int(pa[0]), int(pa[1])),
            b=((int(pb[0][1]), int(pb[0][0])), (int(pb[1][1]), int(pb[1][0]))),
            c=(int(pc[0]), int(pc[1])),
            public_signals=tuple(int(s) for s in public_signals),
        )

    def to_snarkjs(self) -> tuple[dict[str, Any], list[str]]:
        """Back to snarkjs' JSON (``proof``, ``publicSignals``), e.g. for ``snarkjs groth16 verify``."""
        (b00, b01), (b10, b11) = self.b
        proof = {
            "pi_a": [str(self.a[0]), str(self.a[1]), "1"],
            "pi_b": [[str(b01), str(b00)], [str(b11), str(b10)], ["1", "0"]],
            "pi_c": [str(self.c[0]), str(self.c[1]), "1"],
            "protocol": "groth16",
            "curve": "bn128",
        }
        return proof, [str(s) for s in self.public_signals]

    def calldata(self) -> tuple[G1, G2, G1, tuple[int, ...]]:
        """The four arguments of ``verifyProof``, in order."""
        return self.a, self.b, self.c, self.public_signals
