"""The benchmark's outputs: ``results.json`` (the data), ``results.md`` (the tables) and ``results.png``.

``results.json`` holds ``gas`` (operation -> ``{"gas", "baseline", "baseline_gas", "ratio"}``),
``throughput`` and ``embedded`` (``{"n", "tps", "ceiling_tps", "share", "p50_ms", "p95_ms", "p99_ms",
"peak_rss_mb"}`` plus per-round detail), ``targets`` (each target's value and whether it is met), the
machine and the configuration. :func:`markdown` renders the tables ``drex bench`` prints and writes to
``results.md``; :func:`chart` draws gas next to the baselines, throughput next to the ceiling (with
Besu's published QBFT figure as a reference band, not a like-for-like result) and the latency
percentiles, with matplotlib's Agg backend (no display needed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_outputs(results: dict[str, Any], out_dir: Path) -> None:
    """Write results.json, results.md and results.png into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (out_dir / "results.md").write_text(markdown(results))
    chart(results, out_dir / "results.png")


def _yes(flag: Any) -> str:
    return "yes" if flag else "NO"


def _n(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def markdown(results: dict[str, Any]) -> str:
    """The result tables in Markdown."""
    m = results.get("machine", {})
    cfg = results.get("config", {})
    out = [
        "# drex bench: results",
        "",
        f"Generated {results.get('generated', '')} by `drex bench` in {results.get('seconds', 0)} s on "
        f"{m.get('cpus', '?')} CPUs (load average at start {m.get('load_average_at_start', '?')}), "
        f"{m.get('anvil', 'anvil')}, Python {m.get('python', '?')}. "
        "The machine is shared with other work: the numbers are noisy.",
        "",
    ]
    gas = results.get("gas")
    if gas:
        out += [
            "## Gas, next to plain OpenZeppelin baselines (same chain, same run, same compiler settings)",
            "",
            "| operation | gas | baseline | baseline gas | ratio |",
            "| --- | ---: | --- | ---: | ---: |",
        ]
        samples = results.get("gas_samples", {})
        for op, row in gas.items():
            n = samples.get(op, 1)
            label = f"{op} (median of {n})" if n > 1 else op
            out.append(
                f"| {label} | {_n(row['gas'])} | {row['baseline']} | {_n(row['baseline_gas'])} | "
                f"{row['ratio']:.3f} |"
            )
        for note in results.get("gas_notes", []):
            out.append(f"\nNote: {note}")
        out.append("")
    if results.get("privacy"):
        from drex.bench.privacy import privacy_markdown

        out += privacy_markdown(results["privacy"])
    t = results.get("throughput")
    if t:
        out += [
            f"## Throughput: {_n(t['n'])} Real Digital transfers among {t['wallets']} wallets, local anvil "
            f"(a block every {t['block_time_s']:g} s), median of {len(t['rounds'])} rounds",
            "",
            "| | SDK (drex.chain.tx.bulk) | node ceiling (pre-signed, no SDK work) |",
            "| --- | ---: | ---: |",
            f"| confirmed transfers per second | {_n(t['tps'])} | {_n(t['ceiling_tps'])} |",
            f"| share of the ceiling (median of the rounds' ratios) | {t['share']:.0%} | |",
            f"| latency submit to receipt p50 / p95 / p99 (ms) | {_n(t['p50_ms'])} / {_n(t['p95_ms'])} / "
            f"{_n(t['p99_ms'])} | {_n(t['ceiling_p50_ms'])} / {_n(t.get('ceiling_p95_ms', 0))} / "
            f"{_n(t['ceiling_p99_ms'])} |",
            f"| peak resident memory of the SDK process (MB) | {_n(t['peak_rss_mb'])} | |",
            f"| every transfer on chain exactly once (balances, events, nonces) | {_yes(t['verified'])} | |",
            "",
            "| round | ceiling tx/s | SDK tx/s | share | SDK p50/p95/p99 ms | SDK CPU s "
            "| node CPU s (SDK run / ceiling run) |",
            "| ---: | ---: | ---: | ---: | --- | ---: | --- |",
        ]
        for k, r in enumerate(t["rounds"], 1):
            s, c, cpu = r["sdk"], r["ceiling"], r["cpu_s"]
            out.append(
                f"| {k} | {_n(c['tps'])} | {_n(s['tps'])} | {r['share']:.0%} | {_n(s['p50_ms'])}/"
                f"{_n(s['p95_ms'])}/{_n(s['p99_ms'])} | {cpu['sdk_process']} | {cpu['node_during_sdk']} / "
                f"{cpu['node_during_ceiling']} |"
            )
        out.append("")
    ix = results.get("index")
    if ix and t:
        out += [
            "## Event index next to the chain (drex.index, SQLite, following from a child process)",
            "",
            "| | index | chain |",
            "| --- | ---: | ---: |",
            f"| throughput | {_n(ix['events_per_s'])} events/s (whole chain: {_n(ix['events'])} events, "
            f"{_n(ix['blocks'])} blocks in {ix['seconds']} s) | {_n(t['tps'])} transfers/s (1 event each) |",
            f"| lag at the end of round 1's SDK run (block {ix['last_block']}) | {ix['lag_s']:.2f} s | |",
            "",
        ]
    e = results.get("embedded")
    if e:
        out += [
            f"## Embedded py-evm chain (the default): {_n(e['n'])} transfers among {e['wallets']} wallets, "
            f"median of {e.get('rounds', 1)} rounds",
            "",
            "| | SDK | chain ceiling |",
            "| --- | ---: | ---: |",
            f"| transfers per second | {_n(e['tps'], 1)} | {_n(e['ceiling_tps'], 1)} |",
            f"| share of the ceiling | {e['share']:.0%} | |",
            f"| latency p50 / p95 / p99 (ms) | {_n(e['p50_ms'])} / {_n(e['p95_ms'])} / {_n(e['p99_ms'])} | |",
            f"| peak resident memory (MB) | {_n(e['peak_rss_mb'])} | |",
            f"| exactly once (balances, nonces) | {_yes(e['verified'])} | |",
            "",
        ]
    targets = results.get("targets", {})
    if targets:
        out += ["## Targets", "", "| target | measured | met |", "| --- | ---: | :---: |"]
        names = {
            "transfer_ratio": "Real Digital transfer gas at most 1.25x a plain ERC20 transfer",
            "tps": "at least 1,000 confirmed transfers per second",
            "share": "at least 70% of the node's ceiling",
            "peak_rss_mb": "SDK process peak resident memory at most 400 MB",
            "exactly_once": "every transfer on chain exactly once",
            "index_lag_s": "the index has the run's last block at most 2 s after it is produced (s)",
        }
        for key, value in targets.items():
            measured = value.get("value", "")
            if key == "share" and isinstance(measured, float):
                measured = f"{measured:.0%}"
            out.append(f"| {names.get(key, key)} | {measured} | {'yes' if value.get('met') else '**no**'} |")
        out.append("")
    ctx = results.get("context", {}).get("besu_qbft_caliper")
    if ctx:
        out += [f"Context, not a like-for-like result: {ctx}.", ""]
    if cfg:
        keys = ("batch_size", "connections", "max_in_flight", "chunk_size", "sign_workers")
        out += ["Submitter settings: " + ", ".join(f"{k}={cfg.get(k)}" for k in keys) + ".", ""]
    return "\n".join(out)


def chart(results: dict[str, Any], path: Path) -> None:
    """Gas next to baselines, throughput next to the ceiling, latency percentiles: one PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    gas = results.get("gas", {})
    t, e = results.get("throughput"), results.get("embedded")
    fig, axes = plt.subplots(1, 3, figsize=(17, 6.5), gridspec_kw={"width_ratios": [2.4, 1.2, 1.2]})
    ax = axes[0]
    if gas:
        ops = list(gas)
        y = range(len(ops))
        platform, plain = [gas[o]["gas"] for o in ops], [gas[o]["baseline_gas"] for o in ops]
        ax.barh([i + 0.2 for i in y], platform, height=0.4, label="platform", color="#1f6f8b")
        ax.barh([i - 0.2 for i in y], plain, height=0.4, label="plain OZ baseline", color="#99c24d")
        ax.set_yticks(list(y))
        ax.set_yticklabels([f"{o}  (x{gas[o]['ratio']:.2f})" for o in ops], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("gas used")
        ax.set_title("Gas: platform vs plain OpenZeppelin")
        ax.legend(fontsize=8, loc="lower right")
    else:
        ax.set_axis_off()
    ax = axes[1]
    labels, sdk, ceil = [], [], []
    if t:
        labels.append(f"anvil\n{t['n']:,} transfers")
        sdk.append(t["tps"])
        ceil.append(t["ceiling_tps"])
    if e:
        labels.append(f"embedded py-evm\n{e['n']:,} transfers")
        sdk.append(e["tps"])
        ceil.append(e["ceiling_tps"])
    if labels:
        x = range(len(labels))
        ax.bar([i - 0.2 for i in x], sdk, width=0.4, label="SDK", color="#1f6f8b")
        ax.bar([i + 0.2 for i in x], ceil, width=0.4, label="node ceiling", color="#f2a541")
        ax.axhspan(520, 645, color="#bbbbbb", alpha=0.5, label="Besu QBFT Caliper 520-645 (context)")
        ax.axhline(1000, color="#c0392b", linestyle="--", linewidth=1, label="target 1,000/s")
        ax.set_yscale("log")
        ax.set_xticks(list(x))
        ax.set_xticklabels(labels, fontsize=8)
        ax.set_ylabel("confirmed transfers per second (log)")
        ax.set_title("Throughput")
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    ax = axes[2]
    if t:
        pct = ["p50", "p95", "p99"]
        x = range(len(pct))
        sdk_ms = [t["p50_ms"], t["p95_ms"], t["p99_ms"]]
        ceiling_ms = [t.get("ceiling_p50_ms", 0), t.get("ceiling_p95_ms", 0), t.get("ceiling_p99_ms", 0)]
        ax.bar([i - 0.2 for i in x], sdk_ms, width=0.4, color="#1f6f8b", label="SDK")
        ax.bar([i + 0.2 for i in x], ceiling_ms, width=0.4, color="#f2a541", label="node ceiling")
        ax.set_xticks(list(x))
        ax.set_xticklabels(pct)
        ax.set_ylabel("ms from submit to receipt")
        ax.set_title(f"Latency (anvil, block every {t['block_time_s']:g} s)")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
