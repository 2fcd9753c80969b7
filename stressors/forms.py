from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput, SeenVersionMixin, ServiceFormMixin, ServiceModelForm
from cases.models import Resident

from .constants import STRESSOR_TRANSITIONS, StressorStatus
from .models import Stressor, StressorType


class StressorForm(ServiceModelForm):
    class Meta:
        model = Stressor
        fields = [
            "resident",
            "stressor_type",
            "severity",
            "since",
            "description",
            "tackled_by",
            "next_step",
        ]
        widgets = {"since": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "severity": _("Hoe ernstig ontwricht deze stressor het leven nu?"),
            "since": _("Bij benadering is goed genoeg."),
            "registered_on": _("Wanneer het team de stressor signaleerde; meestal vandaag."),
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = Resident.objects.filter(memberships__household=case.household_id)
        self.fields["resident"].queryset = members
        if members.count() == 1:
            self.initial.setdefault("resident", members.first().pk)
        self.fields["stressor_type"].queryset = StressorType.objects.filter(is_active=True)


class StressorUpdateForm(SeenVersionMixin, ServiceModelForm):
    class Meta:
        model = Stressor
        fields = ["severity", "since", "description", "tackled_by", "next_step"]
        widgets = {"since": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class StressorStatusForm(SeenVersionMixin, ServiceFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("nieuwe status"))
    changed_on = forms.DateField(label=_("datum"), widget=DateInput(), initial=timezone.localdate)
    next_step = forms.CharField(
        label=_("volgende stap"),
        max_length=300,
        required=False,
        help_text=_("Leeg laten om de huidige volgende stap te houden."),
    )

    def __init__(self, *args, stressor: Stressor, **kwargs):
        self.instance = stressor
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, StressorStatus(s).label) for s in STRESSOR_TRANSITIONS[stressor.status]
        ]

    def clean_changed_on(self):
        value = self.cleaned_data["changed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["next_step"] = data["next_step"] or None
        return data
