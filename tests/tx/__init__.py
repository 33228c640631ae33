"""Tests of the transaction engine (drex.chain.tx): nonces, signing, sending, failure replay."""
