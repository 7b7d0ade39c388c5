"""The browser tests' live server, one request at a time on an in-memory SQLite database.

With SQLite in memory, Django's live server hands its one database connection to every request
thread. Two requests at once (an htmx autosave while the form is submitted) then share that
connection: the second one's transaction starts inside the first's and fails, and the connection
can stay inside a transaction for the rest of the test worker (its on-commit work, such as a mail,
never runs). Production has a connection per thread and does not need this.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class OneRequestAtATimeWSGIServer(ThreadedWSGIServer):
    """Accepts connections in threads (browsers keep several open) but runs the application for
    one request at a time when the database connection is shared."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, connections_override=connections_override, **kwargs)
        self._shares_a_connection = bool(connections_override)
        self._application_lock = threading.Lock()

    def get_app(self):
        application = super().get_app()
        if not self._shares_a_connection:
            return application

        def one_at_a_time(environ, start_response):
            with self._application_lock:
                response = application(environ, start_response)
                # Read the body inside the lock too: a streamed body may still query.
                body = b"".join(response)
                close = getattr(response, "close", None)
                if close is not None:
                    close()
                return [body]

        return one_at_a_time


def install():
    LiveServerThread.server_class = OneRequestAtATimeWSGIServer
