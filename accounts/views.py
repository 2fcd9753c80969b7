from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def home(request):
    """Each role lands where its work is, as the permission layers of those sections say."""
    from cases.permissions import does_casework
    from doorbraak.permissions import is_partner
    from privacy.permissions import is_privacy_officer
    from reports.permissions import sees_all_teams

    user = request.user
    if does_casework(user):
        return redirect(reverse("cases:my_cases"))
    if is_partner(user):
        return redirect(reverse("doorbraak:meeting_list"))
    if is_privacy_officer(user):
        return redirect(reverse("privacy:dashboard"))
    if sees_all_teams(user):
        return redirect(reverse("reports:dashboard"))
    return render(request, "accounts/home.html")
