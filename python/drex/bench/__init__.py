"""drex.bench: the benchmark behind ``drex bench`` (a command, not part of the test suite).

It measures gas of every platform operation next to a plain OpenZeppelin baseline compiled the same way
(:mod:`drex.bench.gas`), the throughput of Real Digital transfers signed and sent by the SDK's bulk
submitter next to the node's own ceiling on a local anvil chain and on the embedded py-evm chain
(:mod:`drex.bench.throughput`), latency percentiles and the SDK process's peak memory, and writes
``bench/results.json``, ``bench/results.md`` and ``bench/results.png`` (:mod:`drex.bench.report`).
:func:`run_bench` with a :class:`BenchConfig` runs it all (:mod:`drex.bench.runner`).
"""

from drex.bench.runner import BenchConfig, run_bench

__all__ = ["BenchConfig", "run_bench"]
