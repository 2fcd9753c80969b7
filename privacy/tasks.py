"""Scheduled privacy work (the schedule is in settings). Each task calls one service and is
safe to run twice."""

from celery import shared_task


@shared_task
def expire_emergency_access() -> int:
    from .emergency import emergency_access_expire_due

    return emergency_access_expire_due()


@shared_task
def flag_unusual_access() -> int:
    from .flags import unusual_access_flag

    return unusual_access_flag()


@shared_task
def apply_retention() -> dict:
    from .chain import access_log_purge_expired
    from .retention import retention_apply

    removed = retention_apply(dry_run=False)
    purged = access_log_purge_expired()
    return {"cases": len(removed), "access_log_entries": purged}
