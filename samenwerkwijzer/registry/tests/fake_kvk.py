"""A local stand-in for the KVK API: serves the recorded responses in ``fixtures/``.

Runs a stdlib HTTP server on 127.0.0.1 in a thread. Besides the recorded numbers it knows a
few numbers that misbehave on purpose:

- 90004973 answers 401 (bad API key), 90002903 answers 500,
- 11111111 answers 429 once and then the recording of 69599084, 22222222 always answers 429,
- 33333333 answers too slowly (after ``slow_seconds``).
"""

import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from testsupport.local_server import LocalServer

FIXTURES = Path(__file__).parent / "fixtures"
API_KEY = "test-api-key"

ROUTES = {
    ("basisprofielen", "69599084"): (200, "basisprofielen-v1_69599084_200_2026-08-20.json"),
    ("zoeken", "69599084"): (200, "zoeken-v2_kvkNummer-69599084_200_2026-08-20.json"),
    ("basisprofielen", "12345678"): (404, "basisprofielen-v1_12345678_404_2026-08-20.json"),
    ("zoeken", "12345678"): (404, "zoeken-v2_kvkNummer-12345678_404_2026-08-20.json"),
    ("basisprofielen", "90000749"): (200, "basisprofielen-v1_90000749_200_2026-08-20.json"),
    ("basisprofielen", "90006623"): (200, "basisprofielen-v1_90006623_200_geodata_minvws.json"),
    ("basisprofielen", "69599000"): (200, "basisprofielen-v1_69599084_200_2025-06-30.json"),
}
ERRORS = {
    401: {"fout": [{"code": "TEST401", "omschrijving": "Geen of onjuiste apikey aangeleverd"}]},
    429: {"fout": [{"code": "TEST429", "omschrijving": "Te veel verzoeken"}]},
    500: {"fout": [{"code": "TEST500", "omschrijving": "Er is een interne fout opgetreden"}]},
    404: {"fout": [{"code": "IPD5200", "omschrijving": "Er zijn geen gegevens gevonden."}]},
}


class FakeKvk(LocalServer):
    def __init__(self, slow_seconds: float = 1.0):
        super().__init__()
        self.requests: list[str] = []
        self.slow_seconds = slow_seconds
        self.seen_429: set[str] = set()

    def handle(self, method, path, headers, body):
        if method != "GET":
            return 405, {}, b""
        self.requests.append(path)
        status, answer = self.answer(path, headers.get("apikey"))
        response_headers = {"Content-Type": "application/json"}
        if status == 429:
            response_headers["Retry-After"] = "0"
        return status, response_headers, json.dumps(answer).encode()

    @property
    def base_url(self) -> str:
        return self.origin

    def answer(self, path: str, api_key: str | None):
        url = urlparse(path)
        if api_key != API_KEY:
            return 401, ERRORS[401]
        if url.path == "/v2/zoeken":
            api, number = "zoeken", parse_qs(url.query).get("kvkNummer", [""])[0]
        elif url.path.startswith("/v1/basisprofielen/"):
            api, number = "basisprofielen", url.path.rsplit("/", 1)[1]
        else:
            return 404, ERRORS[404]
        if number == "90004973":
            return 401, ERRORS[401]
        if number == "90002903":
            return 500, ERRORS[500]
        if number == "22222222" or (number == "11111111" and path not in self.seen_429):
            self.seen_429.add(path)
            return 429, ERRORS[429]
        if number == "11111111":
            number = "69599084"
        if number == "33333333":
            time.sleep(self.slow_seconds)
            number = "69599084"
        status, name = ROUTES.get((api, number), (404, None))
        if name is None:
            return 404, ERRORS[404]
        return status, json.loads((FIXTURES / name).read_text(encoding="utf-8"))
