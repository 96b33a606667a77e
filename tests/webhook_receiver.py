"""A real HTTP receiver on loopback for webhook tests: records each request, answers a set status or hangs."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Receiver:
    url: str
    status: int = 200
    hang: bool = False
    requests: list = field(default_factory=list)  # (headers dict, body bytes)
    received: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            receiver.requests.append((dict(self.headers.items()), body))
            receiver.received.set()
            if receiver.hang:
                receiver.release.wait(30)
            answer = b'{"ok": true}' if receiver.status < 300 else b"receiver broke: " + b"x" * 2000
            try:
                self.send_response(receiver.status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the sender gave up waiting and closed the connection
                pass

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def receiver(status: int = 200, *, hang: bool = False):
    """Serve on 127.0.0.1 at a free port until the block ends."""
    box = Receiver(url="", status=status, hang=hang)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box))
    server.daemon_threads = True
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        box.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
