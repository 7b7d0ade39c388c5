"""The axe check of the browser tests, run once per page state in a test process.

axe's verdict depends on the DOM, the viewport and the media the page is shown for (the stylesheets
are the same files throughout a run). When a test shows a page state that an earlier check in the
same process already found free of violations, ``assert_accessible`` skips the second axe run (about
half a second each). The key is the viewport, the emulated media, a hash of
``document.documentElement.outerHTML`` in which the per-request random values are masked (the
CSRF tokens of the form fields and of htmx's ``X-CSRFToken`` header, and CSP nonces), and what the
markup does not show: the focused and hovered elements, the scroll position and the form controls'
current values (their masked tokens included).

Only clean verdicts are remembered: a page with violations is checked, and fails, every time.
``counts`` has the axe runs and the skipped ones; the root conftest.py prints it at the end of the session.
"""

import hashlib
import time

from testsupport import browser

# The page state axe's verdict depends on, with the per-request random values masked.
PAGE_STATE = r"""() => {
  let html = document.documentElement.outerHTML;
  const tokens = new Set();
  document.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach((input) => tokens.add(input.value));
  document.querySelectorAll('[hx-headers]').forEach((element) => {
    const match = /"X-CSRFToken"\s*:\s*"([^"]+)"/.exec(element.getAttribute('hx-headers'));
    if (match) tokens.add(match[1]);
  });
  for (const token of tokens) {
    if (token) html = html.split(token).join('CSRF');
  }
  html = html.replace(/\snonce="[^"]*"/g, ' nonce=""');
  const media = ['print', '(prefers-color-scheme: dark)', '(prefers-reduced-motion: reduce)', '(forced-colors: active)']
    .map((query) => matchMedia(query).matches ? '1' : '0').join('');
  // What the markup does not show: focus, hover, scroll position and the controls' current values.
  const all = Array.from(document.querySelectorAll('*'));
  const hovered = Array.from(document.querySelectorAll(':hover')).map((element) => all.indexOf(element));
  const controls = Array.from(document.querySelectorAll('input:not([name=csrfmiddlewaretoken]), select, textarea'))
    .map((control) => [control.value, control.checked]);
  const live = JSON.stringify([all.indexOf(document.activeElement), hovered, window.scrollX, window.scrollY, controls]);
  return [window.innerWidth, window.innerHeight, window.devicePixelRatio, media, live + html];
}"""

_clean: set[tuple] = set()
counts = {"run": 0, "skipped": 0, "seconds": 0.0}  # axe runs, their time, and the repeats skipped

_real_assert_accessible = browser.assert_accessible


def page_state(page) -> tuple:
    width, height, ratio, media, html = page.evaluate(PAGE_STATE)
    return (width, height, ratio, media, hashlib.sha256(html.encode()).hexdigest())


def assert_accessible(page) -> None:
    """``testsupport.browser.assert_accessible``, skipped for a page state already found clean."""
    key = page_state(page)
    if key in _clean:
        counts["skipped"] += 1
        return
    counts["run"] += 1
    started = time.monotonic()
    try:
        _real_assert_accessible(page)
    finally:
        counts["seconds"] += time.monotonic() - started
    _clean.add(key)


def forget() -> None:
    """Start without remembered verdicts (for tests of this module)."""
    _clean.clear()
