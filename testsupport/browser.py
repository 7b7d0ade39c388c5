"""Browser test support: Chromium via Playwright, and axe-core checks on every page.

Used by the end-to-end tests of every app (fixtures in the root conftest.py).
"""

import os
import shutil

from axe_playwright_python.sync_playwright import Axe

# Only the violations come back with their elements (axe then skips collecting the elements of
# every rule that passed: the same verdict, a much smaller answer).
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_axe = Axe()

# True when no htmx request, swap or settle is under way (htmx marks the elements concerned).
HTMX_QUIET = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"


def chromium_executable() -> str | None:
    """The system Chromium where there is one; otherwise Playwright's own download."""
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    return os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or None


def assert_accessible(page) -> None:
    """Fail with a readable report when axe finds WCAG 2.1 A/AA violations on the page."""
    results = _axe.run(page, options=WCAG_21_AA)
    violations = results.response["violations"]
    if violations:
        lines = [f"{page.url}: {len(violations)} accessibility violation(s)"]
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"]][:3]
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        raise AssertionError("\n".join(lines))


class CheckedPage:
    """Wraps a Playwright page so that every navigation ends with an axe check."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.checked_urls: list[str] = []
        # Anything the Content-Security-Policy blocked (an inline style or script, eval) shows up
        # as a console error; every check fails on one.
        self.csp_violations: list[str] = []
        page.on("console", self._note_csp_violation)

    def _note_csp_violation(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def check(self) -> None:
        self.settle()
        assert not self.csp_violations, "\n".join(self.csp_violations)
        assert_accessible(self.page)
        self.checked_urls.append(self.page.url)

    def settle(self) -> None:
        """Wait until the page has loaded and no htmx request or swap is under way.

        Not Playwright's "networkidle": that waits for half a second without any request after
        every navigation (a quarter of the browser tests' time), and our pages load nothing after
        their "load" event except through htmx, whose requests and swaps mark their elements.
        """
        self.page.wait_for_load_state("load")
        self.page.wait_for_function(HTMX_QUIET)

    def goto(self, path: str) -> None:
        url = path if path.startswith("http") else self.base_url + path
        self.page.goto(url)
        self.check()

    def submit(self, selector: str = "main button[type=submit]") -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()
        self.check()

    def follow(self, link_text: str, within: str = "main") -> None:
        with self.page.expect_navigation():
            self.page.locator(within).get_by_role("link", name=link_text).first.click()
        self.check()
