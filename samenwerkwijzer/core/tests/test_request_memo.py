"""The request memo (lib/request_memo.py): shared inside one ``with request_memo():`` block, never
outside it, never between two blocks (two requests) and never between threads."""

import threading
from html import escape

import pytest
from django.urls import reverse

from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.lib.request_memo import is_active, memo, memo_per_id, request_memo
from testsupport.factories import MembershipFactory


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_outside_a_block_it_computes_every_time():
    compute = Counter()
    assert not is_active()
    assert [memo(("test", 1), compute), memo(("test", 1), compute)] == [1, 2]


def test_inside_a_block_it_computes_once_per_key():
    compute = Counter()
    with request_memo():
        assert is_active()
        assert memo(("test", 1), compute) == 1
        assert memo(("test", 1), compute) == 1
        assert memo(("test", 2), compute) == 2
    assert compute.calls == 2


def test_nothing_is_kept_after_the_block_nor_seen_by_the_next():
    compute = Counter()
    with request_memo():
        memo(("test", 1), compute)
    assert not is_active()
    assert memo(("test", 1), compute) == 2  # after the block: read afresh
    with request_memo():
        assert memo(("test", 1), compute) == 3  # the next request: its own memo


def test_a_block_ends_also_when_the_request_fails():
    compute = Counter()
    try:
        with request_memo():
            memo(("test", 1), compute)
            raise RuntimeError
    except RuntimeError:
        pass
    assert not is_active()
    with request_memo():
        assert memo(("test", 1), compute) == 2


def test_a_block_inside_an_open_block_shares_it_and_leaves_it_open():
    compute = Counter()
    with request_memo():
        memo(("test", 1), compute)
        with request_memo():
            assert memo(("test", 1), compute) == 1
        assert is_active()
        assert memo(("test", 1), compute) == 1


def test_another_thread_does_not_see_the_block():
    compute = Counter()
    seen = []
    with request_memo():
        memo(("test", 1), compute)
        thread = threading.Thread(target=lambda: seen.append((is_active(), memo(("test", 1), compute))))
        thread.start()
        thread.join()
    assert seen == [(False, 2)]


def test_per_id_it_reads_only_the_ids_it_has_not_read_yet_and_fills_in_the_default():
    asked = []

    def read(ids):
        asked.append(list(ids))
        return {pk: pk * 10 for pk in ids if pk != 3}

    with request_memo():
        assert memo_per_id("test.values", [1, 3], read, int) == {1: 10, 3: 0}
        assert memo_per_id("test.values", [3, 2, 1, 2], read, int) == {3: 0, 2: 20, 1: 10}
        assert memo_per_id("test.values", [1, 2], read, int) == {1: 10, 2: 20}
        assert memo_per_id("test.other", [1], read, int) == {1: 10}  # another name is another value
    assert asked == [[1, 3], [2], [1]]


def test_per_id_outside_a_block_it_reads_every_time_and_not_for_no_ids():
    asked = []

    def read(ids):
        asked.append(list(ids))
        return {pk: pk for pk in ids if pk != 3}

    assert memo_per_id("test.values", [1, 3], read, tuple) == {1: 1, 3: ()}
    assert memo_per_id("test.values", [1], read, tuple) == {1: 1}
    assert memo_per_id("test.values", [], read, tuple) == {}
    assert asked == [[1, 3], [1]]


@pytest.mark.django_db
def test_each_dashboard_request_reads_afresh_and_leaves_no_memo_behind(client, personas):
    """The dashboard opens a memo per request: a partner added between two requests is on the second."""
    url = reverse("collaborations:dashboard", args=[personas.collaboration.pk])
    client.force_login(personas.alice)
    organisation = MembershipFactory().organisation
    assert escape(organisation.name) not in client.get(url).content.decode()
    assert not is_active()

    Participant.objects.create(collaboration=personas.collaboration, organisation=organisation)
    assert escape(organisation.name) in client.get(url).content.decode()
    assert not is_active()
