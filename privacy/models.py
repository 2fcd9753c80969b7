from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import AccessAction, AccessReason, LegalBasis, ShareChannel


class AccessLog(models.Model):
    """Toegangslog (NEN 7513): who saw whose data, when, from where and why. Subjects are
    kept as plain ids, not foreign keys, so the log outlives the records it speaks of."""

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    roles = models.CharField(_("rollen"), max_length=200, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction.choices)
    granted = models.BooleanField(_("toegestaan"), default=True)
    reason = models.CharField(
        _("grond voor toegang"), max_length=20, choices=AccessReason.choices, blank=True
    )
    case_id_ref = models.PositiveBigIntegerField(_("casus-id"), null=True, blank=True)
    case_reference = models.CharField(_("casusnummer"), max_length=11, blank=True)
    object_type = models.CharField(_("soort gegeven"), max_length=50, blank=True)
    object_id_ref = models.PositiveBigIntegerField(_("id van het gegeven"), null=True, blank=True)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("adres"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class AccessLogSubject(models.Model):
    """One row per resident whose data an access log entry concerns, so "who has seen this
    resident's file?" is an indexed lookup."""

    entry = models.ForeignKey(AccessLog, on_delete=models.PROTECT, related_name="subjects")
    resident_id_ref = models.PositiveBigIntegerField(_("inwoner-id"), db_index=True)

    class Meta:
        verbose_name = _("betrokkene in toegangslog")
        verbose_name_plural = _("betrokkenen in toegangslog")
        constraints = [
            models.UniqueConstraint(fields=["entry", "resident_id_ref"], name="access_subject_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.resident_id_ref}"


class Consent(models.Model):
    """Toestemming of a resident to share their data: with whom, for what, from when, and
    (once withdrawn) until when. Withdrawal stops new sharing on this basis."""

    resident = models.ForeignKey(
        "cases.Resident",
        verbose_name=_("inwoner"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    scope_organisations = models.CharField(
        _("met welke organisaties"),
        max_length=300,
        help_text=_("Bijvoorbeeld: deelnemers aan de doorbraaktafel, de woningcorporatie"),
    )
    scope_purposes = models.CharField(_("waarvoor"), max_length=300)
    given_on = models.DateField(_("gegeven op"))
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return str(_("Toestemming %(date)s") % {"date": f"{self.given_on:%d-%m-%Y}"})

    def is_active_on(self, day) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class DataShare(models.Model):
    """Gegevensdeling: what was shared about a resident, with whom, on which legal basis,
    for what purpose and how. Sharing at the doorbraaktafel writes these automatically."""

    resident = models.ForeignKey(
        "cases.Resident",
        verbose_name=_("inwoner"),
        on_delete=models.CASCADE,
        related_name="data_shares",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("casus"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_shares",
    )
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("ontvangende organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_person = models.CharField(_("ontvanger"), max_length=150, blank=True)
    categories = models.JSONField(_("soorten gegevens"), default=list)
    legal_basis = models.CharField(_("grondslag"), max_length=20, choices=LegalBasis.choices)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("toestemming"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shares",
    )
    legal_article = models.CharField(
        _("wetsartikel"),
        max_length=150,
        blank=True,
        help_text=_("Bij een wettelijke taak: de wet en het artikel, bv. Wmo 2015 art. 5.2.1"),
    )
    purpose = models.CharField(_("doel"), max_length=300)
    channel = models.CharField(_("kanaal"), max_length=20, choices=ShareChannel.choices)
    shared_on = models.DateField(_("gedeeld op"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gedeeld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agenda_item = models.ForeignKey(
        "doorbraak.AgendaItem",
        verbose_name=_("agendapunt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_shares",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gegevensdeling")
        verbose_name_plural = _("gegevensdelingen")
        ordering = ["-shared_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.shared_on:%d-%m-%Y} → {self.recipient_organisation}"
