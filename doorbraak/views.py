"""Screens of the doorbraaktafel. Thin: fetch through doorbraak.permissions (what a user may
not see does not exist: a 404, and the attempt is logged), validate with a form, write
through a service, render. The screens show a case by its reference and the resident's
initials, as the agenda does: the meeting page is often on the wall of the meeting room."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.constants import OPEN_STATUSES
from cases.pages import edit_view, form_page
from cases.permissions import deny, does_casework, visible_cases
from cases.selectors import CaseFilter, my_cases
from privacy.constants import AccessAction, AccessReason
from privacy.services import access_log_record

from . import pdf, selectors, services
from .constants import ON_AGENDA, ItemStatus, MeetingStatus, ParticipantRole, PolicyDomain
from .forms import (
    ActionForm,
    BreakthroughForm,
    CloseForm,
    InviteForm,
    NominateForm,
    PostponeForm,
    ShareForm,
)
from .models import Action, AgendaItem, Meeting
from .permissions import (
    can_manage,
    is_partner,
    managed_meetings,
    managed_signals,
    managed_teams,
    visible_actions,
    visible_items,
    visible_meetings,
)

# --- Fetch through the permission layer -----------------------------------------------------


def _require_table_user(request) -> None:
    """The doorbraaktafel exists for casework roles and partner participants only."""
    if not (does_casework(request.user) or is_partner(request.user)):
        raise deny(request.user, request, "meeting", None)


def _meeting(request, pk: int) -> Meeting:
    _require_table_user(request)
    meeting = visible_meetings(request.user).select_related("team", "chair").filter(pk=pk).first()
    if meeting is None:
        raise deny(request.user, request, "meeting", pk)
    return meeting


def _managed_meeting(request, pk: int) -> Meeting:
    """A meeting this user chairs as the team's teamleider; for anyone else a 404."""
    meeting = managed_meetings(request.user).select_related("team", "chair").filter(pk=pk).first()
    if meeting is None:
        raise deny(request.user, request, "meeting", pk)
    return meeting


def _item(request, meeting: Meeting, item_pk: int) -> AgendaItem:
    item = (
        visible_items(request.user)
        .filter(meeting=meeting, pk=item_pk)
        .select_related("case", "case__primary_resident", "meeting", "meeting__team")
        .first()
    )
    if item is None:
        raise deny(request.user, request, "agenda_item", item_pk)
    return item


def _invitations(user):
    """Meetings the user is invited to as a partner: a date and a place, no personal data."""
    return Meeting.objects.filter(
        participants__user=user, participants__role=ParticipantRole.PARTNER
    )


def _reason(user, meeting: Meeting | None) -> AccessReason:
    if meeting is not None and can_manage(user, meeting):
        return AccessReason.TEAM_LEAD
    if is_partner(user) and not does_casework(user):
        return AccessReason.PARTNER_SHARE
    return AccessReason.INVOLVED


def _log_shown(request, resident_ids, *, meeting=None, action=AccessAction.LIST, **extra) -> None:
    """Every page that shows residents (even by initials) leaves one access-log entry."""
    resident_ids = [rid for rid in resident_ids if rid]
    if not resident_ids:
        return
    access_log_record(
        user=request.user,
        request=request,
        action=action,
        resident_ids=resident_ids,
        reason=_reason(request.user, meeting),
        object_type=extra.pop("object_type", "meeting" if meeting else ""),
        object_id=extra.pop("object_id", meeting.pk if meeting else None),
        **extra,
    )


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("doorbraak:meeting_detail", args=[meeting.pk])
    return f"{url}#{anchor}" if anchor else url


def _run_url(item: AgendaItem) -> str:
    return reverse("doorbraak:item_run", args=[item.meeting_id, item.pk])


def _day(meeting: Meeting) -> str:
    return date_format(meeting.date, "j F Y")


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- Meetings -------------------------------------------------------------------------------


@require_GET
def meeting_list(request):
    _require_table_user(request)
    user = request.user
    today = timezone.localdate()

    def count(items):
        counted = items.filter(meeting=OuterRef("pk")).order_by().values("meeting")
        return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)

    visible = visible_meetings(user)
    meetings = (
        Meeting.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=_invitations(user)))
        .select_related("team")
        .annotate(
            # What the user sees on the agenda; their own nominations; all nominations.
            n_items=count(visible_items(user).filter(status__in=ON_AGENDA)),
            n_mine=count(visible_items(user).exclude(status=ItemStatus.WITHDRAWN)),
            n_nominated=count(AgendaItem.objects.filter(status=ItemStatus.NOMINATED)),
            is_managed=Exists(managed_meetings(user).filter(pk=OuterRef("pk"))),
            can_open=Exists(visible.filter(pk=OuterRef("pk"))),
        )
    )
    done = Q(status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED])
    upcoming = meetings.filter(date__gte=today).exclude(done).order_by("date", "start_time")
    past = (
        meetings.filter(Q(date__lt=today) | done)
        .filter(Q(is_managed=True) | Q(n_items__gt=0))
        .order_by("-date", "-start_time")
    )
    my_actions = list(selectors.user_open_actions(user).select_related("case__primary_resident"))
    _log_shown(request, [a.case.primary_resident_id for a in my_actions])
    led = managed_teams(user).count()
    leads = led > 0
    return render(
        request,
        "doorbraak/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": Paginator(past, 20).get_page(request.GET.get("pagina")),
            "my_actions": my_actions,
            "leads": leads,
            "casework": does_casework(user),
            "several_teams": led > 1,
        },
    )


@require_GET
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    user = request.user
    if can_manage(user, meeting):
        return _lead_page(request, meeting)
    if does_casework(user):
        return _professional_page(request, meeting)
    return _partner_page(request, meeting)


def _lead_page(request, meeting: Meeting):
    user = request.user
    agenda = list(selectors.agenda(user, meeting))
    nominations = list(selectors.nominations(user, meeting))
    withdrawn = list(
        visible_items(user)
        .filter(meeting=meeting, status=ItemStatus.WITHDRAWN)
        .select_related("case", "case__primary_resident")
    )
    open_for_agenda = meeting.is_open_for_agenda
    suggestions = selectors.suggestions(user, meeting) if open_for_agenda else None
    on_agenda = {item.case_id for item in agenda}
    nominated = {item.case_id for item in nominations}
    participants = list(
        meeting.participants.select_related("user__organisation").order_by(
            "role", "user__first_name"
        )
    )
    shown = [item.case.primary_resident_id for item in [*agenda, *nominations, *withdrawn]]
    if suggestions:
        shown += [c.primary_resident_id for c in suggestions.postponed]
        shown += [c.primary_resident_id for c in suggestions.declining]
        shown += [c.primary_resident_id for c in suggestions.severe_stressors]
        shown += [a.case.primary_resident_id for a in suggestions.open_actions]
    _log_shown(request, shown, meeting=meeting)
    return render(
        request,
        "doorbraak/meeting_detail.html",
        {
            "meeting": meeting,
            "manages": True,
            "agenda": agenda,
            "nominations": nominations,
            "withdrawn": withdrawn,
            "suggestions": suggestions,
            "on_agenda": on_agenda,
            "nominated": nominated,
            "participants": participants,
            "partners_invited": any(p.role == ParticipantRole.PARTNER for p in participants),
            "invite_form": InviteForm(meeting=meeting),
            "open_for_agenda": open_for_agenda,
            "can_run": meeting.status in (MeetingStatus.AGENDA_FIXED, MeetingStatus.HELD),
            "held": meeting.status == MeetingStatus.HELD,
            "can_share": meeting.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_FIXED),
        },
    )


def _professional_page(request, meeting: Meeting):
    user = request.user
    items = list(
        visible_items(user)
        .filter(meeting=meeting)
        .select_related("case", "case__primary_resident", "nominated_by", "breakthrough")
        .prefetch_related(
            Prefetch(
                "actions", queryset=Action.objects.select_related("owner", "owner_organisation")
            )
        )
        .order_by("position", "created_at")
    )
    open_for_agenda = meeting.is_open_for_agenda
    nominate_form = NominateForm(cases=_nominable_cases(user, meeting)) if open_for_agenda else None
    _log_shown(request, [item.case.primary_resident_id for item in items], meeting=meeting)
    return render(
        request,
        "doorbraak/meeting_detail.html",
        {
            "meeting": meeting,
            "my_items": items,
            "nominate_form": nominate_form,
            "open_for_agenda": open_for_agenda,
        },
    )


def _partner_page(request, meeting: Meeting):
    printed = selectors.items_for_print(selectors.agenda(request.user, meeting))
    _log_shown(request, [row["item"].case.primary_resident_id for row in printed], meeting=meeting)
    return render(
        request,
        "doorbraak/meeting_detail.html",
        {"meeting": meeting, "partner_view": True, "printed": printed},
    )


def _nominable_cases(user, meeting: Meeting):
    """A teamleider may bring in any open case of the team; a professional their own."""
    if can_manage(user, meeting):
        cases = visible_cases(user).filter(team=meeting.team, status__in=OPEN_STATUSES)
    else:
        cases = my_cases(user, CaseFilter()).filter(team=meeting.team)
    # A case taken off this agenda may be brought in again.
    taken = AgendaItem.objects.filter(meeting=meeting).exclude(status=ItemStatus.WITHDRAWN)
    return (
        cases.exclude(pk__in=taken.values("case_id"))
        .select_related("primary_resident")
        .order_by("reference")
    )


# --- The agenda -----------------------------------------------------------------------------


@edit_view
def item_nominate(request, pk: int):
    """Bring a case in. On the meeting page for professionals; a page of its own for the
    teamleider, prefilled with the case of a suggestion (?casus=<id>)."""
    meeting = _meeting(request, pk)
    user = request.user
    if not does_casework(user):
        raise deny(user, request, "meeting", pk)
    if not meeting.is_open_for_agenda:
        messages.error(request, _("De agenda van deze doorbraaktafel is al vastgesteld."))
        return redirect(_meeting_url(meeting))
    manages = can_manage(user, meeting)
    chosen = request.GET.get("casus", "")
    form = NominateForm(
        request.POST or None,
        cases=_nominable_cases(user, meeting),
        any_team_case=manages,
        initial={"case": int(chosen)}
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19
        else {},
    )
    return form_page(
        request,
        form=form,
        service=services.item_nominate,
        using={"meeting": meeting},
        saved=_("De casus staat op de agenda.")
        if manages
        else _("Je casus is ingebracht. De teamleider zet hem op de agenda."),
        next_url=_meeting_url(meeting, "agenda" if manages else "mijn-casussen"),
        cancel_url=_meeting_url(meeting),
        title=(
            _("Casus op de agenda van %(date)s") if manages else _("Casus inbrengen voor %(date)s")
        )
        % {"date": _day(meeting)},
        intro=_(
            "Beschrijf wat vastzit, wat het blokkeert en wat je van de tafel vraagt. De tafel "
            "ziet het casusnummer, de initialen, de actieve stressoren en de stabiliteit."
        ),
        submit_label=_("Op de agenda zetten") if manages else _("Casus inbrengen"),
    )


def _agenda_change(request, pk: int, item_pk: int, change, done: str, anchor: str):
    meeting = _managed_meeting(request, pk)
    item = _item(request, meeting, item_pk)
    try:
        change(item)
    except ValidationError as error:
        _refused(request, error)
    else:
        if done:
            messages.success(request, done % {"ref": item.case.reference})
    return redirect(_meeting_url(meeting, anchor))


@require_POST
def item_place(request, pk: int, item_pk: int):
    return _agenda_change(
        request,
        pk,
        item_pk,
        lambda item: services.item_place(acting_user=request.user, item=item),
        _("Casus %(ref)s staat op de agenda."),
        "agenda",
    )


@require_POST
def item_withdraw(request, pk: int, item_pk: int):
    return _agenda_change(
        request,
        pk,
        item_pk,
        lambda item: services.item_withdraw(acting_user=request.user, item=item),
        _("Casus %(ref)s is van de agenda gehaald."),
        "voordrachten",
    )


@require_POST
def item_move(request, pk: int, item_pk: int):
    up = request.POST.get("richting") == "omhoog"
    return _agenda_change(
        request,
        pk,
        item_pk,
        lambda item: services.item_move(acting_user=request.user, item=item, up=up),
        "",
        f"punt-{item_pk}",
    )


@require_POST
def agenda_fix(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        services.agenda_fix(acting_user=request.user, meeting=meeting)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("De agenda is vastgesteld. Download de agenda (PDF) voor de deelnemers."),
        )
    return redirect(_meeting_url(meeting))


@edit_view
def participant_invite(request, pk: int):
    meeting = _managed_meeting(request, pk)
    return form_page(
        request,
        form=InviteForm(request.POST or None, meeting=meeting),
        service=services.participant_invite,
        using={"meeting": meeting},
        saved=_("De deelnemer is uitgenodigd."),
        next_url=_meeting_url(meeting, "deelnemers"),
        cancel_url=_meeting_url(meeting, "deelnemers"),
        title=_("Deelnemer uitnodigen voor %(date)s") % {"date": _day(meeting)},
        submit_label=_("Uitnodigen"),
    )


@edit_view
def item_share(request, pk: int, item_pk: int):
    """Share an item with the partners at the table, on a recorded legal basis."""
    meeting = _managed_meeting(request, pk)
    item = _item(request, meeting, item_pk)
    back = _meeting_url(meeting, f"punt-{item.pk}")
    if hasattr(item, "share"):
        messages.info(request, _("Dit agendapunt is al gedeeld met de partners."))
        return redirect(back)
    printed = selectors.items_for_print(visible_items(request.user).filter(pk=item.pk))
    _log_shown(
        request,
        [item.case.primary_resident_id],
        meeting=meeting,
        action=AccessAction.VIEW if request.method == "GET" else AccessAction.CHANGE,
        case=item.case,
        object_type="agenda_item",
        object_id=item.pk,
    )
    partners = (
        meeting.participants.filter(role=ParticipantRole.PARTNER)
        .select_related("user__organisation")
        .order_by("user__organisation__name", "user__first_name")
    )
    return form_page(
        request,
        form=ShareForm(request.POST or None, item=item),
        service=services.item_share_with_partners,
        using={"item": item},
        saved=_("Casus %(ref)s is gedeeld met de partners; de gegevensdeling is vastgelegd.")
        % {"ref": item.case.reference},
        next_url=back,
        cancel_url=back,
        template="doorbraak/item_share.html",
        title=_("Casus %(ref)s delen met de partners") % {"ref": item.case.reference},
        submit_label=_("Delen met de partners"),
        item=item,
        row=printed[0] if printed else None,
        partners=partners,
        meeting=meeting,
    )


# --- Meeting mode ---------------------------------------------------------------------------


def _running_meeting(request, pk: int) -> Meeting:
    """Meeting mode is for the chair, from the moment the agenda is fixed (also after the
    meeting, to correct the minutes)."""
    meeting = _managed_meeting(request, pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    return meeting


def _run_context(request, meeting: Meeting) -> dict:
    items = list(selectors.agenda(request.user, meeting))
    _log_shown(request, [item.case.primary_resident_id for item in items], meeting=meeting)
    return {
        "meeting": meeting,
        "items": items,
        "undecided": [i for i in items if i.status == ItemStatus.PLACED],
        "held": meeting.status == MeetingStatus.HELD,
    }


@require_GET
def meeting_run(request, pk: int):
    meeting = _running_meeting(request, pk)
    return render(
        request,
        "doorbraak/meeting_run.html",
        {**_run_context(request, meeting), "form": CloseForm(initial={"notes": meeting.notes})},
    )


@edit_view
def meeting_close(request, pk: int):
    meeting = _running_meeting(request, pk)
    if request.method == "GET":
        return redirect("doorbraak:meeting_run", pk=meeting.pk)
    if meeting.status == MeetingStatus.HELD:  # sent twice, or from a second tab
        messages.info(request, _("Deze doorbraaktafel is al afgesloten."))
        return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form=CloseForm(request.POST),
        service=services.meeting_close,
        using={"meeting": meeting},
        saved=_("De vergadering is afgesloten. De notulen staan klaar als PDF."),
        next_url=_meeting_url(meeting),
        cancel_url=reverse("doorbraak:meeting_run", args=[meeting.pk]),
        template="doorbraak/meeting_run.html",
        **_run_context(request, meeting),
    )


def _run_item(request, pk: int, item_pk: int) -> tuple[Meeting, AgendaItem]:
    meeting = _running_meeting(request, pk)
    item = _item(request, meeting, item_pk)
    if item.status not in ON_AGENDA:
        raise Http404
    return meeting, item


def _item_page(request, meeting: Meeting, item: AgendaItem, **forms) -> dict:
    """Everything the item page of meeting mode shows; `forms` replaces the blank forms with
    the one that was just posted (and holds its errors)."""
    user = request.user
    agenda = list(selectors.agenda(user, meeting).select_related("breakthrough__policy_signal"))
    index = next(i for i, it in enumerate(agenda) if it.pk == item.pk)
    item = agenda[index]
    row = selectors.items_for_print(
        visible_items(user).filter(pk=item.pk).select_related("case__primary_resident")
    )[0]
    breakthrough = getattr(item, "breakthrough", None)
    _log_shown(
        request,
        [item.case.primary_resident_id],
        meeting=meeting,
        action=AccessAction.VIEW if request.method == "GET" else AccessAction.CHANGE,
        case=item.case,
        object_type="agenda_item",
        object_id=item.pk,
    )
    return {
        "meeting": meeting,
        "item": item,
        "row": row,
        "number": index + 1,
        "total": len(agenda),
        "previous": agenda[index - 1] if index > 0 else None,
        "next": agenda[index + 1] if index + 1 < len(agenda) else None,
        "breakthrough": breakthrough,
        "signal": getattr(breakthrough, "policy_signal", None) if breakthrough else None,
        "actions": item.actions.select_related("owner", "owner_organisation").order_by(
            "due_date", "pk"
        ),
        "earlier_actions": selectors.case_open_actions(item.case).exclude(item=item),
        "breakthrough_form": forms.get("breakthrough_form")
        or BreakthroughForm(instance=breakthrough),
        "action_form": forms.get("action_form")
        or ActionForm(meeting=meeting, initial={"due_date": meeting.date + timedelta(days=14)}),
        "postpone_form": forms.get("postpone_form")
        or PostponeForm(initial={"reason": item.postponed_reason}),
        "held": meeting.status == MeetingStatus.HELD,
    }


@require_GET
def item_run(request, pk: int, item_pk: int):
    meeting, item = _run_item(request, pk, item_pk)
    return render(request, "doorbraak/item_run.html", _item_page(request, meeting, item))


def _item_form_page(request, pk: int, item_pk: int, *, name: str, form_for, **page):
    meeting, item = _run_item(request, pk, item_pk)
    if request.method == "GET":
        return redirect(_run_url(item))
    form = form_for(meeting, item)
    context = _item_page(request, meeting, item, **{name: form})
    return form_page(
        request,
        form=form,
        using={"item": item},
        next_url=_run_url(item),
        cancel_url=_run_url(item),
        template="doorbraak/item_run.html",
        **page,
        **context,
    )


@edit_view
def breakthrough_record(request, pk: int, item_pk: int):
    return _item_form_page(
        request,
        pk,
        item_pk,
        name="breakthrough_form",
        form_for=lambda meeting, item: BreakthroughForm(
            request.POST, instance=getattr(item, "breakthrough", None)
        ),
        service=services.breakthrough_record,
        saved=_("De doorbraak is vastgelegd."),
    )


@edit_view
def action_add(request, pk: int, item_pk: int):
    return _item_form_page(
        request,
        pk,
        item_pk,
        name="action_form",
        form_for=lambda meeting, item: ActionForm(request.POST, meeting=meeting),
        service=services.action_add,
        saved=_("De actie is toegevoegd."),
    )


@edit_view
def item_postpone(request, pk: int, item_pk: int):
    return _item_form_page(
        request,
        pk,
        item_pk,
        name="postpone_form",
        form_for=lambda meeting, item: PostponeForm(request.POST),
        service=services.item_postpone,
        saved=_("Het agendapunt is uitgesteld."),
    )


# --- Actions --------------------------------------------------------------------------------


@require_POST
def action_complete(request, pk: int):
    """Tick an action off, then go back to the page it was ticked on."""
    user = request.user
    action = visible_actions(user).select_related("case", "item__meeting").filter(pk=pk).first()
    if action is None:
        raise deny(user, request, "action", pk)
    try:
        services.action_complete(acting_user=user, action=action)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("De actie is afgevinkt: %(action)s") % {"action": action})
    if visible_cases(user).filter(pk=action.case_id).exists():
        fallback = reverse("cases:case_detail", args=[action.case_id])
    else:
        fallback = reverse("doorbraak:meeting_list")
    return redirect(_next_url(request, fallback))


# --- Policy signals -------------------------------------------------------------------------


@require_GET
def signal_list(request):
    user = request.user
    teams = list(managed_teams(user))
    if not teams:
        raise deny(user, request, "policy_signal", None)
    signals = list(managed_signals(user).select_related("team", "breakthrough__item__meeting"))
    labels = dict(PolicyDomain.choices)
    order = list(labels)
    signals.sort(key=lambda s: (order.index(s.domain), -s.created_on.toordinal(), -s.pk))
    groups = []
    for signal in signals:
        if not groups or groups[-1]["domain"] != signal.domain:
            groups.append({"domain": signal.domain, "label": labels[signal.domain], "signals": []})
        groups[-1]["signals"].append(signal)
    return render(
        request,
        "doorbraak/signal_list.html",
        {"groups": groups, "total": len(signals), "teams": teams},
    )


@require_POST
def signal_release(request, pk: int):
    """The teamleider releases a reviewed signal for the reports, or takes it back."""
    signal = managed_signals(request.user).filter(pk=pk).first()
    if signal is None:
        raise deny(request.user, request, "policy_signal", pk)
    release = request.POST.get("releasable") == "1"
    services.policy_signal_release(acting_user=request.user, signal=signal, releasable=release)
    messages.success(
        request,
        _("Het signaal is vrijgegeven voor rapportage.")
        if release
        else _("Het signaal is niet meer vrijgegeven."),
    )
    return redirect(f"{reverse('doorbraak:signal_list')}#signaal-{signal.pk}")


# --- PDFs -----------------------------------------------------------------------------------


@require_GET
def agenda_pdf(request, pk: int):
    """The agenda: for the teamleider every item; for an invited partner the shared ones."""
    meeting = _meeting(request, pk)
    user = request.user
    invited = meeting.participants.filter(user=user, role=ParticipantRole.PARTNER).exists()
    if not (can_manage(user, meeting) or (is_partner(user) and invited)):
        raise deny(user, request, "meeting", pk)
    document = pdf.agenda(user=user, meeting=meeting, request=request)
    _log_print(request, meeting, document, _("Agenda doorbraaktafel"))
    return pdf.response(document.content, f"agenda-doorbraaktafel-{meeting.date:%Y-%m-%d}.pdf")


@require_GET
def minutes_pdf(request, pk: int):
    meeting = _managed_meeting(request, pk)
    if meeting.status not in (MeetingStatus.AGENDA_FIXED, MeetingStatus.HELD):
        messages.error(request, _("Notulen zijn er pas als de agenda is vastgesteld."))
        return redirect(_meeting_url(meeting))
    document = pdf.minutes(user=request.user, meeting=meeting, request=request)
    _log_print(request, meeting, document, _("Notulen doorbraaktafel"))
    return pdf.response(document.content, f"notulen-doorbraaktafel-{meeting.date:%Y-%m-%d}.pdf")


def _log_print(request, meeting: Meeting, document, what: str) -> None:
    access_log_record(
        user=request.user,
        request=request,
        action=AccessAction.PRINT,
        resident_ids=document.resident_ids,
        reason=_reason(request.user, meeting),
        object_type="meeting",
        object_id=meeting.pk,
        detail=f"{what} {meeting.date:%d-%m-%Y}",
    )
