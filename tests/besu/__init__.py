"""Tests of drex.besu: Besu network definitions, permissioning and validator governance."""
