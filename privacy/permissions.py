"""Who may use the privacy officer's screens. They see log entries and metadata, never case
content: opening a case is emergency access, as for anyone."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

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


def privacy_officer_view(*methods: str):
    """A page for privacy officers only, who are asked first: anyone else gets the 404
    (logged as denied) whatever the method, and never learns which methods the page takes."""

    def decorate(view):
        allowed = require_http_methods(list(methods))(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_privacy_officer(request)
            return allowed(request, *args, **kwargs)

        return wrapped

    return decorate
