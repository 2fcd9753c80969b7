"""Who reaches /rapportages/ and whose figures they see.

* A beleidsmedewerker (`reports.view_reports`) sees the figures of every team, together or
  per team.
* A teamleider sees the figures of the team(s) they lead, and of no other team.
* Everyone else: 404, logged as a denied attempt, as for any page one may not see.

Reports hold aggregates only; the figures never name a resident (see reports/tables.py for
the suppression of small numbers)."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.views.decorators.http import require_http_methods

from accounts.models import Team
from doorbraak.permissions import managed_teams

from .models import ReportExport

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from accounts.models import User

VIEW_REPORTS = "reports.view_reports"


def sees_all_teams(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(VIEW_REPORTS))


def report_teams(user: User) -> QuerySet[Team]:
    """The teams whose figures this user may see."""
    if sees_all_teams(user):
        return Team.objects.all()
    return managed_teams(user)


def may_view_reports(user: User) -> bool:
    return sees_all_teams(user) or report_teams(user).exists()


def _deny(request: HttpRequest, object_id=None):
    from cases.permissions import deny

    return deny(request.user, request, "reports", object_id)


def reports_view(*methods: str):
    """A page of /rapportages/: anyone who may not see reports gets the 404 (logged as
    denied) whatever the method, before the method is even looked at."""

    def decorate(view):
        allowed = require_http_methods(list(methods))(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may_view_reports(request.user):
                raise _deny(request)
            return allowed(request, *args, **kwargs)

        return wrapped

    return decorate


def access_export(request: HttpRequest, export_id: int) -> ReportExport:
    """An export is its requester's alone; for anyone else it does not exist. A requester
    who lost the team since asking no longer gets it either."""
    user = request.user
    export = (
        ReportExport.objects.filter(pk=export_id, requested_by=user).select_related("team").first()
    )
    lost_team = (
        export is not None
        and export.team_id is not None
        and not (report_teams(user).filter(pk=export.team_id).exists())
    )
    if export is None or lost_team:
        raise _deny(request, export_id)
    return export
