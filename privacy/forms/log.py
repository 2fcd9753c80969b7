"""Forms of the access-log screens: the search, the period of a user's log and the keyset
position of an "older entries" link."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A period outside these years is a typing error, not a question about the log.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class SearchKind:
    RESIDENT = "inwoner"
    USER = "medewerker"


class LogSearchForm(forms.Form):
    """One search: for a resident ("who has seen her file?") or for a user ("what did this
    professional open?"). Choosing what to search for keeps residents out of the results
    (and out of the log) when the officer looks for a colleague."""

    soort = forms.ChoiceField(
        label=_("Zoek naar"),
        choices=[
            (SearchKind.RESIDENT, _("een inwoner")),
            (SearchKind.USER, _("een medewerker")),
        ],
        initial=SearchKind.RESIDENT,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies inwoner of medewerker.")},
    )
    q = forms.CharField(
        label=_("Zoekterm"),
        max_length=100,
        help_text=_(
            "Inwoner: naam, BSN (9 cijfers) of geboortedatum (dd-mm-jjjj). "
            "Medewerker: naam of gebruikersnaam."
        ),
        error_messages={"required": _("Vul een zoekterm in.")},
    )

    def clean_q(self):
        value = self.cleaned_data["q"].strip()
        if not value:
            raise ValidationError(_("Vul een zoekterm in."), code="required")
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput,
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 20-11-2026.")},
    )


class PeriodForm(forms.Form):
    """The period of a user's log: from and up to and including a day."""

    van = _date_field(_("Van"))
    tot = _date_field(_("Tot en met"))

    def clean(self):
        cleaned = super().clean()
        for name in ("van", "tot"):
            day = cleaned.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(
                    name,
                    ValidationError(
                        _("Kies een datum tussen %(from)s en %(to)s.")
                        % {"from": f"{EARLIEST:%d-%m-%Y}", "to": f"{LATEST:%d-%m-%Y}"},
                        code="out_of_range",
                    ),
                )
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error(
                "tot",
                ValidationError(
                    _("De einddatum ligt vóór de begindatum."), code="end_before_start"
                ),
            )
        return cleaned


class KeysetForm(forms.Form):
    """`voor`: show the entries older than this one (the "Oudere regels" link)."""

    voor = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
