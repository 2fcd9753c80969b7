from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team

from .constants import MAX_PERIOD_DAYS
from .figures import Scope
from .periods import Period
from .permissions import report_teams, sees_all_teams


def default_period(today: date | None = None) -> Period:
    """From the first of January up to and including today."""
    today = today or timezone.localdate()
    return Period(today.replace(month=1, day=1), today)


def period_presets(today: date | None = None) -> list[tuple[str, Period]]:
    """Periods a council commonly asks about, offered as links above the filter."""
    today = today or timezone.localdate()
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter_end = this_quarter - timedelta(days=1)
    last_quarter = date(last_quarter_end.year, 3 * ((last_quarter_end.month - 1) // 3) + 1, 1)
    last_year = today.year - 1
    return [
        (_("Dit jaar tot nu"), default_period(today)),
        (_("Vorig kwartaal"), Period(last_quarter, last_quarter_end)),
        (_("Vorig jaar"), Period(date(last_year, 1, 1), date(last_year, 12, 31))),
        (_("Afgelopen 12 maanden"), Period(today - timedelta(days=364), today)),
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team: Team) -> str:
        return f"{team.name} ({team.district})" if team.district else team.name


class ReportFilterForm(forms.Form):
    """The period and the team of a report. Bound to the query string (GET), so every view
    of the same figures has one address; without it, the default period for all teams."""

    start = forms.DateField(
        label=_("Van"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul een begindatum in."),
            "invalid": _("Vul een geldige begindatum in, bijvoorbeeld 1-1-2026."),
        },
    )
    end = forms.DateField(
        label=_("Tot en met"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul een einddatum in."),
            "invalid": _("Vul een geldige einddatum in, bijvoorbeeld 31-12-2026."),
        },
    )
    team = TeamChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Alle teams"),
        error_messages={"invalid_choice": _("Kies een team uit de lijst.")},
    )

    def __init__(self, data=None, *, user, **kwargs):
        self.user = user
        period = default_period()
        if data is not None and not any(data.get(k) for k in ("start", "end", "team")):
            data = None  # a bare address: the default report
        teams = report_teams(user).order_by("name")
        own_team = None if sees_all_teams(user) else teams.first()
        if data is not None and own_team is not None and not data.get("team"):
            data = data.copy()  # a teamleider's link without a team: their own team
            data["team"] = own_team.pk
        super().__init__(data, initial={"start": period.start, "end": period.end}, **kwargs)
        self.fields["team"].queryset = teams
        if not sees_all_teams(user):
            # A teamleider sees their own team(s) only; with one team there is nothing to pick.
            self.fields["team"].empty_label = None
            self.fields["team"].required = True
            self.fields["team"].error_messages["required"] = _("Kies een team.")
            if own_team is not None:
                self.initial["team"] = own_team.pk

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error(
                    "end",
                    _(
                        "De einddatum ligt vóór de begindatum. "
                        "Kies een einddatum op of na de begindatum."
                    ),
                )
            elif end > timezone.localdate():
                self.add_error(
                    "end", _("De einddatum ligt in de toekomst. Kies uiterlijk vandaag.")
                )
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error(
                    "end", _("Een rapport beslaat hoogstens vijf jaar. Kies een kortere periode.")
                )
        return cleaned

    # -- what the views need ----------------------------------------------------------------

    def values(self) -> dict:
        """The filter that is in force: the cleaned input, or the defaults when unbound."""
        if self.is_bound:
            return self.cleaned_data
        team = self.initial.get("team")
        return {
            "start": self.initial["start"],
            "end": self.initial["end"],
            "team": self.fields["team"].queryset.filter(pk=team).first() if team else None,
        }

    def period(self) -> Period:
        values = self.values()
        return Period(values["start"], values["end"])

    def scope(self) -> Scope:
        team = self.values().get("team")
        if team is not None:
            return Scope((team.pk,), team.name)
        ids = tuple(report_teams(self.user).order_by("pk").values_list("pk", flat=True))
        return Scope(ids, str(_("Alle teams")))

    def query(self) -> dict:
        """The filter as query-string values, for links to the CSV and the PDF request."""
        values = self.values()
        return {
            "start": values["start"].isoformat(),
            "end": values["end"].isoformat(),
            "team": values["team"].pk if values.get("team") else "",
        }
