"""Tests of the TPFt layer: the bond token, the double-command operations, DvP, repayment and deployment."""
