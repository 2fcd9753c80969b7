from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


def refuse_demo_outside_demo_mode(user) -> None:
    """The demo password is public: a demo account must never open a real installation."""
    if user.is_demo and not settings.DEMO_MODE:
        raise forms.ValidationError(
            _("Demo-accounts werken alleen in de demo-omgeving. Log in met je eigen account."),
            code="demo_disabled",
        )


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is uitgeschakeld. Neem contact op met de beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keyboard users start at the skip link, as on every other page.
        self.fields["username"].widget.attrs.pop("autofocus", None)

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        refuse_demo_outside_demo_mode(user)


class AdminLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        refuse_demo_outside_demo_mode(user)
