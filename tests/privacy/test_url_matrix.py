"""Every page under /privacy/ is for the privacy officer alone. This walks all of them, so a
page added later cannot ship without the check: every other role gets a 404 for GET and
POST (logged as denied, nothing written), an anonymous visitor the login page, and the
privacy officer never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from privacy.models import AccessLog, PrivacyRequest, ReviewItem

OTHER_ROLES = ["professional_a", "teamleider_a", "beleidsmedewerker", "partner", "beheerder"]


def _privacy_urls() -> list[str]:
    """Each /privacy/ URL, with 1 for every id in it."""
    resolver = get_resolver().namespace_dict["privacy"][1]
    urls = []
    for pattern in resolver.url_patterns:
        if not str(pattern.pattern).startswith("privacy/"):
            continue
        ids = dict.fromkeys(pattern.pattern.converters, 1)
        urls.append(reverse(f"privacy:{pattern.name}", kwargs=ids))
    return urls


PRIVACY_URLS = _privacy_urls()


def test_the_walk_covers_the_privacy_pages():
    assert "/privacy/" in PRIVACY_URLS
    assert len(PRIVACY_URLS) >= 14


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("url", PRIVACY_URLS)
def test_other_roles_get_a_404_and_leave_a_denied_trace(role, url, request, case):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    written = (PrivacyRequest.objects.count(), ReviewItem.objects.count())

    get = client.get(url)
    post = client.post(url, {"received_on": "2026-01-01", "grounds": "x", "reason": "x"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert AccessLog.objects.filter(user=user, granted=False).count() == 2
    assert (PrivacyRequest.objects.count(), ReviewItem.objects.count()) == written


@pytest.mark.parametrize("url", PRIVACY_URLS)
def test_anonymous_visitors_are_sent_to_log_in(url, db):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PRIVACY_URLS)
def test_the_privacy_officer_never_meets_a_server_error(url, privacy_officer, case):
    client = Client()
    client.force_login(privacy_officer)

    assert client.get(url).status_code in (200, 404)
