"""Roles in the interface: every link the dashboard and the overview show can be followed by the
person it is shown to (no 403 behind a link)."""

import re

import pytest
from django.urls import reverse

from samenwerkwijzer.agreements.models import DocumentKind
from samenwerkwijzer.agreements.tests.factories import frozen_agreement
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import open_round, revealed_round

HREF = re.compile(r'href="([^"]+)"')
SKIP = ("/accounts/logout", "/static/", "/media/")


def same_site_links(page: str) -> set[str]:
    links = set()
    for href in HREF.findall(page):
        href = href.replace("&amp;", "&").split("#")[0]
        if href.startswith("/") and not href.startswith("//") and not href.startswith(SKIP):
            links.add(href)
    return links


@pytest.mark.parametrize("who", ["alice", "bob", "olivia"])
@pytest.mark.parametrize("page_name", ["dashboard", "home"])
def test_no_link_on_the_dashboard_or_overview_answers_403(client, personas, who, page_name):
    revealed_round(personas, definitions.CHECKER)
    open_round(personas, definitions.TIEN_BASISVRAGEN)
    frozen_agreement(personas, DocumentKind.LETTER_OF_INTENT)
    client.force_login(getattr(personas, who))
    url = (
        reverse("collaborations:dashboard", args=[personas.collaboration.pk])
        if page_name == "dashboard"
        else reverse("core:home")
    )
    links = same_site_links(client.get(url).content.decode())
    assert links
    refused = [link for link in sorted(links) if client.get(link).status_code == 403]
    assert refused == []
