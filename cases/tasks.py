from celery import shared_task

from . import services


@shared_task
def expire_involvement_grants() -> int:
    """Daily: colleagues whose involvement ended lose their access to the case."""
    return services.involvement_grants_expire()
