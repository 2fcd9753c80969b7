"""The review queue: the privacy officer judges shares, emergency accesses and flagged
access (approve, ask the professional, or mark as a possible data breach), and the
professional answers the questions put to them. The officer sees metadata (who, when, which
case reference, recipient, legal basis), never case content."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cases.forms import add_service_errors
from cases.pages import edit_view, form_page
from cases.permissions import deny

from .. import selectors
from ..constants import AccessAction, DataCategory, ReviewStatus
from ..flags import unusual_access_flag
from ..forms.review import (
    ALL,
    TODO,
    AnswerForm,
    ApproveForm,
    BreachForm,
    QuestionForm,
    QueueFilterForm,
)
from ..models import AccessLog, ReviewItem
from ..permissions import privacy_officer_view
from ..review import (
    allowed_actions,
    review_answer,
    review_approve,
    review_mark_breach,
    review_question,
)
from .log import _log_shown, period_url

PAGE_SIZE = 25


@privacy_officer_view("GET")
def review_queue(request):
    unusual_access_flag()  # fresh signals without waiting for the scheduler
    form = QueueFilterForm(request.GET or None)
    status, kind = TODO, ""
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or TODO
        kind = form.cleaned_data["soort"]
    items = ReviewItem.objects.select_related("subject_user").order_by("-created_at", "-pk")
    if status == TODO:
        items = items.filter(status__in=[ReviewStatus.OPEN, ReviewStatus.ANSWERED])
    elif status != ALL:
        items = items.filter(status=status)
    if kind:
        items = items.filter(kind=kind)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "privacy/review_queue.html", {"form": form, "page": page})


# --- One item -------------------------------------------------------------------------------

ACTIONS = {
    "akkoord": (ApproveForm, review_approve, gettext_lazy("Het item is akkoord bevonden.")),
    "vraag": (
        QuestionForm,
        review_question,
        gettext_lazy("De vraag staat klaar voor de medewerker."),
    ),
    "datalek": (
        BreachForm,
        review_mark_breach,
        gettext_lazy("Gemarkeerd als mogelijk datalek. Meld het binnen 72 uur als dat nodig is."),
    ),
}


ALLOWED_BY_ACTION = {
    "akkoord": "can_approve",
    "vraag": "can_question",
    "datalek": "can_mark_breach",
}


def _timeline(item: ReviewItem) -> list[dict]:
    """Every step of the item from its history, with the texts that changed at that step
    (so earlier questions and answers stay readable after a follow-up question)."""
    steps, previous = [], None
    for row in item.history.select_related("history_user").order_by("history_date", "pk"):
        # An item is put in the queue by the system (on the professional's behalf for a
        # share): no person "did" that step.
        if row.history_type == "+":
            by, status = None, _("In de wachtrij gezet")
        else:
            by, status = row.history_user, ReviewStatus(row.status).label
        step = {"at": row.history_date, "by": by, "status": status}
        for name in ("question", "answer", "decision_note"):
            value = getattr(row, name)
            if value and (previous is None or getattr(previous, name) != value):
                step[name] = value
        steps.append(step)
        previous = row
    return steps


def _entry(item: ReviewItem):
    if item.access_log_id_ref is None:
        return None
    entry = AccessLog.objects.filter(pk=item.access_log_id_ref).select_related("user").first()
    if entry is not None:
        names = selectors.resident_names(entry.subjects.values_list("resident_id_ref", flat=True))
        entry.subject_names = list(names.values())
        entry.role_labels = selectors.role_labels(entry.roles)
    return entry


def _day_of(item: ReviewItem, entry):
    if entry is not None:
        return timezone.localtime(entry.created_at).date()
    if item.emergency_access_id:
        return timezone.localtime(item.emergency_access.started_at).date()
    if item.data_share_id:
        return item.data_share.shared_on
    return timezone.localtime(item.created_at).date()


@privacy_officer_view("GET", "POST")
def review_detail(request, pk: int):
    item = get_object_or_404(
        ReviewItem.objects.select_related(
            "subject_user__organisation",
            "decided_by",
            "data_share__resident",
            "data_share__case",
            "data_share__recipient_organisation",
            "data_share__consent",
            "data_share__shared_by",
            "emergency_access__case",
            "emergency_access__user",
        ),
        pk=pk,
    )
    forms = {
        name: form_class(prefix=name) for name, (form_class, _service, _msg) in ACTIONS.items()
    }
    if request.method == "POST":
        action = request.POST.get("actie", "")
        if action not in ACTIONS:
            messages.error(request, _("Kies akkoord, een vraag of een mogelijk datalek."))
        else:
            form_class, service, saved = ACTIONS[action]
            form = forms[action] = form_class(request.POST, prefix=action)
            if form.is_valid():
                try:
                    service(acting_user=request.user, item=item, **form.service_kwargs())
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, saved)
                    return redirect(reverse("privacy:review_detail", args=[item.pk]))

    actions = allowed_actions(item)
    # A refusal whose form is no longer offered (the item was decided meanwhile) still
    # needs saying: shown above the forms.
    refused = [
        error
        for name, form in forms.items()
        if form.is_bound and not actions[ALLOWED_BY_ACTION[name]]
        for error in form.non_field_errors()
    ]
    entry = _entry(item)
    share = item.data_share
    shown = [name.resident_id for name in entry.subject_names] if entry else []
    if share is not None:
        shown.append(share.resident_id)
    _log_shown(
        request,
        shown,
        object_type="review_item",
        object_id=item.pk,
        action=AccessAction.VIEW,
    )
    day = _day_of(item, entry)
    categories = dict(DataCategory.choices)
    return render(
        request,
        "privacy/review_detail.html",
        {
            "item": item,
            "entry": entry,
            "share": share,
            "share_categories": [str(categories.get(c, c)) for c in (share.categories or [])]
            if share
            else [],
            "emergency": item.emergency_access,
            "day": day,
            "day_log_url": period_url(item.subject_user_id, day, day),
            "timeline": _timeline(item),
            "forms": forms,
            "refused": refused,
            **actions,
        },
    )


# --- The professional's side ----------------------------------------------------------------


@require_GET
def my_questions(request):
    """Questions of the privacy officer to this user, and answers still being judged."""
    questions = selectors.questions_for(request.user).order_by("-created_at", "-pk")
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("pagina"))
    answered = ReviewItem.objects.filter(
        subject_user=request.user, status=ReviewStatus.ANSWERED
    ).order_by("-answered_at", "-pk")[:PAGE_SIZE]
    return render(request, "privacy/my_questions.html", {"page": page, "answered": answered})


@edit_view
def question_answer(request, pk: int):
    """Only the person asked sees the question; for anyone else it does not exist."""
    item = ReviewItem.objects.filter(pk=pk, subject_user=request.user).first()
    if item is None:
        raise deny(request.user, request, "review_item", pk)
    return form_page(
        request,
        form=AnswerForm(request.POST or None),
        service=review_answer,
        using={"item": item},
        saved=_("Je antwoord is naar de privacy officer gestuurd."),
        next_url=reverse("privacy:my_questions"),
        cancel_url=reverse("privacy:my_questions"),
        template="privacy/question_answer.html",
        item=item,
        can_answer=item.status == ReviewStatus.QUESTIONED,
        title=_("Vraag van de privacy officer"),
    )
