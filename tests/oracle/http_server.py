"""A real HTTP server on 127.0.0.1 answering recorded responses, for the tests of the oracle's sources: the
client under test talks HTTP to it over a socket; nothing of the client is patched.

A recording (``tests/oracle/recorded/**/*.http``) is one exchange::

    # comment lines: what the recording is, where its shape comes from
    GET /dados/serie/bcdata.sgs.11/dados?formato=json&dataInicial=02/01/2025&dataFinal=02/01/2025
    HTTP/1.1 200 OK
    Content-Type: application/json; charset=utf-8

    [{"data":"02/01/2025","valor":"0.045513"}]

the request line (method and target, matched exactly: path and query as the client sends them), the status
line, the headers, a blank line and the body: every byte after the blank line, to the end of the file.

:meth:`RecordedServer.serve` queues recordings; requests for the same target get them in the order queued,
the last one again for any further request (a server that keeps failing). A request no recording matches
gets a 404 and is listed in :attr:`RecordedServer.unmatched`: the fixtures fail the test for it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

#: The recordings shipped with the tests.
RECORDED = Path(__file__).parent / "recorded"


@dataclass(frozen=True)
class Recording:
    """One recorded exchange."""

    name: str
    method: str
    target: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def load_recording(path: Path, name: str) -> Recording:
    """Parse the recording file ``path`` (see the module's documentation)."""
    data = path.read_bytes()
    head, separator, body = data.partition(b"\n\n")
    if not separator:
        raise ValueError(f"{path}: no blank line between the headers and the body")
    lines = [line for line in head.decode().split("\n") if not line.startswith("#")]
    if len(lines) < 2:
        raise ValueError(f"{path}: needs a request line and a status line")
    method, target = lines[0].split(" ", 1)
    _, status, reason = lines[1].split(" ", 2)
    headers = tuple(
        (key.strip(), value.strip()) for key, _, value in (line.partition(":") for line in lines[2:])
    )
    return Recording(name, method, target, int(status), reason, headers, body)


class RecordedServer:
    """A threading HTTP server on a free port of 127.0.0.1, serving recordings from ``root``."""

    def __init__(self, root: Path = RECORDED) -> None:
        self.root = root
        #: Every request's target, in the order they arrived.
        self.requests: list[str] = []
        #: The headers of every request, in the same order.
        self.headers: list[dict[str, str]] = []
        #: Targets of the requests no recording matched.
        self.unmatched: list[str] = []
        self._queues: dict[tuple[str, str], list[Recording]] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        # A short poll interval: shutdown() waits for the serving loop's next poll.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.02,), name="recorded-http", daemon=True
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def recording(self, name: str) -> Recording:
        """The recording ``name`` (a path under the root, without ``.http``)."""
        return load_recording(self.root / f"{name}.http", name)

    def serve(self, *names: str) -> list[Recording]:
        """Queue the recordings ``names`` (paths under the root, without ``.http``), in order."""
        recordings = [self.recording(name) for name in names]
        with self._lock:
            for recording in recordings:
                self._queues.setdefault((recording.method, recording.target), []).append(recording)
        return recordings

    def count(self, target: str) -> int:
        """How many requests for ``target`` arrived."""
        with self._lock:
            return self.requests.count(target)

    def answer(self, method: str, target: str, headers: dict[str, str]) -> Recording | None:
        """The recording for a request (None: unmatched), noting the request."""
        with self._lock:
            self.requests.append(target)
            self.headers.append(headers)
            queue = self._queues.get((method, target))
            if not queue:
                self.unmatched.append(target)
                return None
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> RecordedServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _handler(server: RecordedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            recording = server.answer("GET", self.path, dict(self.headers.items()))
            if recording is None:
                body = f"no recording for GET {self.path}\n".encode()
                self.send_response(404, "No Recording")
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(recording.status, recording.reason)
            for key, value in recording.headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(recording.body)))
            self.end_headers()
            self.wfile.write(recording.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the tests assert on RecordedServer.requests instead

    return Handler
