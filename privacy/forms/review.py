"""Forms of the review queue: its filter, the officer's decisions and the professional's
answer. The rules (who may do what, in which status) live in privacy.review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import ServiceFormMixin
from privacy.constants import ReviewKind, ReviewStatus

TODO = "te_doen"
ALL = "alle"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (TODO, _("Te doen (te beoordelen en beantwoord)")),
            (ReviewStatus.OPEN, _("Te beoordelen")),
            (ReviewStatus.QUESTIONED, _("Vraag uitgezet")),
            (ReviewStatus.ANSWERED, _("Vraag beantwoord")),
            (ReviewStatus.BREACH, _("Mogelijk datalek")),
            (ReviewStatus.APPROVED, _("Akkoord")),
            (ALL, _("Alle")),
        ],
        error_messages={"invalid_choice": _("Kies een status uit de lijst.")},
    )
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *ReviewKind.choices],
        error_messages={"invalid_choice": _("Kies een soort uit de lijst.")},
    )


class _TextForm(ServiceFormMixin, forms.Form):
    """A text the service takes as it is typed (Django refuses null characters)."""


class ApproveForm(_TextForm):
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij het afhandelen van een mogelijk datalek."),
    )


class QuestionForm(_TextForm):
    question = forms.CharField(
        label=_("Vraag aan de medewerker"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De medewerker ziet deze vraag en beantwoordt haar."),
        error_messages={"required": _("Schrijf de vraag op die de medewerker moet beantwoorden.")},
    )


class BreachForm(_TextForm):
    note = forms.CharField(
        label=_("Waarom is dit een mogelijk datalek?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vanaf het markeren loopt de termijn van 72 uur om te melden."),
        error_messages={"required": _("Beschrijf waarom dit een mogelijk datalek is.")},
    )


class AnswerForm(_TextForm):
    answer = forms.CharField(
        label=_("Je antwoord"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf je antwoord op.")},
    )
