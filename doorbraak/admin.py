from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MeetingSchedule


@admin.register(MeetingSchedule)
class MeetingScheduleAdmin(SimpleHistoryAdmin):
    """The beheerder sets each team's rhythm; the scheduler makes the meetings."""

    list_display = ("team", "weekday", "start_time", "location", "interval_days", "first_date")
