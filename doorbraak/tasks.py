from celery import shared_task

from . import services


@shared_task
def schedule_meetings() -> int:
    """Daily: keep the next two meetings of every team in existence (idempotent)."""
    return len(services.meetings_schedule_upcoming())


@shared_task
def remind_actions() -> int:
    """Daily: email the owners of due and overdue actions (once a day per action)."""
    return services.actions_remind()
