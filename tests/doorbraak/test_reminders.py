"""The daily reminder: the owner of every open action that is due today or overdue gets one
email a day, until the action is done."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from doorbraak import services, tasks

from .conftest import in_days, meeting_on, place


@pytest.fixture
def item(team_a, case, teamleider_a):
    """`case` on the agenda of team A's doorbraaktafel of three weeks ago."""
    return place(meeting_on(team_a, in_days(-21)), case, teamleider_a)


def _action(item, teamleider, *, due_in_days: int, **fields):
    fields.setdefault("description", "Beslag op uitkering laten opheffen")
    return services.action_add(
        acting_user=teamleider, item=item, due_date=in_days(due_in_days), **fields
    )


def test_overdue_action_emails_its_owner(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=-3, owner=owner)

    sent = services.actions_remind()

    assert sent == 1
    (message,) = mail.outbox
    assert message.to == ["ahmed.benali@wijkteam.example"]
    assert message.subject == f"Actie doorbraaktafel verlopen: {item.case.reference}"
    assert "Beslag op uitkering laten opheffen" in message.body


def test_action_due_today_emails_its_owner(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=0, owner=owner)

    services.actions_remind()

    (message,) = mail.outbox
    assert message.subject == f"Actie doorbraaktafel vandaag: {item.case.reference}"


def test_every_due_action_gets_its_own_email(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=-5, owner=owner)
    _action(item, teamleider_a, due_in_days=0, owner=owner, description="Huisarts bellen")

    services.actions_remind()

    assert len(mail.outbox) == 2


def test_done_action_sends_no_reminder(item, teamleider_a, owner):
    action = _action(item, teamleider_a, due_in_days=-3, owner=owner)
    services.action_complete(acting_user=owner, action=action)

    assert services.actions_remind() == 0
    assert mail.outbox == []


def test_action_due_later_sends_no_reminder(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=1, owner=owner)

    assert services.actions_remind() == 0
    assert mail.outbox == []


def test_owner_without_email_address_gets_no_reminder(item, teamleider_a, colleague_a):
    _action(item, teamleider_a, due_in_days=-3, owner=colleague_a)

    assert services.actions_remind() == 0
    assert mail.outbox == []


def test_action_of_an_organisation_sends_no_reminder(item, teamleider_a, corporation):
    _action(item, teamleider_a, due_in_days=-3, owner_organisation=corporation)

    assert services.actions_remind() == 0
    assert mail.outbox == []


def test_running_twice_on_one_day_sends_nothing_more(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=-3, owner=owner)
    services.actions_remind()

    sent_again = services.actions_remind()

    assert sent_again == 0
    assert len(mail.outbox) == 1


def test_open_overdue_action_is_reminded_again_the_next_day(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=-3, owner=owner)
    services.actions_remind()

    services.actions_remind(today=in_days(1))

    assert len(mail.outbox) == 2


def test_remind_actions_task_run_twice_sends_one_email(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=-1, owner=owner)

    first_run, second_run = tasks.remind_actions(), tasks.remind_actions()

    assert (first_run, second_run) == (1, 0)
    assert len(mail.outbox) == 1


def test_remind_actions_command_reports_what_it_sent(item, teamleider_a, owner):
    _action(item, teamleider_a, due_in_days=-1, owner=owner)
    out = StringIO()

    call_command("remind_actions", stdout=out)

    assert len(mail.outbox) == 1
    assert "1 herinnering(en) verstuurd" in out.getvalue()


def test_reminder_is_recorded_on_the_action(item, teamleider_a, owner):
    action = _action(item, teamleider_a, due_in_days=-1, owner=owner)

    services.actions_remind()

    action.refresh_from_db()
    assert action.reminded_on == timezone.localdate()
