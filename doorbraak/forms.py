"""Forms of the doorbraaktafel. They check what a person typed and show it back in Dutch;
every rule of the table (who may, which dates, which legal basis) lives in the services,
whose errors `cases.forms.add_service_errors` puts on these forms."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.selectors import team_professionals
from cases.forms import DateInput, ServiceFormMixin, ServiceModelForm
from privacy.constants import LegalBasis
from privacy.models import Consent

from .constants import ParticipantRole, PolicyDomain
from .models import AgendaItem, Breakthrough, Meeting

# --- Amounts in euros -----------------------------------------------------------------------

_THOUSANDS_ONLY = re.compile(r"-?\d{1,3}(\.\d{3})+")


def parse_euros(text: str) -> str:
    """Amounts as people in the Netherlands type them: '50000', '50.000', '€ 3.000,50',
    '3000,-'. A comma is the decimal separator; dots in groups of three are thousands."""
    value = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if value.endswith(",-"):
        value = value[:-2]
    if "," in value:
        return value.replace(".", "").replace(",", ".")
    if _THOUSANDS_ONLY.fullmatch(value):
        return value.replace(".", "")
    return value


class EuroField(forms.DecimalField):
    """A money field that reads Dutch notation and shows amounts back the same way."""

    default_error_messages = {
        "invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 3000 of 3.000,50."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = parse_euros(value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            whole = value == value.to_integral_value()
            return f"{value:.0f}" if whole else f"{value:.2f}".replace(".", ",")
        return value


# --- The agenda -----------------------------------------------------------------------------


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, case) -> str:
        return f"{case.reference} – {case.primary_resident.full_name}"


class NominateForm(ServiceModelForm):
    """Bring a case to the table with a question: what is stuck, what blocks it, what is
    asked. The cases to choose from are the user's own open cases of the meeting's team."""

    class Meta:
        model = AgendaItem
        fields = ["case", "stuck", "blocked_by", "ask"]
        field_classes = {"case": CaseChoiceField}
        widgets = {
            "stuck": forms.Textarea(attrs={"rows": 3}),
            "ask": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "case": _("Je eigen open casussen van dit team die nog niet op deze agenda staan."),
            "stuck": _("Kort en zonder namen: de tafel ziet alleen de initialen."),
            "blocked_by": _("Bijvoorbeeld: Participatiewet art. 18, de huurovereenkomst, de GGZ."),
            "ask": _("Wat moet de tafel doen of besluiten?"),
        }
        error_messages = {
            "case": {
                "invalid_choice": _(
                    "Kies een van je eigen open casussen die nog niet op deze agenda staat."
                )
            }
        }

    def __init__(self, *args, cases, any_team_case: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].empty_label = _("— kies een casus —")
        if any_team_case:
            self.fields["case"].help_text = _(
                "Open casussen van het team die nog niet op deze agenda staan."
            )


class InviteForm(ServiceFormMixin, forms.Form):
    """Invite a member of the team or a partner from another organisation."""

    user = forms.TypedChoiceField(
        label=_("deelnemer uitnodigen"),
        coerce=int,
        error_messages={"invalid_choice": _("Kies een teamlid of partner uit de lijst.")},
        help_text=_("Partners zien alleen de agendapunten die je met hen deelt."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        invited = meeting.participants.values("user_id")
        team = team_professionals(team=meeting.team).exclude(pk__in=invited)
        partners = (
            User.objects.filter(is_active=True, groups__permissions__codename="attend_as_partner")
            .exclude(pk__in=invited)
            .select_related("organisation")
            .distinct()
            .order_by("organisation__name", "first_name", "last_name")
        )
        self._allowed = {u.pk: u for u in [*team, *partners]}
        groups = [
            (_("Team"), [(u.pk, str(u)) for u in team]),
            (
                _("Partners van andere organisaties"),
                [(u.pk, f"{u} – {u.organisation or _('geen organisatie')}") for u in partners],
            ),
        ]
        self.fields["user"].choices = [
            ("", _("— kies wie je uitnodigt —")),
            *((label, options) for label, options in groups if options),
        ]

    @property
    def has_choices(self) -> bool:
        return bool(self._allowed)

    def clean_user(self) -> User:
        user = self._allowed.get(self.cleaned_data["user"])
        if user is None:
            raise forms.ValidationError(_("Kies een teamlid of partner uit de lijst."))
        return user


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, consent) -> str:
        label = _("gegeven %(date)s: met %(with)s, voor %(purpose)s") % {
            "date": f"{consent.given_on:%d-%m-%Y}",
            "with": consent.scope_organisations,
            "purpose": consent.scope_purposes,
        }
        if consent.withdrawn_on:
            label += " " + str(
                _("(ingetrokken %(date)s)") % {"date": f"{consent.withdrawn_on:%d-%m-%Y}"}
            )
        return label


class ShareForm(ServiceFormMixin, forms.Form):
    """The legal basis on which an agenda item is shared with the partners at the table."""

    legal_basis = forms.ChoiceField(
        label=_("grondslag"),
        choices=[("", _("— kies een grondslag —")), *LegalBasis.choices],
        help_text=_(
            "Toestemming: kies hieronder de toestemming van de inwoner. Wettelijke taak: "
            "noem de wet en het artikel."
        ),
    )
    consent = ConsentChoiceField(
        label=_("toestemming van de inwoner"),
        queryset=Consent.objects.none(),
        required=False,
        empty_label=_("— geen toestemming gekozen —"),
    )
    legal_article = forms.CharField(
        label=_("wetsartikel"),
        max_length=150,
        required=False,
        help_text=_("Bij een wettelijke taak, bijvoorbeeld: Wmo 2015 art. 2.3.5."),
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = Consent.objects.filter(
            resident_id=item.case.primary_resident_id
        )


# --- The meeting ----------------------------------------------------------------------------


class BreakthroughForm(ServiceModelForm):
    """What the table decided for an item. A structural barrier (weeffout) also becomes a
    policy signal: the signal fields are then required (the service says so)."""

    signal_domain = forms.ChoiceField(
        label=_("wet of domein van het signaal"),
        choices=[("", _("— kies —")), *PolicyDomain.choices],
        required=False,
    )
    signal_title = forms.CharField(
        label=_("titel van het signaal"),
        max_length=150,
        required=False,
        help_text=_("Leeg laten: de barrière wordt de titel."),
    )
    signal_description = forms.CharField(
        label=_("beschrijving voor beleid"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Wat moet beleid aan de regel veranderen? Zonder namen of andere herleidbare gegevens."
        ),
    )

    class Meta:
        model = Breakthrough
        fields = [
            "barrier_kind",
            "barrier",
            "decision",
            "mandate",
            "cost_current_path",
            "cost_solution",
            "is_structural",
        ]
        field_classes = {"cost_current_path": EuroField, "cost_solution": EuroField}
        widgets = {
            "barrier": forms.Textarea(attrs={"rows": 2}),
            "decision": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "mandate": _("Wie mag dit besluit nemen, bijvoorbeeld: teammanager Werk en Inkomen."),
            "cost_current_path": _(
                "Wat de huidige route per jaar kost (boetes, detentie, overleggen). "
                "Bijvoorbeeld 50.000."
            ),
            "cost_solution": _(
                "Wat de oplossing kost, bijvoorbeeld 3.000 voor een jaarabonnement."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        signal = getattr(self.instance, "policy_signal", None) if self.instance.pk else None
        if signal is not None:
            self.initial.setdefault("signal_domain", signal.domain)
            self.initial.setdefault("signal_title", signal.title)
            self.initial.setdefault("signal_description", signal.description)

    @property
    def decision_fields(self):
        return [self[name] for name in ("barrier_kind", "barrier", "decision", "mandate")]

    @property
    def cost_fields(self):
        return [self[name] for name in ("cost_current_path", "cost_solution")]

    @property
    def signal_fields(self):
        return [
            self[name]
            for name in ("is_structural", "signal_domain", "signal_title", "signal_description")
        ]


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.organisation})" if user.organisation_id else str(user)


class ActionForm(ServiceFormMixin, forms.Form):
    description = forms.CharField(label=_("actie"), max_length=300)
    owner = OwnerChoiceField(
        label=_("wie voert de actie uit?"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— kies een persoon —"),
        help_text=_(
            "Een teamlid of een partner aan tafel. Geen persoon? Kies dan een organisatie."
        ),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("of organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("— kies een organisatie —"),
    )
    due_date = forms.DateField(label=_("uiterlijk klaar op"), widget=DateInput())

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        partner_ids = meeting.participants.filter(role=ParticipantRole.PARTNER).values("user_id")
        team = team_professionals(team=meeting.team).values("pk")
        self.fields["owner"].queryset = (
            User.objects.filter(Q(pk__in=team) | Q(pk__in=partner_ids))
            .select_related("organisation")
            .order_by("first_name", "last_name")
        )


class PostponeForm(ServiceFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reden van uitstel"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: de woningcorporatie was er niet."),
    )


class CloseForm(ServiceFormMixin, forms.Form):
    notes = forms.CharField(
        label=_("algemene aantekeningen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Komen bovenaan de notulen. Zonder namen van inwoners."),
    )
