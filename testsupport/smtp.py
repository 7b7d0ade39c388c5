"""A real SMTP server for the production job: STARTTLS, AUTH only over TLS, mail saved to a Maildir.

    python -m testsupport.smtp --port 8025 --cert CHAIN.pem --key KEY.pem --maildir DIR \
        --user USER --password PASSWORD

It is aiosmtpd (PyPI) with a certificate from the test PKI; Django's SMTP backend connects with
``EMAIL_URL=smtp+tls://USER:PASSWORD@localhost:PORT`` and verifies the certificate through
``SSL_CERT_FILE``. Each accepted message is one file in DIR/new.
"""

import argparse
import asyncio
import mailbox
import os
import ssl
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class MaildirHandler:
    def __init__(self, folder: str, delay: float = 0.0):
        self.maildir = mailbox.Maildir(folder, create=True)
        self.delay = delay
        # The messages waiting in the delay right now, in <maildir>/waiting: the moment (epoch seconds)
        # each began to wait, one per line. The multi-node job kills a node while a message of each
        # node waits here, long enough before the server says "250".
        self.waiting: list[float] = []
        self.waiting_file = os.path.join(folder, "waiting")

    def _write_waiting(self) -> None:
        with open(self.waiting_file + ".tmp", "w") as status:
            status.write("".join(f"{began}\n" for began in self.waiting))
        os.replace(self.waiting_file + ".tmp", self.waiting_file)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:  # a slow server (the multi-node job kills a sender while it waits here)
            began = time.time()
            self.waiting.append(began)
            self._write_waiting()
            try:
                await asyncio.sleep(self.delay)
            finally:
                self.waiting.remove(began)
                self._write_waiting()
            transport = getattr(server, "transport", None)
            if transport is None or transport.is_closing():
                return "421 Connection gone before the message was accepted"  # the sender never hears "250"
        self.maildir.add(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
        ok = ok and auth_data.password.decode() == password
        return AuthResult(success=ok)

    return check


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before a message is accepted")
    arguments = parser.parse_args()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(arguments.cert, arguments.key)
    controller = Controller(
        MaildirHandler(arguments.maildir, arguments.delay),
        hostname="127.0.0.1",
        port=arguments.port,
        server_hostname="localhost",
        tls_context=context,
        require_starttls=True,
        auth_require_tls=True,
        authenticator=authenticator(arguments.user, arguments.password),
    )
    controller.start()
    print(f"SMTP on 127.0.0.1:{arguments.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
