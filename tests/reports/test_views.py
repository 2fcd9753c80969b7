"""The reports at /rapportages/ as their users meet them: who reaches which page, what a
teamleider sees of other teams, what a bad filter does, the CSV files and the ZIP, the
number of queries of the dashboard, and the way in from the home page and the menu.

Every reports URL is walked from the URL resolver, so a page added later is checked for
every role without touching this file."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.services import user_create
from cases.constants import CaseOutcome, CaseSource, CaseStatus, HelpKind
from cases.services import case_change_status, goal_add, intervention_add
from doorbraak import services as doorbraak_services
from doorbraak.constants import BarrierKind, PolicyDomain
from privacy.models import AccessLog
from reports.models import ReportExport
from stability import services as stability_services
from stressors.constants import StressorStatus
from stressors.services import stressor_change_status
from tests.cases import factories
from tests.doorbraak.conftest import meeting_on, place
from tests.stressors.conftest import register

from .conftest import (
    done_export,
    file_stem,
    logged_in,
    new_cases,
    period_query,
    queued_export,
    report_period,
)

NO_ACCESS = ["professional_a", "privacy_officer", "partner", "beheerder", "lone_teamleider"]
READERS = ["beleidsmedewerker", "teamleider_a"]

# How a reader uses each page when all is well; every other page is a GET that answers 200.
SUCCESS = {"export_create": ("post", 302)}


def _reports_pages() -> list[str]:
    """The name of every URL pattern of the reports app."""
    resolver = get_resolver().namespace_dict["reports"][1]
    return [pattern.name for pattern in resolver.url_patterns]


REPORTS_PAGES = _reports_pages()


def _url(name: str, export: ReportExport | None = None) -> str:
    """The address of a page, with the export's id (or 1) and a real table key filled in."""
    resolver = get_resolver().namespace_dict["reports"][1]
    pattern = next(p for p in resolver.url_patterns if p.name == name)
    kwargs = {}
    for arg in pattern.pattern.converters:
        kwargs[arg] = "kerncijfers" if arg == "key" else (export.pk if export else 1)
    return reverse(f"reports:{name}", kwargs=kwargs)


@pytest.fixture
def lone_teamleider(db):
    """Has the teamleider role, but leads no team."""
    return user_create(
        username="lone", first_name="Lot", last_name="Alleen", roles=[Role.TEAMLEIDER]
    )


# --- Reading the pages ----------------------------------------------------------------------

KEY_FIGURE = re.compile(
    r'<p class="key-figure__label">(?P<label>.*?)</p>\s*'
    r'<p class="key-figure__value">(?P<value>.*?)</p>',
    re.S,
)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def key_figures(response) -> dict[str, str]:
    """The key figures at the top of the dashboard, as the reader sees them."""
    page = response.content.decode()
    return {_text(m["label"]): _text(m["value"]) for m in KEY_FIGURE.finditer(page)}


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a CSV for Excel starts with the UTF-8 BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def csv_table(content: bytes) -> dict[str, list[str]]:
    """The table part of a CSV (up to the blank line), by row label, header included."""
    rows = read_csv(content)
    table = rows[: rows.index([])]
    return {row[0]: row[1:] for row in table}


def csv_links(response) -> list[str]:
    """The table keys of the CSV links on the dashboard, in page order, once each."""
    keys = re.findall(r'href="/rapportages/csv/([a-z0-9-]+)/\?', response.content.decode())
    return list(dict.fromkeys(keys))


# --- Who reaches the pages ------------------------------------------------------------------


def test_the_walk_covers_every_reports_page():
    assert set(REPORTS_PAGES) >= {
        "dashboard",
        "all_csv",
        "table_csv",
        "export_create",
        "export_detail",
        "export_download",
    }


@pytest.mark.parametrize("name", REPORTS_PAGES)
@pytest.mark.parametrize("role", NO_ACCESS)
def test_roles_without_reports_get_a_404_and_leave_a_denied_trace(
    role, name, request, beleidsmedewerker, case, media_root
):
    user = request.getfixturevalue(role)
    export = queued_export(beleidsmedewerker)  # exists, but is not theirs to see
    files = sorted(media_root.rglob("*"))
    client = logged_in(user)

    get = client.get(_url(name, export), period_query())
    post = client.post(_url(name, export), period_query())

    assert (get.status_code, post.status_code) == (404, 404)
    assert AccessLog.objects.filter(user=user, granted=False).count() == 2
    assert list(ReportExport.objects.values_list("pk", flat=True)) == [export.pk]
    assert sorted(media_root.rglob("*")) == files


@pytest.mark.parametrize("name", REPORTS_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(name, client, db):
    for response in (client.get(_url(name)), client.post(_url(name), period_query())):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not ReportExport.objects.exists()


@pytest.mark.parametrize("name", REPORTS_PAGES)
@pytest.mark.parametrize("role", READERS)
def test_report_readers_reach_every_reports_page(
    role, name, request, team_a, case, fake_renderer, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(role)
    team = None if role == "beleidsmedewerker" else team_a
    export = done_export(user, team=team)  # their own, ready to download
    method, expected = SUCCESS.get(name, ("get", 200))
    client = logged_in(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(_url(name, export), period_query(team))

    assert response.status_code == expected


# --- A teamleider sees their own team -------------------------------------------------------


@pytest.fixture
def two_teams(team_a, team_b, professional_a, professional_b):
    """Six new cases in team A and eight in team B, all in the report period."""
    new_cases(6, team=team_a, user=professional_a)
    new_cases(8, team=team_b, user=professional_b)


def test_teamleider_sees_the_figures_of_their_own_team_only(teamleider_a, two_teams):
    response = logged_in(teamleider_a).get(reverse("reports:dashboard"))

    assert response.status_code == 200
    assert key_figures(response)["Nieuwe meldingen"] == "6"


def test_teamleider_link_without_a_team_shows_their_own_team(teamleider_a, two_teams):
    response = logged_in(teamleider_a).get(reverse("reports:dashboard"), period_query())

    assert response.status_code == 200
    assert key_figures(response)["Nieuwe meldingen"] == "6"


def test_teamleider_is_offered_no_other_team_in_the_filter(teamleider_a, team_b, two_teams):
    page = logged_in(teamleider_a).get(reverse("reports:dashboard")).content.decode()

    assert "Wijkteam Noord" in page
    assert team_b.name not in page


def test_teamleider_asking_for_another_team_gets_an_error_not_its_figures(
    teamleider_a, team_b, two_teams
):
    response = logged_in(teamleider_a).get(reverse("reports:dashboard"), period_query(team_b))

    assert response.status_code == 400
    assert "Kies een team uit de lijst." in response.content.decode()
    assert key_figures(response) == {}


@pytest.mark.parametrize("name", ["table_csv", "all_csv"])
def test_teamleider_cannot_download_another_teams_csv(teamleider_a, team_b, two_teams, name):
    response = logged_in(teamleider_a).get(_url(name), period_query(team_b))

    assert response.status_code == 404


def test_teamleider_cannot_ask_for_a_pdf_of_another_team(
    teamleider_a, team_b, two_teams, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = logged_in(teamleider_a).post(
            reverse("reports:export_create"), period_query(team_b)
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard")
    assert not ReportExport.objects.exists()
    assert queued == []


def test_beleidsmedewerker_sees_all_teams_together_by_default(beleidsmedewerker, two_teams):
    response = logged_in(beleidsmedewerker).get(reverse("reports:dashboard"), period_query())

    assert key_figures(response)["Nieuwe meldingen"] == "14"


def test_beleidsmedewerker_can_narrow_the_figures_to_one_team(beleidsmedewerker, team_b, two_teams):
    response = logged_in(beleidsmedewerker).get(reverse("reports:dashboard"), period_query(team_b))

    assert key_figures(response)["Nieuwe meldingen"] == "8"


# --- Bad filters ----------------------------------------------------------------------------


def _bad_filters():
    today = timezone.localdate()

    def iso(days_ago: int) -> str:
        return (today - timedelta(days=days_ago)).isoformat()

    return {
        "end-before-start": (
            {"start": iso(10), "end": iso(20)},
            "De einddatum ligt vóór de begindatum.",
        ),
        "end-in-the-future": (
            {"start": iso(10), "end": (today + timedelta(days=1)).isoformat()},
            "De einddatum ligt in de toekomst.",
        ),
        "longer-than-five-years": (
            {"start": iso(6 * 365), "end": iso(0)},
            "Een rapport beslaat hoogstens vijf jaar.",
        ),
        "unknown-team": (
            {"start": iso(10), "end": iso(0), "team": "987654"},
            "Kies een team uit de lijst.",
        ),
        "team-is-no-number": (
            {"start": iso(10), "end": iso(0), "team": "noord"},
            "Kies een team uit de lijst.",
        ),
        "start-is-no-date": (
            {"start": "2026-02-31", "end": iso(0)},
            "Vul een geldige begindatum in",
        ),
        "end-is-no-date": (
            {"start": iso(10), "end": "gisteren"},
            "Vul een geldige einddatum in",
        ),
        "start-missing": ({"end": iso(0)}, "Vul een begindatum in."),
    }


BAD_FILTERS = _bad_filters()


@pytest.mark.parametrize("problem", BAD_FILTERS)
def test_bad_filter_gives_its_dutch_message_with_status_400_and_no_figures(
    problem, beleidsmedewerker, case
):
    query, message = BAD_FILTERS[problem]

    response = logged_in(beleidsmedewerker).get(reverse("reports:dashboard"), query)

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert key_figures(response) == {}
    assert csv_links(response) == []


@pytest.mark.parametrize("problem", BAD_FILTERS)
def test_csv_link_with_a_bad_filter_leads_nowhere(problem, beleidsmedewerker, case):
    query, _message = BAD_FILTERS[problem]
    client = logged_in(beleidsmedewerker)

    statuses = {
        name: client.get(_url(name), query).status_code for name in ("table_csv", "all_csv")
    }

    assert statuses == {"table_csv": 404, "all_csv": 404}


@pytest.mark.parametrize("problem", BAD_FILTERS)
def test_pdf_request_with_a_bad_filter_creates_nothing(
    problem, beleidsmedewerker, case, django_capture_on_commit_callbacks
):
    query, _message = BAD_FILTERS[problem]

    with django_capture_on_commit_callbacks() as queued:
        response = logged_in(beleidsmedewerker).post(reverse("reports:export_create"), query)

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard")
    assert not ReportExport.objects.exists()
    assert queued == []


# --- CSV and ZIP ----------------------------------------------------------------------------


@pytest.fixture
def five_and_four(team_a, professional_a):
    """Nine new cases in the period: five from the GP, four from the police."""
    new_cases(5, team=team_a, user=professional_a, source=CaseSource.GP)
    new_cases(4, team=team_a, user=professional_a, source=CaseSource.POLICE)


def test_table_csv_is_a_semicolon_separated_utf8_file_for_excel(beleidsmedewerker, five_and_four):
    response = logged_in(beleidsmedewerker).get(
        reverse("reports:table_csv", args=["instroom-uitstroom"]), period_query()
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert first_line == "Casussen;Deze periode;Vorige periode"


def test_table_csv_is_named_after_the_period_and_the_table(beleidsmedewerker, five_and_four):
    response = logged_in(beleidsmedewerker).get(
        reverse("reports:table_csv", args=["uitkomsten"]), period_query()
    )

    assert response["Content-Disposition"] == (
        f'attachment; filename="{file_stem()}-uitkomsten.csv"'
    )


def test_table_csv_header_holds_the_row_header_and_the_columns_with_their_unit(
    beleidsmedewerker, five_and_four
):
    response = logged_in(beleidsmedewerker).get(
        reverse("reports:table_csv", args=["meldingen-naar-bron"]), period_query()
    )

    assert read_csv(response.content)[0] == [
        "Bron van de melding",
        "Deze periode",
        "Aandeel (%)",
        "Vorige periode",
    ]


def test_table_csv_shows_five_as_a_number_and_four_as_less_than_five(
    beleidsmedewerker, five_and_four
):
    response = logged_in(beleidsmedewerker).get(
        reverse("reports:table_csv", args=["meldingen-naar-bron"]), period_query()
    )
    rows = csv_table(response.content)

    assert rows["Huisarts"][0] == "5"
    assert rows["Politie"][0] == "<5"
    assert rows["Totaal"][0] == "9"


def test_table_csv_hides_the_share_of_a_count_below_five(beleidsmedewerker, five_and_four):
    response = logged_in(beleidsmedewerker).get(
        reverse("reports:table_csv", args=["meldingen-naar-bron"]), period_query()
    )
    rows = csv_table(response.content)

    assert rows["Huisarts"][1] == "56"  # 5 of 9, rounded
    assert rows["Politie"][1] == "x"  # 4 of 9 would give the 4 away


def test_table_csv_names_its_period_and_explains_the_hidden_cells(beleidsmedewerker, five_and_four):
    response = logged_in(beleidsmedewerker).get(
        reverse("reports:table_csv", args=["instroom-uitstroom"]), period_query()
    )
    trailer = {row[0]: row[1:] for row in read_csv(response.content) if row}

    assert trailer["Periode"] == [report_period().label]
    assert trailer["<5"] == ["minder dan 5"]
    assert "x" in trailer


def test_unknown_table_key_gives_404(beleidsmedewerker, case):
    response = logged_in(beleidsmedewerker).get(
        reverse("reports:table_csv", args=["namen-van-inwoners"]), period_query()
    )

    assert response.status_code == 404


def test_every_table_on_the_dashboard_links_to_its_own_csv(beleidsmedewerker, five_and_four):
    client = logged_in(beleidsmedewerker)
    dashboard = client.get(reverse("reports:dashboard"), period_query())
    keys = csv_links(dashboard)

    assert len(keys) >= 10
    for key in keys:
        response = client.get(reverse("reports:table_csv", args=[key]), period_query())
        assert response.status_code == 200, key
        header = read_csv(response.content)[0]
        assert len(header) >= 2 and all(header), key


def test_zip_holds_every_table_as_a_numbered_csv_in_report_order(beleidsmedewerker, five_and_four):
    client = logged_in(beleidsmedewerker)
    dashboard_keys = csv_links(client.get(reverse("reports:dashboard"), period_query()))

    response = client.get(reverse("reports:all_csv"), period_query())
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{file_stem()}-csv.zip"'
    assert names == [f"{n:02d}-{key}.csv" for n, key in enumerate(dashboard_keys, start=1)]


def test_zip_members_are_the_same_files_as_the_single_table_downloads(
    beleidsmedewerker, five_and_four
):
    client = logged_in(beleidsmedewerker)
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("reports:all_csv"), period_query()).content)
    )

    for name in archive.namelist():
        key = name[3:-4]  # "07-uitkomsten.csv" → "uitkomsten"
        single = client.get(reverse("reports:table_csv", args=[key]), period_query())
        assert archive.read(name) == single.content, name


@pytest.mark.parametrize("name", ["dashboard", "table_csv", "all_csv"])
def test_report_pages_and_files_are_not_kept_in_a_cache(name, beleidsmedewerker, case):
    response = logged_in(beleidsmedewerker).get(_url(name), period_query())

    assert "no-store" in response["Cache-Control"]


# --- Queries --------------------------------------------------------------------------------


def busy_casework(n: int, *, team, professional, teamleider, meeting_days_ago: int = 14) -> None:
    """`n` cases with everything the report counts: a removed stressor, two stability
    assessments, a goal and an intervention, a doorbraaktafel with a breakthrough, a
    released policy signal and an open action per case; every other case closed."""
    tariff = factories.TariffFactory()
    cases = new_cases(n, team=team, user=professional, reported_on=factories.days_ago(60))
    meeting = meeting_on(team, factories.days_ago(meeting_days_ago))
    for number, case in enumerate(cases):
        stressor = register(case, acting_user=professional, registered_on=factories.days_ago(50))
        stressor_change_status(
            acting_user=professional,
            stressor=stressor,
            to_status=StressorStatus.REMOVED,
            changed_on=factories.days_ago(20),
        )
        for days, score in ((55, 2), (10, 4)):
            stability_services.assessment_record(
                acting_user=professional,
                case=case,
                resident=case.primary_resident,
                assessed_on=factories.days_ago(days),
                scores=dict.fromkeys(("housing", "finances", "day_activity"), score),
            )
        goal_add(
            acting_user=professional,
            plan=case.support_plan,
            life_domain="financien",
            description="Vaste lasten betalen",
            help_kind=HelpKind.GENERAL_PROVISION,
            who="Inwoner zelf",
        )
        intervention_add(
            acting_user=professional,
            case=case,
            tariff=tariff,
            start_date=factories.days_ago(40),
            quantity=4,
        )
        item = place(meeting, case, teamleider)
        doorbraak_services.breakthrough_record(
            acting_user=teamleider,
            item=item,
            barrier_kind=BarrierKind.RULE,
            barrier="Regel past niet.",
            decision="Regel opzij.",
            mandate="Manager",
            cost_current_path=10000,
            cost_solution=1000,
            is_structural=True,
            signal_domain=PolicyDomain.WMO,
            signal_title=f"Signaal {number}",
            signal_description="Een regel die niet past.",
        )
        doorbraak_services.policy_signal_release(
            acting_user=teamleider, signal=item.breakthrough.policy_signal
        )
        doorbraak_services.action_add(
            acting_user=teamleider,
            item=item,
            description="Bellen",
            due_date=factories.days_ago(7),
            owner=professional,
        )
    doorbraak_services.meeting_close(acting_user=teamleider, meeting=meeting)
    for case in cases[::2]:
        case.refresh_from_db()
        case_change_status(
            acting_user=professional,
            case=case,
            expected_version=case.version,
            to_status=CaseStatus.CLOSED,
            outcome=CaseOutcome.GENERAL_PROVISION,
            changed_on=factories.days_ago(5),
        )


def _queries_of(client, url, query) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, query).status_code == 200
    return len(context)


def test_dashboard_query_count_does_not_grow_with_the_casework(
    beleidsmedewerker,
    team_a,
    team_b,
    professional_a,
    professional_b,
    teamleider_a,
    teamleider_b,
    django_assert_max_num_queries,
):
    client = logged_in(beleidsmedewerker)
    url = reverse("reports:dashboard")
    busy_casework(2, team=team_a, professional=professional_a, teamleider=teamleider_a)
    _queries_of(client, url, period_query())  # warm caches that are filled once
    with_two_cases = _queries_of(client, url, period_query())

    busy_casework(
        13, team=team_a, professional=professional_a, teamleider=teamleider_a, meeting_days_ago=21
    )
    busy_casework(10, team=team_b, professional=professional_b, teamleider=teamleider_b)

    with django_assert_max_num_queries(with_two_cases):
        response = client.get(url, period_query())
    assert key_figures(response)["Nieuwe meldingen"] == "25"


def test_dashboard_query_count_does_not_grow_with_the_users_pdf_exports(
    beleidsmedewerker, team_a, team_b, case, django_assert_max_num_queries
):
    client = logged_in(beleidsmedewerker)
    url = reverse("reports:dashboard")
    done_export(beleidsmedewerker)
    _queries_of(client, url, period_query())
    with_one_export = _queries_of(client, url, period_query())

    for team in (team_a, team_b, team_a, team_b, None):
        done_export(beleidsmedewerker, team=team)

    with django_assert_max_num_queries(with_one_export):
        client.get(url, period_query())


# --- The way in -----------------------------------------------------------------------------

REPORTS_LINK = re.compile(r'<a href="/rapportages/"[^>]*>Rapportages</a>')


def test_home_page_sends_the_beleidsmedewerker_to_the_reports(beleidsmedewerker):
    response = logged_in(beleidsmedewerker).get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard")


def test_menu_offers_reports_to_the_beleidsmedewerker(beleidsmedewerker):
    page = logged_in(beleidsmedewerker).get(reverse("reports:dashboard")).content.decode()

    assert REPORTS_LINK.search(page)


def test_menu_offers_reports_to_the_teamleider(teamleider_a):
    page = logged_in(teamleider_a).get(reverse("cases:my_cases")).content.decode()

    assert REPORTS_LINK.search(page)


def test_menu_offers_no_reports_to_a_professional(professional_a):
    response = logged_in(professional_a).get(reverse("cases:my_cases"))

    assert response.status_code == 200
    assert not REPORTS_LINK.search(response.content.decode())
