"""Forms of the professional's side of privacy work: emergency access, recording a data
share and a resident's consent. They check what was typed; the rules (an active consent, a
legal article, dates) live in the services, whose errors come back on the form."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from cases.forms import DateInput, ServiceFormMixin
from cases.models import Case, Resident

from ..constants import DataCategory, LegalBasis, ShareChannel
from ..models import Consent

_REFERENCE_RE = re.compile(r"^[0-9]{4}-[0-9]{6}$")


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Checkboxes shown as a fieldset with a legend; an error links to the first box."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class RadioGroup(forms.RadioSelect):
    """Radio buttons shown as a fieldset with a legend; an error links to the first one."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


# --- Emergency access -----------------------------------------------------------------------


class EmergencyAccessForm(forms.Form):
    lookup = forms.CharField(
        label=_("casusnummer of BSN"),
        max_length=30,
        help_text=_("Een casusnummer zoals 2026-000123, of het BSN van een inwoner in de casus."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("waarom moet je dit dossier nu openen?"),
        max_length=2000,
        help_text=_(
            "Minstens 20 tekens. Beschrijf de situatie en waarom het niet kan wachten tot de "
            "casusregisseur of teamleider je toegang geeft. De privacy officer leest dit."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_lookup(self) -> dict:
        """A case number or a BSN, as the professional copies it from a letter."""
        value = self.cleaned_data["lookup"].strip()
        if _REFERENCE_RE.match(value):
            return {"reference": value, "bsn": ""}
        digits = "".join(ch for ch in value if ch not in " .-\t")
        if re.fullmatch(r"[0-9]{9}", digits):
            return {"reference": "", "bsn": digits}
        raise forms.ValidationError(
            _("Vul een casusnummer in zoals 2026-000123, of een BSN van 9 cijfers."),
            code="lookup_format",
        )


# --- Data sharing and consent ---------------------------------------------------------------


class ResidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, resident: Resident) -> str:
        return resident.full_name


class ConsentChoiceField(forms.ModelChoiceField):
    """A resident's consents, a withdrawn one marked as such."""

    def label_from_instance(self, consent: Consent) -> str:
        label = _("%(name)s, gegeven %(date)s: met %(with)s, voor %(purpose)s") % {
            "name": consent.resident.full_name,
            "date": f"{consent.given_on:%d-%m-%Y}",
            "with": consent.scope_organisations,
            "purpose": consent.scope_purposes,
        }
        if consent.withdrawn_on:
            label += " " + str(
                _("(ingetrokken op %(date)s)") % {"date": f"{consent.withdrawn_on:%d-%m-%Y}"}
            )
        return label


def _household_residents(case: Case):
    return Resident.objects.filter(memberships__household_id=case.household_id).order_by(
        "last_name", "first_name", "pk"
    )


class ShareForm(ServiceFormMixin, forms.Form):
    """One sharing of a resident's data with another organisation."""

    resident = ResidentChoiceField(
        label=_("over welke inwoner"), queryset=Resident.objects.none(), empty_label=_("— kies —")
    )
    recipient_organisation = forms.ModelChoiceField(
        label=_("ontvangende organisatie"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("— kies —"),
    )
    recipient_person = forms.CharField(
        label=_("ontvanger"),
        max_length=150,
        required=False,
        help_text=_("Naam en functie van wie de gegevens kreeg."),
    )
    categories = forms.MultipleChoiceField(
        label=_("welke soorten gegevens"),
        choices=DataCategory.choices,
        widget=CheckboxGroup,
    )
    legal_basis = forms.ChoiceField(
        label=_("grondslag"),
        choices=LegalBasis.choices,
        widget=RadioGroup,
        help_text=_(
            "Toestemming: kies hieronder de toestemming van de inwoner. Wettelijke taak: noem "
            "de wet en het artikel. Convenant: noem het convenant."
        ),
    )
    consent = ConsentChoiceField(
        label=_("toestemming van de inwoner"),
        queryset=Consent.objects.none(),
        required=False,
        empty_label=_("— geen toestemming gekozen —"),
        help_text=_("Alleen bij de grondslag toestemming. Een ingetrokken toestemming telt niet."),
    )
    legal_article = forms.CharField(
        label=_("wetsartikel of convenant"),
        max_length=150,
        required=False,
        help_text=_(
            "Bij een wettelijke taak de wet en het artikel, bijvoorbeeld Wmo 2015 art. 5.2.1 of "
            "Jeugdwet art. 7.4.0; bij een convenant de naam van het convenant."
        ),
    )
    purpose = forms.CharField(
        label=_("doel"),
        max_length=300,
        help_text=_("Waarvoor heeft de ontvanger deze gegevens nodig?"),
    )
    channel = forms.ChoiceField(
        label=_("kanaal"), choices=[("", _("— kies —")), *ShareChannel.choices]
    )
    shared_on = forms.DateField(label=_("gedeeld op"), widget=DateInput())

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", {"shared_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _household_residents(case)
        self.fields["consent"].queryset = (
            Consent.objects.filter(resident__memberships__household_id=case.household_id)
            .select_related("resident")
            .order_by("resident__last_name", "resident__first_name", "-given_on", "-pk")
        )


class ConsentForm(ServiceFormMixin, forms.Form):
    resident = ResidentChoiceField(
        label=_("inwoner"), queryset=Resident.objects.none(), empty_label=_("— kies —")
    )
    scope_organisations = forms.CharField(
        label=_("met welke organisaties"),
        max_length=300,
        help_text=_("Bijvoorbeeld: deelnemers aan de doorbraaktafel, de woningcorporatie."),
    )
    scope_purposes = forms.CharField(
        label=_("waarvoor"),
        max_length=300,
        help_text=_("Bijvoorbeeld: een oplossing vinden voor de huurachterstand."),
    )
    given_on = forms.DateField(label=_("gegeven op"), widget=DateInput())

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _household_residents(case)


class ConsentWithdrawForm(ServiceFormMixin, forms.Form):
    withdrawn_on = forms.DateField(
        label=_("ingetrokken op"),
        widget=DateInput(),
        help_text=_("De dag waarop de inwoner de toestemming introk."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
