"""Forms for residents' requests: what the privacy officer types when a request comes in.
The rules (a date not in the future, who may record it) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput, ServiceFormMixin


class AccessRequestForm(ServiceFormMixin, forms.Form):
    received_on = forms.DateField(
        label=_("ontvangen op"),
        widget=DateInput(),
        help_text=_("De dag waarop het verzoek van de inwoner binnenkwam."),
    )
    grounds = forms.CharField(
        label=_("toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Bijvoorbeeld hoe het verzoek binnenkwam en hoe de identiteit van de inwoner is "
            "vastgesteld."
        ),
    )
