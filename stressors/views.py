from django.utils.translation import gettext as _

from cases.pages import case_form_page, case_part_page, edit_view

from . import services
from .constants import STRESSOR_TRANSITIONS
from .forms import StressorForm, StressorStatusForm, StressorUpdateForm
from .models import Stressor


def _stressor_of(case, stressor_pk: int) -> Stressor | None:
    return (
        Stressor.objects.filter(case=case, pk=stressor_pk).select_related("stressor_type").first()
    )


@edit_view
def stressor_register(request, case_pk: int):
    return case_form_page(
        request,
        case_pk,
        anchor="stressoren",
        form_for=lambda case: StressorForm(request.POST or None, case=case),
        service=services.stressor_register,
        saved=_("De stressor is geregistreerd."),
        title=_("Stressor registreren"),
        intro=_(
            "Leg vast wat het leven van de inwoner nu ontregelt. Alleen de inwoner en de soort "
            "stressor zijn verplicht; vul de rest in als het bekend is en nodig voor de aanpak."
        ),
        submit_label=_("Registreren"),
    )


@edit_view
def stressor_update(request, case_pk: int, stressor_pk: int):
    return case_part_page(
        request,
        case_pk,
        anchor="stressoren",
        part_for=lambda case: _stressor_of(case, stressor_pk),
        form_for=lambda stressor: StressorUpdateForm(request.POST or None, instance=stressor),
        service=services.stressor_update,
        field="stressor",
        saved=_("De stressor is bijgewerkt."),
        title=_("Stressor bijwerken"),
        submit_label=_("Opslaan"),
    )


def _changeable_stressor_of(case, stressor_pk: int) -> Stressor | None:
    """A removed stressor is final: it has no status page."""
    stressor = _stressor_of(case, stressor_pk)
    return stressor if stressor and STRESSOR_TRANSITIONS[stressor.status] else None


@edit_view
def stressor_status(request, case_pk: int, stressor_pk: int):
    return case_part_page(
        request,
        case_pk,
        anchor="stressoren",
        part_for=lambda case: _changeable_stressor_of(case, stressor_pk),
        form_for=lambda stressor: StressorStatusForm(request.POST or None, stressor=stressor),
        service=services.stressor_change_status,
        field="stressor",
        saved=_("De status van de stressor is gewijzigd."),
        title=_("Status van de stressor wijzigen"),
        intro=_(
            "Weggenomen: de stressor speelt niet meer. Gestabiliseerd: hij is niet weg te nemen, "
            "maar wel onder controle."
        ),
        submit_label=_("Status wijzigen"),
    )
