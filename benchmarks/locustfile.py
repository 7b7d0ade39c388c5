"""Load profile: logged-in demo users browsing their dashboards and collaboration pages.

Run by scripts/benchmark_load.py; the "floor" user class hits the trivial /health/live view (no session, no database).
"""

import itertools
import os
import re

from locust import HttpUser, between, constant, task

DEMO_USERS = ["alice@example.org", "bob@example.org", "charlie@example.org", "olga@example.org"]
PASSWORD = "Samenwerken-2026!"
_next_user = itertools.cycle(DEMO_USERS)
# "browse": people reading a page between clicks (0.5-1.5 s); "saturate": no pause, to find capacity.
MODE = os.environ.get("LOAD_MODE", "browse")


def _wait():
    return between(0.5, 1.5) if MODE == "browse" else constant(0)


class CollaborationBrowser(HttpUser):
    wait_time = _wait()

    def on_start(self):
        email = next(_next_user)
        page = self.client.get("/accounts/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )
        home = self.client.get("/", name="first page after login")
        self.collaborations = sorted(set(re.findall(r'href="/collaborations/(\d+)/"', home.text)))

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(5)
    def dashboard(self):
        for pk in self.collaborations:
            self.client.get(f"/collaborations/{pk}/", name="dashboard")

    @task(2)
    def participants(self):
        for pk in self.collaborations:
            self.client.get(f"/collaborations/{pk}/participants/", name="participants")

    @task(1)
    def audit_log(self):
        for pk in self.collaborations:
            self.client.get(f"/collaborations/{pk}/audit-log/", name="audit log")


class Floor(HttpUser):
    wait_time = _wait()

    @task
    def health(self):
        self.client.get("/health/live", name="floor (/health/live)")
