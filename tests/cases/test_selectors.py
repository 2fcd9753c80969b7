from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from cases import selectors, services
from cases.constants import CaseOutcome, CaseStatus, GoalStatus, HelpKind, JournalKind, LifeDomain
from cases.selectors import CaseFilter

from .factories import days_ago, resident


def _involve(case, user, acting_user, **fields):
    fields.setdefault("since", days_ago(10))
    return services.involvement_add(
        acting_user=acting_user,
        case=case,
        role="Ambulant begeleider",
        organisation_other="Zorg Noord",
        user=user,
        **fields,
    )


def _search(user, query: str) -> set:
    return set(selectors.my_cases(user, CaseFilter(query=query)))


def _team_search(user, query: str) -> set:
    return set(selectors.team_cases(user, user.team, CaseFilter(query=query)))


# --- My cases -------------------------------------------------------------------------------


def test_my_cases_contains_coordinated_and_involved_cases_only(
    make_case, professional_a, colleague_a
):
    coordinated = make_case()
    involved = make_case(acting_user=colleague_a, coordinator=colleague_a)
    _involve(involved, professional_a, colleague_a)
    involvement_ended = make_case(acting_user=colleague_a, coordinator=colleague_a)
    _involve(involvement_ended, professional_a, colleague_a, until=days_ago(1))
    make_case(acting_user=colleague_a, coordinator=colleague_a)

    assert set(selectors.my_cases(professional_a, CaseFilter())) == {coordinated, involved}


def test_my_cases_of_teamleider_leaves_out_team_cases_they_do_not_work_on(case, teamleider_a):
    assert set(selectors.team_cases(teamleider_a, teamleider_a.team, CaseFilter())) == {case}
    assert not selectors.my_cases(teamleider_a, CaseFilter()).exists()


def test_my_cases_shows_open_cases_unless_asked_for_closed(make_case, professional_a):
    open_case = make_case()
    closed = make_case()
    services.case_change_status(
        acting_user=professional_a,
        case=closed,
        expected_version=closed.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )

    assert set(selectors.my_cases(professional_a, CaseFilter())) == {open_case}
    assert set(selectors.my_cases(professional_a, CaseFilter(status=CaseStatus.CLOSED))) == {closed}
    assert set(selectors.my_cases(professional_a, CaseFilter(open_only=False))) == {
        open_case,
        closed,
    }


def test_case_list_shows_last_contact_without_other_peoples_private_notes(
    case, professional_a, teamleider_a
):
    shared_at = timezone.now() - timedelta(days=2)
    services.journal_entry_add(
        acting_user=professional_a,
        case=case,
        kind=JournalKind.PHONE,
        occurred_at=shared_at,
        summary="Gebeld",
    )
    private_at = timezone.now() - timedelta(hours=1)
    services.journal_entry_add(
        acting_user=professional_a,
        case=case,
        kind=JournalKind.NOTE,
        occurred_at=private_at,
        summary="Eigen aantekening",
        is_private=True,
    )

    [mine] = selectors.my_cases(professional_a, CaseFilter())
    [teams] = selectors.team_cases(teamleider_a, teamleider_a.team, CaseFilter())
    assert mine.last_contact == private_at
    assert teams.last_contact == shared_at


def test_case_list_shows_the_next_open_goal(case, professional_a):
    plan = case.support_plan
    for description, due, status in [
        ("Al behaald", days_ago(20), GoalStatus.ACHIEVED),
        ("Later", timezone.localdate() + timedelta(days=30), GoalStatus.OPEN),
        ("Eerst", timezone.localdate() + timedelta(days=5), GoalStatus.IN_PROGRESS),
    ]:
        services.goal_add(
            acting_user=professional_a,
            plan=plan,
            life_domain=LifeDomain.HOUSING,
            description=description,
            help_kind=HelpKind.OWN_STRENGTH,
            who="Inwoner",
            due_date=due,
            status=status,
        )

    [row] = selectors.my_cases(professional_a, CaseFilter())
    assert row.next_step == "Eerst"


# --- Search ---------------------------------------------------------------------------------


def test_search_finds_case_by_resident_name(make_case, professional_a):
    wanted = make_case(
        residents=[resident(acting_user=professional_a, first_name="Fatima", last_name="Amrani")]
    )
    make_case(residents=[resident(acting_user=professional_a, first_name="Piet", last_name="Hein")])

    assert _search(professional_a, "amrani") == {wanted}
    assert _search(professional_a, "Fatima Amrani") == {wanted}


def test_search_finds_case_by_name_of_any_household_member(make_case, professional_a):
    parent = resident(acting_user=professional_a, first_name="Ingrid", last_name="Willems")
    child = resident(acting_user=professional_a, first_name="Daan", last_name="Oosterhout")
    wanted = make_case(residents=[parent, child])

    assert _search(professional_a, "Oosterhout") == {wanted}


def test_search_finds_case_by_reference(make_case, professional_a):
    wanted = make_case()
    make_case()

    assert _search(professional_a, wanted.reference) == {wanted}


def test_search_finds_case_by_bsn(make_case, professional_a):
    wanted = make_case(residents=[resident(acting_user=professional_a, bsn="111222333")])
    make_case(residents=[resident(acting_user=professional_a, bsn="123456782")])

    assert _search(professional_a, "111222333") == {wanted}
    assert _search(professional_a, "111 222 333") == {wanted}


def test_search_on_part_of_a_bsn_finds_nothing(make_case, professional_a):
    make_case(residents=[resident(acting_user=professional_a, bsn="111222333")])

    assert _search(professional_a, "11122233") == set()


def test_search_finds_case_by_postcode_however_it_is_typed(make_case, professional_a):
    wanted = make_case(postcode="1234 AB")
    make_case(postcode="5211 CD")

    assert _search(professional_a, "1234ab") == {wanted}
    assert _search(professional_a, "1234 AB") == {wanted}


def test_search_returns_each_case_once_when_several_members_match(make_case, professional_a):
    wanted = make_case(
        residents=[
            resident(acting_user=professional_a, first_name="Ahmed", last_name="Bouali"),
            resident(acting_user=professional_a, first_name="Yasmina", last_name="Bouali"),
        ]
    )

    assert list(selectors.my_cases(professional_a, CaseFilter(query="Bouali"))) == [wanted]


def test_search_never_returns_invisible_cases(make_case, professional_a, colleague_a):
    def jansen(bsn):
        return [resident(acting_user=colleague_a, last_name="Jansen", bsn=bsn)]

    own = make_case(residents=[resident(acting_user=professional_a, last_name="Jansen")])
    hidden = make_case(
        acting_user=colleague_a, coordinator=colleague_a, residents=jansen("111222333")
    )

    for query in ("Jansen", "111222333", "1234ab", hidden.reference):
        assert hidden not in _search(professional_a, query), query
        assert hidden not in _team_search(professional_a, query), query
    assert _search(professional_a, "Jansen") == {own}


# --- Team caseload --------------------------------------------------------------------------


def test_team_caseload_counts_open_cases_per_professional(
    make_case, teamleider_a, professional_a, colleague_a, professional_b
):
    make_case()
    make_case()
    closed = make_case()
    services.case_change_status(
        acting_user=professional_a,
        case=closed,
        expected_version=closed.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.MOVED,
    )
    make_case(acting_user=colleague_a, coordinator=colleague_a)
    make_case(coordinator=None)
    make_case(acting_user=professional_b, team=professional_b.team, coordinator=professional_b)

    rows = selectors.team_caseload(teamleider_a, teamleider_a.team)

    counts = {
        (row["professional"].username if row["professional"] else None): row["open_cases"]
        for row in rows
    }
    assert counts == {
        professional_a.username: 2,
        colleague_a.username: 1,
        teamleider_a.username: 0,
        None: 1,
    }


def test_team_caseload_accounts_for_every_open_case_also_of_a_coordinator_who_left(
    make_case, teamleider_a, professional_a, colleague_a
):
    make_case()
    make_case(acting_user=colleague_a, coordinator=colleague_a)
    make_case(acting_user=colleague_a, coordinator=colleague_a)
    colleague_a.is_active = False  # left the organisation; the teamleider must reassign
    colleague_a.save()

    rows = selectors.team_caseload(teamleider_a, teamleider_a.team)

    assert sum(row["open_cases"] for row in rows) == 3


def test_team_caseload_counts_nothing_for_leader_of_other_team(make_case, teamleider_b, team_a):
    make_case()

    rows = selectors.team_caseload(teamleider_b, team_a)

    assert all(row["open_cases"] == 0 for row in rows)


# --- History --------------------------------------------------------------------------------


def test_case_history_names_who_made_each_change(case, professional_a, teamleider_a, colleague_a):
    services.case_assign_coordinator(
        acting_user=teamleider_a, case=case, expected_version=case.version, coordinator=colleague_a
    )

    events = selectors.case_history(teamleider_a, case)

    assert events[0].user == "Marloes Smit"
    assert ("casusregisseur", "Femke de Vries", "Sanne Bakker") in events[0].changes
    assert {e.user for e in events} == {"Marloes Smit", "Femke de Vries"}
    assert all(e.when for e in events)


def test_case_history_never_shows_the_full_bsn(make_case, professional_a):
    person = resident(acting_user=professional_a, bsn="111222333")
    case = make_case(residents=[person])
    services.resident_update(acting_user=professional_a, resident=person, bsn="123456782")

    events = selectors.case_history(professional_a, case)

    bsn_changes = [c for e in events for c in e.changes if c[0] == "BSN"]
    assert ("BSN", "*****2333", "*****6782") in bsn_changes
    shown = repr([(e.what, e.user, e.changes) for e in events])
    assert "111222333" not in shown
    assert "123456782" not in shown


def test_case_history_leaves_out_other_peoples_private_notes(case, professional_a, teamleider_a):
    services.journal_entry_add(
        acting_user=professional_a,
        case=case,
        kind=JournalKind.NOTE,
        occurred_at=timezone.now() - timedelta(hours=1),
        summary="Vermoeden van huiselijk geweld",
        is_private=True,
    )

    def shown(user):
        return repr([e.changes for e in selectors.case_history(user, case)])

    assert "Vermoeden van huiselijk geweld" in shown(professional_a)
    assert "Vermoeden van huiselijk geweld" not in shown(teamleider_a)


# --- Query counts ---------------------------------------------------------------------------


def _queries_to_list_my_cases(user_pk: int, query: str) -> tuple[int, int]:
    user = User.objects.get(pk=user_pk)  # fresh: no permission cache from an earlier run
    with CaptureQueriesContext(connection) as ctx:
        rows = [  # what the list page shows per row
            (
                str(row.primary_resident),
                str(row.household),
                str(row.coordinator),
                str(row.team),
                row.last_contact,
                row.next_step,
            )
            for row in selectors.my_cases(user, CaseFilter(query=query))
        ]
    return len(ctx.captured_queries), len(rows)


@pytest.mark.parametrize("query", ["", "Jansen"], ids=["all", "search"])
def test_my_cases_query_count_is_constant(query, make_case, professional_a, colleague_a):
    def build(n):
        for _ in range(n):
            case = make_case(residents=[resident(acting_user=professional_a, last_name="Jansen")])
            _involve(case, colleague_a, professional_a)
            services.journal_entry_add(
                acting_user=professional_a,
                case=case,
                kind=JournalKind.PHONE,
                occurred_at=timezone.now() - timedelta(hours=1),
                summary="Gebeld",
            )

    build(3)
    with_three, rows = _queries_to_list_my_cases(professional_a.pk, query)
    assert rows == 3
    build(10)
    with_thirteen, rows = _queries_to_list_my_cases(professional_a.pk, query)
    assert rows == 13

    assert with_thirteen == with_three
    assert with_three <= 3  # the role check (user and group permissions) and the list itself
