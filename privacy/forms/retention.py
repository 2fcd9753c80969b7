"""Forms for retention work: finding a case by its number, a legal hold, and a resident's
rectification and erasure requests. The rules (grounds required, a date not in the future,
a valid and unique BSN, who may do this) live in privacy.retention."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import BsnField, DateInput, ServiceFormMixin
from cases.models import Case, Resident
from cases.validators import validate_bsn, validate_not_in_future

_REFERENCE = re.compile(r"\d{4}-\d{6}")


class CaseReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("casusnummer"),
        max_length=20,
        help_text=_("Zoals 2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if not _REFERENCE.fullmatch(reference):
            raise forms.ValidationError(
                _("Een casusnummer bestaat uit het jaar, een streepje en zes cijfers."),
                code="format",
            )
        return reference


class LegalHoldForm(ServiceFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reden bewaarplicht"),
        max_length=Case._meta.get_field("legal_hold_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Waarom het dossier langer bewaard moet blijven, bijvoorbeeld een lopende "
            "bezwaar- of gerechtelijke procedure, een klacht of een vordering van de rechter."
        ),
    )


class _RequestForm(ServiceFormMixin, forms.Form):
    received_on = forms.DateField(
        label=_("ontvangen op"),
        widget=DateInput(),
        validators=[validate_not_in_future],
        help_text=_("De dag waarop het verzoek van de inwoner binnenkwam."),
    )
    grounds = forms.CharField(
        label=_("grondslag en toelichting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RectificationForm(_RequestForm):
    """The resident's current data, to correct. The BSN is never shown in full: left empty
    it stays as it is; "BSN verwijderen" removes a BSN that was wrongly recorded."""

    first_name = Resident._meta.get_field("first_name").formfield()
    name_prefix = Resident._meta.get_field("name_prefix").formfield()
    last_name = Resident._meta.get_field("last_name").formfield()
    # Plain forms do not run the model's validators: the same ones, so every mistake shows
    # at once (the service checks them again).
    date_of_birth = Resident._meta.get_field("date_of_birth").formfield(
        widget=DateInput(), validators=[validate_not_in_future]
    )
    bsn = Resident._meta.get_field("bsn").formfield(
        form_class=BsnField,
        validators=[validate_bsn],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Alleen invullen om het BSN te corrigeren; leeg laten houdt het huidige."),
    )
    remove_bsn = forms.BooleanField(
        label=_("BSN verwijderen (het was onterecht vastgelegd)"), required=False
    )
    phone = Resident._meta.get_field("phone").formfield()
    email = Resident._meta.get_field("email").formfield()

    field_order = [
        "received_on",
        "grounds",
        "first_name",
        "name_prefix",
        "last_name",
        "date_of_birth",
        "bsn",
        "remove_bsn",
        "phone",
        "email",
    ]

    def __init__(self, *args, resident: Resident, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "first_name": resident.first_name,
                "name_prefix": resident.name_prefix,
                "last_name": resident.last_name,
                "date_of_birth": resident.date_of_birth,
                "phone": resident.phone,
                "email": resident.email,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["grounds"].help_text = _(
            "Welke gegevens onjuist waren en waaruit dat blijkt, bijvoorbeeld een uittreksel "
            "uit de BRP."
        )
        if not resident.bsn:
            del self.fields["remove_bsn"]

    def clean(self):
        data = super().clean()
        if data.get("remove_bsn") and data.get("bsn"):
            self.add_error(
                "bsn",
                forms.ValidationError(
                    _("Vul een nieuw BSN in of kies voor verwijderen, niet allebei."),
                    code="bsn_conflict",
                ),
            )
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        remove = data.pop("remove_bsn", False)
        if remove:
            data["bsn"] = ""
        elif not data.get("bsn"):
            data.pop("bsn", None)
        return data


class ErasureForm(_RequestForm):
    confirm = forms.BooleanField(
        label=_(
            "Ik heb gecontroleerd wat er wordt verwijderd. Dit kan niet ongedaan worden gemaakt."
        ),
        error_messages={
            "required": _("Vink aan dat u hebt gecontroleerd wat er wordt verwijderd.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].help_text = _(
            "Waarom het verzoek wordt ingewilligd (AVG art. 17) en waarom geen wettelijke "
            "bewaarplicht zich ertegen verzet."
        )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm", None)
        return data
