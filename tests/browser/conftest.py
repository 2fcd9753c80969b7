"""Browser tests: the system Chromium (Debian's package) driven through Playwright's sync API
against pytest-django's live server.

Playwright's own browser download is never used. Without /usr/bin/chromium the tests are
skipped, unless REQUIRE_BROWSER is set (CI sets it): then they fail, so a CI image that lost
its browser cannot pass silently.

The people here are the ones of tests/conftest.py (same names, teams and roles), created
with a password so that they can log in through the real login form. Overriding the
fixtures by name keeps `make_case` working: it builds its cases with these same people.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from accounts.constants import Role
from accounts.services import user_create

# Playwright's sync API keeps an asyncio event loop in the test thread, so Django would
# raise SynchronousOnlyOperation for every query a test makes (creating its data, checking
# the access log). The documented way out for Playwright with pytest-django. It holds for
# the whole run because the browser lives for the whole session.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=nl-NL",
]
TIMEOUT_MS = 10_000
PASSWORD = "demo"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items) -> None:
    """Every test in this folder is a browser test (`-m "not browser"` leaves them out)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so the page fixture knows it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = (
        f"Browser tests need the system Chromium at {CHROMIUM}: install Debian's chromium "
        "(apt-get install chromium). Playwright's own browser download is not used."
    )
    if os.environ.get("REQUIRE_BROWSER", "").strip().lower() not in {"", "0", "false", "no"}:
        pytest.fail(f"REQUIRE_BROWSER is set. {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def artifacts_dir(pytestconfig) -> Path:
    """test-artifacts/ at the repository root (git-ignored): screenshots for a person to see."""
    path = pytestconfig.rootpath / "test-artifacts"
    path.mkdir(exist_ok=True)
    for stale in path.glob("FAILED-*.png"):  # from an earlier run; would mislead
        stale.unlink()
    return path


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db, artifacts_dir, request) -> Iterator:
    """A fresh browser context (no cookies, no session) and page for each test, pointed at
    the live server. A failing test leaves a full-page screenshot in test-artifacts/; a
    JavaScript error on any page fails the test, because the person would hit it too."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        page.screenshot(path=artifacts_dir / f"FAILED-{request.node.name}.png", full_page=True)
    context.close()
    assert not script_errors, f"JavaScript errors in the page: {script_errors}"


@pytest.fixture
def log_in(page) -> Callable:
    """Log in through the real login form; returns once the page shows the user logged in."""
    from playwright.sync_api import expect

    def log_in_as(user, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    return log_in_as


# --- People who can log in (same as tests/conftest.py, with a password) ------------------


def _person(username: str, name: str, role: str, team) -> object:
    first_name, last_name = name.split(" ", 1)
    return user_create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        roles=[role],
        team=team,
        password=PASSWORD,
    )


@pytest.fixture
def professional_a(team_a):
    return _person("femke", "Femke de Vries", Role.PROFESSIONAL, team_a)


@pytest.fixture
def colleague_a(team_a):
    return _person("sanne", "Sanne Bakker", Role.PROFESSIONAL, team_a)


@pytest.fixture
def professional_b(team_b):
    return _person("joris", "Joris Visser", Role.PROFESSIONAL, team_b)


@pytest.fixture
def teamleider_a(team_a):
    return _person("marloes", "Marloes Smit", Role.TEAMLEIDER, team_a)


@pytest.fixture
def privacy_officer(db):
    return _person("ilse", "Ilse Peters", Role.PRIVACY_OFFICER, None)
