"""Tests of the money layer: Real Digital, Real Tokenizado, STR, accounts, KeyDictionary and swaps."""
