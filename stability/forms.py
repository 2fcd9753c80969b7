from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.constants import LifeDomain
from cases.forms import DateInput, ServiceFormMixin
from cases.models import Resident

from .constants import RuleOfThumb, Score, ZrmScore

NOT_SCORED = [("", _("niet gescoord"))]


def _score_field(label, choices, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=NOT_SCORED + list(choices),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
    )


class AssessmentForm(ServiceFormMixin, forms.Form):
    """A stability assessment and, optionally, the ZRM on the same date. Every score may be
    left open (data minimisation); at least one is needed."""

    resident = forms.ModelChoiceField(label=_("inwoner"), queryset=Resident.objects.none())
    assessed_on = forms.DateField(label=_("datum"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = Resident.objects.filter(memberships__household=case.household_id)
        self.fields["resident"].queryset = members
        self.fields["resident"].empty_label = _("— kies —")
        if members.count() == 1:
            self.initial.setdefault("resident", members.first().pk)
        for rule in RuleOfThumb:
            self.fields[rule.value] = _score_field(rule.label, Score.choices)
            self.fields[f"{rule.value}_note"] = forms.CharField(
                label=_("toelichting"), max_length=300, required=False
            )
        for domain in LifeDomain:
            self.fields[f"zrm_{domain.value}"] = _score_field(domain.label, ZrmScore.choices)

    def rule_fields(self):
        return [(self[rule.value], self[f"{rule.value}_note"]) for rule in RuleOfThumb]

    def zrm_fields(self):
        return [self[f"zrm_{domain.value}"] for domain in LifeDomain]

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "resident": data["resident"],
            "assessed_on": data["assessed_on"],
            "scores": {rule.value: data[rule.value] for rule in RuleOfThumb},
            "notes": {f"{r.value}_note": data[f"{r.value}_note"] for r in RuleOfThumb},
            "zrm_scores": {d.value: data[f"zrm_{d.value}"] for d in LifeDomain},
        }
