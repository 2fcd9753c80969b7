"""The agenda and the minutes of a doorbraaktafel as A4 PDFs (WeasyPrint).

Per item only what the table needs: the case reference, the resident's initials, the
question, the active stressors and the latest stability legs; the minutes add what was
decided. Never a BSN, an address or a full name of a resident. Every list starts from what
the user may see (doorbraak.selectors), so a partner's agenda holds only the items shared
with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors
from .models import Action
from .permissions import can_manage

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

    from .models import Meeting


@dataclass
class Document:
    content: bytes
    resident_ids: list[int] = field(default_factory=list)


def render_pdf(template_name: str, context: dict, *, request: HttpRequest | None = None) -> bytes:
    """Render a template to PDF. Relative links resolve against the static files."""
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    html = render_to_string(template_name, context, request=request)
    base_url = str(settings.STATICFILES_DIRS[0]) + "/"
    return HTML(string=html, base_url=base_url).write_pdf()


def response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser, never kept in a shared cache: it holds personal data."""
    reply = HttpResponse(content, content_type="application/pdf")
    reply["Content-Disposition"] = f'inline; filename="{filename}"'
    reply["Cache-Control"] = "no-store, private"
    return reply


def _participants(meeting: Meeting) -> list:
    return list(
        meeting.participants.select_related("user__organisation").order_by(
            "role", "user__first_name", "user__last_name"
        )
    )


def _header(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "participants": _participants(meeting),
        "printed_at": timezone.localtime(),
    }


def agenda(*, user: User, meeting: Meeting, request: HttpRequest | None = None) -> Document:
    """The agenda. The chair's copy also lists the open actions of earlier meetings, per
    case on the agenda and for the team's other cases."""
    rows = selectors.items_for_print(selectors.agenda(user, meeting))
    chair_copy = can_manage(user, meeting)
    earlier: list[Action] = []
    if chair_copy:
        earlier = list(
            selectors.open_actions(user, meeting.team)
            .filter(item__meeting__date__lt=meeting.date)
            .select_related(
                "case", "case__primary_resident", "owner", "owner_organisation", "item__meeting"
            )
        )
    on_agenda = {row["item"].case_id for row in rows}
    for row in rows:
        row["open_actions"] = [a for a in earlier if a.case_id == row["item"].case_id]
    context = {
        **_header(meeting),
        "title": "agenda",
        "rows": rows,
        "chair_copy": chair_copy,
        "other_actions": [a for a in earlier if a.case_id not in on_agenda],
    }
    resident_ids = [row["item"].case.primary_resident_id for row in rows]
    resident_ids += [a.case.primary_resident_id for a in earlier]
    return Document(render_pdf("doorbraak/pdf/agenda.html", context, request=request), resident_ids)


def minutes(*, user: User, meeting: Meeting, request: HttpRequest | None = None) -> Document:
    """The minutes: per item the outcome, the barrier, the decision and its mandate, the costs
    and the saving, the actions, and the policy signal of a structural barrier."""
    # The agenda selector brings each item's actions along (item.agreed_actions).
    items = selectors.agenda(user, meeting).select_related("breakthrough__policy_signal")
    rows = selectors.items_for_print(items)
    savings = [
        row["item"].breakthrough.saving
        for row in rows
        if hasattr(row["item"], "breakthrough") and row["item"].breakthrough.saving is not None
    ]
    context = {
        **_header(meeting),
        "title": "notulen",
        "rows": rows,
        "total_saving": sum(savings, Decimal(0)) if savings else None,
        "signals": [
            row["item"].breakthrough.policy_signal
            for row in rows
            if hasattr(row["item"], "breakthrough")
            and hasattr(row["item"].breakthrough, "policy_signal")
        ],
    }
    resident_ids = [row["item"].case.primary_resident_id for row in rows]
    return Document(
        render_pdf("doorbraak/pdf/minutes.html", context, request=request), resident_ids
    )
