"""Forms validate what a person typed and show it back in Dutch; the rules that hold for
every write live in the services, whose errors `add_service_errors` puts on the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User

from .constants import STATUS_TRANSITIONS, CaseOutcome, CaseStatus, HouseholdRole, ScalingLevel
from .models import (
    Case,
    Goal,
    Household,
    Intervention,
    Involvement,
    JournalEntry,
    Resident,
    SupportPlan,
    Tariff,
)
from .validators import normalize_postcode


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at the field it names when the form has
    that field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceFormMixin:
    """`service_kwargs()` turns what was typed into the keyword arguments of the service
    that saves it; a form whose fields differ from the service's arguments overrides it."""

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ServiceModelForm(ServiceFormMixin, forms.ModelForm):
    """A model form that validates the fields a person typed and leaves the model-wide
    checks (`full_clean`, constraints) to the service, which runs them in its transaction
    and whose errors come back through `add_service_errors`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == "---------":
                    field.empty_label = _("— kies —")
            elif isinstance(field, forms.ChoiceField) and field.choices[:1] == [("", "---------")]:
                field.choices = [("", _("— kies —")), *field.choices[1:]]

    def _post_clean(self) -> None:
        pass


class SeenVersionMixin(forms.Form):
    """For edit forms of records whose history is their version: remembers the newest
    history row the form was opened on, so the service can refuse a stale save."""

    seen_history_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            from .services import latest_history_id

            self.initial.setdefault("seen_history_id", latest_history_id(instance))


class VersionedForm(ServiceFormMixin, forms.Form):
    """Carries the case version the form was filled in on, for optimistic locking."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


# --- Residents and households ---------------------------------------------------------------


class BsnField(forms.CharField):
    """Professionals copy BSNs from letters as '1234 56 789' or '1234.56.789'."""

    def to_python(self, value):
        return "".join(ch for ch in super().to_python(value) if ch not in " .-\t")


class ResidentForm(ServiceModelForm):
    class Meta:
        model = Resident
        field_classes = {"bsn": BsnField}
        fields = [
            "first_name",
            "name_prefix",
            "last_name",
            "date_of_birth",
            "bsn",
            "phone",
            "email",
            "is_employee",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "bsn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }


class ResidentUpdateForm(SeenVersionMixin, ResidentForm):
    """The BSN is never prefilled; left empty, the current BSN stays."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["bsn"] = ""

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        if not data["bsn"]:
            del data["bsn"]
        return data


class NewMemberForm(ResidentForm):
    """A new resident registered straight into a household."""

    role = forms.ChoiceField(label=_("rol in het huishouden"), choices=HouseholdRole.choices)

    class Meta(ResidentForm.Meta):
        pass


class HouseholdForm(ServiceModelForm):
    class Meta:
        model = Household
        fields = ["street", "house_number", "house_number_suffix", "postcode", "city"]
        widgets = {"postcode": forms.TextInput(attrs={"autocomplete": "postal-code"})}

    def clean_postcode(self) -> str:
        return normalize_postcode(self.cleaned_data.get("postcode", ""))


class HouseholdUpdateForm(SeenVersionMixin, HouseholdForm):
    pass


class HouseholdRegisterForm(HouseholdForm):
    first_member = forms.ModelChoiceField(
        label=_("eerste lid van het huishouden"), queryset=Resident.objects.none()
    )
    first_member_role = forms.ChoiceField(
        label=_("rol van dit lid"), choices=HouseholdRole.choices, initial=HouseholdRole.HEAD
    )

    class Meta(HouseholdForm.Meta):
        pass

    def __init__(self, *args, residents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_member"].queryset = residents

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["members"] = [(data.pop("first_member"), data.pop("first_member_role"))]
        return data


class MemberAddForm(ServiceFormMixin, forms.Form):
    resident = forms.ModelChoiceField(label=_("inwoner"), queryset=Resident.objects.none())
    role = forms.ChoiceField(label=_("rol in het huishouden"), choices=HouseholdRole.choices)

    def __init__(self, *args, residents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents


# --- Cases ----------------------------------------------------------------------------------


class CaseOpenForm(ServiceModelForm):
    class Meta:
        model = Case
        fields = [
            "primary_resident",
            "coordinator",
            "source",
            "source_detail",
            "question",
            "reported_on",
            "regime",
        ]
        widgets = {
            "reported_on": DateInput(),
            "question": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, household=None, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = Resident.objects.filter(memberships__household=household)
        self.fields["primary_resident"].queryset = members
        head = members.filter(memberships__role=HouseholdRole.HEAD).first() or members.first()
        self.initial.setdefault("primary_resident", head.pk if head else None)
        self.fields["coordinator"].queryset = professionals
        self.fields["coordinator"].required = False
        self.fields["coordinator"].empty_label = _("Nog niet toegewezen")


class CaseDetailsForm(VersionedForm, ServiceModelForm):
    class Meta:
        model = Case
        fields = ["source", "source_detail", "question", "reported_on", "regime"]
        widgets = {"reported_on": DateInput(), "question": forms.Textarea(attrs={"rows": 4})}


class StatusForm(VersionedForm):
    to_status = forms.ChoiceField(label=_("nieuwe status"))
    outcome = forms.ChoiceField(
        label=_("uitkomst"),
        choices=[("", _("— kies bij afsluiten —")), *CaseOutcome.choices],
        required=False,
        help_text=_("Verplicht als je de casus afsluit."),
    )
    changed_on = forms.DateField(
        label=_("datum van de wijziging"),
        required=False,
        widget=DateInput(),
        help_text=_("Leeg laten voor vandaag. Bij afsluiten is dit de datum van afsluiting."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, CaseStatus(s).label) for s in STATUS_TRANSITIONS[case.status]
        ]


class CoordinatorForm(VersionedForm):
    coordinator = forms.ModelChoiceField(
        label=_("casusregisseur"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nog niet toegewezen"),
    )

    def __init__(self, *args, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = professionals


class ScalingForm(VersionedForm):
    to_level = forms.TypedChoiceField(
        label=_("nieuw niveau"), choices=ScalingLevel.choices, coerce=int
    )
    changed_on = forms.DateField(label=_("datum"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("reden"), max_length=300)

    def clean_changed_on(self):
        value = self.cleaned_data["changed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value


class InvolvementForm(ServiceModelForm):
    class Meta:
        model = Involvement
        fields = [
            "organisation",
            "organisation_other",
            "user",
            "person_name",
            "role",
            "phone",
            "email",
            "since",
            "until",
            "note",
        ]
        widgets = {"since": DateInput(), "until": DateInput()}

    def __init__(self, *args, colleagues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = _("— kies een organisatie —")
        if colleagues is None:
            del self.fields["user"]  # this user may not give colleagues access
        else:
            self.fields["user"].queryset = colleagues
            self.fields["user"].empty_label = _("— geen account / extern —")


class InvolvementUpdateForm(SeenVersionMixin, InvolvementForm):
    pass


class JournalEntryForm(ServiceModelForm):
    class Meta:
        model = JournalEntry
        fields = ["kind", "occurred_at", "summary", "text", "is_private"]
        widgets = {"occurred_at": DateTimeInput(), "text": forms.Textarea(attrs={"rows": 5})}


class SupportPlanForm(SeenVersionMixin, ServiceModelForm):
    class Meta:
        model = SupportPlan
        fields = ["summary", "agreed_on", "evaluate_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "agreed_on": DateInput(),
            "evaluate_on": DateInput(),
        }


class GoalForm(ServiceModelForm):
    class Meta:
        model = Goal
        fields = ["life_domain", "description", "help_kind", "who", "due_date", "status"]
        widgets = {"due_date": DateInput()}


class GoalUpdateForm(SeenVersionMixin, GoalForm):
    pass


class InterventionForm(ServiceModelForm):
    class Meta:
        model = Intervention
        fields = ["tariff", "provider", "start_date", "end_date", "quantity", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tariff"].queryset = Tariff.objects.filter(is_active=True)

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value <= 0:
            raise ValidationError(_("Het aantal moet groter zijn dan 0."))
        return value


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Naam, casusnummer, BSN of postcode"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle open casussen")), *CaseStatus.choices],
    )
