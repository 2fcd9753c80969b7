"""Navigation for the base template: which sections this user's roles open."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "casework": user.has_perm("cases.work_cases"),
            "team": user.has_perm("accounts.lead_team") and user.team_id is not None,
            "doorbraak": user.has_perm("cases.work_cases")
            or user.has_perm("doorbraak.attend_as_partner"),
            "admin": user.is_staff,
        }
    }
