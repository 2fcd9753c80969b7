from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.constants import LifeDomain
from cases.validators import validate_not_in_future
from stability.constants import Leg

from .constants import ACTIVE_STATUSES, OVERDUE_AFTER, Severity, StressorStatus


class StressorType(models.Model):
    """Catalogue of stressors (loaded by a data migration, kept by the beheerder)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    leg = models.CharField(_("bedreigt stabiliteitspoot"), max_length=20, choices=Leg.choices)
    life_domain = models.CharField(_("leefdomein"), max_length=40, choices=LifeDomain.choices)
    description = models.CharField(_("toelichting"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("soort stressor")
        verbose_name_plural = _("soorten stressoren")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StressorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.active().filter(last_change_at__lt=now - OVERDUE_AFTER)

    def most_damaging_first(self):
        """Severity first (unscored last), then the oldest first."""
        return self.order_by(
            models.F("severity").desc(nulls_last=True),
            models.F("since").asc(nulls_last=True),
            "registered_on",
            "pk",
        )


class Stressor(models.Model):
    """A stressor registered for one resident in a case. Only the case, the resident and the
    type are required: everything else is recorded when it is known and needed."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("casus"), on_delete=models.CASCADE, related_name="stressors"
    )
    resident = models.ForeignKey(
        "cases.Resident",
        verbose_name=_("inwoner"),
        on_delete=models.CASCADE,
        related_name="stressors",
    )
    stressor_type = models.ForeignKey(
        StressorType, verbose_name=_("stressor"), on_delete=models.PROTECT, related_name="+"
    )
    severity = models.PositiveSmallIntegerField(
        _("ernst"), choices=Severity.choices, null=True, blank=True
    )
    since = models.DateField(
        _("speelt sinds"), null=True, blank=True, validators=[validate_not_in_future]
    )
    description = models.TextField(_("omschrijving"), blank=True)
    tackled_by = models.CharField(_("wie pakt het aan?"), max_length=150, blank=True)
    next_step = models.CharField(_("volgende stap"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StressorStatus.choices,
        default=StressorStatus.SIGNALLED,
    )
    registered_on = models.DateField(
        _("gesignaleerd op"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    ended_on = models.DateField(_("weggenomen of gestabiliseerd op"), null=True, blank=True)
    last_change_at = models.DateTimeField(_("laatst bijgewerkt"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = StressorQuerySet.as_manager()

    class Meta:
        verbose_name = _("stressor")
        verbose_name_plural = _("stressoren")
        indexes = [models.Index(fields=["case", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__isnull=True) | Q(severity__gte=1, severity__lte=3),
                name="stressor_severity_1_to_3",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stressor_type} ({self.resident})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.last_change_at < timezone.now() - OVERDUE_AFTER

    @property
    def days_to_removal(self) -> int | None:
        if self.status != StressorStatus.REMOVED or self.ended_on is None:
            return None
        return (self.ended_on - self.registered_on).days


class StressorStatusChange(models.Model):
    stressor = models.ForeignKey(
        Stressor,
        verbose_name=_("stressor"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("van status"), max_length=20, choices=StressorStatus.choices, blank=True
    )
    to_status = models.CharField(_("naar status"), max_length=20, choices=StressorStatus.choices)
    changed_on = models.DateField(_("datum"), default=timezone.localdate)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statuswijziging stressor")
        verbose_name_plural = _("statuswijzigingen stressoren")
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
