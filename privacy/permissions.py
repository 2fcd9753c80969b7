"""Who may use the privacy officer's screens. They see log entries and metadata, never case
content: opening a case is emergency access, as for anyone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User

REVIEW_PRIVACY = "privacy.review_privacy"


def is_privacy_officer(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(REVIEW_PRIVACY))


def require_privacy_officer(request: HttpRequest) -> None:
    """/privacy/ exists only for privacy officers; anyone else gets a 404 and the attempt
    is logged as denied."""
    from cases.permissions import deny

    if not is_privacy_officer(request.user):
        raise deny(request.user, request, "privacy", None)
