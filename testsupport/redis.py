"""A real Redis server for the shared-cache tests: Debian's ``redis-server`` (scripts/bootstrap.sh
installs it), on a free loopback port, without persistence, in a folder of its own.

    server = start_redis(tmp_path)
    server.url   # redis://127.0.0.1:PORT/0, what an operator puts in CACHE_URL
    server.stop()

redis-server cannot listen on port 0 (a port chosen by the system), so a free port is picked first;
if another process takes it in between, the next one is tried.
"""

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis


@dataclass
class RedisServer:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        """A connection of its own (not Django's): what another node sees."""
        return redis.Redis.from_url(self.url)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(folder: Path, *, tries: int = 3) -> RedisServer:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed: run scripts/bootstrap.sh (Debian package redis-server)")
    for _ in range(tries):
        port = _free_port()
        options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        process = subprocess.Popen(
            [binary, *options, "--dir", str(folder), "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        server = RedisServer(process=process, port=port)
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if server.client().ping():
                    return server
            except redis.ConnectionError:
                time.sleep(0.05)
        server.stop()  # it exited (port taken) or never answered: try another port
    raise RuntimeError(f"redis-server did not start: {process.stderr.read().decode(errors='replace')[-500:]}")
