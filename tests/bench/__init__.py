"""Tests of the bulk submitter, its fault handling and the ``drex bench`` command."""
