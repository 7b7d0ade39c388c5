"""The browser tests' axe check runs once per page state (testsupport/axe_cache.py), and still fails
on every check of a page with a violation."""

import pytest

from testsupport import axe_cache

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADD_IMAGE_WITHOUT_ALT = "document.querySelector('main').insertAdjacentHTML('beforeend', '<img id=no-alt src=/x.png>')"


def test_a_page_state_is_checked_once_and_a_violation_every_time(new_page):
    axe_cache.forget()
    visitor = new_page()
    visitor.goto("/")
    runs = axe_cache.counts["run"]
    # The same page again, with new CSRF tokens: the same state, no second axe run.
    visitor.goto("/")
    visitor.check()
    assert axe_cache.counts["run"] - runs == 0
    # A violation fails each check; a verdict with violations is never remembered.
    visitor.page.evaluate(ADD_IMAGE_WITHOUT_ALT)
    for _ in range(2):
        with pytest.raises(AssertionError, match="image-alt"):
            visitor.check()
    assert axe_cache.counts["run"] - runs == 2
    # Back to the clean state: remembered; another width is another state.
    visitor.page.evaluate("document.getElementById('no-alt').remove()")
    visitor.check()
    assert axe_cache.counts["run"] - runs == 2
    visitor.page.set_viewport_size({"width": 390, "height": 844})
    visitor.check()
    assert axe_cache.counts["run"] - runs == 3
