"""The doorbraaktafel screens through the test client: what a partner and a professional see
of a meeting, how bad input is answered (a clear Dutch message on the form, nothing saved,
never a server error), the pieces of the teamleider's journey (the train-pass saving, a
weeffout on the signals page, actions that come back until they are done) and a meeting
page whose number of queries does not grow with the agenda."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.constants import Role
from accounts.services import user_create
from doorbraak import services
from doorbraak.constants import BarrierKind, ItemStatus, PolicyDomain
from doorbraak.models import Action, AgendaItem, Breakthrough, PolicySignal
from privacy.constants import AccessAction, LegalBasis
from privacy.models import AccessLog
from tests.cases import factories
from tests.http.conftest import BSN, MASKED_BSN
from tests.stability.conftest import all_rules, assess
from tests.stressors.conftest import register, snapshot

from .conftest import consent_of, in_days, meeting_on, place

ARTICLE = "Wmo 2015 art. 5.2.1"
SHARED_ASK = "Kan de gemeente een jaarabonnement NS betalen in plaats van boetes?"
UNSHARED_ASK = "Mag de schuldhulp starten terwijl de bewindvoering nog loopt?"


def text_of(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _share(item, teamleider):
    return services.item_share_with_partners(
        acting_user=teamleider, item=item, legal_basis=LegalBasis.LEGAL_TASK, legal_article=ARTICLE
    )


# --- A meeting with one shared and one unshared item ----------------------------------------


@pytest.fixture
def fatima(professional_a):
    return factories.resident(
        acting_user=professional_a, first_name="Fatima", last_name="Ouali", bsn=BSN
    )


@pytest.fixture
def fatimas_case(make_case, fatima, professional_a):
    """Team A's case for Fatima Ouali (with a BSN), coordinated by `professional_a`: debts
    that are severe and a stability assessment."""
    case = make_case(residents=[fatima], reported_on=factories.days_ago(60))
    register(case, acting_user=professional_a, kind="Schulden", severity=3)
    assess(case, acting_user=professional_a, **all_rules(2))
    return case


@pytest.fixture
def colleagues_case(make_case, colleague_a):
    """A team A case for Johan Hermans that `professional_a` has no part in."""
    johan = factories.resident(acting_user=colleague_a, first_name="Johan", last_name="Hermans")
    return make_case(acting_user=colleague_a, coordinator=colleague_a, residents=[johan])


@pytest.fixture
def shared(meeting, fatimas_case, colleagues_case, teamleider_a, wijkagent):
    """Fatima's case on the agenda and shared with the invited agent; Johan's case on the
    same agenda, not shared."""
    item = place(meeting, fatimas_case, teamleider_a, ask=SHARED_ASK)
    place(meeting, colleagues_case, teamleider_a, ask=UNSHARED_ASK)
    services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=wijkagent)
    _share(item, teamleider_a)
    return item


@pytest.fixture
def unshared(shared, colleagues_case):
    return shared.meeting.items.get(case=colleagues_case)


@pytest.fixture
def fixed(shared, teamleider_a):
    """The agenda of `shared`'s meeting, fixed: the meeting can be run."""
    return services.agenda_fix(acting_user=teamleider_a, meeting=shared.meeting)


def _detail(meeting) -> str:
    return reverse("doorbraak:meeting_detail", args=[meeting.pk])


def _resident_details(case) -> list[str]:
    """What identifies the resident beyond reference and initials."""
    resident, home = case.primary_resident, case.household
    return [
        resident.full_name,
        resident.first_name,
        resident.last_name,
        BSN,
        MASKED_BSN,
        home.street,
        home.postcode,
    ]


# --- What a partner sees --------------------------------------------------------------------


def test_partner_meeting_page_shows_the_shared_item(client, shared, wijkagent):
    client.force_login(wijkagent)

    page = text_of(client.get(_detail(shared.meeting)))

    assert f"Casus {shared.case.reference} · F. O." in page
    assert SHARED_ASK in page
    assert "Schulden" in page  # the stressor the table needs


def test_partner_meeting_page_never_shows_an_unshared_item(client, shared, unshared, wijkagent):
    client.force_login(wijkagent)

    response = client.get(_detail(shared.meeting))

    assert unshared.case.reference not in response.text
    assert UNSHARED_ASK not in response.text
    assert "Hermans" not in response.text


def test_partner_meeting_page_never_shows_name_bsn_or_address(client, shared, wijkagent):
    client.force_login(wijkagent)

    response = client.get(_detail(shared.meeting))

    assert response.status_code == 200
    for detail in _resident_details(shared.case):
        assert detail not in response.text, detail


def test_partner_invited_before_anything_is_shared_sees_an_empty_meeting(
    client, meeting, fatimas_case, teamleider_a, consulent
):
    item = place(meeting, fatimas_case, teamleider_a)
    services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=consulent)
    client.force_login(consulent)

    response = client.get(_detail(meeting))

    assert response.status_code == 200
    assert item.case.reference not in response.text
    assert "Er zijn nog geen agendapunten met jou gedeeld." in text_of(response)


def test_partner_meeting_list_shows_the_invitation_without_case_details(
    client, shared, unshared, wijkagent
):
    client.force_login(wijkagent)

    response = client.get(reverse("doorbraak:meeting_list"))

    assert _detail(shared.meeting) in response.text
    for case in (shared.case, unshared.case):
        assert case.reference not in response.text
        assert case.primary_resident.last_name not in response.text


# --- What a professional and the teamleider see ---------------------------------------------


def test_professional_meeting_page_shows_only_their_own_case(
    client, shared, unshared, professional_a
):
    client.force_login(professional_a)

    response = client.get(_detail(shared.meeting))

    assert shared.case.reference in response.text
    assert unshared.case.reference not in response.text
    assert UNSHARED_ASK not in response.text


def test_teamleider_meeting_page_shows_initials_never_name_bsn_or_address(
    client, shared, unshared, teamleider_a
):
    """The meeting page is often on the wall of the meeting room."""
    client.force_login(teamleider_a)

    response = client.get(_detail(shared.meeting))

    page = text_of(response)
    assert f"{shared.case.reference} · F. O." in page
    assert f"{unshared.case.reference} · J. H." in page
    for case in (shared.case, unshared.case):
        for detail in _resident_details(case):
            assert detail not in response.text, detail


# --- Bad input: a Dutch message, nothing saved ----------------------------------------------


def _run(item) -> str:
    return reverse("doorbraak:item_run", args=[item.meeting_id, item.pk])


def _breakthrough_url(item) -> str:
    return reverse("doorbraak:breakthrough_record", args=[item.meeting_id, item.pk])


def _action_url(item) -> str:
    return reverse("doorbraak:action_add", args=[item.meeting_id, item.pk])


def _share_url(item) -> str:
    return reverse("doorbraak:item_share", args=[item.meeting_id, item.pk])


def _nominate_url(meeting) -> str:
    return reverse("doorbraak:item_nominate", args=[meeting.pk])


def train_pass(**overrides) -> dict:
    """The brief's example, as the teamleider types it."""
    return {
        "barrier_kind": BarrierKind.RULE,
        "barrier": "Geen vergoeding voor een jaarabonnement OV vanuit de Wmo.",
        "decision": "Gemeente koopt een jaarabonnement NS; boetes worden bevroren.",
        "mandate": "Teamleider wijkteam, namens wethouder zorg",
        "cost_current_path": "50.000",
        "cost_solution": "3.000",
        **overrides,
    }


def action_payload(item, person, **overrides) -> dict:
    return {
        "description": "Jaarabonnement NS aanvragen",
        "owner": person.pk,
        "owner_organisation": "",
        "due_date": (item.meeting.date + timedelta(days=14)).isoformat(),
        **overrides,
    }


def nomination(case, **overrides) -> dict:
    return {
        "case": case.pk,
        "stuck": "De uitkering is stopgezet.",
        "blocked_by": "Participatiewet",
        "ask": "Kan de uitkering met terugwerkende kracht worden hersteld?",
        **overrides,
    }


def assert_refused(response, field: str, message: str) -> None:
    """Answered with the form again, the Dutch message at the field and on the page."""
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert message in text_of(response)


def test_negative_cost_is_refused_and_saves_nothing(client, fixed, shared, teamleider_a):
    client.force_login(teamleider_a)
    before = snapshot("doorbraak")

    response = client.post(_breakthrough_url(shared), train_pass(cost_solution="-3.000"))

    assert_refused(response, "cost_solution", "Een bedrag kan niet negatief zijn.")
    assert snapshot("doorbraak") == before


def test_due_date_before_the_meeting_is_refused_and_saves_nothing(
    client, fixed, shared, teamleider_a, professional_a
):
    client.force_login(teamleider_a)
    day_before = (shared.meeting.date - timedelta(days=1)).isoformat()
    before = snapshot("doorbraak")

    response = client.post(
        _action_url(shared), action_payload(shared, professional_a, due_date=day_before)
    )

    assert_refused(
        response, "due_date", "De actie kan niet eerder af moeten dan de doorbraaktafel zelf"
    )
    assert snapshot("doorbraak") == before


def test_action_without_an_owner_is_refused(client, fixed, shared, teamleider_a, professional_a):
    client.force_login(teamleider_a)

    response = client.post(_action_url(shared), action_payload(shared, professional_a, owner=""))

    assert_refused(response, "owner", "Kies wie de actie uitvoert")
    assert not Action.objects.exists()


def test_nominating_another_teams_case_is_refused(
    client, meeting, team_b, professional_a, professional_b
):
    other_teams_case = factories.case(
        acting_user=professional_b, team=team_b, coordinator=professional_b
    )
    client.force_login(professional_a)
    before = snapshot("doorbraak")

    response = client.post(_nominate_url(meeting), nomination(other_teams_case))

    assert_refused(response, "case", "Kies een van je eigen open casussen")
    assert snapshot("doorbraak") == before


def test_nominating_a_colleagues_case_of_the_same_team_is_refused(
    client, meeting, colleagues_case, professional_a
):
    client.force_login(professional_a)

    response = client.post(_nominate_url(meeting), nomination(colleagues_case))

    assert_refused(response, "case", "Kies een van je eigen open casussen")
    assert not AgendaItem.objects.exists()


def test_nominating_another_teams_case_is_refused_for_the_teamleider_too(
    client, meeting, team_b, teamleider_a, professional_b
):
    other_teams_case = factories.case(
        acting_user=professional_b, team=team_b, coordinator=professional_b
    )
    client.force_login(teamleider_a)

    response = client.post(_nominate_url(meeting), nomination(other_teams_case))

    assert_refused(response, "case", "Kies een van je eigen open casussen")
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("who", ["professional_a", "teamleider_a"])
def test_second_item_for_the_same_case_in_one_meeting_is_refused(
    client, request, meeting, case, professional_a, who
):
    place(meeting, case, request.getfixturevalue("teamleider_a"))
    client.force_login(request.getfixturevalue(who))
    before = snapshot("doorbraak")

    response = client.post(_nominate_url(meeting), nomination(case))

    assert_refused(response, "case", "nog niet op deze agenda staat")
    assert snapshot("doorbraak") == before


def test_case_taken_off_the_agenda_can_be_put_back_through_the_form(
    client, meeting, case, teamleider_a
):
    """The service brings a withdrawn case back as the same item; the form must offer it."""
    item = place(meeting, case, teamleider_a)
    services.item_withdraw(acting_user=teamleider_a, item=item)
    client.force_login(teamleider_a)

    response = client.post(_nominate_url(meeting), nomination(case))

    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.status == ItemStatus.PLACED


def test_sharing_on_consent_without_a_consent_is_refused(client, shared, unshared, teamleider_a):
    client.force_login(teamleider_a)
    before = snapshot("doorbraak", "privacy")

    response = client.post(
        _share_url(unshared),
        {"legal_basis": LegalBasis.CONSENT, "consent": "", "legal_article": ""},
    )

    assert_refused(response, "consent", "Kies de toestemming van de inwoner waarop je deelt.")
    assert _without_access_log(snapshot("doorbraak", "privacy")) == _without_access_log(before)


def test_sharing_on_a_withdrawn_consent_is_refused(
    client, shared, unshared, teamleider_a, colleague_a
):
    consent = consent_of(
        unshared.case.primary_resident,
        recorded_by=colleague_a,
        given_days_ago=60,
        withdrawn_days_ago=5,
    )
    client.force_login(teamleider_a)

    response = client.post(
        _share_url(unshared),
        {"legal_basis": LegalBasis.CONSENT, "consent": consent.pk, "legal_article": ""},
    )

    assert_refused(response, "consent", "Deze toestemming is ingetrokken of nog niet gegeven.")
    assert not hasattr(AgendaItem.objects.get(pk=unshared.pk), "share")


def test_sharing_on_another_residents_consent_is_refused(
    client, shared, unshared, teamleider_a, professional_a
):
    fatimas_consent = consent_of(shared.case.primary_resident, recorded_by=professional_a)
    client.force_login(teamleider_a)

    response = client.post(
        _share_url(unshared),
        {"legal_basis": LegalBasis.CONSENT, "consent": fatimas_consent.pk, "legal_article": ""},
    )

    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not hasattr(AgendaItem.objects.get(pk=unshared.pk), "share")


def test_sharing_as_a_legal_task_without_an_article_is_refused(
    client, shared, unshared, teamleider_a
):
    client.force_login(teamleider_a)
    before = snapshot("doorbraak", "privacy")

    response = client.post(
        _share_url(unshared),
        {"legal_basis": LegalBasis.LEGAL_TASK, "consent": "", "legal_article": "  "},
    )

    assert_refused(response, "legal_article", "Noem bij een wettelijke taak de wet en het artikel")
    assert _without_access_log(snapshot("doorbraak", "privacy")) == _without_access_log(before)


def test_weeffout_without_domain_or_description_is_refused(client, fixed, shared, teamleider_a):
    client.force_login(teamleider_a)

    response = client.post(
        _breakthrough_url(shared), train_pass(is_structural="on", signal_domain="")
    )

    assert_refused(response, "signal_description", "Kies bij een weeffout de wet of het domein")
    assert not Breakthrough.objects.exists()
    assert not PolicySignal.objects.exists()


def _without_access_log(rows: dict) -> dict:
    return {label: r for label, r in rows.items() if not label.startswith("privacy.AccessLog")}


# --- Garbage never reaches a 500 ------------------------------------------------------------

HUGE_ID = "9" * 30
HUGE_TEXT = "x" * 100_000
NO_IDS = ["abc", HUGE_ID, "-1", "1.5", "²", "0x10", "1 OR 1=1"]


def _garbage_cases():
    """(form, field, value): fields of the doorbraak forms with values nobody should be able
    to save. Each is refused with a message on the form."""
    for value in [*NO_IDS, ""]:
        yield "nominate", "case", value
        yield "invite", "user", value
    for value in NO_IDS:  # optional choices: empty is fine, garbage is not
        yield "share", "consent", value
        yield "action", "owner_organisation", value
    for value in ["abc", HUGE_ID, "-1", "²"]:
        yield "action", "owner", value
    for value in ["abc", "NaN", "Infinity", "1e400", HUGE_ID, "1.000.000.000.000", "12,3,4"]:
        yield "breakthrough", "cost_current_path", value
        yield "breakthrough", "cost_solution", value
    for value in ["2026-13-45", "2026-02-30", "gisteren", "31-31-2031", HUGE_ID]:
        yield "action", "due_date", value
    for value in ["onzin", HUGE_TEXT[:50]]:
        yield "share", "legal_basis", value
        yield "breakthrough", "barrier_kind", value
        yield "breakthrough", "signal_domain", value
    yield "nominate", "stuck", "met\x00nul"
    yield "nominate", "blocked_by", "x" * 301
    yield "share", "legal_article", "x" * 151
    yield "breakthrough", "mandate", "x" * 201
    yield "breakthrough", "barrier", "met\x00nul"
    yield "action", "description", "x" * 301
    yield "postpone", "reason", "x" * 301
    yield "close", "notes", "met\x00nul"


@pytest.fixture
def forms_under_test(fixed, shared, unshared, teamleider_a, professional_a, owner):
    """Per form: its URL and a valid payload. The nominate and share forms are on a meeting
    whose agenda is still open; the others on the running meeting."""
    meeting = meeting_on(shared.meeting.team, in_days(21))
    open_item = place(meeting, unshared.case, teamleider_a)
    return {
        "nominate": (_nominate_url(meeting), nomination(shared.case)),
        "invite": (
            reverse("doorbraak:participant_invite", args=[meeting.pk]),
            {"user": owner.pk},
        ),
        "share": (
            _share_url(open_item),
            {"legal_basis": LegalBasis.LEGAL_TASK, "consent": "", "legal_article": ARTICLE},
        ),
        "breakthrough": (_breakthrough_url(shared), train_pass()),
        "action": (_action_url(shared), action_payload(shared, professional_a)),
        "postpone": (
            reverse("doorbraak:item_postpone", args=[shared.meeting_id, shared.pk]),
            {"reason": "Geen tijd"},
        ),
        "close": (reverse("doorbraak:meeting_close", args=[shared.meeting_id]), {"notes": ""}),
    }


@pytest.mark.parametrize(("form", "field", "value"), list(_garbage_cases()))
def test_garbage_is_refused_on_the_form(client, forms_under_test, teamleider_a, form, field, value):
    url, valid = forms_under_test[form]
    client.force_login(teamleider_a)
    before = _without_access_log(snapshot("doorbraak", "privacy"))

    response = client.post(url, {**valid, field: value})

    assert response.status_code == 200, (form, field, value)
    errors = response.context["form"].errors
    assert field in errors or "__all__" in errors, (form, field, value, errors)
    assert _without_access_log(snapshot("doorbraak", "privacy")) == before


@pytest.mark.parametrize(
    ("form", "field", "value"),
    [
        ("nominate", "stuck", HUGE_TEXT),
        ("nominate", "ask", HUGE_TEXT),
        ("breakthrough", "decision", HUGE_TEXT),
        ("breakthrough", "cost_current_path", "0"),
        ("breakthrough", "cost_solution", "€ 3.000,50"),
        ("breakthrough", "cost_solution", "3000,-"),
        ("action", "due_date", "9999-12-31"),
        ("action", "due_date", "0001-01-01"),
        ("close", "notes", HUGE_TEXT),
    ],
)
def test_odd_but_possible_input_saves_or_explains(
    client, forms_under_test, teamleider_a, form, field, value
):
    url, valid = forms_under_test[form]
    client.force_login(teamleider_a)

    response = client.post(url, {**valid, field: value})

    assert response.status_code in (200, 302), (form, field, value)
    if response.status_code == 200:
        assert response.context["form"].errors


@pytest.mark.parametrize("chosen", ["abc", "²", "٣", HUGE_ID, "-1", "", "1e3"])
def test_nominate_page_with_a_garbage_case_in_the_address_still_opens(
    client, meeting, teamleider_a, chosen
):
    """The teamleider follows a suggestion link (?casus=<id>); a mangled one is ignored."""
    client.force_login(teamleider_a)

    response = client.get(_nominate_url(meeting), {"casus": chosen})

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "99999", HUGE_ID, "²"])
def test_meeting_list_with_a_garbage_page_number_still_opens(client, meeting, teamleider_a, page):
    client.force_login(teamleider_a)

    response = client.get(reverse("doorbraak:meeting_list"), {"pagina": page})

    assert response.status_code == 200


def test_item_move_with_a_garbage_direction_keeps_the_agenda_valid(
    client, shared, unshared, teamleider_a
):
    client.force_login(teamleider_a)

    response = client.post(
        reverse("doorbraak:item_move", args=[shared.meeting_id, unshared.pk]),
        {"richting": "x" * 10_000},
    )

    assert response.status_code == 302
    positions = sorted(shared.meeting.items.values_list("position", flat=True))
    assert positions == [1, 2]


# --- The journey: the train pass, the weeffout, actions that come back ----------------------


def test_train_pass_typed_the_dutch_way_shows_the_yearly_saving(
    client, fixed, shared, teamleider_a
):
    client.force_login(teamleider_a)

    response = client.post(_breakthrough_url(shared), train_pass(), follow=True)

    assert response.redirect_chain[-1][0] == _run(shared)
    assert "Besparing per jaar: € 47.000,00" in text_of(response)
    breakthrough = Breakthrough.objects.get(item=shared)
    assert (breakthrough.cost_current_path, breakthrough.cost_solution) == (50000, 3000)


def test_train_pass_saving_shows_on_the_meeting_page(client, fixed, shared, teamleider_a):
    client.force_login(teamleider_a)
    client.post(_breakthrough_url(shared), train_pass())

    page = text_of(client.get(_detail(shared.meeting)))

    assert "besparing per jaar: € 47.000,00" in page


def test_structural_barrier_creates_a_policy_signal_on_the_signals_page(
    client, fixed, shared, teamleider_a
):
    client.force_login(teamleider_a)
    description = (
        "Vervoerskosten voor mensen met een psychische aandoening vallen tussen wal en schip."
    )

    response = client.post(
        _breakthrough_url(shared),
        train_pass(
            is_structural="on",
            signal_domain=PolicyDomain.WMO,
            signal_title="Geen OV-vergoeding in de Wmo",
            signal_description=description,
        ),
    )

    assert response.status_code == 302
    signal = PolicySignal.objects.get()
    assert (signal.team, signal.domain) == (shared.meeting.team, PolicyDomain.WMO)
    page = text_of(client.get(reverse("doorbraak:signal_list")))
    assert "Wmo 2015" in page
    assert "Geen OV-vergoeding in de Wmo" in page
    assert description in page


def test_other_teamleider_does_not_see_the_policy_signal(
    client, fixed, shared, teamleider_a, teamleider_b
):
    client.force_login(teamleider_a)
    client.post(
        _breakthrough_url(shared),
        train_pass(
            is_structural="on",
            signal_domain=PolicyDomain.WMO,
            signal_title="Geen OV-vergoeding in de Wmo",
            signal_description="Vervoerskosten vallen tussen wal en schip.",
        ),
    )
    client.force_login(teamleider_b)

    response = client.get(reverse("doorbraak:signal_list"))

    assert response.status_code == 200
    assert "Geen OV-vergoeding in de Wmo" not in response.text


@pytest.fixture
def agreed(client, fixed, shared, teamleider_a, owner):
    """At the fixed meeting the teamleider agrees an action on Fatima's case with Ahmed, a
    team A professional who has no part in the case; the meeting is closed."""
    client.force_login(teamleider_a)
    response = client.post(
        _action_url(shared), action_payload(shared, owner, description="Budgetbeheer aanvragen")
    )
    assert response.status_code == 302
    services.meeting_close(acting_user=teamleider_a, meeting=shared.meeting)
    client.logout()
    return Action.objects.get()


@pytest.fixture
def next_meeting(shared):
    return meeting_on(shared.meeting.team, shared.meeting.date + timedelta(days=14))


def _done_url(action) -> str:
    return reverse("doorbraak:action_complete", args=[action.pk])


def test_action_shows_on_the_case_page(client, agreed, professional_a):
    client.force_login(professional_a)

    page = text_of(client.get(reverse("cases:case_detail", args=[agreed.case_id])))

    assert "Acties van de doorbraaktafel" in page
    assert "Budgetbeheer aanvragen" in page
    assert "Ahmed Benali" in page


def test_action_shows_on_the_next_meetings_suggestions(client, agreed, next_meeting, teamleider_a):
    client.force_login(teamleider_a)

    page = text_of(client.get(_detail(next_meeting)))

    assert "Open acties van eerdere tafels" in page
    assert f"{agreed.case.reference} · F. O.: Budgetbeheer aanvragen" in page


def test_action_shows_on_the_owners_meeting_list(client, agreed, owner):
    client.force_login(owner)

    page = text_of(client.get(reverse("doorbraak:meeting_list")))

    assert "Jouw openstaande acties" in page
    assert "Budgetbeheer aanvragen" in page


def test_owner_marks_the_action_done(client, agreed, owner):
    client.force_login(owner)

    response = client.post(_done_url(agreed))

    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.done_on is not None


def test_done_action_leaves_the_case_page_and_the_next_agenda(
    client, agreed, next_meeting, owner, professional_a, teamleider_a
):
    client.force_login(owner)
    client.post(_done_url(agreed), follow=True)  # the confirmation is shown to the owner

    client.force_login(professional_a)
    case_page = text_of(client.get(reverse("cases:case_detail", args=[agreed.case_id])))
    client.force_login(teamleider_a)
    meeting_page = text_of(client.get(_detail(next_meeting)))

    assert "Budgetbeheer aanvragen" not in case_page
    assert "Budgetbeheer aanvragen" not in meeting_page


@pytest.mark.parametrize("who", ["colleague_a", "professional_b", "teamleider_b", "consulent"])
def test_unrelated_user_cannot_mark_the_action_done(client, request, agreed, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(_done_url(agreed))

    assert response.status_code == 404
    agreed.refresh_from_db()
    assert agreed.done_on is None


@pytest.mark.parametrize(
    "target",
    [
        "https://kwaadwillend.example/",
        "//kwaadwillend.example/",
        "///kwaadwillend.example/",
        "\\\\kwaadwillend.example",
        "javascript:alert(1)",
    ],
)
def test_marking_done_never_sends_the_user_to_another_site(client, agreed, owner, target):
    client.force_login(owner)

    response = client.post(_done_url(agreed), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == reverse("doorbraak:meeting_list")


def test_marking_done_returns_to_the_page_it_was_ticked_on(client, agreed, professional_a):
    client.force_login(professional_a)
    case_page = reverse("cases:case_detail", args=[agreed.case_id])

    response = client.post(_done_url(agreed), {"next": case_page})

    assert response["Location"] == case_page


# --- Minutes only once there is an agenda ---------------------------------------------------


def test_minutes_before_the_agenda_is_fixed_explain_why_and_print_nothing(
    client, meeting, case, teamleider_a
):
    place(meeting, case, teamleider_a)
    client.force_login(teamleider_a)

    response = client.get(reverse("doorbraak:minutes_pdf", args=[meeting.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("doorbraak:meeting_detail", args=[meeting.pk])
    assert "Notulen zijn er pas als de agenda is vastgesteld." in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.PRINT).exists()


# --- Queries --------------------------------------------------------------------------------


def _grow(meeting, earlier, teamleider, professional, n: int) -> None:
    """Add `n` of everything the teamleider's meeting page lists: placed items (shared, with
    a stressor and a stability assessment), nominations, withdrawn items, suggested cases
    (a stability decline and a severe stressor open for two months), open actions of an
    earlier meeting and partner participants."""

    def new_case():
        return factories.case(
            acting_user=professional,
            team=meeting.team,
            coordinator=professional,
            reported_on=factories.days_ago(90),
        )

    start = meeting.participants.count()
    for i in range(n):
        placed = place(meeting, new_case(), teamleider)
        register(placed.case, acting_user=professional, kind="Schulden", severity=2)
        assess(placed.case, acting_user=professional, **all_rules(3))
        _share(placed, teamleider)
        services.item_nominate(
            acting_user=professional,
            meeting=meeting,
            case=new_case(),
            stuck="Vast",
            ask="Vraag",
        )
        withdrawn = place(meeting, new_case(), teamleider)
        services.item_withdraw(acting_user=teamleider, item=withdrawn)
        suggested = new_case()
        assess(suggested, acting_user=professional, days_ago=30, **all_rules(4))
        assess(suggested, acting_user=professional, **all_rules(2))
        register(
            suggested,
            acting_user=professional,
            kind="Dreigende huisuitzetting",
            severity=3,
            registered_on=factories.days_ago(60),
        )
        earlier_item = place(earlier, new_case(), teamleider)
        services.action_add(
            acting_user=teamleider,
            item=earlier_item,
            description="Actie",
            due_date=earlier.date + timedelta(days=7),
            owner=professional,
        )
        partner = user_create(
            username=f"partner{start + i}",
            first_name="Partner",
            last_name=f"Nummer{start + i}",
            roles=[Role.PARTNER],
            organisation=factories.OrganisationFactory(),
        )
        services.participant_invite(acting_user=teamleider, meeting=meeting, user=partner)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_teamleider_meeting_page_queries_do_not_grow_with_the_agenda(
    client, meeting, team_a, teamleider_a, professional_a
):
    earlier = meeting_on(team_a, meeting.date - timedelta(days=14))
    client.force_login(teamleider_a)
    _grow(meeting, earlier, teamleider_a, professional_a, 2)
    few, _response = _queries(client, _detail(meeting))

    _grow(meeting, earlier, teamleider_a, professional_a, 4)
    many, response = _queries(client, _detail(meeting))

    page = text_of(response)
    assert "Agenda (6)" in page
    assert "Voordrachten van professionals (6)" in page
    assert "Deelnemers (6)" in page
    # each suggested case under both reasons, and each open action of the earlier meeting
    assert response.text.count("inbrengen/?casus=") == 6 * 2 + 6
    assert many == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query planner")
@pytest.mark.parametrize("who", ["teamleider_a", "professional_a"])
def test_meeting_pages_are_never_jit_compiled_on_postgresql(client, request, shared, who):
    """PostgreSQL JIT-compiles a query whose estimated cost is high. The permission
    subqueries of these pages reach that estimate even on a small database, and compiling
    them takes seconds on every page load, for a query that runs in milliseconds."""
    client.force_login(request.getfixturevalue(who))
    pages = [reverse("doorbraak:meeting_list"), _detail(shared.meeting)]

    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        for query in queries.captured_queries:
            if not query["sql"].startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {query['sql']}")
                plan = cursor.fetchone()[0]
            assert "JIT" not in plan[0], (page, query["sql"][:300])
