"""Writes for the doorbraaktafel: scheduling, the agenda, sharing with partners, the
meeting itself (breakthroughs, actions, policy signals) and reminders."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.permissions import case_perms
from cases.services import field_error, require_open, save_with_history
from privacy.constants import LegalBasis
from privacy.services import data_share_record

from .constants import (
    ON_AGENDA,
    UPCOMING_MEETINGS,
    ItemStatus,
    MeetingStatus,
    ParticipantRole,
)
from .models import (
    Action,
    AgendaItem,
    AgendaItemShare,
    Breakthrough,
    Meeting,
    MeetingParticipant,
    MeetingSchedule,
    PolicySignal,
)
from .permissions import can_manage, is_partner, leads_team, standing_share

if TYPE_CHECKING:
    from accounts.models import Organisation, User
    from cases.models import Case
    from privacy.models import Consent


def _refuse(message: str, code: str, field: str | None = None) -> ValidationError:
    """A refusal with its code, on a form field when one is named."""
    return (
        field_error({field: message}, code=code) if field else ValidationError(message, code=code)
    )


def _require_manager(user: User, meeting: Meeting) -> None:
    if not can_manage(user, meeting):
        raise _refuse(
            _("Alleen de teamleider van dit team beheert deze doorbraaktafel."), "not_manager"
        )


# --- Scheduling -----------------------------------------------------------------------------


def meeting_dates(schedule: MeetingSchedule, *, today: date, count: int) -> list[date]:
    """The next `count` dates of the rhythm on or after `today`."""
    first = schedule.first_date
    if today <= first:
        start = first
    else:
        steps = -(-(today - first).days // schedule.interval_days)  # ceiling division
        start = first + timedelta(days=steps * schedule.interval_days)
    return [start + timedelta(days=i * schedule.interval_days) for i in range(count)]


def meetings_schedule_upcoming(*, today: date | None = None) -> list[Meeting]:
    """Keep the next two meetings of every team with a rhythm in existence. Idempotent:
    a meeting that exists (the unique team+date constraint) is left alone. Returns the
    meetings it created."""
    today = today or timezone.localdate()
    created = []
    for schedule in MeetingSchedule.objects.select_related("team"):
        for day in meeting_dates(schedule, today=today, count=UPCOMING_MEETINGS):
            try:
                with transaction.atomic():
                    meeting, made = Meeting.objects.get_or_create(
                        team=schedule.team,
                        date=day,
                        defaults={"start_time": schedule.start_time, "location": schedule.location},
                    )
            except IntegrityError:  # another worker made it at the same moment
                continue
            if made:
                created.append(meeting)
    return created


def next_meeting(team, *, after: date | None = None) -> Meeting | None:
    after = after or timezone.localdate()
    return (
        Meeting.objects.filter(team=team, date__gte=after)
        .exclude(status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED])
        .order_by("date")
        .first()
    )


# --- The agenda -----------------------------------------------------------------------------


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _require_agenda_open(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise _refuse(_("De agenda van deze doorbraaktafel is al vastgesteld."), "agenda_fixed")


@transaction.atomic
def item_nominate(
    *,
    acting_user: User,
    meeting: Meeting,
    case: Case,
    stuck: str,
    ask: str,
    blocked_by: str = "",
) -> AgendaItem:
    """A professional brings in a case of theirs with a question for the table."""
    meeting = _lock_meeting(meeting)
    _require_agenda_open(meeting)
    if "change_case" not in case_perms(acting_user, case):  # not by emergency access
        raise _refuse(
            _("Je kunt alleen een casus inbrengen waar je zelf bij betrokken bent."),
            "not_visible",
            "case",
        )
    if case.team_id != meeting.team_id:
        raise _refuse(_("Deze casus hoort bij een ander team."), "other_team", "case")
    require_open(case)
    withdrawn = meeting.items.filter(case=case, status=ItemStatus.WITHDRAWN).first()
    if withdrawn is None and meeting.items.filter(case=case).exists():
        raise _refuse(
            _("Casus %(ref)s staat al op de agenda van deze doorbraaktafel.")
            % {"ref": case.reference},
            "already_on_agenda",
            "case",
        )
    # A case withdrawn from this agenda can be brought in again: the same item returns.
    item = withdrawn or AgendaItem(meeting=meeting, case=case)
    item.nominated_by, item.stuck, item.ask, item.blocked_by = acting_user, stuck, ask, blocked_by
    item.status = ItemStatus.NOMINATED
    if can_manage(acting_user, meeting):
        item.status = ItemStatus.PLACED
        item.position = _next_position(meeting)
    save_with_history(item, acting_user)
    return item


def _next_position(meeting: Meeting) -> int:
    placed = meeting.items.filter(status=ItemStatus.PLACED)
    return (placed.aggregate(m=Max("position"))["m"] or 0) + 1


def _renumber(meeting: Meeting, acting_user: User) -> None:
    """Keep the placed items numbered 1..n in their current order."""
    agenda = meeting.items.filter(status=ItemStatus.PLACED).order_by("position", "pk")
    for position, it in enumerate(agenda, start=1):
        if it.position != position:
            it.position = position
            save_with_history(it, acting_user)


@transaction.atomic
def item_place(*, acting_user: User, item: AgendaItem) -> AgendaItem:
    meeting = _lock_meeting(item.meeting)
    _require_manager(acting_user, meeting)
    _require_agenda_open(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.status == ItemStatus.PLACED:
        return item  # placed already (a second click): keep its place
    item.status = ItemStatus.PLACED
    item.position = _next_position(meeting)
    save_with_history(item, acting_user)
    return item


@transaction.atomic
def item_withdraw(*, acting_user: User, item: AgendaItem) -> AgendaItem:
    meeting = _lock_meeting(item.meeting)
    _require_manager(acting_user, meeting)
    _require_agenda_open(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    item.status = ItemStatus.WITHDRAWN
    save_with_history(item, acting_user)
    _renumber(meeting, acting_user)
    return item


@transaction.atomic
def item_move(*, acting_user: User, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour on the agenda."""
    meeting = _lock_meeting(item.meeting)
    _require_manager(acting_user, meeting)
    _require_agenda_open(meeting)
    agenda = list(meeting.items.filter(status=ItemStatus.PLACED).order_by("position", "pk"))
    index = next((i for i, it in enumerate(agenda) if it.pk == item.pk), None)
    other = None if index is None else index + (-1 if up else 1)
    if other is None or not 0 <= other < len(agenda):
        return
    agenda[index], agenda[other] = agenda[other], agenda[index]
    for position, it in enumerate(agenda, start=1):
        if it.position != position:
            it.position = position
            save_with_history(it, acting_user)


@transaction.atomic
def participant_invite(*, acting_user: User, meeting: Meeting, user: User) -> MeetingParticipant:
    meeting = _lock_meeting(meeting)
    _require_manager(acting_user, meeting)
    if meeting.participants.filter(user=user).exists():
        raise _refuse(_("%(name)s is al uitgenodigd.") % {"name": user}, "already_invited", "user")
    if user.team_id == meeting.team_id:
        role = ParticipantRole.TEAM
    elif is_partner(user):
        if not user.organisation_id:
            raise _refuse(
                _(
                    "%(name)s hoort bij geen organisatie. Leg eerst de organisatie vast: "
                    "wat met een partner gedeeld wordt, wordt per organisatie vastgelegd."
                )
                % {"name": user},
                "partner_without_organisation",
                "user",
            )
        role = ParticipantRole.PARTNER
    else:
        raise _refuse(
            _("Nodig teamleden of partners van de doorbraaktafel uit."), "not_invitable", "user"
        )
    participant = MeetingParticipant(meeting=meeting, user=user, role=role, invited_by=acting_user)
    save_with_history(participant, acting_user)
    if role == ParticipantRole.PARTNER:
        # Items shared before this partner was invited: one record per organisation.
        shares = (
            AgendaItemShare.objects.filter(item__meeting=meeting)
            .filter(standing_share())
            .exclude(item__data_shares__recipient_organisation=user.organisation_id)
            .select_related("item")
        )
        for share in shares:
            _record_partner_share(share, user.organisation, acting_user)
    return participant


@transaction.atomic
def agenda_fix(*, acting_user: User, meeting: Meeting) -> Meeting:
    meeting = _lock_meeting(meeting)
    _require_manager(acting_user, meeting)
    _require_agenda_open(meeting)
    if not meeting.items.filter(status=ItemStatus.PLACED).exists():
        raise _refuse(_("Zet eerst minstens één casus op de agenda."), "empty_agenda")
    meeting.status = MeetingStatus.AGENDA_FIXED
    meeting.agenda_fixed_at = timezone.now()
    meeting.chair = meeting.chair or acting_user
    save_with_history(meeting, acting_user)
    return meeting


# --- Sharing with partners ------------------------------------------------------------------


def _share_categories(item: AgendaItem) -> list[str]:
    """What the agenda shows of a case: initials, the question, stressors and legs."""
    from privacy.constants import DataCategory
    from stressors.constants import ACTIVE_STATUSES

    by_domain = {
        "financien": DataCategory.FINANCES,
        "werk_opleiding": DataCategory.WORK_INCOME,
        "huisvesting": DataCategory.HOUSING,
        "huiselijke_relaties": DataCategory.FAMILY,
        "geestelijke_gezondheid": DataCategory.HEALTH,
        "lichamelijke_gezondheid": DataCategory.HEALTH,
        "middelengebruik": DataCategory.HEALTH,
        "justitie": DataCategory.JUSTICE,
    }
    categories = {DataCategory.IDENTITY, DataCategory.SUPPORT}
    for domain in item.case.stressors.filter(status__in=ACTIVE_STATUSES).values_list(
        "stressor_type__life_domain", flat=True
    ):
        if domain in by_domain:
            categories.add(by_domain[domain])
    return sorted(str(c) for c in categories)


def _record_partner_share(share: AgendaItemShare, organisation: Organisation, acting_user: User):
    item = share.item
    data_share_record(
        acting_user=acting_user,
        resident=item.case.primary_resident,
        case=item.case,
        recipient_organisation=organisation,
        categories=_share_categories(item),
        legal_basis=share.legal_basis,
        consent=share.consent,
        legal_article=share.legal_article,
        purpose=_("Bespreking aan de doorbraaktafel van %(date)s")
        % {"date": f"{item.meeting.date:%d-%m-%Y}"},
        channel="doorbraaktafel",
        shared_on=timezone.localdate(),
        agenda_item=item,
    )


@transaction.atomic
def item_share_with_partners(
    *,
    acting_user: User,
    item: AgendaItem,
    legal_basis: str,
    consent: Consent | None = None,
    legal_article: str = "",
) -> AgendaItemShare:
    """Share an agenda item with the meeting's partner participants, on a legal basis: the
    resident's active consent, or a ground the teamleider chooses (a legal task names its
    law and article). Writes a data-sharing record per partner organisation."""
    _require_manager(acting_user, item.meeting)
    if item.status not in ON_AGENDA:
        raise _refuse(
            _("Zet het punt eerst op de agenda; pas dan deel je het met de partners."),
            "not_on_agenda",
        )
    if hasattr(item, "share"):
        raise _refuse(_("Dit agendapunt is al gedeeld met de partners."), "already_shared")
    today = timezone.localdate()
    if legal_basis == LegalBasis.CONSENT:
        if consent is None or consent.resident_id != item.case.primary_resident_id:
            raise _refuse(
                _("Kies de toestemming van de inwoner waarop je deelt."),
                "consent_missing",
                "consent",
            )
        if not consent.is_active_on(today):
            raise _refuse(
                _("Deze toestemming is ingetrokken of nog niet gegeven."),
                "consent_inactive",
                "consent",
            )
    elif legal_basis == LegalBasis.LEGAL_TASK and not legal_article.strip():
        raise _refuse(
            _(
                "Noem bij een wettelijke taak de wet en het artikel, "
                "bijvoorbeeld Wmo 2015 art. 2.3.5."
            ),
            "article_missing",
            "legal_article",
        )
    share = AgendaItemShare(
        item=item,
        legal_basis=legal_basis,
        consent=consent if legal_basis == LegalBasis.CONSENT else None,
        legal_article=legal_article,
        shared_by=acting_user,
    )
    save_with_history(share, acting_user)
    organisations = {
        p.user.organisation_id: p.user.organisation
        for p in item.meeting.participants.filter(role=ParticipantRole.PARTNER).select_related(
            "user__organisation"
        )
        if p.user.organisation_id
    }
    for organisation in organisations.values():
        _record_partner_share(share, organisation, acting_user)
    return share


# --- The meeting ----------------------------------------------------------------------------


@transaction.atomic
def item_postpone(*, acting_user: User, item: AgendaItem, reason: str = "") -> AgendaItem:
    _require_manager(acting_user, item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.status = ItemStatus.POSTPONED
    item.postponed_reason = reason
    save_with_history(item, acting_user)
    return item


@transaction.atomic
def breakthrough_record(
    *,
    acting_user: User,
    item: AgendaItem,
    barrier_kind: str,
    barrier: str,
    decision: str,
    mandate: str,
    cost_current_path: Decimal | None = None,
    cost_solution: Decimal | None = None,
    is_structural: bool = False,
    signal_domain: str = "",
    signal_title: str = "",
    signal_description: str = "",
) -> Breakthrough:
    """Record what the table decided for an item; a structural barrier (weeffout) becomes a
    policy signal for the law or domain it concerns."""
    _require_manager(acting_user, item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.status not in ON_AGENDA:
        raise _refuse(_("Dit punt staat niet op de agenda."), "not_on_agenda")
    for field, value in (
        ("cost_current_path", cost_current_path),
        ("cost_solution", cost_solution),
    ):
        if value is not None and value < 0:
            raise _refuse(_("Een bedrag kan niet negatief zijn."), "negative", field)
    if is_structural and not (signal_domain and signal_description.strip()):
        raise _refuse(
            _("Kies bij een weeffout de wet of het domein en beschrijf het signaal voor beleid."),
            "signal_incomplete",
            "signal_description",
        )
    breakthrough = Breakthrough.objects.filter(item=item).first() or Breakthrough(item=item)
    for name, value in {
        "barrier_kind": barrier_kind,
        "barrier": barrier,
        "decision": decision,
        "mandate": mandate,
        "cost_current_path": cost_current_path,
        "cost_solution": cost_solution,
        "is_structural": is_structural,
        "recorded_by": acting_user,
    }.items():
        setattr(breakthrough, name, value)
    save_with_history(breakthrough, acting_user)
    if is_structural:
        signal = PolicySignal.objects.filter(breakthrough=breakthrough).first() or PolicySignal(
            breakthrough=breakthrough,
            team=item.meeting.team,
            created_by=acting_user,
            created_on=min(item.meeting.date, timezone.localdate()),
        )
        title = signal_title or barrier[:150]
        if (signal.title, signal.description) != (title, signal_description):
            # Released text was reviewed for reports; changed text must be reviewed again.
            signal.releasable = False
        signal.domain = signal_domain
        signal.title = title
        signal.description = signal_description
        save_with_history(signal, acting_user)
    else:
        # No longer seen as structural: the signal is withdrawn (its history stays).
        PolicySignal.objects.filter(breakthrough=breakthrough).delete()
    item.status = ItemStatus.DISCUSSED
    save_with_history(item, acting_user)
    return breakthrough


@transaction.atomic
def action_add(
    *,
    acting_user: User,
    item: AgendaItem,
    description: str,
    due_date: date,
    owner: User | None = None,
    owner_organisation: Organisation | None = None,
) -> Action:
    _require_manager(acting_user, item.meeting)
    if owner is None and owner_organisation is None:
        raise _refuse(
            _("Kies wie de actie uitvoert: een persoon of een organisatie."),
            "owner_missing",
            "owner",
        )
    if due_date < item.meeting.date:
        raise _refuse(
            _("De actie kan niet eerder af moeten dan de doorbraaktafel zelf (%(date)s).")
            % {"date": f"{item.meeting.date:%d-%m-%Y}"},
            "due_before_meeting",
            "due_date",
        )
    action = Action(
        item=item,
        case=item.case,
        description=description,
        due_date=due_date,
        owner=owner,
        owner_organisation=owner_organisation,
    )
    save_with_history(action, acting_user)
    return action


@transaction.atomic
def action_complete(*, acting_user: User, action: Action, done_on: date | None = None) -> Action:
    """Mark an action done: its owner, the case's professionals or the teamleider."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    allowed = (
        action.owner_id == acting_user.pk
        # A relationship with the case, not emergency access (which only reads).
        or "change_case" in case_perms(acting_user, action.case)
        or can_manage(acting_user, action.item.meeting)
    )
    if not allowed:
        raise _refuse(_("Je kunt deze actie niet afvinken."), "not_allowed")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise _refuse(_("Deze datum ligt in de toekomst."), "future", "done_on")
    action.done_on = done_on
    save_with_history(action, acting_user)
    return action


@transaction.atomic
def meeting_close(*, acting_user: User, meeting: Meeting, notes: str = "") -> Meeting:
    """After the meeting: it is held; items not discussed count as postponed."""
    meeting = _lock_meeting(meeting)
    _require_manager(acting_user, meeting)
    if meeting.status == MeetingStatus.HELD:
        raise _refuse(_("Deze doorbraaktafel is al afgesloten."), "already_held")
    for item in meeting.items.filter(status=ItemStatus.PLACED):
        item.status = ItemStatus.POSTPONED
        save_with_history(item, acting_user)
    for item in meeting.items.filter(status=ItemStatus.NOMINATED):
        item.status = ItemStatus.WITHDRAWN  # never placed; it can be brought in next time
        save_with_history(item, acting_user)
    meeting.status = MeetingStatus.HELD
    meeting.notes = notes or meeting.notes
    save_with_history(meeting, acting_user)
    return meeting


# --- Reminders ------------------------------------------------------------------------------


def actions_remind(*, today: date | None = None) -> int:
    """Email the owner of every open action that is due or overdue, once a day. Returns the
    number of reminders sent; running it twice on a day sends nothing more."""
    today = today or timezone.localdate()
    due = (
        Action.objects.filter(done_on__isnull=True, due_date__lte=today, owner__isnull=False)
        .exclude(reminded_on=today)
        .exclude(owner__email="")
        .select_related("owner", "case")
    )
    sent = 0
    for action in due:
        with transaction.atomic():
            locked = Action.objects.select_for_update().get(pk=action.pk)
            if locked.reminded_on == today:
                continue
            overdue = action.due_date < today
            send_mail(
                subject=_("Actie doorbraaktafel %(state)s: %(ref)s")
                % {
                    "state": _("verlopen") if overdue else _("vandaag"),
                    "ref": action.case.reference,
                },
                message=_(
                    'Beste %(name)s,\n\nDe actie "%(action)s" voor casus %(ref)s moest uiterlijk '
                    "%(date)s klaar zijn. Vink hem af in de casus zodra hij gedaan is.\n"
                )
                % {
                    "name": action.owner.get_full_name() or action.owner.username,
                    "action": action.description,
                    "ref": action.case.reference,
                    "date": f"{action.due_date:%d-%m-%Y}",
                },
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[action.owner.email],
            )
            locked.reminded_on = today
            locked.save(update_fields=["reminded_on"])
            sent += 1
    return sent


# --- Rhythm and release ---------------------------------------------------------------------


@transaction.atomic
def schedule_set(
    *,
    acting_user: User,
    team,
    weekday: int,
    start_time,
    location: str,
    first_date: date,
    interval_days: int = 14,
    duration_minutes: int = 120,
) -> MeetingSchedule:
    """Set a team's rhythm for the doorbraaktafel (the beheerder, or the team's teamleider)."""
    if not (
        acting_user.has_perm("doorbraak.change_meetingschedule") or leads_team(acting_user, team)
    ):
        raise _refuse(_("Je kunt het ritme van dit team niet wijzigen."), "not_allowed")
    schedule = MeetingSchedule.objects.filter(team=team).first() or MeetingSchedule(team=team)
    schedule.weekday = weekday
    schedule.start_time = start_time
    schedule.location = location
    schedule.first_date = first_date
    schedule.interval_days = interval_days
    schedule.duration_minutes = duration_minutes
    save_with_history(schedule, acting_user)
    return schedule


@transaction.atomic
def policy_signal_release(
    *, acting_user: User, signal: PolicySignal, releasable: bool = True
) -> PolicySignal:
    """The team's teamleider reviews a signal's text and releases it for reports."""
    if not leads_team(acting_user, signal.team):
        raise _refuse(_("Alleen de teamleider van dit team geeft signalen vrij."), "not_manager")
    signal = PolicySignal.objects.select_for_update().get(pk=signal.pk)
    signal.releasable = releasable
    save_with_history(signal, acting_user)
    return signal
