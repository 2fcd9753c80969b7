from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def home(request):
    """Each role lands where its work is."""
    user = request.user
    if user.has_perm("cases.work_cases"):
        return redirect(reverse("cases:my_cases"))
    if user.has_perm("doorbraak.attend_as_partner"):
        return redirect(reverse("doorbraak:meeting_list"))
    if user.has_perm("privacy.review_privacy"):
        return redirect(reverse("privacy:dashboard"))
    return render(request, "accounts/home.html")
