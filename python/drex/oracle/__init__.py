"""Reference-data oracles off chain: the sources reporters read (:mod:`drex.oracle.sources`: the central
bank's SGS API, the PTAX OData service, an operator's CSV file) and the reporters that sign what they read
and publish it to the ``ReferenceData`` contract.
"""
