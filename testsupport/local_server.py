"""A stdlib HTTP server on 127.0.0.1 in a thread: the ground the test doubles stand on (the fake KVK
and CIR services, the recording proxy in front of the local OpenID Connect provider)."""

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalServer:
    """Use as a context manager. A subclass answers in ``handle``, which gets the method, the
    path, the request headers and body, and returns the status, response headers (a dict, or a list
    of name-value pairs where a name repeats) and payload."""

    def __init__(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _respond(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, headers, payload = fake.handle(self.command, self.path, self.headers, body)
                self.send_response(status)
                for name, value in headers.items() if isinstance(headers, dict) else headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)  # the timeout test's client may have given up

            do_GET = do_POST = do_PUT = _respond

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handle(self, method: str, path: str, headers, body: bytes) -> tuple[int, dict, bytes]:
        raise NotImplementedError

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
