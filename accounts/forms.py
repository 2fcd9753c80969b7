from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is uitgeschakeld. Neem contact op met de beheerder."),
        "demo_disabled": _(
            "Demo-accounts werken alleen in de demo-omgeving. Log in met je eigen account."
        ),
    }

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        # The demo password is public; a demo account must never open a real installation.
        if user.is_demo and not settings.DEMO_MODE:
            raise forms.ValidationError(self.error_messages["demo_disabled"], code="demo_disabled")
