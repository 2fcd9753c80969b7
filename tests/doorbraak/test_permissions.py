"""Who sees what at the doorbraaktafel, and who runs it. An agenda item is personal data of
its case: the team's teamleider sees every item of the team's meetings, a professional only
the items of cases they may see, a partner only what was shared with the partners of a
meeting they were invited to, and the privacy officer and beleidsmedewerker nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from doorbraak import permissions, services
from doorbraak.constants import BarrierKind
from privacy.constants import LegalBasis
from tests.stressors.conftest import snapshot

from .conftest import error_codes, in_days, meeting_on, nominate, place


def _items(user) -> set[int]:
    return set(permissions.visible_items(user).values_list("pk", flat=True))


def _meetings(user) -> set[int]:
    return set(permissions.visible_meetings(user).values_list("pk", flat=True))


def _share(item, teamleider):
    return services.item_share_with_partners(
        acting_user=teamleider,
        item=item,
        legal_basis=LegalBasis.LEGAL_TASK,
        legal_article="Wmo 2015 art. 5.2.1",
    )


@pytest.fixture
def colleagues_case(make_case, colleague_a):
    """A team A case that `professional_a` has no part in."""
    return make_case(acting_user=colleague_a, coordinator=colleague_a)


@pytest.fixture
def shared_meeting(meeting, case, colleagues_case, teamleider_a, wijkagent):
    """Team A's meeting with two placed items; the agent is invited and only the first item
    (`case`) is shared with the partners."""
    shared = place(meeting, case, teamleider_a)
    place(meeting, colleagues_case, teamleider_a)
    services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=wijkagent)
    _share(shared, teamleider_a)
    return meeting


# --- Partners -------------------------------------------------------------------------------


def test_partner_sees_the_shared_item_of_a_meeting_they_are_invited_to(
    shared_meeting, case, wijkagent
):
    assert _items(wijkagent) == {shared_meeting.items.get(case=case).pk}


def test_partner_does_not_see_an_unshared_item_of_that_meeting(
    shared_meeting, colleagues_case, wijkagent
):
    unshared = shared_meeting.items.get(case=colleagues_case)

    assert unshared.pk not in _items(wijkagent)


def test_partner_does_not_see_shared_items_of_a_meeting_they_are_not_invited_to(
    team_a, make_case, teamleider_a, wijkagent, consulent
):
    other_meeting = meeting_on(team_a, in_days(21))
    item = place(other_meeting, make_case(), teamleider_a)
    services.participant_invite(acting_user=teamleider_a, meeting=other_meeting, user=consulent)
    _share(item, teamleider_a)

    assert _items(wijkagent) == set()
    assert _meetings(wijkagent) == set()


def test_partner_sees_the_meetings_they_are_invited_to_but_only_shared_items(
    shared_meeting, team_a, teamleider_a, wijkagent, make_case
):
    invited_without_shares = meeting_on(team_a, in_days(21))
    unshared = place(invited_without_shares, make_case(), teamleider_a)
    services.participant_invite(
        acting_user=teamleider_a, meeting=invited_without_shares, user=wijkagent
    )
    not_invited = meeting_on(team_a, in_days(35))

    assert _meetings(wijkagent) == {shared_meeting.pk, invited_without_shares.pk}
    assert not_invited.pk not in _meetings(wijkagent)
    assert unshared.pk not in _items(wijkagent)


def test_partner_cannot_nominate_a_case(meeting, case, wijkagent):
    with pytest.raises(ValidationError) as exc:
        nominate(meeting, case, wijkagent)

    assert error_codes(exc.value) == {"case": {"not_visible"}}


# --- Professionals and teamleiders ----------------------------------------------------------


def test_professional_sees_only_items_of_cases_they_may_see(shared_meeting, case, professional_a):
    assert _items(professional_a) == {shared_meeting.items.get(case=case).pk}


def test_professional_sees_the_meetings_of_their_own_team(meeting, meeting_b, professional_a):
    assert _meetings(professional_a) == {meeting.pk}


def test_teamleider_sees_every_item_of_their_teams_meetings(shared_meeting, teamleider_a):
    assert _items(teamleider_a) == set(shared_meeting.items.values_list("pk", flat=True))


def test_teamleider_sees_no_item_of_another_team(shared_meeting, teamleider_b):
    assert _items(teamleider_b) == set()


def test_teamleider_sees_no_meeting_of_another_team(shared_meeting, meeting_b, teamleider_b):
    assert _meetings(teamleider_b) == {meeting_b.pk}


@pytest.mark.parametrize("role", ["privacy_officer", "beleidsmedewerker"])
def test_role_without_casework_sees_no_item_and_no_meeting(request, shared_meeting, role):
    user = request.getfixturevalue(role)

    assert _items(user) == set()
    assert _meetings(user) == set()


# --- Managing the meeting -------------------------------------------------------------------


def test_teamleider_manages_their_own_teams_meeting(meeting, teamleider_a):
    assert permissions.can_manage(teamleider_a, meeting)


@pytest.mark.parametrize("user", ["teamleider_b", "professional_a"])
def test_others_do_not_manage_the_meeting(request, meeting, user):
    assert not permissions.can_manage(request.getfixturevalue(user), meeting)


MANAGER_ONLY = {
    "place": lambda user, item, ctx: services.item_place(acting_user=user, item=item),
    "withdraw": lambda user, item, ctx: services.item_withdraw(acting_user=user, item=item),
    "move": lambda user, item, ctx: services.item_move(acting_user=user, item=item, up=True),
    "fix_agenda": lambda user, item, ctx: services.agenda_fix(
        acting_user=user, meeting=item.meeting
    ),
    "invite": lambda user, item, ctx: services.participant_invite(
        acting_user=user, meeting=item.meeting, user=ctx["colleague_a"]
    ),
    "share": lambda user, item, ctx: _share(item, user),
    "postpone": lambda user, item, ctx: services.item_postpone(acting_user=user, item=item),
    "breakthrough": lambda user, item, ctx: services.breakthrough_record(
        acting_user=user,
        item=item,
        barrier_kind=BarrierKind.RULE,
        barrier="Regel",
        decision="Besluit",
        mandate="Teamleider",
    ),
    "action": lambda user, item, ctx: services.action_add(
        acting_user=user,
        item=item,
        description="Bellen",
        due_date=item.meeting.date + timedelta(days=7),
        owner=ctx["colleague_a"],
    ),
    "close": lambda user, item, ctx: services.meeting_close(acting_user=user, meeting=item.meeting),
}


@pytest.mark.parametrize("outsider", ["teamleider_b", "professional_a"])
@pytest.mark.parametrize("write", MANAGER_ONLY.values(), ids=MANAGER_ONLY.keys())
def test_only_the_teams_teamleider_runs_the_meeting(
    request, meeting, case, professional_a, colleague_a, outsider, write
):
    item = nominate(meeting, case, professional_a)
    before = snapshot("doorbraak", "privacy")

    with pytest.raises(ValidationError) as exc:
        write(request.getfixturevalue(outsider), item, {"colleague_a": colleague_a})

    assert error_codes(exc.value) == {None: {"not_manager"}}
    assert snapshot("doorbraak", "privacy") == before
