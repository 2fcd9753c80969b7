from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .constants import (
    CaseOutcome,
    CaseRegime,
    CaseSource,
    CaseStatus,
    GoalStatus,
    HelpKind,
    HouseholdRole,
    JournalKind,
    LifeDomain,
    ScalingLevel,
    TariffUnit,
)
from .validators import validate_bsn, validate_not_in_future, validate_postcode


class Resident(models.Model):
    """An inwoner. The BSN is optional (data minimisation); when given it must be valid and
    is unique. Pages show it masked; revealing it is logged."""

    first_name = models.CharField(_("voornaam"), max_length=100)
    name_prefix = models.CharField(
        _("tussenvoegsel"), max_length=20, blank=True, help_text=_("Bijvoorbeeld: van, de, el")
    )
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(
        _("geboortedatum"), null=True, blank=True, validators=[validate_not_in_future]
    )
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_(
            "Alleen invullen als het nodig is voor de hulp. Het wordt daarna gemaskeerd getoond."
        ),
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_employee = models.BooleanField(
        _("medewerker van de gemeente of een partner"),
        default=False,
        help_text=_(
            "Elke inzage in het dossier van een collega wordt aan de privacy officer voorgelegd."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"], condition=~Q(bsn=""), name="resident_bsn_unique_when_given"
            )
        ]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)

    @property
    def initials(self) -> str:
        """Initials for documents that must not carry the full name (e.g. 'F. el A.')."""
        last = " ".join(p for p in (self.name_prefix, self.last_name[:1] + ".") if p)
        return f"{self.first_name[:1]}. {last}"

    @property
    def masked_bsn(self) -> str:
        return f"*****{self.bsn[-4:]}" if self.bsn else ""


class Household(models.Model):
    street = models.CharField(_("straat"), max_length=150)
    house_number = models.PositiveIntegerField(_("huisnummer"))
    house_number_suffix = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[validate_postcode])
    city = models.CharField(_("plaats"), max_length=100)
    members = models.ManyToManyField(
        Resident, through="HouseholdMember", related_name="households", verbose_name=_("leden")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        indexes = [models.Index(fields=["postcode", "house_number"])]

    def __str__(self) -> str:
        return self.address_line

    @property
    def address_line(self) -> str:
        number = f"{self.house_number}{self.house_number_suffix}"
        return f"{self.street} {number}, {self.postcode} {self.city}"


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household,
        verbose_name=_("huishouden"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("inwoner"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("rol in het huishouden"), max_length=20, choices=HouseholdRole.choices
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lid van huishouden")
        verbose_name_plural = _("leden van huishouden")
        constraints = [
            models.UniqueConstraint(fields=["household", "resident"], name="household_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_role_display()})"


class CaseReferenceCounter(models.Model):
    """Hands out case numbers per year (2026-000123) without gaps from races."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Case(models.Model):
    reference = models.CharField(_("casusnummer"), max_length=11, unique=True, editable=False)
    household = models.ForeignKey(
        Household, verbose_name=_("huishouden"), on_delete=models.PROTECT, related_name="cases"
    )
    primary_resident = models.ForeignKey(
        Resident,
        verbose_name=_("aangemelde inwoner"),
        on_delete=models.PROTECT,
        related_name="cases_as_primary",
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casusregisseur"),
        on_delete=models.PROTECT,
        related_name="coordinated_cases",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    source = models.CharField(_("bron van de melding"), max_length=20, choices=CaseSource.choices)
    source_detail = models.CharField(
        _("toelichting bron"), max_length=200, blank=True, help_text=_("Wie meldde, precies?")
    )
    question = models.TextField(
        _("hulpvraag"), help_text=_("De vraag van de inwoner, zo veel mogelijk in eigen woorden.")
    )
    reported_on = models.DateField(
        _("datum melding"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    closed_on = models.DateField(_("datum afsluiting"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=CaseOutcome.choices, blank=True
    )
    scaling_level = models.PositiveSmallIntegerField(
        _("opschalingsniveau"), choices=ScalingLevel.choices, default=ScalingLevel.WIJKTEAM
    )
    regime = models.CharField(
        _("soort dossier"),
        max_length=20,
        choices=CaseRegime.choices,
        default=CaseRegime.WIJKTEAM,
        help_text=_("Bepaalt hoe lang het dossier na afsluiting wordt bewaard."),
    )
    retain_until = models.DateField(
        _("bewaren tot"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Gezet bij afsluiten, uit de bewaartermijn van de soort dossier."),
    )
    legal_hold_reason = models.CharField(
        _("reden bewaarplicht"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("Zolang hier een reden staat, wordt het dossier niet verwijderd."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # Optimistic locking: every change to the case record raises it; a form posted with an
    # older version was based on stale data and is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-reported_on", "-pk"]
        permissions = [
            ("work_cases", _("Mag casuswerk doen")),
            ("assign_coordinator", _("Mag de casusregisseur toewijzen")),
        ]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED) | ~Q(outcome=""),
                name="closed_case_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def on_legal_hold(self) -> bool:
        return bool(self.legal_hold_reason)


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseStatusChange(models.Model):
    """Every status change, kept for throughput times (report → plan → closing)."""

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("van status"), max_length=20, choices=CaseStatus.choices, blank=True
    )
    to_status = models.CharField(_("naar status"), max_length=20, choices=CaseStatus.choices)
    # The date the change took effect (for throughput times) and when it was recorded.
    changed_on = models.DateField(_("datum"), default=timezone.localdate)
    changed_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["changed_on", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ScalingChange(models.Model):
    """Op- en afschalen over time."""

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="scaling_changes"
    )
    from_level = models.PositiveSmallIntegerField(
        _("van"), choices=ScalingLevel.choices, null=True, blank=True
    )
    to_level = models.PositiveSmallIntegerField(_("naar"), choices=ScalingLevel.choices)
    changed_on = models.DateField(_("datum"), default=timezone.localdate)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("op- of afschaling")
        verbose_name_plural = _("op- en afschalingen")
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_to_level_display()} ({self.changed_on:%d-%m-%Y})"

    @property
    def direction(self) -> str:
        if self.from_level is None:
            return "start"
        return "op" if self.to_level > self.from_level else "af"


class Involvement(models.Model):
    """Betrokkenheid: another organisation or professional working with the household.
    When the professional has an account here, the involvement gives them access to the case
    for as long as it lasts."""

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="involvements"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="involvements",
        null=True,
        blank=True,
    )
    organisation_other = models.CharField(
        _("andere organisatie"),
        max_length=200,
        blank=True,
        help_text=_("Alleen als de organisatie niet in de lijst staat."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collega met account"),
        on_delete=models.PROTECT,
        related_name="involvements",
        null=True,
        blank=True,
        help_text=_("Een collega met een account krijgt toegang tot deze casus."),
    )
    person_name = models.CharField(_("naam contactpersoon"), max_length=150, blank=True)
    role = models.CharField(
        _("rol"), max_length=150, help_text=_("Bijvoorbeeld: bewindvoerder, ambulant begeleider")
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    since = models.DateField(_("betrokken sinds"), validators=[validate_not_in_future])
    until = models.DateField(_("betrokken tot"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        ordering = ["-since", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.display_person}"

    @property
    def organisation_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_other

    @property
    def display_person(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return self.person_name

    @property
    def is_active(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()


class JournalEntry(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(_("soort contact"), max_length=20, choices=JournalKind.choices)
    occurred_at = models.DateTimeField(_("datum en tijd"), validators=[validate_not_in_future])
    summary = models.CharField(_("onderwerp"), max_length=200)
    text = models.TextField(_("verslag"), blank=True)
    is_private = models.BooleanField(
        _("persoonlijke werkaantekening"),
        default=False,
        help_text=_("Alleen voor jezelf zichtbaar; geen onderdeel van het dossier voor anderen."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="journal_entries",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("journaalregel")
        verbose_name_plural = _("journaal")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["case", "-occurred_at"])]

    def __str__(self) -> str:
        return self.summary


class SupportPlan(models.Model):
    """One plan per household case, covering every life domain and every kind of help."""

    case = models.OneToOneField(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="support_plan"
    )
    summary = models.TextField(
        _("wat wil het huishouden bereiken?"),
        blank=True,
        help_text=_("In de woorden van de inwoner."),
    )
    agreed_on = models.DateField(
        _("besproken met inwoner op"), null=True, blank=True, validators=[validate_not_in_future]
    )
    evaluate_on = models.DateField(_("evaluatie gepland op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ondersteuningsplan")
        verbose_name_plural = _("ondersteuningsplannen")

    def __str__(self) -> str:
        return str(_("Ondersteuningsplan %(ref)s") % {"ref": self.case.reference})


class Goal(models.Model):
    plan = models.ForeignKey(
        SupportPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    life_domain = models.CharField(_("leefdomein"), max_length=40, choices=LifeDomain.choices)
    description = models.CharField(_("doel"), max_length=300)
    help_kind = models.CharField(_("soort hulp"), max_length=20, choices=HelpKind.choices)
    who = models.CharField(
        _("wie doet het?"), max_length=150, help_text=_("Inwoner, netwerk, organisatie of persoon")
    )
    due_date = models.DateField(_("streefdatum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["life_domain", "due_date", "pk"]

    def __str__(self) -> str:
        return self.description


class Tariff(models.Model):
    """Catalogue of interventions (voorzieningen) with what they cost."""

    name = models.CharField(_("voorziening"), max_length=150, unique=True)
    help_kind = models.CharField(_("soort hulp"), max_length=20, choices=HelpKind.choices)
    unit = models.CharField(_("eenheid"), max_length=10, choices=TariffUnit.choices)
    price = models.DecimalField(
        _("tarief (€)"), max_digits=10, decimal_places=2, help_text=_("Bedrag per eenheid")
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(price__gte=0), name="tariff_price_gte_0")]

    def __str__(self) -> str:
        return f"{self.name} (€ {self.price} {self.get_unit_display()})"


class Intervention(models.Model):
    """A provision given in a case. The unit price is copied from the tariff when it is
    registered, so a later tariff change does not rewrite what a trajectory cost."""

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="interventions"
    )
    tariff = models.ForeignKey(
        Tariff, verbose_name=_("voorziening"), on_delete=models.PROTECT, related_name="+"
    )
    provider = models.CharField(_("uitgevoerd door"), max_length=150, blank=True)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    quantity = models.DecimalField(
        _("aantal eenheden"), max_digits=8, decimal_places=2, default=Decimal("1")
    )
    unit_price = models.DecimalField(_("prijs per eenheid (€)"), max_digits=10, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ingezette voorziening")
        verbose_name_plural = _("ingezette voorzieningen")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="intervention_quantity_gt_0")
        ]

    def __str__(self) -> str:
        return self.tariff.name

    @property
    def cost(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


class CaseTombstone(models.Model):
    """What is left of a case after its retention period or an erasure: no person, no text,
    only what the figures of reports need (reference, team, dates, outcome)."""

    reference = models.CharField(_("casusnummer"), max_length=11, unique=True)
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    regime = models.CharField(_("soort dossier"), max_length=20, choices=CaseRegime.choices)
    source = models.CharField(_("bron van de melding"), max_length=20, choices=CaseSource.choices)
    reported_on = models.DateField(_("datum melding"))
    closed_on = models.DateField(_("datum afsluiting"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=CaseOutcome.choices, blank=True
    )
    removed_on = models.DateField(_("verwijderd op"))
    removal_reason = models.CharField(_("reden van verwijdering"), max_length=20)

    class Meta:
        verbose_name = _("restant van een verwijderde casus")
        verbose_name_plural = _("restanten van verwijderde casussen")
        ordering = ["-removed_on", "reference"]

    def __str__(self) -> str:
        return self.reference
