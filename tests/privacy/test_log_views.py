"""The privacy officer's screens: the overview, the access log by resident and by user, the
review queue and one item; and the professional's side of the officer's questions.

Only the privacy officer reaches /privacy/; they see who saw what (metadata), never case
content, and their own looking is logged too."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import permissions
from privacy.constants import AccessAction, AccessReason, ReviewKind, ReviewStatus
from privacy.models import AccessLog
from privacy.review import review_mark_breach, review_question
from privacy.services import access_log_record, review_item_open
from tests.cases import factories

QUESTION = "Huurachterstand en brieven die niet worden geopend."
BSN = "111222333"


@pytest.fixture
def ouali(professional_a, team_a):
    """Fatima Ouali (with a BSN and a date of birth) and her son, in one case of team A."""
    head = factories.resident(
        acting_user=professional_a,
        first_name="Fatima",
        last_name="Ouali",
        bsn=BSN,
        date_of_birth=factories.days_ago(365 * 40),
    )
    child = factories.resident(acting_user=professional_a, first_name="Noor", last_name="Ouali")
    case = factories.case(
        acting_user=professional_a,
        team=team_a,
        coordinator=professional_a,
        residents=[head, child],
        question=QUESTION,
    )
    return case


@pytest.fixture
def night_item(professional_a):
    return review_item_open(
        kind=ReviewKind.NIGHT,
        subject_user=professional_a,
        summary="Inzage om 23:14 op 20-11-2026 (2026-000123)",
        flag_key="night:view-test",
    )


def officer_urls(case, professional_a, night_item) -> list[str]:
    head = case.primary_resident
    return [
        reverse("privacy:dashboard"),
        reverse("privacy:log_search") + "?soort=inwoner&q=Ouali",
        reverse("privacy:log_search") + "?soort=medewerker&q=femke",
        reverse("privacy:log_resident", args=[head.pk]),
        reverse("privacy:log_user", args=[professional_a.pk]),
        reverse("privacy:review_queue"),
        reverse("privacy:review_detail", args=[night_item.pk]),
    ]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


# --- Who may open the screens ---------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["professional_a", "teamleider_a", "beleidsmedewerker", "partner", "beheerder"]
)
def test_privacy_screens_do_not_exist_for_other_roles(
    client, request, role, ouali, professional_a, night_item
):
    user = request.getfixturevalue(role)
    client.force_login(user)

    for url in officer_urls(ouali, professional_a, night_item):
        assert client.get(url).status_code == 404, url


def test_a_refused_privacy_screen_is_logged_as_denied(client, professional_a):
    client.force_login(professional_a)

    client.get(reverse("privacy:dashboard"))

    entry = AccessLog.objects.get()
    assert (entry.user, entry.granted, entry.object_type) == (professional_a, False, "privacy")


def test_anonymous_visitors_are_sent_to_the_login(client, ouali, professional_a, night_item):
    urls = [
        *officer_urls(ouali, professional_a, night_item),
        reverse("privacy:my_questions"),
        reverse("privacy:question_answer", args=[night_item.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_the_privacy_officer_opens_every_screen(
    client, privacy_officer, ouali, professional_a, night_item
):
    client.force_login(privacy_officer)

    for url in officer_urls(ouali, professional_a, night_item):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.text.count("<h1") == 1, url


# --- The overview ---------------------------------------------------------------------------


def test_overview_counts_the_open_items_per_kind(client, privacy_officer, night_item):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:dashboard"))

    night = next(row for row in response.context["counts"] if row.kind == ReviewKind.NIGHT)
    assert (night.open, night.questioned, night.answered) == (1, 0, 0)
    assert reverse("privacy:retention") in response.text
    assert reverse("privacy:log_search") in response.text


def test_overview_shows_the_breach_deadline(client, privacy_officer, night_item):
    review_mark_breach(acting_user=privacy_officer, item=night_item, note="Geen relatie.")
    night_item.refresh_from_db()
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:dashboard"))

    deadline = timezone.localtime(night_item.breach_deadline)
    assert f"melden vóór {deadline:%d-%m-%Y %H:%M}" in response.text
    assert "nog 71 uur" in response.text or "nog 72 uur" in response.text


# --- Searching ------------------------------------------------------------------------------


def test_officer_finds_a_resident_by_name_and_the_search_is_logged(client, privacy_officer, ouali):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_search"), {"soort": "inwoner", "q": "fatima oua"})

    assert [r.full_name for r in response.context["residents"].items] == ["Fatima Ouali"]
    assert reverse("privacy:log_resident", args=[ouali.primary_resident_id]) in response.text
    assert reverse("privacy:resident", args=[ouali.primary_resident_id]) in response.text
    entry = AccessLog.objects.filter(user=privacy_officer).get()
    assert (entry.action, entry.reason) == (AccessAction.SEARCH, AccessReason.PRIVACY_REVIEW)
    assert list(entry.subjects.values_list("resident_id_ref", flat=True)) == [
        ouali.primary_resident_id
    ]


def test_officer_finds_a_resident_by_bsn_and_the_log_keeps_it_masked(
    client, privacy_officer, ouali
):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_search"), {"soort": "inwoner", "q": "1112 22 333"})

    assert [r.pk for r in response.context["residents"].items] == [ouali.primary_resident_id]
    entry = AccessLog.objects.filter(user=privacy_officer).get()
    assert BSN not in entry.detail
    assert "*****2333" in entry.detail
    assert BSN not in response.text


def test_officer_finds_a_resident_by_date_of_birth(client, privacy_officer, ouali):
    client.force_login(privacy_officer)
    born = ouali.primary_resident.date_of_birth

    response = client.get(
        reverse("privacy:log_search"), {"soort": "inwoner", "q": f"{born:%d-%m-%Y}"}
    )

    assert [r.pk for r in response.context["residents"].items] == [ouali.primary_resident_id]


def test_searching_for_a_user_shows_no_residents_and_logs_nothing(
    client, privacy_officer, professional_a, ouali
):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_search"), {"soort": "medewerker", "q": "femke"})

    assert [u.pk for u in response.context["users"].items] == [professional_a.pk]
    assert response.context["residents"] is None
    assert reverse("privacy:log_user", args=[professional_a.pk]) in response.text
    assert not AccessLog.objects.filter(user=privacy_officer).exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"soort": "inwoner", "q": ""}, "Vul een zoekterm in."),
        ({"soort": "inwoner", "q": "   "}, "Vul een zoekterm in."),
        ({"soort": "iets", "q": "Ouali"}, "Kies inwoner of medewerker."),
        ({"soort": "inwoner", "q": "met\x00nul"}, "Null-tekens zijn niet toegestaan."),
        ({"soort": "inwoner", "q": "x" * 101}, "101"),
    ],
)
def test_bad_search_input_gets_a_dutch_error(client, privacy_officer, params, message):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_search"), params)

    assert response.status_code == 200
    assert message in response.text


# --- Who saw this resident ------------------------------------------------------------------


def test_resident_log_shows_who_saw_the_resident_and_no_case_content(
    client, privacy_officer, professional_a, ouali
):
    permissions.access_case(professional_a, ouali.pk)
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_resident", args=[ouali.primary_resident_id]))

    assert response.status_code == 200
    assert "Femke de Vries" in response.text
    assert ouali.reference in response.text
    assert "Casusregisseur" in response.text
    assert "Noor Ouali" in response.text  # the household member the same entry concerns
    assert QUESTION not in response.text
    assert reverse("cases:case_detail", args=[ouali.pk]) not in response.text


def test_resident_log_shows_refused_attempts_on_the_residents_case(
    client, privacy_officer, professional_b, ouali
):
    with pytest.raises(Http404):
        permissions.access_case(professional_b, ouali.pk)
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_resident", args=[ouali.primary_resident_id]))

    refused = [e for e in response.context["page"].entries if not e.granted]
    assert [e.user for e in refused] == [professional_b]
    assert "geweigerd" in response.text


def test_opening_a_residents_log_is_itself_logged(client, privacy_officer, professional_a, ouali):
    permissions.access_case(professional_a, ouali.pk)
    client.force_login(privacy_officer)
    head = ouali.primary_resident

    client.get(reverse("privacy:log_resident", args=[head.pk]))

    entry = AccessLog.objects.filter(user=privacy_officer).get()
    assert (entry.action, entry.reason, entry.object_type, entry.object_id_ref) == (
        AccessAction.VIEW,
        AccessReason.PRIVACY_REVIEW,
        "resident",
        head.pk,
    )
    shown = set(entry.subjects.values_list("resident_id_ref", flat=True))
    assert shown == {head.pk, *ouali.household.memberships.values_list("resident_id", flat=True)}


def test_a_removed_residents_log_still_answers(client, privacy_officer, professional_a):
    person = factories.resident(acting_user=professional_a, first_name="Weg", last_name="Gehaald")
    permissions.access_resident(professional_a, person.pk)
    resident_id = person.pk
    person.delete()
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_resident", args=[resident_id]))

    assert response.status_code == 200
    assert f"verwijderde inwoner #{resident_id}" in response.text
    assert "Femke de Vries" in response.text


def test_resident_log_pages_continue_where_the_last_ended(client, privacy_officer, professional_a):
    person = factories.resident(acting_user=professional_a)
    written = [
        access_log_record(
            user=professional_a,
            action=AccessAction.VIEW,
            reason=AccessReason.REGISTRAR,
            resident_ids=[person.pk],
            detail=f"regel {i}",
        ).pk
        for i in range(60)
    ]
    client.force_login(privacy_officer)
    url = reverse("privacy:log_resident", args=[person.pk])

    first = client.get(url)
    older_url = first.context["older_url"]
    second = client.get(url + older_url)

    page_one = [e.pk for e in first.context["page"].entries]
    page_two = [e.pk for e in second.context["page"].entries]
    assert page_one == sorted(written, reverse=True)[:50]
    assert page_two == sorted(written, reverse=True)[50:]
    assert "Oudere regels" in first.text
    assert second.context["older_url"] == ""
    assert "Nieuwste regels" in second.text


def test_resident_log_costs_the_same_queries_for_n_or_3n_entries(
    client, privacy_officer, professional_a, colleague_a, django_assert_max_num_queries
):
    person = factories.resident(acting_user=professional_a)

    def add(n):
        for i in range(n):
            other = factories.resident(acting_user=professional_a)
            access_log_record(
                user=(professional_a, colleague_a)[i % 2],
                action=AccessAction.VIEW,
                reason=AccessReason.REGISTRAR,
                resident_ids=[person.pk, other.pk],
            )

    client.force_login(privacy_officer)
    url = reverse("privacy:log_resident", args=[person.pk])
    add(5)
    few = queries(client, url)
    add(10)

    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["page"].entries) >= 15


# --- What did this user see -----------------------------------------------------------------


def test_user_log_shows_what_the_user_opened(client, privacy_officer, professional_a, ouali):
    permissions.access_case(professional_a, ouali.pk)
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_user", args=[professional_a.pk]))

    assert ouali.reference in response.text
    assert "Fatima Ouali" in response.text
    assert QUESTION not in response.text
    entry = AccessLog.objects.filter(user=privacy_officer).get()
    assert (entry.object_type, entry.object_id_ref) == ("user", professional_a.pk)
    assert ouali.primary_resident_id in set(
        entry.subjects.values_list("resident_id_ref", flat=True)
    )


def test_user_log_keeps_to_the_period_asked_for(client, privacy_officer, professional_a, ouali):
    permissions.access_case(professional_a, ouali.pk)
    client.force_login(privacy_officer)
    last_year = timezone.localdate() - timedelta(days=400)

    response = client.get(
        reverse("privacy:log_user", args=[professional_a.pk]),
        {"van": last_year.isoformat(), "tot": (last_year + timedelta(days=30)).isoformat()},
    )

    assert response.context["page"].entries == []
    assert ouali.reference not in response.text


def test_user_log_accepts_dutch_dates(client, privacy_officer, professional_a, ouali):
    permissions.access_case(professional_a, ouali.pk)
    client.force_login(privacy_officer)
    today = timezone.localdate()

    response = client.get(
        reverse("privacy:log_user", args=[professional_a.pk]),
        {"van": f"{today:%d-%m-%Y}", "tot": f"{today:%d-%m-%Y}"},
    )

    assert ouali.reference in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"van": "gisteren"}, "Vul een geldige datum in"),
        ({"tot": "2026-13-45"}, "Vul een geldige datum in"),
        ({"van": "2026-02-01", "tot": "2026-01-01"}, "De einddatum ligt vóór de begindatum."),
        ({"van": "0001-01-01"}, "Kies een datum tussen"),
        ({"tot": "9999-12-31"}, "Kies een datum tussen"),
    ],
)
def test_bad_period_gets_a_dutch_error(client, privacy_officer, professional_a, params, message):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_user", args=[professional_a.pk]), params)

    assert response.status_code == 200
    assert message in response.text
    assert response.context["page"] is None


def test_user_log_costs_the_same_queries_for_n_or_3n_entries(
    client, privacy_officer, professional_a, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            person = factories.resident(acting_user=professional_a)
            access_log_record(
                user=professional_a,
                action=AccessAction.VIEW,
                reason=AccessReason.REGISTRAR,
                resident_ids=[person.pk],
            )

    client.force_login(privacy_officer)
    url = reverse("privacy:log_user", args=[professional_a.pk])
    add(5)
    few = queries(client, url)
    add(10)

    with django_assert_max_num_queries(few):
        client.get(url)


@pytest.mark.parametrize(
    "url",
    [
        "/privacy/toegangslog/inwoner/999999/",
        "/privacy/toegangslog/medewerker/999999/",
        "/privacy/wachtrij/999999/",
        "/privacy/toegangslog/inwoner/99999999999999999999/",
        "/privacy/toegangslog/inwoner/abc/",
    ],
)
def test_unknown_ids_are_a_404(client, privacy_officer, url):
    client.force_login(privacy_officer)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("before", ["abc", "0", "-5", "99999999999999999999"])
def test_a_bad_page_position_is_a_404(client, privacy_officer, professional_a, before):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:log_user", args=[professional_a.pk]), {"voor": before})

    assert response.status_code == 404


# --- The review queue -----------------------------------------------------------------------


def test_opening_the_queue_raises_fresh_flags(client, privacy_officer, professional_a):
    yesterday = timezone.localdate() - timedelta(days=1)
    late = timezone.make_aware(datetime.combine(yesterday, time(23, 0)))
    field = AccessLog._meta.get_field("created_at")
    with mock.patch.object(field, "_get_default", lambda: late):  # the log takes its own time
        access_log_record(user=professional_a, action=AccessAction.VIEW, resident_ids=[1])
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:review_queue"))

    assert [i.kind for i in response.context["page"].object_list] == [ReviewKind.NIGHT]


def test_queue_filters_by_status_and_kind(client, privacy_officer, professional_a, night_item):
    review_item_open(kind=ReviewKind.EMPLOYEE, subject_user=professional_a, summary="Medewerker")
    review_mark_breach(acting_user=privacy_officer, item=night_item, note="Geen relatie.")
    client.force_login(privacy_officer)
    url = reverse("privacy:review_queue")

    todo = client.get(url).context["page"].object_list
    breaches = client.get(url, {"status": "breach"}).context["page"].object_list
    night = client.get(url, {"status": "alle", "soort": "night"}).context["page"].object_list

    assert [i.kind for i in todo] == [ReviewKind.EMPLOYEE]
    assert [i.pk for i in breaches] == [night_item.pk]
    assert [i.pk for i in night] == [night_item.pk]


def test_an_unknown_queue_filter_gets_a_dutch_error(client, privacy_officer):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:review_queue"), {"status": "onzin", "soort": "x"})

    assert response.status_code == 200
    assert "Kies een status uit de lijst." in response.text
    assert "Kies een soort uit de lijst." in response.text


def test_queue_costs_the_same_queries_for_n_or_3n_items(
    client, privacy_officer, professional_a, colleague_a, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            review_item_open(
                kind=ReviewKind.EMPLOYEE,
                subject_user=(professional_a, colleague_a)[i % 2],
                summary=f"Item {i}",
            )

    client.force_login(privacy_officer)
    url = reverse("privacy:review_queue")
    add(4)
    few = queries(client, url)
    add(8)

    with django_assert_max_num_queries(few):
        client.get(url)


def test_review_detail_shows_the_flagged_entry_and_the_users_day(
    client, privacy_officer, professional_a, ouali
):
    permissions.access_case(professional_a, ouali.pk)
    first = AccessLog.objects.filter(user=professional_a, granted=True).order_by("pk").last()
    item = review_item_open(
        kind=ReviewKind.NIGHT,
        subject_user=professional_a,
        summary="Inzage om 23:14",
        access_log_id=first.pk,
    )
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:review_detail", args=[item.pk]))

    day = timezone.localtime(first.created_at).date().isoformat()
    assert ouali.reference in response.text
    assert "Fatima Ouali" in response.text
    assert QUESTION not in response.text
    assert f"{reverse('privacy:log_user', args=[professional_a.pk])}?van={day}" in (
        response.text.replace("&amp;", "&")
    )


def test_officer_approves_from_the_detail_page(client, privacy_officer, night_item):
    client.force_login(privacy_officer)
    url = reverse("privacy:review_detail", args=[night_item.pk])

    response = client.post(url, {"actie": "akkoord", "akkoord-note": "In orde."}, follow=True)

    assert "Het item is akkoord bevonden." in response.text
    night_item.refresh_from_db()
    assert night_item.status == ReviewStatus.APPROVED


def test_marking_a_breach_shows_the_deadline(client, privacy_officer, night_item):
    client.force_login(privacy_officer)
    url = reverse("privacy:review_detail", args=[night_item.pk])

    response = client.post(
        url, {"actie": "datalek", "datalek-note": "Geen relatie met de inwoner."}, follow=True
    )

    night_item.refresh_from_db()
    deadline = timezone.localtime(night_item.breach_deadline)
    assert f"vóór {deadline:%d-%m-%Y %H:%M}" in response.text
    assert night_item.status == ReviewStatus.BREACH


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"actie": "vraag", "vraag-question": ""}, "Schrijf de vraag op"),
        ({"actie": "datalek", "datalek-note": " "}, "Beschrijf waarom"),
        ({"actie": "onzin"}, "Kies akkoord, een vraag of een mogelijk datalek."),
        ({}, "Kies akkoord, een vraag of een mogelijk datalek."),
        ({"actie": "vraag", "vraag-question": "x" * 2001}, "2001"),
    ],
)
def test_bad_decisions_get_a_dutch_error_and_change_nothing(
    client, privacy_officer, night_item, data, message
):
    client.force_login(privacy_officer)

    response = client.post(reverse("privacy:review_detail", args=[night_item.pk]), data)

    assert response.status_code == 200
    assert message in response.text
    night_item.refresh_from_db()
    assert night_item.status == ReviewStatus.OPEN


def test_approving_twice_shows_the_refusal_on_the_form(client, privacy_officer, night_item):
    client.force_login(privacy_officer)
    url = reverse("privacy:review_detail", args=[night_item.pk])
    client.post(url, {"actie": "akkoord"})

    response = client.post(url, {"actie": "akkoord"})

    assert response.status_code == 200
    assert "Dit item is al beoordeeld." in response.text


# --- The professional answers ---------------------------------------------------------------


def test_the_professional_answers_and_the_officer_sees_the_answer(
    client, privacy_officer, professional_a, night_item
):
    client.force_login(privacy_officer)
    detail = reverse("privacy:review_detail", args=[night_item.pk])
    client.post(detail, {"actie": "vraag", "vraag-question": "Waarom om 23:14?"})

    client.force_login(professional_a)
    mine = client.get(reverse("privacy:my_questions"))
    assert night_item.summary in mine.text
    answer_url = reverse("privacy:question_answer", args=[night_item.pk])
    assert answer_url in mine.text
    assert "Waarom om 23:14?" in client.get(answer_url).text
    answered = client.post(answer_url, {"answer": "Crisisdienst die nacht."}, follow=True)
    assert "Je antwoord is naar de privacy officer gestuurd." in answered.text

    client.force_login(privacy_officer)
    response = client.get(detail)
    assert "Crisisdienst die nacht." in response.text
    assert "Vraag beantwoord" in response.text


@pytest.mark.parametrize("who", ["colleague_a", "teamleider_a", "privacy_officer", "partner"])
def test_only_the_person_asked_sees_the_question(client, request, who, privacy_officer, night_item):
    review_question(acting_user=privacy_officer, item=night_item, question="Waarom?")
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("privacy:question_answer", args=[night_item.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "Ik niet."}).status_code == 404
    night_item.refresh_from_db()
    assert night_item.status == ReviewStatus.QUESTIONED
    refused = AccessLog.objects.filter(user=user, granted=False, object_type="review_item")
    assert refused.count() == 2


def test_other_peoples_questions_are_not_listed(client, privacy_officer, colleague_a, night_item):
    review_question(acting_user=privacy_officer, item=night_item, question="Waarom?")
    client.force_login(colleague_a)

    response = client.get(reverse("privacy:my_questions"))

    assert night_item.summary not in response.text
    assert "Er staan geen vragen voor je open." in response.text


def test_an_empty_answer_gets_a_dutch_error(client, privacy_officer, professional_a, night_item):
    review_question(acting_user=privacy_officer, item=night_item, question="Waarom?")
    client.force_login(professional_a)

    response = client.post(reverse("privacy:question_answer", args=[night_item.pk]), {"answer": ""})

    assert response.status_code == 200
    assert "Schrijf je antwoord op." in response.text


def test_answering_when_no_question_is_open_is_refused(client, professional_a, night_item):
    client.force_login(professional_a)

    response = client.post(
        reverse("privacy:question_answer", args=[night_item.pk]), {"answer": "Ongevraagd"}
    )

    assert response.status_code == 200
    assert "er staat geen vraag open" in response.text
    night_item.refresh_from_db()
    assert night_item.answer == ""
