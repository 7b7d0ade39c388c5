"""An HTTPS webhook receiver on 127.0.0.1 for the tests, with a certificate from its own test CA.

    receiver = start_receiver(folder, hostnames=("hooks.example.test", "127.0.0.1"))
    receiver.answers = [500, 200]        # status of each next request (then 200)
    ...                                  # deliver to receiver.url("hooks.example.test")
    receiver.requests[0].headers, .body  # what arrived
    receiver.stop()

The CA is made with ``cryptography`` (as testsupport/pki.py makes its TLS certificates): a root
and a server certificate for the given names. Clients trust ``receiver.ca_file``; verification
is never turned off. The server runs in a thread of the test process (loopback only).
"""

import datetime
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from testsupport.certificates import common_name, server_certificate


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    ca_file: Path
    answers: list = field(default_factory=list)  # int status, or ("redirect", location)
    requests: list = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, host: str = "127.0.0.1", path: str = "/hook") -> str:
        return f"https://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_certificates(folder: Path, hostnames: tuple[str, ...]) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) PEM files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(common_name("Webhook Test CA"))
        .issuer_name(common_name("Webhook Test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = server_certificate(issuer=ca, issuer_key=ca_key, public_key=key.public_key(), hostnames=hostnames, days=30)
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_file, cert_file, key_file


def start_receiver(folder: Path, hostnames: tuple[str, ...] = ("hooks.example.test", "127.0.0.1")) -> Receiver:
    ca_file, cert_file, key_file = make_certificates(folder, hostnames)
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            receiver = holder["receiver"]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            answer = receiver.answers.pop(0) if receiver.answers else 200
            if isinstance(answer, tuple):
                self.send_response(302)
                self.send_header("Location", answer[1])
            else:
                self.send_response(answer)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    receiver = Receiver(server=server, ca_file=ca_file)
    holder["receiver"] = receiver
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
