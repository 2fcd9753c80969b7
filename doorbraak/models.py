from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacy.constants import LegalBasis

from .constants import (
    BarrierKind,
    ItemStatus,
    MeetingStatus,
    ParticipantRole,
    PolicyDomain,
    Weekday,
)


class MeetingSchedule(models.Model):
    """A team's rhythm for the doorbraaktafel: a weekday, a time and a place, every
    `interval_days` days counted from `first_date`."""

    team = models.OneToOneField(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="meeting_schedule",
    )
    weekday = models.PositiveSmallIntegerField(_("weekdag"), choices=Weekday.choices)
    start_time = models.TimeField(_("begintijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=120)
    location = models.CharField(_("plaats"), max_length=200)
    interval_days = models.PositiveSmallIntegerField(_("om de hoeveel dagen"), default=14)
    first_date = models.DateField(
        _("eerste doorbraaktafel"), help_text=_("Vanaf deze datum telt het ritme.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ritme doorbraaktafel")
        verbose_name_plural = _("ritmes doorbraaktafel")

    def __str__(self) -> str:
        return f"{self.team}: {self.get_weekday_display()} {self.start_time:%H:%M}"

    def clean(self) -> None:
        if (
            self.first_date
            and self.weekday is not None
            and self.first_date.weekday() != self.weekday
        ):
            raise ValidationError(
                {"first_date": _("Deze datum valt niet op de gekozen weekdag.")}, code="weekday"
            )


class Meeting(models.Model):
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"))
    location = models.CharField(_("plaats"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorzitter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agenda_fixed_at = models.DateTimeField(_("agenda vastgesteld op"), null=True, blank=True)
    notes = models.TextField(_("algemene aantekeningen"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doorbraaktafel")
        verbose_name_plural = _("doorbraaktafels")
        ordering = ["date", "start_time"]
        permissions = [("attend_as_partner", _("Mag als partner aan de doorbraaktafel"))]
        constraints = [
            models.UniqueConstraint(fields=["team", "date"], name="one_meeting_per_team_per_day")
        ]

    def __str__(self) -> str:
        return str(
            _("Doorbraaktafel %(team)s %(date)s")
            % {"team": self.team, "date": f"{self.date:%d-%m-%Y}"}
        )

    @property
    def is_open_for_agenda(self) -> bool:
        return self.status == MeetingStatus.PLANNED


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="meeting_participations",
    )
    role = models.CharField(_("rol aan tafel"), max_length=10, choices=ParticipantRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="participant_once")]

    def __str__(self) -> str:
        return str(self.user)


class AgendaItem(models.Model):
    """A case with a question for the table: what is stuck, what blocks it, what is asked."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("casus"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingebracht door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stuck = models.TextField(_("wat zit vast?"))
    blocked_by = models.CharField(
        _("welke regel of organisatie blokkeert?"), max_length=300, blank=True
    )
    ask = models.TextField(_("wat vraag je aan de tafel?"))
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOMINATED
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    postponed_reason = models.CharField(_("reden uitstel"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["position", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case"], name="one_item_per_case_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.ask[:60]}"


class AgendaItemShare(models.Model):
    """An agenda item shared with the partner participants of its meeting, on a recorded
    legal basis. Each share also writes privacy.DataShare records."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="share")
    legal_basis = models.CharField(_("grondslag"), max_length=20, choices=LegalBasis.choices)
    consent = models.ForeignKey(
        "privacy.Consent",
        verbose_name=_("toestemming"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    legal_article = models.CharField(_("wetsartikel"), max_length=150, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delen met partners")
        verbose_name_plural = _("delen met partners")

    def __str__(self) -> str:
        return f"{self.item}: {self.get_legal_basis_display()}"


class Breakthrough(models.Model):
    """What the table decided for an item: the barrier, the breakthrough decision, who has
    the mandate, and the yearly cost of the current path against the cost of the solution."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="breakthrough")
    barrier_kind = models.CharField(_("soort barrière"), max_length=20, choices=BarrierKind.choices)
    barrier = models.TextField(_("barrière"), help_text=_("Welke wet, regel, afspraak of grens?"))
    decision = models.TextField(_("doorbraakbesluit"))
    mandate = models.CharField(_("wie heeft het mandaat?"), max_length=200)
    cost_current_path = models.DecimalField(
        _("kosten huidige route per jaar (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    cost_solution = models.DecimalField(
        _("kosten oplossing per jaar (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_structural = models.BooleanField(
        _("structureel (weeffout)"),
        default=False,
        help_text=_("De regel, niet de inwoner, is het probleem: een signaal voor beleid."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doorbraak")
        verbose_name_plural = _("doorbraken")
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_current_path__isnull=True) | Q(cost_current_path__gte=0),
                name="cost_current_path_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(cost_solution__isnull=True) | Q(cost_solution__gte=0),
                name="cost_solution_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return self.decision[:80]

    @property
    def saving(self) -> Decimal | None:
        if self.cost_current_path is None or self.cost_solution is None:
            return None
        return self.cost_current_path - self.cost_solution


class Action(models.Model):
    """An agreed action with an owner (a person, or an organisation) and a due date. It
    stays on the case page and on the team's next agendas until done."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("casus"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("actie"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("of organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("uiterlijk"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    reminded_on = models.DateField(_("herinnering gestuurd op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["done_on", "due_date"])]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_label(self) -> str:
        return str(self.owner or self.owner_organisation or "")

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_date < timezone.localdate()


class PolicySignal(models.Model):
    """A weeffout: a structural flaw in a law, rule or contract that the table uncovered,
    for policy. Released for reports only after a teamleider has reviewed its text."""

    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="policy_signals",
    )
    breakthrough = models.OneToOneField(
        Breakthrough,
        verbose_name=_("doorbraak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_signal",
    )
    domain = models.CharField(_("wet of domein"), max_length=20, choices=PolicyDomain.choices)
    title = models.CharField(_("titel"), max_length=150)
    description = models.TextField(
        _("beschrijving"),
        help_text=_("Voor beleid geschreven: zonder namen of andere herleidbare gegevens."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateField(_("gesignaleerd op"), default=timezone.localdate)
    releasable = models.BooleanField(_("vrijgegeven voor rapportage"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beleidssignaal")
        verbose_name_plural = _("beleidssignalen")
        ordering = ["-created_on", "-pk"]

    def __str__(self) -> str:
        return self.title
