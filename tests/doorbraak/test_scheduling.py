"""Scheduling: every team with a rhythm always has its next two doorbraaktafels, and the
scheduler (service, management command or Celery task) never makes one twice."""

from __future__ import annotations

from datetime import date, time
from io import StringIO

from django.core.management import call_command

from doorbraak import tasks
from doorbraak.constants import ItemStatus, MeetingStatus, Weekday
from doorbraak.models import Meeting, MeetingSchedule
from doorbraak.services import meeting_dates, meetings_schedule_upcoming

from .conftest import in_days, place


def rhythm(team, *, first_date: date, interval_days: int = 14) -> MeetingSchedule:
    """A team's rhythm as the functional administrator enters it."""
    return MeetingSchedule.objects.create(
        team=team,
        weekday=min(first_date.weekday(), Weekday.FRIDAY),
        start_time=time(9, 30),
        location="Wijkcentrum De Schakel, zaal 2",
        interval_days=interval_days,
        first_date=first_date,
    )


def _dates(team) -> list[date]:
    return list(Meeting.objects.filter(team=team).order_by("date").values_list("date", flat=True))


# --- The dates of a rhythm ------------------------------------------------------------------


def test_meeting_dates_before_the_first_date_start_at_the_first_date(team_a):
    schedule = rhythm(team_a, first_date=date(2026, 3, 3))

    dates = meeting_dates(schedule, today=date(2026, 2, 20), count=2)

    assert dates == [date(2026, 3, 3), date(2026, 3, 17)]


def test_meeting_dates_on_a_meeting_day_include_that_day(team_a):
    schedule = rhythm(team_a, first_date=date(2026, 3, 3))

    dates = meeting_dates(schedule, today=date(2026, 3, 31), count=2)

    assert dates == [date(2026, 3, 31), date(2026, 4, 14)]


def test_meeting_dates_between_meetings_start_at_the_next_meeting(team_a):
    schedule = rhythm(team_a, first_date=date(2026, 3, 3))

    dates = meeting_dates(schedule, today=date(2026, 3, 18), count=2)

    assert dates == [date(2026, 3, 31), date(2026, 4, 14)]


def test_meeting_dates_follow_the_teams_interval(team_a):
    schedule = rhythm(team_a, first_date=date(2026, 3, 3), interval_days=7)

    dates = meeting_dates(schedule, today=date(2026, 3, 4), count=2)

    assert dates == [date(2026, 3, 10), date(2026, 3, 17)]


# --- Keeping the next two meetings in existence ---------------------------------------------


def test_scheduler_creates_the_next_two_meetings_of_every_team(team_a, team_b):
    rhythm(team_a, first_date=in_days(-3))
    rhythm(team_b, first_date=in_days(2))

    created = meetings_schedule_upcoming()

    assert len(created) == 4
    assert _dates(team_a) == [in_days(11), in_days(25)]
    assert _dates(team_b) == [in_days(2), in_days(16)]


def test_scheduled_meeting_is_planned_at_the_time_and_place_of_the_rhythm(team_a):
    rhythm(team_a, first_date=in_days(5))

    meetings_schedule_upcoming()

    first = Meeting.objects.filter(team=team_a).earliest("date")
    assert (first.start_time, first.location) == (time(9, 30), "Wijkcentrum De Schakel, zaal 2")
    assert first.status == MeetingStatus.PLANNED
    assert not first.items.exists()


def test_scheduler_run_again_creates_nothing(team_a, team_b):
    rhythm(team_a, first_date=in_days(-3))
    rhythm(team_b, first_date=in_days(2))
    meetings_schedule_upcoming()

    again = meetings_schedule_upcoming()

    assert again == []
    assert Meeting.objects.count() == 4


def test_scheduler_run_again_leaves_a_prepared_agenda_alone(team_a, teamleider_a, case):
    rhythm(team_a, first_date=in_days(5))
    meeting = meetings_schedule_upcoming()[0]
    item = place(meeting, case, teamleider_a)

    meetings_schedule_upcoming()

    assert list(meeting.items.values_list("pk", "status")) == [(item.pk, ItemStatus.PLACED)]


def test_scheduler_adds_the_following_meeting_once_a_meeting_day_has_passed(team_a):
    rhythm(team_a, first_date=in_days(0))
    meetings_schedule_upcoming()

    created = meetings_schedule_upcoming(today=in_days(1))

    assert [m.date for m in created] == [in_days(28)]
    assert _dates(team_a) == [in_days(0), in_days(14), in_days(28)]


def test_team_without_a_rhythm_gets_no_meetings(team_a, team_b):
    rhythm(team_a, first_date=in_days(1))

    meetings_schedule_upcoming()

    assert not Meeting.objects.filter(team=team_b).exists()


# --- The same work without a broker: command and task ---------------------------------------


def test_schedule_meetings_command_creates_the_next_two_meetings(team_a):
    rhythm(team_a, first_date=in_days(1))
    out = StringIO()

    call_command("schedule_meetings", stdout=out)

    assert _dates(team_a) == [in_days(1), in_days(15)]
    assert "2 doorbraaktafel(s) ingepland" in out.getvalue()


def test_schedule_meetings_command_run_twice_creates_nothing_more(team_a):
    rhythm(team_a, first_date=in_days(1))
    call_command("schedule_meetings", stdout=StringIO())
    out = StringIO()

    call_command("schedule_meetings", stdout=out)

    assert Meeting.objects.count() == 2
    assert "0 doorbraaktafel(s) ingepland" in out.getvalue()


def test_schedule_meetings_task_run_twice_creates_nothing_more(team_a, team_b):
    rhythm(team_a, first_date=in_days(1))
    rhythm(team_b, first_date=in_days(3))

    first_run = tasks.schedule_meetings()
    second_run = tasks.schedule_meetings()

    assert (first_run, second_run) == (4, 0)
    assert Meeting.objects.count() == 4
