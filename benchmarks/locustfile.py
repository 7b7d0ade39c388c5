"""Load profile: logged-in demo users browsing their dashboards and collaboration pages.

Run by scripts/benchmark_load.py; the "floor" user class hits the trivial /health/live view (no session, no database).
"OnePage" users request only the page named in LOAD_PAGE (one of PAGES), so that page's own throughput
can be set against the floor's in the same run. "RegistryChecker" users ask for reliability checks of
their partners: the request only queues the check (the worker beside gunicorn does the look-up).
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, constant, task

DEMO_USERS = ["alice@example.org", "bob@example.org", "charlie@example.org", "olga@example.org"]
PASSWORD = "Samenwerken-2026!"
_next_user = itertools.cycle(DEMO_USERS)
# "browse": people reading a page between clicks (0.5-1.5 s); "saturate": no pause, to find capacity.
MODE = os.environ.get("LOAD_MODE", "browse")
# The pages measured one by one: name -> address of a collaboration's page.
PAGES = {
    "dashboard": "/collaborations/{pk}/",
    "participants": "/collaborations/{pk}/participants/",
    "rounds": "/instruments/collaborations/{pk}/",
    "work plan": "/workspace/collaborations/{pk}/plan/",
    "audit log": "/collaborations/{pk}/audit-log/",
}


def _wait():
    return between(0.5, 1.5) if MODE == "browse" else constant(0)


class LoggedIn(HttpUser):
    """Logs in as the next demo user and knows the collaborations it sees; no tasks of its own."""

    abstract = True
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

    def visit(self, name):
        """One page of one of the user's collaborations: a person opens one page, then reads it."""
        if not self.collaborations:
            return
        pk = random.choice(self.collaborations)  # noqa: S311 (a load profile, not a secret)
        self.client.get(PAGES[name].format(pk=pk), name=name)


class CollaborationBrowser(LoggedIn):
    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(5)
    def dashboard(self):
        self.visit("dashboard")

    @task(2)
    def participants(self):
        self.visit("participants")

    @task(2)
    def rounds(self):
        self.visit("rounds")

    @task(2)
    def work_plan(self):
        self.visit("work plan")

    @task(1)
    def audit_log(self):
        self.visit("audit log")


class OnePage(LoggedIn):
    """Only the page named in LOAD_PAGE (home: "/")."""

    @task
    def one_page(self):
        page = os.environ["LOAD_PAGE"]
        if page == "home":
            self.client.get("/", name="home")
        else:
            self.visit(page)


class RegistryChecker(LoggedIn):
    """Opens a partner's reliability check and asks for a new one (the request that must answer at once)."""

    def on_start(self):
        super().on_start()
        self.checks = []
        for pk in self.collaborations:
            page = self.client.get(PAGES["participants"].format(pk=pk), name="participants")
            self.checks += re.findall(r'href="(/registry/collaborations/\d+/participants/\d+/)"', page.text)

    @task
    def check(self):
        """Opens one partner's check page, reads it (the same pause as between pages) and asks for a new check."""
        if not self.checks:
            return
        url = random.choice(self.checks)  # noqa: S311 (a load profile, not a secret)
        page = self.client.get(url, name="reliability check page")
        if 'action="' + url + 'run/"' not in page.text:
            return  # an observer's view, or a check still pending: nothing to ask
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.wait()
        self.client.post(
            url + "run/",
            {"csrfmiddlewaretoken": token},
            headers={"Referer": self.host + url},
            name="reliability check (queued)",
            allow_redirects=False,
        )


class Floor(HttpUser):
    wait_time = _wait()

    @task
    def health(self):
        self.client.get("/health/live", name="floor (/health/live)")
