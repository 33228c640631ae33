"""A real JSON-RPC server on 127.0.0.1 standing between the index and anvil, misbehaving on purpose.

It forwards every request (single or batch) to the upstream node, except that it refuses ``eth_getLogs``
over more than ``max_logs_range`` blocks (as Besu does over 1,000 by default) and leaves out the receipts
of the transactions in ``drop_receipts`` (as a Besu node has been seen doing), from
``eth_getBlockReceipts`` and ``eth_getTransactionReceipt`` alike. It records the ranges of the
``eth_getLogs`` it answered. With ``head`` set it plays a node that is behind (lagging, restarted): its
``eth_blockNumber`` is ``head`` and it has no block above it; with ``hide_above`` set it plays a load
balancer whose backend is behind the head it announced: ``eth_blockNumber`` is the upstream's but blocks
above ``hide_above`` are not found.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class RpcProxy:
    def __init__(self, upstream: str, *, max_logs_range: int | None = None):
        self.upstream = upstream
        self.max_logs_range = max_logs_range
        self.drop_receipts: set[str] = set()
        self.log_ranges: list[tuple[int, int]] = []
        self.refused: list[tuple[int, int]] = []
        self.head: int | None = None
        self.hide_above: int | None = None
        self.block_reads = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                answer = proxy.handle(body)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _forward(self, body: Any) -> Any:
        request = urllib.request.Request(
            self.upstream, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def handle(self, body: Any) -> Any:
        if isinstance(body, list):
            return [self._one(item) for item in body]
        return self._one(body)

    def _one(self, call: dict[str, Any]) -> dict[str, Any]:
        method, params = call.get("method"), call.get("params") or []
        nothing = {"jsonrpc": "2.0", "id": call.get("id"), "result": None}
        if method == "eth_blockNumber" and self.head is not None:
            return {"jsonrpc": "2.0", "id": call.get("id"), "result": hex(self.head)}
        if method == "eth_getBlockByNumber":
            self.block_reads += 1
            top = self.head if self.head is not None else self.hide_above
            if top is not None:
                if params[0] == "latest":
                    params = [hex(top), *params[1:]]
                    call = {**call, "params": params}
                if params[0].startswith("0x") and int(params[0], 16) > top:
                    return nothing
        if method == "eth_getLogs" and self.max_logs_range is not None:
            first, last = int(params[0]["fromBlock"], 16), int(params[0]["toBlock"], 16)
            if last - first + 1 > self.max_logs_range:
                self.refused.append((first, last))
                error = {"code": -32005, "message": f"exceeds max range of {self.max_logs_range} blocks"}
                return {"jsonrpc": "2.0", "id": call.get("id"), "error": error}
            self.log_ranges.append((first, last))
        answer: dict[str, Any] = self._forward(call)
        dropped = {h.lower() for h in self.drop_receipts}
        if method == "eth_getBlockReceipts" and isinstance(answer.get("result"), list):
            answer["result"] = [r for r in answer["result"] if r["transactionHash"].lower() not in dropped]
        if method == "eth_getTransactionReceipt" and params and str(params[0]).lower() in dropped:
            answer["result"] = None
        return answer
