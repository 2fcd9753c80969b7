from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.constants import CaseRegime

from .constants import (
    AccessAction,
    AccessReason,
    LegalBasis,
    PrivacyRequestKind,
    ReviewKind,
    ReviewStatus,
    ShareChannel,
)


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an access log row through the application."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self):
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    """A row that is written once: saving an existing row or deleting one is refused. The
    retention purge of the log is the one exception and goes around the ORM on purpose
    (privacy.chain.access_log_purge_expired)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")


class AccessLog(AppendOnlyModel):
    """Toegangslog (NEN 7513): who saw whose data, when, from where and why. Subjects are
    kept as plain ids, not foreign keys, so the log outlives the records it speaks of.
    Append-only and chained: `entry_hash` is an HMAC over the entry's content, its subjects
    and the previous entry's hash (docs/adr/0002-access-log.md)."""

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
    prev_hash = models.CharField(_("vorige hash"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            # A user's log newest first, paged by id (ids are in chain order).
            models.Index(fields=["user", "id"], name="access_log_user_id"),
            # Refused attempts on one object, for the resident's log.
            models.Index(
                fields=["object_type", "object_id_ref"],
                name="access_log_refused_object",
                condition=models.Q(granted=False),
            ),
        ]
        permissions = [("review_privacy", _("Mag privacytoezicht houden"))]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class AccessLogSubject(AppendOnlyModel):
    """One row per resident whose data an access log entry concerns, so "who has seen this
    resident's file?" is an indexed lookup."""

    entry = models.ForeignKey(AccessLog, on_delete=models.PROTECT, related_name="subjects")
    resident_id_ref = models.PositiveBigIntegerField(_("inwoner-id"))

    class Meta:
        verbose_name = _("betrokkene in toegangslog")
        verbose_name_plural = _("betrokkenen in toegangslog")
        constraints = [
            models.UniqueConstraint(fields=["entry", "resident_id_ref"], name="access_subject_once")
        ]
        # "Who has seen this resident?", newest first, answered from the index alone.
        indexes = [
            models.Index(fields=["resident_id_ref", "entry"], name="access_subject_resident_entry")
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


class AccessLogChain(models.Model):
    """The head of the access log's hash chain: one row, locked by every writer so entries
    are chained in the order of their ids. `anchor_*` is where the chain starts after the
    log's own retention purge removed older entries; `anchor_seal` is an HMAC over it."""

    last_hash = models.CharField(max_length=64, blank=True)
    anchor_id = models.PositiveBigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)
    anchor_seal = models.CharField(max_length=64, blank=True)
    purged_count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("keten van het toegangslog")
        verbose_name_plural = _("keten van het toegangslog")

    def __str__(self) -> str:
        return self.last_hash[:12]


class EmergencyAccess(models.Model):
    """Noodtoegang (break-the-glass): a professional opens a case they have no part in,
    stating why. It lasts until `expires_at`, is logged as such and is reviewed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("casus"),
        on_delete=models.CASCADE,
        related_name="emergency_accesses",
    )
    reason = models.TextField(_("reden"))
    started_at = models.DateTimeField(_("begonnen op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    ended_at = models.DateTimeField(
        _("beëindigd op"),
        null=True,
        blank=True,
        help_text=_("Gezet wanneer de toegang verliep of eerder werd beëindigd."),
    )

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "case", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.case} ({self.started_at:%d-%m-%Y %H:%M})"

    def is_active_at(self, moment) -> bool:
        return self.ended_at is None and self.expires_at > moment


class ReviewItem(models.Model):
    """One thing for the privacy officer to judge: a data share, an emergency access or an
    unusual access the log revealed. Approved, questioned (the professional answers) or
    marked as a possible data breach, which starts the 72-hour notification clock."""

    kind = models.CharField(_("soort"), max_length=20, choices=ReviewKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    created_at = models.DateTimeField(_("gesignaleerd op"), default=timezone.now)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="privacy_reviews",
        help_text=_("Wie deelde of inzag, en de vraag van de privacy officer krijgt."),
    )
    summary = models.CharField(_("samenvatting"), max_length=300)
    data_share = models.ForeignKey(
        DataShare,
        verbose_name=_("gegevensdeling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    emergency_access = models.ForeignKey(
        EmergencyAccess,
        verbose_name=_("noodtoegang"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    access_log_id_ref = models.PositiveBigIntegerField(_("toegangslogregel"), null=True, blank=True)
    flag_key = models.CharField(
        _("signaleringssleutel"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Zorgt dat dezelfde signalering maar één keer in de wachtrij komt."),
    )
    question = models.TextField(_("vraag aan de medewerker"), blank=True)
    answer = models.TextField(_("antwoord van de medewerker"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting van de privacy officer"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    breach_noticed_at = models.DateTimeField(
        _("als mogelijk datalek gemarkeerd op"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("te beoordelen item")
        verbose_name_plural = _("beoordelingswachtrij")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    @property
    def breach_deadline(self):
        """A possible data breach must be reported to the Autoriteit Persoonsgegevens within
        72 hours of becoming aware of it (AVG art. 33)."""
        if self.breach_noticed_at is None:
            return None
        return self.breach_noticed_at + timedelta(hours=72)

    @property
    def hours_left(self) -> int | None:
        """Whole hours left before the breach deadline; negative once it has passed."""
        deadline = self.breach_deadline
        if deadline is None:
            return None
        return int((deadline - timezone.now()).total_seconds() // 3600)


class RetentionRule(models.Model):
    """How long a closed case of one regime is kept, and where that figure comes from.
    Seeded with statutory and selection-list defaults (docs/adr/0004-retention.md); the
    functional administrator adjusts them to the municipality's own selection list."""

    regime = models.CharField(
        _("soort dossier"), max_length=20, choices=CaseRegime.choices, unique=True
    )
    years = models.PositiveSmallIntegerField(_("bewaartermijn in jaren na afsluiten"))
    source = models.CharField(_("bron van de termijn"), max_length=300)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["regime"]

    def __str__(self) -> str:
        return f"{self.get_regime_display()}: {self.years}"


class PrivacyRequest(models.Model):
    """A resident's request under the AVG (access, rectification, erasure), carried out by
    the privacy officer and kept with its grounds. The resident is named by id only, so the
    record survives an erasure without keeping what was erased."""

    kind = models.CharField(_("soort verzoek"), max_length=20, choices=PrivacyRequestKind.choices)
    resident_id_ref = models.PositiveBigIntegerField(_("inwoner-id"), db_index=True)
    received_on = models.DateField(_("ontvangen op"))
    grounds = models.TextField(
        _("grondslag en toelichting"),
        help_text=_("Waarom het verzoek zo is uitgevoerd, bv. welke gegevens onjuist waren."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandeld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    completed_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    outcome = models.TextField(_("uitkomst"), blank=True)
    delivered_at = models.DateTimeField(
        _("verstrekt op"),
        null=True,
        blank=True,
        help_text=_("Bij inzage: wanneer het overzicht aan de inwoner is verstrekt."),
    )

    class Meta:
        verbose_name = _("AVG-verzoek")
        verbose_name_plural = _("AVG-verzoeken")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%d-%m-%Y}"
