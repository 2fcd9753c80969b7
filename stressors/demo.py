"""Demo stressors for the demo cases (`manage.py load_demo_data`).

cases/demo.py walks every case through its workflow and calls these functions where a
professional would touch the stressor register: sometimes the report already names the
main stressor, the intake brings the rest to light, and phase by phase they are tackled and
removed or, when that is not possible, stabilised; before a case closes most of them are.
A course from stability/demo.py says how the case goes; in a setback or a decline a new or
returning stressor arrives on the planned date.

The stressors fit the question of the case: each scenario of cases/demo.py lists the
stressor types that go with it (types whose life domain matches the goals of the scenario).
Writes go through stressors.services; the few queryset updates below only move dates that
the services stamp as today or now into the past, and are marked as demo scaffolding.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cases.constants import HouseholdRole
from stability.demo import DECLINING, IMPROVING, SETBACK, Course

from .constants import StressorStatus
from .models import Stressor, StressorType
from .services import stressor_change_status, stressor_register, stressor_update

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case, Resident

PRIMARY = "primary"  # the resident the case is about
OTHER_ADULT = "other"  # the head of the household, or else the partner

SIGNALLED = StressorStatus.SIGNALLED
IN_PROGRESS = StressorStatus.IN_PROGRESS
REMOVED = StressorStatus.REMOVED
STABILISED = StressorStatus.STABILISED


@dataclass(frozen=True)
class StressorSpec:
    type_name: str  # a type of the catalogue (stressors/migrations/0002_initial_catalogue.py)
    severity: tuple[int, int]
    description: str
    tackled_by: str
    next_step: str
    who: str = PRIMARY
    removable: float = 0.8  # chance that it is removed rather than stabilised


S = StressorSpec

# Per scenario of cases/demo.py, its stressors; the first is the one the report names.
SCENARIO_STRESSORS: dict[str, tuple[StressorSpec, ...]] = {
    "huurachterstand": (
        S(
            "Dreigende huisuitzetting",
            (3, 3),
            "Drie maanden huurachterstand; de corporatie heeft een ontruimingsprocedure "
            "aangekondigd.",
            "Woonconsulent Woonstichting Demodam en casusregisseur",
            "Betalingsregeling voor de huur voorstellen aan de corporatie",
        ),
        S(
            "Schulden",
            (2, 3),
            "Achterstanden bij de zorgverzekeraar, de energieleverancier en een incassobureau.",
            "Schuldhulpverlening Demodam",
            "Alle schulden op een rij zetten met de vrijwilliger thuisadministratie",
        ),
        S(
            "Post en formulieren",
            (2, 2),
            "Maanden aan ongeopende post; durft de brieven niet open te maken.",
            "Vrijwilliger thuisadministratie",
            "Samen de post sorteren en een map aanleggen",
        ),
        S(
            "Boetes en incassokosten",
            (1, 2),
            "Incassokosten lopen op doordat aanmaningen niet zijn gelezen.",
            "Schuldhulpverlening Demodam",
            "Incassobureau vragen de kosten te bevriezen",
        ),
    ),
    "psychische_problemen": (
        S(
            "Psychische klachten",
            (3, 3),
            "Slaapt nauwelijks en voelt zich bekeken door de buren; geen behandelaar.",
            "Huisarts en POH-ggz",
            "Afspraak bij de huisarts voor een verwijzing naar de ggz",
            removable=0.3,
        ),
        S(
            "Wisseling of gat in zorg",
            (2, 3),
            "Wachtlijst van vier maanden bij de ggz; tot die tijd geen begeleiding.",
            "Casusregisseur",
            "Overbruggingszorg regelen bij GGZ Lindehof",
        ),
        S(
            "Eenzaamheid",
            (2, 2),
            "Heeft behalve een zus geen contacten meer.",
            "Welzijn Demodam",
            "Samen een keer naar het inloophuis",
        ),
        S(
            "Slechte huisvesting",
            (2, 2),
            "Gehorige flat; het geluid van de buren houdt de onrust in stand.",
            "Woonstichting Demodam",
            "Vragen naar een rustiger woning binnen het complex",
            removable=0.5,
        ),
    ),
    "eenzaamheid": (
        S(
            "Eenzaamheid",
            (2, 3),
            "Sinds het overlijden van de partner vrijwel geen contact meer met anderen.",
            "Welzijn Demodam (maatjesproject)",
            "Koppelen aan een maatje",
        ),
        S(
            "Verlies en rouw",
            (2, 3),
            "Rouwt om de partner, die vorig jaar is overleden.",
            "Huisarts en het eigen netwerk",
            "Rouwgroep in het ontmoetingscentrum voorstellen",
            removable=0.4,
        ),
        S(
            "Lichamelijke gezondheid",
            (1, 2),
            "Slecht ter been na een val; komt daardoor nauwelijks de deur uit.",
            "Huisarts en wijkverpleging",
            "Fysiotherapie en een rollator regelen",
            removable=0.2,
        ),
    ),
    "opvoedingsstress": (
        S(
            "Opvoedingsstress",
            (3, 3),
            "Dagelijks ruzie met de oudste; de ouder voelt zich machteloos en uitgeput.",
            "Jeugdhulp De Kompasroos",
            "Start van opvoedondersteuning thuis",
        ),
        S(
            "Psychische klachten",
            (2, 2),
            "Uitgeput, slaapt slecht en piekert veel.",
            "Huisarts",
            "Gesprek met de POH-ggz",
            removable=0.5,
        ),
        S(
            "Eenzaamheid",
            (1, 2),
            "Staat er alleen voor; weinig steun van familie of vrienden.",
            "Welzijn Demodam",
            "Oudergroep in de wijk voorstellen",
        ),
    ),
    "schoolverzuim": (
        S(
            "Psychische klachten",
            (2, 3),
            "Buikpijn en angst in de ochtend; gaat al weken niet naar school.",
            "Jeugdarts GGD en schoolmaatschappelijk werk",
            "Onderzoek door de jeugdarts",
            removable=0.5,
        ),
        S(
            "Opvoedingsstress",
            (2, 3),
            "De ouders krijgen hun kind niet naar school; thuis is er veel ruzie over.",
            "Jeugdhulp De Kompasroos",
            "Gezinsgesprek met school en jeugdhulp",
            who=OTHER_ADULT,
        ),
        S(
            "Wisseling of gat in zorg",
            (2, 2),
            "Wachtlijst bij de jeugd-ggz; tot die tijd alleen de huisarts.",
            "Casusregisseur",
            "Overbrugging regelen met de POH-jeugd",
        ),
    ),
    "alcohol": (
        S(
            "Verslaving",
            (3, 3),
            "Drinkt dagelijks, meer sinds het verlies van de baan.",
            "Verslavingszorg Demodam",
            "Intakegesprek bij de verslavingszorg",
            removable=0.3,
        ),
        S(
            "Werkloosheid",
            (2, 2),
            "Baan kwijtgeraakt na een reorganisatie; geen dagritme meer.",
            "Werk en Inkomen Demodam",
            "Kennismaken met de jobcoach",
        ),
        S(
            "Schulden",
            (2, 2),
            "Betalingsachterstanden sinds het inkomen is gedaald.",
            "Schuldhulpverlening Demodam",
            "Schulden op een rij zetten",
        ),
        S(
            "Eenzaamheid",
            (1, 2),
            "Vrienden van vroeger zijn uit beeld; alleen nog contact in de kroeg.",
            "Welzijn Demodam",
            "Vrijwilligerswerk bij de sportclub verkennen",
        ),
    ),
    "scheiding": (
        S(
            "Slechte huisvesting",
            (3, 3),
            "Met de kinderen in een veel te kleine woning; de kinderen slapen in de woonkamer.",
            "Woonstichting Demodam",
            "Urgentie aanvragen voor een grotere woning",
        ),
        S(
            "Onvoldoende inkomen",
            (2, 3),
            "De toeslagen kloppen niet meer sinds de scheiding; het inkomen dekt de vaste "
            "lasten niet.",
            "Casusregisseur",
            "Toeslagen opnieuw aanvragen op het nieuwe adres",
        ),
        S(
            "Opvoedingsstress",
            (2, 2),
            "Steeds conflict met de ex over de omgang; de kinderen zitten ertussen.",
            "Jeugdhulp De Kompasroos",
            "Ouderschapsplan laten bemiddelen",
        ),
        S(
            "Psychische klachten",
            (2, 2),
            "Slaapt slecht en piekert over geld en de kinderen.",
            "Huisarts",
            "Gesprek met de POH-ggz",
            removable=0.5,
        ),
    ),
    "laaggeletterdheid": (
        S(
            "Post en formulieren",
            (3, 3),
            "Brieven van Toeslagen over terugbetalen; begrijpt niet wat er gevraagd wordt.",
            "Vrijwilliger thuisadministratie",
            "Samen de brieven van Toeslagen doornemen",
        ),
        S(
            "Laaggeletterdheid",
            (2, 3),
            "Kan nauwelijks lezen en schrijven en schaamt zich om hulp te vragen.",
            "Taalhuis Bibliotheek Demodam",
            "Intake bij het Taalhuis",
            removable=0.3,
        ),
        S(
            "Schulden",
            (2, 2),
            "Terugvordering van toeslagen en een achterstand bij de zorgverzekeraar.",
            "Schuldhulpverlening Demodam",
            "Betalingsregeling met Toeslagen aanvragen",
        ),
        S(
            "Werkloosheid",
            (1, 2),
            "Geen werk; sollicitaties lopen vast op de taal.",
            "Werk en Inkomen Demodam",
            "Taal en werk combineren in een leerwerktraject",
        ),
    ),
    "na_detentie": (
        S(
            "Dakloosheid",
            (3, 3),
            "Komt vrij zonder woning; slaapt voorlopig bij een kennis op de bank.",
            "Casusregisseur en Woonstichting Demodam",
            "Aanmelden voor begeleid wonen",
        ),
        S(
            "Schulden",
            (3, 3),
            "Schulden opgelopen tijdens de detentie, onder meer bij de zorgverzekeraar en het "
            "CJIB.",
            "Schuldhulpverlening Demodam",
            "Schulden in kaart brengen",
        ),
        S(
            "Onvoldoende inkomen",
            (2, 3),
            "Nog geen uitkering en geen geldig identiteitsbewijs.",
            "Werk en Inkomen Demodam",
            "Identiteitsbewijs en uitkering aanvragen",
        ),
        S(
            "Contact met justitie",
            (2, 2),
            "Reclasseringstoezicht met een meldplicht.",
            "Reclassering",
            "Afspraken afstemmen met de reclasseringswerker",
            removable=0.6,
        ),
    ),
    "mantelzorg": (
        S(
            "Psychische klachten",
            (2, 3),
            "Overbelast door de zorg voor de moeder naast een baan van vier dagen.",
            "Mantelzorgconsulent Welzijn Demodam",
            "Respijtzorg regelen",
            removable=0.5,
        ),
        S(
            "Wisseling of gat in zorg",
            (2, 3),
            "Wachtlijst voor dagbesteding voor de moeder; de thuiszorg wisselt steeds van gezicht.",
            "Casusregisseur",
            "Vaste thuiszorgmedewerker vragen",
        ),
        S(
            "Eenzaamheid",
            (1, 2),
            "Geen tijd meer voor vrienden of een eigen hobby.",
            "Welzijn Demodam",
            "Lotgenotengroep voor mantelzorgers",
        ),
    ),
    "jongere_schulden": (
        S(
            "Schulden",
            (3, 3),
            "Schulden bij de zorgverzekeraar en een telefoonabonnement, nu bij een incassobureau.",
            "Schuldhulpverlening Demodam",
            "Aanmelden bij schuldhulp voor jongeren",
        ),
        S(
            "Boetes en incassokosten",
            (2, 3),
            "Incassokosten en boetes hebben de oorspronkelijke schuld verdubbeld.",
            "Schuldhulpverlening Demodam",
            "Incassobureau vragen de kosten te bevriezen",
        ),
        S(
            "Werkloosheid",
            (2, 2),
            "Mbo niet afgemaakt; geen werk.",
            "Werk en Inkomen Demodam (jongerenloket)",
            "Kennismaken met de jobcoach",
        ),
        S(
            "Onvoldoende inkomen",
            (2, 2),
            "Geen zorgtoeslag aangevraagd; leeft van losse klussen.",
            "Inwoner zelf, met het wijkteam",
            "Zorgtoeslag aanvragen",
        ),
    ),
    "vervuilde_woning": (
        S(
            "Slechte huisvesting",
            (3, 3),
            "De woning is ernstig vervuild; de corporatie spreekt van brandgevaar.",
            "Woonstichting Demodam en casusregisseur",
            "Samen een opruimplan maken",
        ),
        S(
            "Dreigende huisuitzetting",
            (2, 3),
            "Waarschuwing van de corporatie: zonder opruimen volgt een procedure.",
            "Woonconsulent Woonstichting Demodam",
            "Afspraken vastleggen met de woonconsulent",
        ),
        S(
            "Psychische klachten",
            (2, 2),
            "Kan geen spullen wegdoen; mogelijk een verzamelstoornis, geen behandeling.",
            "Huisarts",
            "Verwijzing naar de ggz bespreken",
            removable=0.3,
        ),
        S(
            "Eenzaamheid",
            (2, 2),
            "Laat niemand meer binnen; het contact met familie is verwaterd.",
            "Welzijn Demodam",
            "Contact met een zus herstellen",
        ),
    ),
    "nieuwkomers": (
        S(
            "Post en formulieren",
            (3, 3),
            "Veel brieven in het Nederlands; weet niet welke rekeningen betaald moeten worden.",
            "Vrijwilliger thuisadministratie",
            "Samen de post doornemen en een overzicht maken",
        ),
        S(
            "Laaggeletterdheid",
            (2, 2),
            "Leert Nederlands; officiële brieven lezen lukt nog niet.",
            "Taalhuis Bibliotheek Demodam",
            "Taalcursus bij het Taalhuis",
            removable=0.5,
        ),
        S(
            "Werkloosheid",
            (2, 2),
            "Wil graag werken; de diploma's uit het land van herkomst zijn niet erkend.",
            "Werk en Inkomen Demodam",
            "Diplomawaardering aanvragen",
        ),
        S(
            "Laaggeletterdheid",
            (2, 2),
            "Spreekt nog weinig Nederlands; komt daardoor weinig buiten de deur.",
            "Taalhuis Bibliotheek Demodam",
            "Taalcafé in de bibliotheek",
            who=OTHER_ADULT,
            removable=0.5,
        ),
    ),
    "chronisch_ziek": (
        S(
            "Lichamelijke gezondheid",
            (3, 3),
            "Longziekte; de trap lopen lukt bijna niet meer.",
            "Huisarts en longverpleegkundige",
            "Woningaanpassing of verhuizing aanvragen",
            removable=0.0,
        ),
        S(
            "Slechte huisvesting",
            (2, 3),
            "Woont drie hoog zonder lift en komt nauwelijks nog buiten.",
            "Woonstichting Demodam",
            "Urgentie aanvragen voor een benedenwoning",
        ),
        S(
            "Post en formulieren",
            (1, 2),
            "Aanvragen voor hulp lopen vast op ingewikkelde formulieren.",
            "Vrijwilliger thuisadministratie",
            "Samen de Wmo-aanvraag invullen",
        ),
    ),
    "burenruzie": (
        S(
            "Burenruzie",
            (3, 3),
            "Steeds ruzie met de buren over geluid; de politie is al gebeld.",
            "Buurtbemiddeling Welzijn Demodam",
            "Gesprek met buurtbemiddeling",
        ),
        S(
            "Dreigende huisuitzetting",
            (2, 2),
            "Waarschuwingsbrief van de corporatie vanwege overlast.",
            "Woonconsulent Woonstichting Demodam",
            "Gesprek met de woonconsulent over de klachten",
        ),
        S(
            "Psychische klachten",
            (2, 2),
            "Voelt zich niet meer veilig in huis en slaapt slecht.",
            "Huisarts",
            "Gesprek met de POH-ggz",
            removable=0.6,
        ),
    ),
    "vroegsignalering": (
        S(
            "Schulden",
            (1, 2),
            "Achterstand bij de energieleverancier en de zorgverzekering.",
            "Schuldhulpverlening Demodam",
            "Betalingsregelingen aanvragen",
        ),
        S(
            "Onvoldoende inkomen",
            (1, 2),
            "Het inkomen is net te laag voor de vaste lasten sinds de energieprijzen stegen.",
            "Inwoner zelf, met het wijkteam",
            "Nagaan of er recht is op toeslagen en energietoeslag",
        ),
        S(
            "Post en formulieren",
            (1, 1),
            "Aanmaningen blijven ongeopend liggen.",
            "Vrijwilliger thuisadministratie",
            "Samen een betaaloverzicht maken",
        ),
    ),
}

# When the scenario has no list: a stressor that arrives later in any case.
CARE_GAP = S(
    "Wisseling of gat in zorg",
    (2, 3),
    "De vaste begeleider is vertrokken; een opvolger is er pas over enkele weken.",
    "Casusregisseur",
    "Overbrugging regelen tot de nieuwe begeleider er is",
)
STABILISED_NEXT_STEP = "Vinger aan de pols: bespreken bij elk huisbezoek"

REPORT_SHARE = 0.4  # the report already names the main stressor
# Days from the last change until a tackled stressor ends, and the chance it does within a
# phase, per course.
ENDS_AFTER = {IMPROVING: (30, 120), SETBACK: (45, 150), DECLINING: (60, 200)}
ENDS_IN_PHASE = {IMPROVING: 0.75, SETBACK: 0.55, DECLINING: 0.3}
OVERDUE_SHARE = 0.25  # open cases where an active stressor is left untouched for weeks


def specs_for(scenario_key: str, life_domains: Iterable[str]) -> tuple[StressorSpec, ...]:
    """The stressors of a scenario; for one without a list, the catalogue's types in the
    life domains of its goals."""
    if scenario_key in SCENARIO_STRESSORS:
        return SCENARIO_STRESSORS[scenario_key]
    domains = set(life_domains)
    return tuple(
        S(kind.name, (2, 3), kind.description, "Casusregisseur", "Bespreken bij het huisbezoek")
        for kind in StressorType.objects.filter(life_domain__in=domains, is_active=True)
    )


def register_at_report(
    case: Case,
    worker: User,
    rng: random.Random,
    course: Course,
    *,
    specs: tuple[StressorSpec, ...],
    day: date,
) -> None:
    """Sometimes the report already names the main stressor (not in cases that close before
    anyone spoke to the resident)."""
    if not specs or (course.closes_on and not course.reaches_intake):
        return
    if rng.random() < REPORT_SHARE:
        _register(case, worker, rng, specs[0], case.primary_resident, day)


def register_at_intake(
    case: Case,
    worker: User,
    rng: random.Random,
    course: Course,
    *,
    specs: tuple[StressorSpec, ...],
    day: date,
) -> None:
    """The intake brings the case's stressors to light: the main one and a few more. When a
    setback is coming, one that fits the case is kept back for it."""
    if not specs:
        return
    known = set(Stressor.objects.filter(case=case).values_list("stressor_type__name", "resident"))
    others = list(specs[1:])
    if course.setback_on:
        later = [s for s in others if s.who == PRIMARY]
        if later:
            others.remove(rng.choice(later))
    chosen = [specs[0], *[s for s in others if rng.random() < 0.7]]
    for spec in chosen[:4]:
        resident = _resident_for(case, spec.who)
        if resident is not None and (spec.type_name, resident.pk) not in known:
            _register(case, worker, rng, spec, resident, day)


def progress(
    case: Case,
    worker: User,
    rng: random.Random,
    course: Course,
    *,
    specs: tuple[StressorSpec, ...],
    start: date,
    end: date,
) -> None:
    """What happens to the stressors from `start` up to and including `end`: signalled ones
    are tackled, tackled ones end (removed, or stabilised when they cannot be removed), a
    setback arrives on its planned date, and before a case closes most are settled."""
    if not course.reaches_intake:
        return
    if course.setback_on and not course.setback_registered and start <= course.setback_on <= end:
        _register_setback(case, worker, rng, course, specs)
    by_type = {spec.type_name: spec for spec in specs}
    closing = course.is_closing(end)
    for stressor in (
        Stressor.objects.filter(case=case, status__in=(SIGNALLED, IN_PROGRESS))
        .select_related("stressor_type")
        .order_by("pk")
    ):
        last = max(_last_change(stressor), start)
        if last > end:
            continue
        spec = by_type.get(stressor.stressor_type.name, CARE_GAP)
        if stressor.status == SIGNALLED and rng.random() < (
            0.9 if (stressor.severity or 1) >= 2 else 0.6
        ):
            on = last + timedelta(days=rng.randint(3, 21))
            if on <= end:
                stressor = change_stressor_status(worker, stressor, IN_PROGRESS, on)
                last = on
        on = last + timedelta(days=rng.randint(*ENDS_AFTER[course.kind]))
        settles = 0.5 if course.early_closure or course.kind == DECLINING else 0.9
        if closing and rng.random() < settles:
            # Settled in the last weeks, mostly before the closing talk.
            settled_from = max(last, end - timedelta(days=35))
            on = min(on, settled_from + timedelta(days=rng.randint(0, 28)), end)
        elif on > end or rng.random() >= ENDS_IN_PHASE[course.kind]:
            continue
        if stressor.status == SIGNALLED and not closing:
            continue
        if rng.random() < spec.removable:
            change_stressor_status(worker, stressor, REMOVED, on, next_step="")
        else:
            change_stressor_status(worker, stressor, STABILISED, on, next_step=STABILISED_NEXT_STEP)


def review_active(case: Case, worker: User, rng: random.Random) -> None:
    """In most open cases the coordinator has gone over the active stressors recently; in
    some, one is left untouched for weeks and shows as overdue."""
    active = list(
        Stressor.objects.filter(case=case, status__in=(SIGNALLED, IN_PROGRESS)).order_by("pk")
    )
    if not active:
        return
    untouched = rng.choice(active) if rng.random() < OVERDUE_SHARE else None
    for stressor in active:
        if stressor is not untouched:
            stressor_update(acting_user=worker, stressor=stressor, next_step=stressor.next_step)


# --- helpers --------------------------------------------------------------------------------


def _resident_for(case: Case, who: str) -> Resident | None:
    if who == PRIMARY:
        return case.primary_resident
    members = {
        m.role: m.resident
        for m in case.household.memberships.select_related("resident").order_by("-pk")
        if m.resident_id != case.primary_resident_id
    }
    return members.get(HouseholdRole.HEAD) or members.get(HouseholdRole.PARTNER)


def _register(
    case: Case,
    worker: User,
    rng: random.Random,
    spec: StressorSpec,
    resident: Resident,
    day: date,
    *,
    severity: int | None = None,
    description: str = "",
) -> Stressor | None:
    kind = StressorType.objects.filter(name=spec.type_name, is_active=True).first()
    if kind is None:  # the beheerder retired or renamed it
        return None
    stressor = stressor_register(
        acting_user=worker,
        case=case,
        resident=resident,
        stressor_type=kind,
        severity=severity or rng.randint(*spec.severity),
        since=day - timedelta(days=rng.randint(14, 400)) if rng.random() < 0.7 else None,
        description=description or spec.description,
        tackled_by=spec.tackled_by,
        next_step=spec.next_step,
        registered_on=day,
    )
    return stressor


def _register_setback(
    case: Case, worker: User, rng: random.Random, course: Course, specs: tuple[StressorSpec, ...]
) -> None:
    """A stressor comes back, or a new one arrives: for the resident the case is about."""
    course.setback_registered = True
    resident = case.primary_resident
    active = set(
        Stressor.objects.filter(
            case=case, resident=resident, status__in=(SIGNALLED, IN_PROGRESS, STABILISED)
        ).values_list("stressor_type__name", flat=True)
    )
    ended = set(
        Stressor.objects.filter(case=case, resident=resident, status=REMOVED).values_list(
            "stressor_type__name", flat=True
        )
    )
    candidates = [s for s in specs if s.who == PRIMARY and s.type_name not in active]
    returning = [s for s in candidates if s.type_name in ended]
    if returning:
        spec = rng.choice(returning)
        description = f"Opnieuw: {spec.description[0].lower()}{spec.description[1:]}"
    elif candidates:
        spec, description = rng.choice(candidates), ""
    elif CARE_GAP.type_name not in active:
        spec, description = CARE_GAP, ""
    else:
        return
    severity = 3 if course.kind == DECLINING else rng.randint(2, 3)
    _register(
        case,
        worker,
        rng,
        spec,
        resident,
        course.setback_on,
        severity=severity,
        description=description,
    )


def change_stressor_status(
    worker: User, stressor: Stressor, to_status: str, on: date, *, next_step: str | None = None
) -> Stressor:
    return stressor_change_status(
        acting_user=worker,
        stressor=stressor,
        to_status=to_status,
        changed_on=on,
        next_step=next_step,
    )


def _last_change(stressor: Stressor) -> date:
    return (
        stressor.status_changes.order_by("-changed_on", "-pk")
        .values_list("changed_on", flat=True)
        .first()
    ) or stressor.registered_on
