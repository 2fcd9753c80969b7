"""Reads of the reports app. The figures themselves are in reports/figures.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import ReportExport

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User


def recent_exports(user: User, *, limit: int) -> QuerySet[ReportExport]:
    """The user's own PDF reports, newest first: nobody sees another's."""
    return ReportExport.objects.filter(requested_by=user).select_related("team")[:limit]
