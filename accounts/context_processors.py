"""Navigation for the base template: which sections this user may open, as the permission
layers of those sections decide."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    from cases.permissions import does_casework, leads_own_team
    from doorbraak.permissions import is_partner
    from privacy.permissions import is_privacy_officer
    from privacy.selectors import open_questions_count
    from reports.permissions import may_view_reports

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    casework = does_casework(user)
    return {
        "nav": {
            "casework": casework,
            "team": leads_own_team(user),
            "doorbraak": casework or is_partner(user),
            "privacy": is_privacy_officer(user),
            "privacy_questions": open_questions_count(user),
            "reports": may_view_reports(user),
            "admin": user.is_staff,
        }
    }
