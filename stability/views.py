from django.shortcuts import render
from django.utils.translation import gettext as _

from cases.pages import case_form_page, edit_view, require_casework
from cases.permissions import access_case

from . import services
from .forms import AssessmentForm
from .panels import stability_panels


@edit_view
def assessment_record(request, case_pk: int):
    return case_form_page(
        request,
        case_pk,
        anchor="stabiliteit",
        form_for=lambda case: AssessmentForm(request.POST or None, case=case),
        service=services.assessment_record,
        saved=_("De meting is vastgelegd."),
        title=_("Stabiliteit meten"),
        intro=_(
            "Score wat je met de inwoner hebt besproken, van 1 (acuut instabiel) tot 5 "
            "(stabiel). Laat open wat niet aan de orde was. De ZRM is niet verplicht."
        ),
        submit_label=_("Meting vastleggen"),
        template="stability/assessment_form.html",
    )


def stability_overview(request, case_pk: int):
    """Every assessment of every resident in the case, with the trend charts and the ZRM
    trend per life domain."""
    require_casework(request)
    case, _perms = access_case(request.user, case_pk, request=request)
    return render(
        request,
        "stability/stability_overview.html",
        {"case": case, "panels": stability_panels(case, full=True)},
    )
