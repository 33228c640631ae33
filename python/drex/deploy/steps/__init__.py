"""Deployment steps, one module per domain of the platform (registry, realdigital, tpft)."""
