"""Background work of the reports app; each task takes ids, calls one service and is safe
to run twice."""

from celery import shared_task


@shared_task
def render_report_pdf(export_id: int) -> str:
    from .services import export_run

    export = export_run(export_id=export_id)
    return export.status if export else "gone"


@shared_task
def remove_expired_reports() -> int:
    from .services import exports_remove_expired

    return exports_remove_expired()
