"""Logging in and out, and where each role lands."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from accounts.constants import Role
from accounts.services import user_create

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

PASSWORD = "lang-genoeg-wachtwoord-2026"
LOGIN = "/accounts/login/"


def _account(username: str, role: str, team=None, **extra):
    return user_create(
        username=username,
        first_name=username.capitalize(),
        last_name="Test",
        roles=[role],
        team=team,
        password=extra.pop("password", PASSWORD),
        **extra,
    )


@pytest.fixture
def demo_account(team_a):
    return _account("demo-femke", Role.PROFESSIONAL, team_a, password="demo", is_demo=True)


def _login(client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra}, follow=True)


@override_settings(DEMO_MODE=False)
def test_demo_account_is_refused_outside_demo_mode(client, demo_account):
    response = _login(client, "demo-femke", "demo")

    assert response.status_code == 200
    assert "Demo-accounts werken alleen in de demo-omgeving" in response.text
    assert SESSION_KEY not in client.session


@override_settings(DEMO_MODE=True)
def test_demo_account_logs_in_in_demo_mode(client, demo_account):
    response = _login(client, "demo-femke", "demo")

    assert response.redirect_chain[-1][0] == reverse("cases:my_cases")
    assert client.session[SESSION_KEY] == str(demo_account.pk)


@override_settings(DEMO_MODE=False)
def test_demo_account_is_refused_at_the_admin_login_too(client, team_a):
    _account("demo-tom", Role.BEHEERDER, password="demo", is_demo=True)

    response = client.post(
        "/beheer/login/?next=/beheer/", {"username": "demo-tom", "password": "demo"}
    )

    assert response.status_code == 200
    assert "Demo-accounts werken alleen in de demo-omgeving" in response.text
    assert SESSION_KEY not in client.session


def test_wrong_password_gets_a_dutch_message(client, team_a):
    _account("femke", Role.PROFESSIONAL, team_a)

    response = _login(client, "femke", "verkeerd-wachtwoord")

    assert response.status_code == 200
    assert "Deze combinatie van gebruikersnaam en wachtwoord klopt niet." in response.text
    assert SESSION_KEY not in client.session


def test_unknown_user_gets_the_same_message_as_a_wrong_password(client, db):
    response = _login(client, "niemand", "verkeerd-wachtwoord")

    assert "Deze combinatie van gebruikersnaam en wachtwoord klopt niet." in response.text


def test_disabled_account_cannot_log_in(client, team_a):
    user = _account("femke", Role.PROFESSIONAL, team_a)
    user.is_active = False
    user.save()

    response = _login(client, "femke")

    assert SESSION_KEY not in client.session
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.TEAMLEIDER])
def test_caseworker_lands_on_my_cases(client, team_a, role):
    _account("femke", role, team_a)

    response = _login(client, "femke")

    assert response.redirect_chain[-1][0] == "/casussen/"
    assert response.status_code == 200
    assert response.resolver_match.url_name == "my_cases"


def test_partner_lands_on_the_meetings_they_attend(client, db):
    _account("karin", Role.PARTNER)

    response = _login(client, "karin")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/doorbraaktafel/"
    assert 'href="/casussen/' not in response.text


def test_privacy_officer_lands_on_the_privacy_overview(client, db):
    _account("ilse", Role.PRIVACY_OFFICER)

    response = _login(client, "ilse")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/privacy/"
    assert response.resolver_match.url_name == "dashboard"
    assert 'href="/casussen/' not in response.text


def test_beleidsmedewerker_lands_on_the_reports(client, db):
    _account("bas", Role.BELEIDSMEDEWERKER)

    response = _login(client, "bas")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/rapportages/"
    assert response.resolver_match.url_name == "dashboard"
    assert "Mijn casussen" not in response.text
    assert 'href="/casussen/' not in response.text


def test_role_without_casework_lands_on_the_home_page(client, db):
    _account("bas", Role.BEHEERDER)

    response = _login(client, "bas")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert response.resolver_match.url_name == "home"
    assert "Welkom" in response.text
    assert "Mijn casussen" not in response.text
    assert 'href="/casussen/' not in response.text


def test_login_returns_to_the_page_asked_for(client, world, professional_a):
    professional_a.set_password(PASSWORD)
    professional_a.save()
    case_page = reverse("cases:case_detail", args=[world.case.pk])

    response = _login(client, "femke", next=case_page)

    assert response.redirect_chain[-1][0] == case_page
    assert response.status_code == 200


def test_login_does_not_redirect_to_another_site(client, team_a):
    _account("femke", Role.PROFESSIONAL, team_a)

    response = _login(client, "femke", next="https://kwaadwillend.example/")

    assert all("kwaadwillend" not in url for url, _status in response.redirect_chain)


def test_logout_needs_a_post(client, team_a):
    user = _account("femke", Role.PROFESSIONAL, team_a)
    client.force_login(user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(user.pk)


def test_logout_ends_the_session(client, team_a):
    user = _account("femke", Role.PROFESSIONAL, team_a)
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert SESSION_KEY not in client.session
    assert client.get("/casussen/")["Location"].startswith(LOGIN)


def test_every_page_has_a_logout_button_that_posts(client, team_a):
    client.force_login(_account("femke", Role.PROFESSIONAL, team_a))

    response = client.get("/casussen/")

    assert '<form method="post" action="/accounts/logout/">' in response.text
