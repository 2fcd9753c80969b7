"""Demo data for the privacy officer's screens: access traces of ordinary work, shares and
consents (one withdrawn), an emergency access that has expired, a colleague's file that was
opened, a teamleider who opened many files in one day, review decisions (a question to a
professional and a possible data breach), and two old closed files: one due for removal
tonight and one under legal hold. Everything goes through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.demo import HOUSING_CORPORATION, NOORD, ZUIDOOST, DemoAccounts
from cases import services as case_services
from cases.constants import CaseOutcome, CaseRegime, CaseSource, CaseStatus, HouseholdRole
from cases.models import Case
from cases.permissions import access_case, access_resident, deny
from privacy.constants import AccessAction, DataCategory, LegalBasis, ReviewKind, ShareChannel

from .emergency import emergency_access_expire_due, emergency_access_open
from .flags import unusual_access_flag
from .models import EmergencyAccess, ReviewItem
from .retention import legal_hold_set
from .review import review_approve, review_mark_breach, review_question
from .services import consent_record, consent_withdraw, data_share_record
from .subject_access import access_request_create


def load(*, log: Callable[[str], None], accounts: DemoAccounts, **earlier: object) -> None:
    if EmergencyAccess.objects.exists():
        log(_("Demo-privacygegevens bestonden al; er is niets toegevoegd."))
        return
    builder = _Builder(accounts)
    builder.build()
    log(
        _(
            "Demo-privacygegevens aangemaakt: toegangssporen, delingen, een verlopen "
            "noodtoegang en %(items)d punten in de beoordelingswachtrij."
        )
        % {"items": ReviewItem.objects.count()}
    )


class _Builder:
    def __init__(self, accounts: DemoAccounts) -> None:
        self.accounts = accounts
        self.users = accounts.users
        self.today = timezone.localdate()

    def user(self, username: str):
        return self.users[username]

    def open_cases(self, team_key: str):
        team = self.accounts.teams[team_key]
        return (
            Case.objects.filter(team=team)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("primary_resident", "coordinator")
            .order_by("reference")
        )

    def build(self) -> None:
        self.ordinary_work()
        self.shares_and_consents()
        self.colleague_as_resident()
        self.teamleider_opens_many_files()
        self.expired_emergency_access()
        unusual_access_flag()
        self.review_decisions()
        self.old_closed_cases()
        self.earlier_access_request()

    # --- The access log of an ordinary day ----------------------------------------------

    def ordinary_work(self) -> None:
        """Coordinators open their own files; one looks at a BSN; one follows an old link to
        a file of another team and is refused."""
        for username in ("demo-professional", "demo-professional2", "demo-zuidoost-1"):
            user = self.user(username)
            for case in Case.objects.filter(coordinator=user).order_by("reference")[:4]:
                access_case(user, case.pk)
        professional = self.user("demo-professional")
        mine = Case.objects.filter(coordinator=professional).order_by("reference").first()
        if mine:
            access_resident(professional, mine.primary_resident_id, action=AccessAction.BSN_REVEAL)
        other_team = self.open_cases(ZUIDOOST).first()
        if other_team:
            deny(professional, None, "case", other_team.pk)

    # --- Data sharing -------------------------------------------------------------------

    def shares_and_consents(self) -> None:
        professional = self.user("demo-professional")
        cases = list(Case.objects.filter(coordinator=professional).order_by("reference")[:3])
        housing = self.accounts.organisations[HOUSING_CORPORATION]
        if len(cases) < 3:
            return
        first, second, third = cases
        data_share_record(
            acting_user=professional,
            resident=first.primary_resident,
            case=first,
            recipient_organisation=housing,
            recipient_person=_("Consulent huurachterstanden"),
            categories=[DataCategory.IDENTITY, DataCategory.FINANCES, DataCategory.HOUSING],
            legal_basis=LegalBasis.LEGAL_TASK,
            legal_article="Wet gemeentelijke schuldhulpverlening art. 3",
            purpose=_("Huisuitzetting voorkomen: betalingsregeling voor de huurachterstand"),
            channel=ShareChannel.PHONE,
            shared_on=self.today - timedelta(days=2),
        )
        consent = consent_record(
            acting_user=professional,
            resident=second.primary_resident,
            scope_organisations=_("Woonstichting Demodam, GGZ Lindehof"),
            scope_purposes=_("Afstemmen van woonbegeleiding en behandeling"),
            given_on=self.today - timedelta(days=40),
        )
        data_share_record(
            acting_user=professional,
            resident=second.primary_resident,
            case=second,
            recipient_organisation=housing,
            categories=[DataCategory.CONTACT, DataCategory.SUPPORT],
            legal_basis=LegalBasis.CONSENT,
            consent=consent,
            purpose=_("Woonbegeleiding afstemmen met de woonconsulent"),
            channel=ShareChannel.EMAIL,
            shared_on=self.today - timedelta(days=30),
        )
        withdrawn = consent_record(
            acting_user=professional,
            resident=third.primary_resident,
            scope_organisations=_("Werk en Inkomen Demodam"),
            scope_purposes=_("Aanvraag bijzondere bijstand"),
            given_on=self.today - timedelta(days=60),
        )
        consent_withdraw(
            acting_user=professional, consent=withdrawn, withdrawn_on=self.today - timedelta(days=5)
        )

    # --- Flags the log raises -----------------------------------------------------------

    def colleague_as_resident(self) -> None:
        """A resident who works for the municipality: every look at the file is reviewed."""
        case = self.open_cases(NOORD).exclude(coordinator=None).last()
        if case is None:
            return
        case_services.resident_update(
            acting_user=case.coordinator, resident=case.primary_resident, is_employee=True
        )
        access_case(self.user("demo-teamleider"), case.pk)

    def teamleider_opens_many_files(self) -> None:
        teamleider = self.user("demo-teamleider")
        for case in self.open_cases(NOORD).exclude(coordinator=teamleider)[:12]:
            access_case(teamleider, case.pk)

    def expired_emergency_access(self) -> None:
        """Youssef (Noord) opened a Zuidoost file on a Saturday evening; it has expired."""
        case = self.open_cases(ZUIDOOST).last()
        if case is None:
            return
        access = emergency_access_open(
            acting_user=self.user("demo-professional2"),
            case=case,
            reason=_(
                "Politie belde over een acute crisis bij deze inwoner; de regisseur en de "
                "teamleider van Zuidoost waren niet bereikbaar."
            ),
        )
        started = timezone.now() - timedelta(days=3)
        # Demo only: place the access three days back so that it has run out.
        EmergencyAccess.objects.filter(pk=access.pk).update(
            started_at=started, expires_at=started + timedelta(hours=8)
        )
        emergency_access_expire_due()

    # --- The privacy officer's earlier work ---------------------------------------------

    def review_decisions(self) -> None:
        officer = self.user("demo-privacy")
        shares = ReviewItem.objects.filter(
            kind__in=[ReviewKind.SHARE, ReviewKind.SHARE_UNFOUNDED]
        ).order_by("created_at", "pk")
        for item in shares[:3]:
            review_approve(acting_user=officer, item=item, note=_("Grondslag en doel passen."))
        manual = shares.filter(data_share__agenda_item__isnull=True).first()
        if manual:
            review_question(
                acting_user=officer,
                item=manual,
                question=_(
                    "Waarom waren de financiële gegevens nodig voor de woonconsulent? Volstond "
                    "het bedrag van de achterstand?"
                ),
            )
        late = shares.filter(status="open").last()
        if late:
            review_mark_breach(
                acting_user=officer,
                item=late,
                note=_(
                    "Gedeeld met een organisatie die geen deelnemer was; nagaan of dit een "
                    "datalek is en of melding nodig is."
                ),
            )

    def old_closed_cases(self) -> None:
        """Two files closed long ago: one due for removal tonight, one kept under legal hold."""
        professional = self.user("demo-zuidoost-1")
        team = self.accounts.teams[ZUIDOOST]
        for surname, reported, closed, hold in (
            ("Verhoeven", date(2017, 3, 6), date(2019, 2, 14), ""),
            (
                "Kuipers",
                date(2018, 9, 3),
                date(2020, 1, 20),
                _("Bezwaarprocedure bij de rechtbank loopt nog"),
            ),
        ):
            resident = case_services.resident_register(
                acting_user=professional, first_name="Henk", last_name=surname
            )
            household = case_services.household_register(
                acting_user=professional,
                street="Lindelaan",
                house_number=40 + len(surname),
                postcode="5701 AB",
                city="Demodam",
                members=[(resident, HouseholdRole.HEAD)],
            )
            case = case_services.case_open(
                acting_user=professional,
                household=household,
                primary_resident=resident,
                team=team,
                coordinator=professional,
                source=CaseSource.SELF,
                question=_("Hulp bij het ordenen van de administratie"),
                reported_on=reported,
                regime=CaseRegime.WIJKTEAM,
            )
            case_services.case_change_status(
                acting_user=professional,
                case=case,
                expected_version=None,
                to_status=CaseStatus.CLOSED,
                outcome=CaseOutcome.INFORMAL,
                changed_on=closed,
            )
            if hold:
                legal_hold_set(acting_user=self.user("demo-privacy"), case=case, reason=hold)

    def earlier_access_request(self) -> None:
        case = self.open_cases(NOORD).first()
        if case is None:
            return
        access_request_create(
            acting_user=self.user("demo-privacy"),
            resident=case.primary_resident,
            received_on=self.today - timedelta(days=9),
            grounds=_("Verzoek per brief: de inwoner wil weten wie haar dossier heeft ingezien."),
        )
