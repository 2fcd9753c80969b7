"""Stressors and stability in a real browser: the coordinator of a case registers the
stressors of a household, works one away, scores stability twice and sees the decline and
the chart change. Every step asserts what the person sees; the database is only consulted
for what the page cannot show (nothing saved after an error)."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from stability.models import StabilityAssessment
from stressors.models import Stressor
from tests.cases import factories

MOTHER = "Ria Jansen"
SON = "Kevin Jansen"

# Labels of the five rules of thumb on the assessment form, with the score given to each.
HOUSING = "Goede huisvesting en een veilig thuis"
FINANCES = "Gezonde financiën zonder onnodig gedoe"
DAY_ACTIVITY = "Een waardevolle dagbesteding"
FITTING_SUPPORT = "Ondersteuning die echt past"
LIVING_ENVIRONMENT = "Een prettige woonomgeving voor en met iedereen"
RULES = (HOUSING, FINANCES, DAY_ACTIVITY, FITTING_SUPPORT, LIVING_ENVIRONMENT)
SCORE_LABELS = {2: "2 – instabiel", 4: "4 – redelijk stabiel"}

TREND_TITLE = f"Verloop van de stabiliteit van {MOTHER}"
BARS_TITLE = f"Laatste meting van {MOTHER}"


@pytest.fixture
def stressor_catalogue(transactional_db) -> None:
    """The stressor catalogue comes from a data migration; a live-server test before this
    one flushed it. Put it back the way a new installation gets it."""
    migration = importlib.import_module("stressors.migrations.0002_initial_catalogue")
    migration.load_catalogue(apps, None)


@pytest.fixture
def jansen_case(make_case, professional_a, stressor_catalogue):
    """A case reported a year ago, so assessments can be backdated; two residents."""
    mother = factories.resident(acting_user=professional_a, first_name="Ria", last_name="Jansen")
    son = factories.resident(acting_user=professional_a, first_name="Kevin", last_name="Jansen")
    return make_case(residents=[mother, son], reported_on=factories.days_ago(365))


def _heading(page):
    return page.get_by_role("heading", level=1)


def _stressors(page):
    return page.get_by_role("region", name="Stressoren", exact=True)


def _stability(page):
    return page.get_by_role("region", name="Stabiliteit", exact=True)


def _register_stressor(page, *, resident: str, kind: str, severity: str, since: str = "") -> None:
    _stressors(page).get_by_role("link", name="Stressor registreren").click()
    expect(_heading(page)).to_have_text("Stressor registreren")
    page.get_by_label("Inwoner", exact=True).select_option(label=resident)
    page.get_by_label("Stressor", exact=True).select_option(label=kind)
    page.get_by_label("Ernst").select_option(label=severity)
    if since:
        page.get_by_label("Speelt sinds").fill(since)
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De stressor is geregistreerd.")


def _change_status(page, kind: str, to_status: str) -> None:
    _stressors(page).get_by_role("link", name=f"status {kind}", exact=True).click()
    expect(_heading(page)).to_have_text("Status van de stressor wijzigen")
    page.get_by_label("Nieuwe status").select_option(label=to_status)
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_role("status")).to_contain_text("De status van de stressor is gewijzigd.")


def _open_assessment_form(page) -> None:
    _stability(page).get_by_role("link", name="Stabiliteit meten").click()
    expect(_heading(page)).to_have_text("Stabiliteit meten")


def _record_assessment(page, *, resident: str, on: str, scores: dict[str, int]) -> None:
    _open_assessment_form(page)
    page.get_by_label("Inwoner", exact=True).select_option(label=resident)
    page.get_by_label("Datum", exact=True).fill(on)
    for rule, score in scores.items():
        page.get_by_label(rule, exact=True).select_option(label=SCORE_LABELS[score])
    page.get_by_role("button", name="Meting vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("De meting is vastgelegd.")


def _leg_markers(chart, leg: str):
    """The data points of one leg in the trend chart: each marker has a title like
    'Leefomgeving: 4 (01-02-2026)'; the legend's marker is titled with the leg alone."""
    return chart.locator("title").filter(has_text=re.compile(rf"^{leg}: \d"))


def test_professional_works_stressors_and_sees_the_stability_chart_change(
    page, log_in, professional_a, jansen_case, artifacts_dir
):
    case = jansen_case

    # 1. The coordinator logs in through the form and opens the case.
    log_in(professional_a)
    page.get_by_role("link", name=case.reference).click()
    expect(_heading(page)).to_contain_text(MOTHER)
    expect(_stressors(page)).to_contain_text("Geen actieve stressoren.")
    expect(_stability(page)).to_contain_text("Nog geen stabiliteitsmeting.")
    case_url = page.url

    # 2. Registering without a kind of stressor is refused in Dutch and saves nothing.
    _stressors(page).get_by_role("link", name="Stressor registreren").click()
    expect(_heading(page)).to_have_text("Stressor registreren")
    page.get_by_label("Inwoner", exact=True).select_option(label=MOTHER)
    page.get_by_label("Ernst").select_option(label="3 – ernstig")
    page.get_by_role("button", name="Registreren").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er is iets niet goed ingevuld")
    expect(summary.get_by_role("link", name="Stressor: Dit veld is verplicht.")).to_be_visible()
    expect(page.get_by_label("Stressor", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Inwoner", exact=True)).to_have_value(str(case.primary_resident_id))
    assert not Stressor.objects.exists()

    page.get_by_label("Stressor", exact=True).select_option(label="Schulden")
    page.get_by_role("button", name="Registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De stressor is geregistreerd.")
    expect(_heading(page)).to_contain_text(MOTHER)
    stressors = _stressors(page)
    rows = stressors.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Schulden")
    expect(rows.first).to_contain_text(MOTHER)
    expect(rows.first).to_contain_text("3 – ernstig")
    expect(rows.first).to_contain_text("Gesignaleerd")
    expect(stressors.locator(".loads")).to_contain_text(
        f"{MOTHER}: 1 actieve stressor, 1 ernstig · stressorbelasting 3"
    )

    # 3. A milder stressor that has been playing longer is still listed after the severe
    # one: most damaging first means severity first.
    _register_stressor(
        page,
        resident=SON,
        kind="Eenzaamheid",
        severity="1 – licht",
        since=factories.days_ago(180).isoformat(),
    )
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Schulden")
    expect(rows.nth(1)).to_contain_text("Eenzaamheid")
    expect(rows.nth(1)).to_contain_text(SON)
    expect(rows.nth(1)).to_contain_text("1 – licht")
    expect(stressors.locator(".loads li")).to_have_text(
        [
            f"{MOTHER}: 1 actieve stressor, 1 ernstig · stressorbelasting 3",
            f"{SON}: 1 actieve stressor · stressorbelasting 1",
        ]
    )

    # 4. Work the debts: tackled, then removed; they leave the active list for the
    # collapsed list of what was removed or stabilised.
    _change_status(page, "Schulden", "In aanpak")
    expect(rows.nth(0)).to_contain_text("Schulden")
    expect(rows.nth(0)).to_contain_text("In aanpak")

    _change_status(page, "Schulden", "Weggenomen")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Eenzaamheid")
    expect(stressors.locator(".loads li")).to_have_text(
        [f"{SON}: 1 actieve stressor · stressorbelasting 1"]
    )
    ended = stressors.locator("details")
    expect(ended.locator("summary")).to_have_text("1 weggenomen of gestabiliseerde stressor")
    removed = ended.get_by_text(f"Schulden ({MOTHER}): weggenomen op")
    expect(removed).to_be_hidden()  # collapsed until the person opens it
    ended.locator("summary").click()
    expect(removed).to_be_visible()
    expect(removed).to_contain_text("na 0 dagen")
    assert Stressor.objects.get(stressor_type__name="Schulden").status == "weggenomen"

    # 5. Score stability: six weeks ago everything at 4, today finances down to 2.
    _record_assessment(
        page,
        resident=MOTHER,
        on=factories.days_ago(42).isoformat(),
        scores=dict.fromkeys(RULES, 4),
    )
    stability = _stability(page)
    bars = stability.get_by_role("img", name=re.compile(f"^{BARS_TITLE}"))
    trend = stability.get_by_role("img", name=re.compile(f"^{TREND_TITLE}"))
    expect(bars).to_have_accessible_name(re.compile("Leefomgeving: 4 van 5"))
    expect(bars).to_contain_text("4 van 5")
    expect(trend).to_have_count(0)  # one assessment is not yet a trend
    expect(page.get_by_text("Achteruitgang in stabiliteit")).to_have_count(0)
    bars_before = bars.evaluate("svg => svg.outerHTML")
    panel_before = stability.locator(".stability-panel").first.inner_html()

    _record_assessment(
        page,
        resident=MOTHER,
        on=factories.days_ago(0).isoformat(),
        scores={**dict.fromkeys(RULES, 4), FINANCES: 2},
    )
    expect(_heading(page)).to_contain_text(MOTHER)
    signal = page.locator(".signals li").filter(has_text="Achteruitgang in stabiliteit")
    expect(signal).to_have_count(1)
    expect(signal).to_contain_text(f"bij {MOTHER} is een poot gedaald")
    expect(stability.get_by_role("heading", name=f"{MOTHER} Achteruitgang")).to_be_visible()
    expect(stability).to_contain_text("Stabiliteit (zwakste poot): 2 van 5")

    # The bars now show the living-environment leg at 2, the others still at 4.
    expect(bars).to_have_accessible_name(
        re.compile("Leefomgeving: 2 van 5; Meedoen: 4 van 5; Continuïteit: 4 van 5")
    )
    expect(bars.locator("text").filter(has_text=re.compile(r"^\d van 5$"))).to_have_text(
        ["2 van 5", "4 van 5", "4 van 5"]
    )
    assert bars.evaluate("svg => svg.outerHTML") != bars_before

    # The trend chart appeared: two points per leg, joined by a line per leg.
    expect(trend).to_have_count(1)
    expect(trend.locator("title").first).to_have_text(TREND_TITLE)
    for leg in ("Leefomgeving", "Meedoen", "Continuïteit"):
        expect(_leg_markers(trend, leg)).to_have_count(2)
    expect(_leg_markers(trend, "Leefomgeving")).to_have_text(
        [
            f"Leefomgeving: 4 ({factories.days_ago(42):%d-%m-%Y})",
            f"Leefomgeving: 2 ({factories.days_ago(0):%d-%m-%Y})",
        ]
    )
    expect(trend.locator("polyline")).to_have_count(3)
    panel_after = stability.locator(".stability-panel").first.inner_html()
    assert "polyline" not in panel_before and TREND_TITLE not in panel_before
    assert "polyline" in panel_after and TREND_TITLE in panel_after

    # 6. A score outside 1–5 cannot be entered, even by tampering with the form.
    _open_assessment_form(page)
    page.get_by_label("Inwoner", exact=True).select_option(label=MOTHER)
    page.get_by_label("Datum", exact=True).fill(factories.days_ago(7).isoformat())
    housing = page.get_by_label(HOUSING, exact=True)
    housing.evaluate(
        """select => {
            const option = select.querySelector('option[value="5"]');
            option.value = "7";
            select.value = "7";
        }"""
    )
    expect(housing).to_have_value("7")
    page.get_by_role("button", name="Meting vastleggen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er is iets niet goed ingevuld")
    expect(summary).to_contain_text(
        f"{HOUSING}: Selecteer een geldige keuze. 7 is geen beschikbare keuze."
    )
    expect(housing).to_have_attribute("aria-invalid", "true")
    assert StabilityAssessment.objects.count() == 2

    # 7. A full-page screenshot of the case page, for a person to look at.
    page.get_by_role("link", name="Annuleren").click()
    expect(_heading(page)).to_contain_text(MOTHER)
    assert page.url.split("#")[0] == case_url.split("#")[0]
    expect(stability.get_by_role("img", name=re.compile(f"^{TREND_TITLE}"))).to_be_visible()
    page.screenshot(path=artifacts_dir / "stability_case_page.png", full_page=True)
