"""Demo casework for the fictitious municipality Demodam (`manage.py load_demo_data`).

Two neighbourhood teams with their residents, households and cases, spread over the last
eighteen months and over every status of the workflow. Each case is walked through the
workflow with the services, as a professional would: opened, assigned, intake with the
organisations involved, a support plan with goals over the life domains, interventions from
the tariff catalogue, contacts in the journal (some private work notes), stressors and
stability assessments (stressors/demo.py, stability/demo.py), scaling up and down,
evaluation and closing.

The data is deterministic (fixed seeds for Faker and random) relative to the day it is
loaded, and entirely made up. BSNs are generated in the 9999xxxxx range of the test persons
of the BRP and pass the 11-proef; postcodes and phone numbers are merely well-formed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from faker import Faker

from accounts.demo import MUNICIPALITY, NOORD, ZUIDOOST, DemoAccounts
from stability import demo as stability_demo
from stressors import demo as stressors_demo

from .constants import (
    CaseOutcome,
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
from .models import Case, Goal, Resident, Tariff
from .services import (
    case_assign_coordinator,
    case_change_scaling,
    case_change_status,
    case_open,
    goal_add,
    goal_update,
    household_register,
    intervention_add,
    involvement_add,
    journal_entry_add,
    resident_register,
    support_plan_update,
)
from .validators import bsn_is_valid

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Household

SEED = 2026
CITY = "Demodam"
MAX_AGE_DAYS = 540  # about eighteen months

# --- Tariff catalogue -----------------------------------------------------------------------


@dataclass(frozen=True)
class TariffSpec:
    name: str
    help_kind: str
    unit: str
    price: Decimal
    providers: tuple[str, ...]
    per_week: Decimal | None = None  # usual number of units a week; None: one per trajectory


TARIFFS: tuple[TariffSpec, ...] = (
    TariffSpec(
        "Schuldhulpverlening traject",
        HelpKind.GENERAL_PROVISION,
        TariffUnit.TRAJECTORY,
        Decimal("2450.00"),
        ("Schuldhulpverlening Demodam",),
    ),
    TariffSpec(
        "Budgetbeheer",
        HelpKind.GENERAL_PROVISION,
        TariffUnit.MONTH,
        Decimal("62.50"),
        ("Schuldhulpverlening Demodam",),
        per_week=Decimal("0.23"),
    ),
    TariffSpec(
        "Ambulante begeleiding",
        HelpKind.CUSTOM_PROVISION,
        TariffUnit.HOUR,
        Decimal("68.40"),
        ("GGZ Lindehof", "Zorgcoöperatie De Brug", "Begeleiding Thuis Demodam"),
        per_week=Decimal("3"),
    ),
    TariffSpec(
        "Dagbesteding",
        HelpKind.CUSTOM_PROVISION,
        TariffUnit.DAY_PART,
        Decimal("42.75"),
        ("Dagbesteding De Werkplaats", "Ontmoetingscentrum De Linde"),
        per_week=Decimal("2"),
    ),
    TariffSpec(
        "Huishoudelijke hulp",
        HelpKind.CUSTOM_PROVISION,
        TariffUnit.HOUR,
        Decimal("34.10"),
        ("Thuishulp Demodam", "Wijkverpleging Demodam"),
        per_week=Decimal("2.5"),
    ),
    TariffSpec(
        "Maatjesproject (vrijwilliger)",
        HelpKind.VOLUNTEER,
        TariffUnit.TRAJECTORY,
        Decimal("0.00"),
        ("Welzijn Demodam",),
    ),
    TariffSpec(
        "Thuisadministratie (vrijwilliger)",
        HelpKind.VOLUNTEER,
        TariffUnit.TRAJECTORY,
        Decimal("0.00"),
        ("Welzijn Demodam",),
    ),
    TariffSpec(
        "Opvoedondersteuning (jeugdhulp)",
        HelpKind.CUSTOM_PROVISION,
        TariffUnit.HOUR,
        Decimal("86.20"),
        ("Jeugdhulp De Kompasroos",),
        per_week=Decimal("1.5"),
    ),
    TariffSpec(
        "Taalcursus Taalhuis",
        HelpKind.GENERAL_PROVISION,
        TariffUnit.TRAJECTORY,
        Decimal("350.00"),
        ("Taalhuis Bibliotheek Demodam",),
    ),
    TariffSpec(
        "Buurtbemiddeling",
        HelpKind.GENERAL_PROVISION,
        TariffUnit.TRAJECTORY,
        Decimal("275.00"),
        ("Welzijn Demodam",),
    ),
    TariffSpec(
        "Jobcoaching",
        HelpKind.CUSTOM_PROVISION,
        TariffUnit.HOUR,
        Decimal("74.00"),
        ("Werk en Inkomen Demodam",),
        per_week=Decimal("2"),
    ),
    TariffSpec(
        "Logeeropvang weekend (respijtzorg)",
        HelpKind.CUSTOM_PROVISION,
        TariffUnit.ITEM,
        Decimal("385.00"),
        ("Zorgcentrum De Akkers",),
        per_week=Decimal("0.25"),
    ),
    TariffSpec(
        "Opruim- en schoonmaakactie",
        HelpKind.CUSTOM_PROVISION,
        TariffUnit.ITEM,
        Decimal("1250.00"),
        ("Schoonmaakbedrijf Frisse Start",),
    ),
    TariffSpec(
        "Bijdrage sport en cultuur jeugd",
        HelpKind.GENERAL_PROVISION,
        TariffUnit.ITEM,
        Decimal("225.00"),
        ("Jeugdfonds Demodam",),
    ),
)

# --- Scenarios: the kinds of questions a neighbourhood team gets ----------------------------

# Household shapes; each scenario lists the ones it fits.
SINGLE_ADULT = "single_adult"
SINGLE_YOUNG = "single_young"
SINGLE_ELDERLY = "single_elderly"
COUPLE = "couple"
ELDERLY_COUPLE = "elderly_couple"
FAMILY = "family"
SINGLE_PARENT = "single_parent"
TEEN_FAMILY = "teen_family"
CARER = "carer"
ALL_SHAPES = (
    SINGLE_ADULT,
    SINGLE_YOUNG,
    SINGLE_ELDERLY,
    COUPLE,
    ELDERLY_COUPLE,
    FAMILY,
    SINGLE_PARENT,
    TEEN_FAMILY,
    CARER,
)


@dataclass(frozen=True)
class GoalSpec:
    life_domain: str
    description: str
    help_kind: str
    who: str


@dataclass(frozen=True)
class Contact:
    kind: str
    summary: str
    text: str  # may use {voornaam}, the first name of the resident the case is about


@dataclass(frozen=True)
class InvolvementSpec:
    organisation: str  # key of accounts.demo.ORGANISATIONS; "" with `other`
    role: str
    other: str = ""


@dataclass(frozen=True)
class Scenario:
    key: str
    question: str
    shapes: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # (CaseSource, who reported, precisely)
    plan_summary: str
    goals: tuple[GoalSpec, ...]
    tariffs: tuple[str, ...]
    involvements: tuple[InvolvementSpec, ...]
    contacts: tuple[Contact, ...]
    outcomes: tuple[str, ...]
    primary: str = "head"  # "teen": the case is about the teenager of the household
    start_level: int = ScalingLevel.WIJKTEAM
    scale_up_reason: str = ""  # when given, some of these cases scale up to specialist care


# Short aliases keep the scenario tables below readable.
G = GoalSpec
C = Contact
I = InvolvementSpec  # noqa: E741
D = LifeDomain
H = HelpKind
K = JournalKind
S = CaseSource
O = CaseOutcome  # noqa: E741

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="huurachterstand",
        question=(
            "Ik heb een huurachterstand van drie maanden en nu dreigt de woningcorporatie met "
            "een ontruimingsprocedure. Ik durf de post niet meer open te maken. Ik wil mijn huis "
            "niet kwijt."
        ),
        shapes=ALL_SHAPES,
        sources=(
            (S.HOUSING, "Woonconsulent Woonstichting Demodam"),
            (S.DEBT_SIGNAL, "Vroegsignalering: huurachterstand gemeld door de verhuurder"),
        ),
        plan_summary=(
            "Rust in de financiën en in het huis kunnen blijven wonen. {voornaam}: 'Ik wil weer "
            "durven opendoen als er wordt aangebeld.'"
        ),
        goals=(
            G(
                D.FINANCES,
                "Alle schulden en vaste lasten staan op een rij",
                H.VOLUNTEER,
                "Vrijwilliger thuisadministratie",
            ),
            G(
                D.FINANCES,
                "Aangemeld bij schuldhulpverlening met een stabiele betalingsregeling",
                H.GENERAL_PROVISION,
                "Schuldhulpverlening Demodam",
            ),
            G(
                D.HOUSING,
                "De ontruiming is van tafel door een betalingsregeling voor de huur",
                H.OWN_STRENGTH,
                "Inwoner zelf, met steun van het wijkteam",
            ),
            G(
                D.INSTRUMENTAL_ADL,
                "De post wordt elke week samen geopend en afgehandeld",
                H.NETWORK,
                "Zus van de inwoner",
            ),
        ),
        tariffs=(
            "Schuldhulpverlening traject",
            "Thuisadministratie (vrijwilliger)",
            "Budgetbeheer",
        ),
        involvements=(
            I("wonen", "woonconsulent"),
            I("schuldhulp", "schuldhulpverlener"),
            I("bewind", "bewindvoerder"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Post samen geopend",
                "Samen met {voornaam} een stapel ongeopende post doorgenomen. Aanmaningen van de "
                "zorgverzekeraar, de energieleverancier en twee deurwaarders. Overzicht gemaakt "
                "en kopieën meegenomen voor de aanmelding bij schuldhulpverlening.",
            ),
            C(
                K.MEETING,
                "Overleg met woonconsulent over de huurachterstand",
                "De woonstichting schort de ontruimingsprocedure op zolang de lopende huur wordt "
                "betaald en de aanmelding bij schuldhulpverlening loopt. Afspraak: de huur gaat "
                "per automatische incasso, op de dag na de uitbetaling van de uitkering.",
            ),
            C(
                K.PHONE,
                "Intake schuldhulpverlening gepland",
                "Intake bij Schuldhulpverlening Demodam staat gepland. {voornaam} neemt de "
                "uitkeringsspecificaties en het overzicht van de schuldeisers mee.",
            ),
        ),
        outcomes=(O.GENERAL_PROVISION, O.INFORMAL),
    ),
    Scenario(
        key="psychische_problemen",
        question=(
            "Ik wil gewoon rust in mijn hoofd. De buren praten over mij en ik slaap bijna niet. "
            "De politie kwam al een paar keer aan de deur, maar ik heb niets verkeerd gedaan."
        ),
        shapes=(SINGLE_ADULT,),
        sources=(
            (S.POLICE, "Wijkagent, na herhaalde meldingen van verward gedrag"),
            (S.GP, "Praktijkondersteuner GGZ van de huisarts"),
        ),
        plan_summary=(
            "Rust in het hoofd en in huis. {voornaam} wil weer kunnen slapen en 'gewoon met de "
            "buren kunnen groeten'."
        ),
        goals=(
            G(
                D.MENTAL_HEALTH,
                "Behandeling bij de ggz is gestart en afspraken worden nagekomen",
                H.CUSTOM_PROVISION,
                "GGZ Lindehof (FACT-team)",
            ),
            G(
                D.HOUSING,
                "Geen nieuwe overlastmeldingen bij de woonstichting",
                H.OWN_STRENGTH,
                "Inwoner zelf",
            ),
            G(
                D.SOCIAL_NETWORK,
                "Elke week contact met een vast persoon uit de familie",
                H.NETWORK,
                "Broer van de inwoner",
            ),
            G(
                D.TIME_USE,
                "Twee dagdelen per week een zinvolle dagbesteding",
                H.CUSTOM_PROVISION,
                "Dagbesteding De Werkplaats",
            ),
        ),
        tariffs=("Ambulante begeleiding", "Dagbesteding"),
        involvements=(
            I("ggz", "sociaal psychiatrisch verpleegkundige (FACT-team)"),
            I("politie", "wijkagent"),
            I("huisarts", "praktijkondersteuner GGZ"),
            I("wonen", "woonconsulent"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Huisbezoek samen met de wijkagent",
                "{voornaam} liet ons na enig aandringen binnen. Wantrouwig over de buren, slaapt "
                "slecht en eet onregelmatig. Geen acuut gevaar. Afgesproken dat ik volgende week "
                "terugkom, dan zonder politie.",
            ),
            C(
                K.MEETING,
                "Afstemming met huisarts en ggz",
                "De huisarts deelt de zorgen. Met toestemming van {voornaam} aangemeld bij het "
                "FACT-team; zij plannen een eerste gesprek bij {voornaam} thuis.",
            ),
            C(
                K.CONVERSATION,
                "Gesprek over dagbesteding",
                "{voornaam} wil 'iets met de handen doen'. Samen gekeken bij de houtwerkplaats van "
                "de dagbesteding. Proefdag afgesproken.",
            ),
        ),
        outcomes=(O.SECOND_LINE, O.FIRST_LINE),
        scale_up_reason="Opschalen: psychotische klachten, het FACT-team neemt de behandeling over",
    ),
    Scenario(
        key="eenzaamheid",
        question=(
            "Sinds mijn partner is overleden zie ik bijna niemand meer. De dagen zijn lang. Ik "
            "zou wel ergens koffie willen drinken met mensen, maar ik weet niet waar ik moet "
            "beginnen."
        ),
        shapes=(SINGLE_ELDERLY,),
        sources=(
            (S.GP, "Huisarts: valt vaker en is somber"),
            (S.OTHER, "Buurvrouw maakte zich zorgen"),
            (S.SELF, "Belde zelf na een folder in het buurthuis"),
        ),
        plan_summary=(
            "Weer mensen om zich heen. {voornaam}: 'Ik wil een reden hebben om 's ochtends mijn "
            "jas aan te trekken.'"
        ),
        goals=(
            G(
                D.SOCIAL_NETWORK,
                "Elke week bezoek van een maatje",
                H.VOLUNTEER,
                "Maatjesproject Welzijn Demodam",
            ),
            G(
                D.TIME_USE,
                "Twee keer per week naar de koffieochtend in het buurthuis",
                H.GENERAL_PROVISION,
                "Buurthuis De Ontmoeting",
            ),
            G(
                D.BASIC_ADL,
                "Hulp bij het schoonhouden van de woning",
                H.CUSTOM_PROVISION,
                "Huishoudelijke hulp via de Wmo",
            ),
            G(
                D.PHYSICAL_HEALTH,
                "Meedoen aan de valpreventietraining in de wijk",
                H.GENERAL_PROVISION,
                "Fysiotherapie in de wijk",
            ),
            G(
                D.SOCIAL_NETWORK,
                "De kinderen komen om beurten op zondag langs",
                H.NETWORK,
                "Kinderen van de inwoner",
            ),
        ),
        tariffs=("Maatjesproject (vrijwilliger)", "Huishoudelijke hulp", "Dagbesteding"),
        involvements=(
            I("welzijn", "coördinator maatjesproject"),
            I("huisarts", "huisarts"),
            I("wijkverpleging", "wijkverpleegkundige"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Kennismaking bij de inwoner thuis",
                "{voornaam} vertelt veel over vroeger en over de overleden partner. Het huis is "
                "netjes, maar de koelkast is bijna leeg. Eet vaak alleen een boterham.",
            ),
            C(
                K.PHONE,
                "Maatje gekoppeld",
                "Welzijn Demodam heeft een maatje gevonden: een gepensioneerde buurtbewoner met "
                "dezelfde hobby's. De eerste kennismaking is volgende week dinsdag.",
            ),
            C(
                K.CONVERSATION,
                "Samen naar de koffieochtend",
                "Met {voornaam} naar de koffieochtend in het buurthuis geweest. Eerst afwachtend, "
                "later in gesprek met twee oud-buren. Wil volgende week zelf gaan.",
            ),
        ),
        outcomes=(O.INFORMAL, O.GENERAL_PROVISION),
        start_level=ScalingLevel.GENERAL,
    ),
    Scenario(
        key="opvoedingsstress",
        question=(
            "Mijn oudste luistert niet meer en komt 's avonds laat thuis. Thuis is er alleen "
            "nog ruzie. Ik weet niet meer hoe ik met mijn kind moet praten en ik ben doodmoe."
        ),
        shapes=(SINGLE_PARENT, FAMILY, TEEN_FAMILY),
        sources=(
            (S.SELF, "Kwam zelf naar het inloopspreekuur"),
            (S.SCHOOL, "Mentor van het oudste kind"),
        ),
        plan_summary=(
            "Weer rust in huis en samen kunnen praten. {voornaam}: 'Ik wil weer een ouder zijn, "
            "geen politieagent.'"
        ),
        goals=(
            G(
                D.DOMESTIC_RELATIONS,
                "Vaste afspraken over thuiskomen en schermtijd, minder ruzie",
                H.CUSTOM_PROVISION,
                "Jeugdhulp De Kompasroos",
            ),
            G(
                D.MENTAL_HEALTH,
                "De ouder slaapt beter en heeft weer energie",
                H.OWN_STRENGTH,
                "Ouder zelf",
            ),
            G(
                D.TIME_USE,
                "Het oudste kind sport twee keer per week bij een club",
                H.GENERAL_PROVISION,
                "Jeugdfonds Demodam",
            ),
            G(
                D.SOCIAL_NETWORK,
                "Oma vangt de jongere kinderen één middag per week op",
                H.NETWORK,
                "Grootmoeder",
            ),
        ),
        tariffs=("Opvoedondersteuning (jeugdhulp)", "Bijdrage sport en cultuur jeugd"),
        involvements=(
            I("school", "mentor"),
            I("jeugd", "jeugd- en gezinswerker"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Gezinsgesprek thuis",
                "Gesprek met {voornaam} en het oudste kind samen. Allebei voelen ze zich niet "
                "gehoord. Afgesproken dat ieder één ding opschrijft dat anders moet.",
            ),
            C(
                K.PHONE,
                "Contact met de mentor",
                "De mentor ziet dat het kind op school beter meedoet sinds er thuis afspraken "
                "zijn. Wel nog vaak te laat in het eerste uur.",
            ),
        ),
        outcomes=(O.FIRST_LINE, O.INFORMAL, O.GENERAL_PROVISION),
    ),
    Scenario(
        key="schoolverzuim",
        question=(
            "Ik wil wel naar school, maar als ik 's ochtends wakker word krijg ik buikpijn en "
            "dan lukt het niet. Thuis wordt iedereen dan boos en dan ga ik helemaal niet meer."
        ),
        shapes=(TEEN_FAMILY,),
        sources=(
            (S.SCHOOL, "Zorgcoördinator, na langdurig verzuim"),
            (S.GP, "Huisarts, na herhaald consult voor buikpijn"),
        ),
        plan_summary=(
            "{voornaam} gaat weer naar school en voelt zich minder angstig. Ouder en school "
            "trekken samen op."
        ),
        goals=(
            G(
                D.WORK_EDUCATION,
                "Weer volledig naar school volgens een opbouwschema",
                H.GENERAL_PROVISION,
                "Zorgteam Demodam College",
            ),
            G(
                D.MENTAL_HEALTH,
                "Gesprekken over angst en somberheid bij de jeugd-ggz",
                H.CUSTOM_PROVISION,
                "GGZ Lindehof (jeugd)",
            ),
            G(
                D.DOMESTIC_RELATIONS,
                "Een ochtendritueel zonder ruzie",
                H.OWN_STRENGTH,
                "Ouder en jongere samen",
            ),
            G(D.TIME_USE, "Eén vaste hobby buiten de deur", H.NETWORK, "Oom (voetbaltrainer)"),
        ),
        tariffs=("Opvoedondersteuning (jeugdhulp)", "Bijdrage sport en cultuur jeugd"),
        involvements=(
            I("school", "zorgcoördinator"),
            I("jeugd", "jeugdhulpverlener"),
            I("huisarts", "huisarts"),
        ),
        contacts=(
            C(
                K.MEETING,
                "Overleg met school en leerplicht",
                "Met zorgcoördinator en leerplichtambtenaar een opbouwschema afgesproken: eerst "
                "twee uur per dag, elke twee weken meer. Geen proces-verbaal zolang het schema "
                "wordt gevolgd.",
            ),
            C(
                K.CONVERSATION,
                "Gesprek met de jongere alleen",
                "{voornaam} vertelt over gepest worden in de klas vorig jaar. Wil dat niet thuis "
                "bespreken. Afgesproken dat ik het met toestemming bij de mentor aankaart.",
            ),
        ),
        outcomes=(O.FIRST_LINE, O.SECOND_LINE),
        primary="teen",
    ),
    Scenario(
        key="alcohol",
        question=(
            "Ik drink te veel sinds ik mijn baan kwijt ben. Mijn partner zegt dat hij of zij "
            "weggaat als ik niet stop. Ik wil het zelf ook, maar alleen lukt het me niet."
        ),
        shapes=(SINGLE_ADULT, COUPLE),
        sources=((S.SELF, "Belde zelf het wijkteam"), (S.GP, "Huisarts, na leverwaarden")),
        plan_summary=(
            "Minder drinken en weer grip op de dag. {voornaam}: 'Ik wil weer iemand zijn op wie "
            "je kunt rekenen.'"
        ),
        goals=(
            G(
                D.SUBSTANCE_USE,
                "Minder alcohol, met behandeling bij de verslavingszorg",
                H.CUSTOM_PROVISION,
                "Verslavingszorg Demodam",
            ),
            G(
                D.WORK_EDUCATION,
                "Vrijwilligerswerk als opstap naar betaald werk",
                H.GENERAL_PROVISION,
                "Vrijwilligerscentrale Demodam",
            ),
            G(
                D.DOMESTIC_RELATIONS,
                "De partners praten weer met elkaar",
                H.GENERAL_PROVISION,
                "Maatschappelijk werk",
            ),
            G(
                D.FINANCES,
                "De uitkering is aangevraagd en de vaste lasten zijn betaald",
                H.OWN_STRENGTH,
                "Inwoner zelf",
            ),
            G(
                D.SOCIAL_NETWORK,
                "Steun van een ervaringsdeskundige",
                H.VOLUNTEER,
                "Ervaringsdeskundige (vrijwilliger)",
            ),
        ),
        tariffs=("Ambulante begeleiding", "Jobcoaching"),
        involvements=(
            I("verslavingszorg", "casemanager verslavingszorg"),
            I("huisarts", "huisarts"),
            I("inkomen", "klantmanager"),
        ),
        contacts=(
            C(
                K.CONVERSATION,
                "Eerlijk gesprek over het drinken",
                "{voornaam} houdt sinds een week een drinkdagboek bij. Drinkt vooral 's middags "
                "uit verveling. Wil aangemeld worden bij de verslavingszorg.",
            ),
            C(
                K.PHONE,
                "Terugval",
                "{voornaam} belde zelf: het weekend ging mis. Geen schuld maar afspraak verzet "
                "naar morgen; casemanager verslavingszorg op de hoogte gebracht.",
            ),
        ),
        outcomes=(O.SECOND_LINE, O.FIRST_LINE, O.NO_COOPERATION),
        scale_up_reason="Opschalen: ernstige terugval, klinische detox via de verslavingszorg",
    ),
    Scenario(
        key="scheiding",
        question=(
            "Na de scheiding woon ik met de kinderen in een veel te kleine woning. Er is steeds "
            "ruzie met mijn ex over de omgang en het geld. Ik slaap slecht en mijn toeslagen "
            "kloppen niet meer."
        ),
        shapes=(SINGLE_PARENT,),
        sources=(
            (S.SELF, "Kwam zelf naar het inloopspreekuur"),
            (S.SCHOOL, "Intern begeleider van de basisschool"),
        ),
        plan_summary=(
            "Een rustig thuis voor de kinderen en duidelijke afspraken met de ex-partner."
        ),
        goals=(
            G(
                D.DOMESTIC_RELATIONS,
                "Een ouderschapsplan met duidelijke omgangsafspraken",
                H.GENERAL_PROVISION,
                "Mediator (gefinancierde rechtsbijstand)",
            ),
            G(
                D.HOUSING,
                "De aanvraag voor een grotere woning is ingediend",
                H.OWN_STRENGTH,
                "Inwoner, met hulp van het wijkteam",
            ),
            G(
                D.FINANCES,
                "De toeslagen zijn aangepast aan de nieuwe situatie",
                H.VOLUNTEER,
                "Vrijwilliger thuisadministratie",
            ),
            G(
                D.MENTAL_HEALTH,
                "De ouder kan voor de opvang van de kinderen terugvallen op een vriendin",
                H.NETWORK,
                "Vriendin van de inwoner",
            ),
        ),
        tariffs=("Thuisadministratie (vrijwilliger)", "Opvoedondersteuning (jeugdhulp)"),
        involvements=(
            I("basisschool", "intern begeleider"),
            I("wonen", "woonconsulent"),
        ),
        contacts=(
            C(
                K.CONVERSATION,
                "Gesprek over de omgangsregeling",
                "{voornaam} is bang dat de kinderen klem komen te zitten. Uitleg gegeven over "
                "mediation en het ouderschapsplan; folder meegegeven.",
            ),
            C(
                K.PHONE,
                "Toeslagen doorgegeven",
                "Samen met de vrijwilliger de wijzigingen bij Toeslagen doorgegeven. Bevestiging "
                "afwachten.",
            ),
        ),
        outcomes=(O.INFORMAL, O.GENERAL_PROVISION),
    ),
    Scenario(
        key="laaggeletterdheid",
        question=(
            "Ik kan niet goed lezen en schrijven. Ik krijg brieven dat ik toeslag moet "
            "terugbetalen, maar ik snap niet wat ze willen. Ik schaam me om het te vragen."
        ),
        shapes=(SINGLE_ADULT, COUPLE, FAMILY),
        sources=(
            (S.SELF, "Via het Taalhuis in de bibliotheek"),
            (S.DEBT_SIGNAL, "Vroegsignalering: achterstand zorgverzekering"),
        ),
        plan_summary=(
            "Zelf weer grip op de post. {voornaam}: 'Ik wil mijn eigen brieven kunnen lezen.'"
        ),
        goals=(
            G(
                D.INSTRUMENTAL_ADL,
                "Brieven van instanties worden samen met een vrijwilliger afgehandeld",
                H.VOLUNTEER,
                "Vrijwilliger thuisadministratie",
            ),
            G(
                D.WORK_EDUCATION,
                "Meedoen aan een taalcursus bij het Taalhuis",
                H.GENERAL_PROVISION,
                "Taalhuis Bibliotheek Demodam",
            ),
            G(
                D.FINANCES,
                "De terugvordering van toeslagen is uitgezocht en er is een betalingsregeling",
                H.OWN_STRENGTH,
                "Inwoner, met hulp van het wijkteam",
            ),
            G(
                D.COMMUNITY_PARTICIPATION,
                "Zelf kunnen inloggen met DigiD",
                H.NETWORK,
                "Dochter van de inwoner",
            ),
        ),
        tariffs=("Taalcursus Taalhuis", "Thuisadministratie (vrijwilliger)"),
        involvements=(
            I("welzijn", "taalcoach"),
            I("inkomen", "klantmanager"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Brieven doorgenomen",
                "Samen de brieven van Toeslagen gelezen. Het gaat om een terugvordering "
                "huurtoeslag over vorig jaar. Bezwaartermijn loopt nog; bezwaar samen opgesteld.",
            ),
            C(
                K.CONVERSATION,
                "Aanmelding Taalhuis",
                "{voornaam} is aangemeld bij het Taalhuis. Eerste les op dinsdagochtend; het "
                "maatje van de taalcoach gaat de eerste keer mee.",
            ),
        ),
        outcomes=(O.GENERAL_PROVISION, O.INFORMAL),
    ),
    Scenario(
        key="na_detentie",
        question=(
            "Ik kom over twee weken vrij en heb geen woning, geen geldig ID-bewijs en geen "
            "uitkering. Ik wil niet terug in het oude circuit, maar ik weet niet waar ik moet "
            "slapen."
        ),
        shapes=(SINGLE_ADULT, SINGLE_YOUNG),
        sources=((S.OTHER, "Reclassering, casemanager nazorg ex-gedetineerden"),),
        plan_summary=(
            "Een dak boven het hoofd, inkomen en een dag met structuur, zodat {voornaam} niet "
            "terugvalt."
        ),
        goals=(
            G(
                D.HOUSING,
                "Een vaste slaapplek en daarna een eigen woning",
                H.CUSTOM_PROVISION,
                "Begeleid wonen via de Wmo",
            ),
            G(
                D.JUSTICE,
                "Houdt zich aan de bijzondere voorwaarden van de reclassering",
                H.OWN_STRENGTH,
                "Inwoner zelf",
            ),
            G(
                D.FINANCES,
                "ID-bewijs, bankrekening en uitkering zijn geregeld",
                H.GENERAL_PROVISION,
                "Werk en Inkomen Demodam",
            ),
            G(
                D.TIME_USE,
                "Dagbesteding met werkritme",
                H.CUSTOM_PROVISION,
                "Dagbesteding De Werkplaats",
            ),
        ),
        tariffs=("Ambulante begeleiding", "Dagbesteding"),
        involvements=(
            I("", "reclasseringswerker", other="Reclassering, regio Demodam"),
            I("inkomen", "klantmanager"),
            I("wonen", "woonconsulent"),
        ),
        contacts=(
            C(
                K.MEETING,
                "Overleg nazorg ex-gedetineerden",
                "Met reclassering en Werk en Inkomen afgesproken wie wat regelt voor de dag van "
                "vrijlating: ID-aanvraag, uitkering en een bed in de tijdelijke opvang.",
            ),
            C(
                K.CONVERSATION,
                "Eerste week na vrijlating",
                "{voornaam} heeft de eerste week goed doorstaan. ID-bewijs aangevraagd, "
                "uitkeringsaanvraag ingediend. Wil graag snel aan het werk.",
            ),
        ),
        outcomes=(O.SECOND_LINE, O.NO_COOPERATION, O.GENERAL_PROVISION),
        scale_up_reason="Opschalen: begeleid wonen nodig, regie gedeeld met de reclassering",
    ),
    Scenario(
        key="mantelzorg",
        question=(
            "Ik zorg voor mijn moeder met dementie, die bij ons inwoont. Ik werk daarnaast nog "
            "vier dagen. Ik trek het niet meer, maar ik wil haar ook niet naar een verpleeghuis "
            "laten gaan."
        ),
        shapes=(CARER,),
        sources=(
            (S.GP, "Casemanager dementie van de huisarts"),
            (S.SELF, "Belde zelf na een avond bij het mantelzorgcafé"),
        ),
        plan_summary=("Moeder kan thuis blijven wonen zonder dat {voornaam} eraan onderdoor gaat."),
        goals=(
            G(
                D.MENTAL_HEALTH,
                "De mantelzorger is minder overbelast en heeft vrije tijd",
                H.GENERAL_PROVISION,
                "Mantelzorgsteunpunt Welzijn Demodam",
            ),
            G(
                D.TIME_USE,
                "Moeder gaat drie dagdelen per week naar de dagbesteding",
                H.CUSTOM_PROVISION,
                "Dagbesteding via de Wmo",
            ),
            G(
                D.BASIC_ADL,
                "Hulp bij wassen en aankleden in de ochtend",
                H.GENERAL_PROVISION,
                "Wijkverpleging Demodam",
            ),
            G(D.SOCIAL_NETWORK, "Broers en zussen nemen elk een vaste dag", H.NETWORK, "Familie"),
            G(
                D.TIME_USE,
                "Eén weekend per maand logeeropvang voor moeder",
                H.CUSTOM_PROVISION,
                "Zorgcentrum De Akkers",
            ),
        ),
        tariffs=("Dagbesteding", "Logeeropvang weekend (respijtzorg)", "Huishoudelijke hulp"),
        involvements=(
            I("wijkverpleging", "wijkverpleegkundige"),
            I("huisarts", "casemanager dementie"),
            I("welzijn", "mantelzorgconsulent"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Keukentafelgesprek",
                "Gesprek met {voornaam} en de partner. Moeder zat erbij en was helder over één "
                "ding: ze wil niet weg. {voornaam} huilde; had al weken niet geslapen.",
            ),
            C(
                K.MEETING,
                "Familieberaad",
                "Met {voornaam} en drie broers en zussen een rooster gemaakt. Iedereen neemt een "
                "vaste dag; de zus uit het buitenland betaalt mee aan de logeeropvang.",
            ),
        ),
        outcomes=(O.FIRST_LINE, O.SECOND_LINE),
    ),
    Scenario(
        key="jongere_schulden",
        question=(
            "Ik ben twintig en heb mijn mbo niet afgemaakt. Ik heb schulden bij mijn "
            "zorgverzekering en een telefoonabonnement. Ik wil werken, maar ik weet niet waar "
            "ik moet beginnen."
        ),
        shapes=(SINGLE_YOUNG,),
        sources=(
            (S.SELF, "Meldde zich via de jongerenwerker"),
            (S.DEBT_SIGNAL, "Vroegsignalering: achterstand zorgverzekering"),
        ),
        plan_summary=(
            "Schuldenvrij op weg naar werk of een opleiding. {voornaam}: 'Ik wil gewoon een "
            "normaal leven, met een baan.'"
        ),
        goals=(
            G(
                D.WORK_EDUCATION,
                "Terug naar een mbo-opleiding of een leerwerkplek",
                H.CUSTOM_PROVISION,
                "Jobcoach Werk en Inkomen",
            ),
            G(
                D.FINANCES,
                "Schulden in beeld en een afbetalingsplan",
                H.GENERAL_PROVISION,
                "Schuldhulpverlening Demodam (jongerenaanpak)",
            ),
            G(D.FINANCES, "Zorgtoeslag is aangevraagd", H.OWN_STRENGTH, "Inwoner zelf"),
            G(
                D.SOCIAL_NETWORK,
                "Een mentor uit de buurt als steun",
                H.VOLUNTEER,
                "Maatjesproject Welzijn Demodam",
            ),
        ),
        tariffs=("Jobcoaching", "Schuldhulpverlening traject", "Maatjesproject (vrijwilliger)"),
        involvements=(
            I("inkomen", "jongerenconsulent"),
            I("schuldhulp", "schuldhulpverlener"),
        ),
        contacts=(
            C(
                K.CONVERSATION,
                "Gesprek over werk",
                "{voornaam} wil het liefst in de logistiek werken. Samen een cv gemaakt en "
                "aangemeld bij de jobcoach voor een leerwerkplek.",
            ),
            C(
                K.PHONE,
                "Zorgtoeslag aangevraagd",
                "{voornaam} heeft zelf de zorgtoeslag aangevraagd met DigiD. Trots.",
            ),
        ),
        outcomes=(O.GENERAL_PROVISION, O.INFORMAL),
    ),
    Scenario(
        key="vervuilde_woning",
        question=(
            "Ik heb alles nog nodig, ik kom er alleen niet aan toe om op te ruimen. De "
            "woningcorporatie zegt dat het gevaarlijk is, maar het is wel mijn huis."
        ),
        shapes=(SINGLE_ADULT, SINGLE_ELDERLY),
        sources=(
            (S.HOUSING, "Woonconsulent, na klachten over stankoverlast"),
            (S.OTHER, "Brandweer, na een controle op brandveiligheid"),
        ),
        plan_summary=(
            "Een veilige woning waar {voornaam} kan blijven wonen, op een manier die bij "
            "{voornaam} past."
        ),
        goals=(
            G(
                D.HOUSING,
                "De woning is veilig: vluchtwegen vrij en geen ongedierte",
                H.CUSTOM_PROVISION,
                "Opruim- en schoonmaakactie via de Wmo",
            ),
            G(
                D.MENTAL_HEALTH,
                "Onderzoek naar de achtergrond van het verzamelen",
                H.CUSTOM_PROVISION,
                "GGZ Lindehof",
            ),
            G(
                D.BASIC_ADL,
                "Elke week hulp om de woning op orde te houden",
                H.CUSTOM_PROVISION,
                "Huishoudelijke hulp",
            ),
            G(
                D.SOCIAL_NETWORK,
                "Een buurman helpt mee bij het wegbrengen van spullen",
                H.NETWORK,
                "Buurman",
            ),
        ),
        tariffs=("Opruim- en schoonmaakactie", "Huishoudelijke hulp", "Ambulante begeleiding"),
        involvements=(
            I("wonen", "woonconsulent"),
            I("ggz", "psycholoog"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Eerste huisbezoek",
                "Gangen vol dozen en kranten; de achterdeur kan niet open. {voornaam} schaamt "
                "zich en wil niet dat de buren iets zien. Afgesproken om kamer voor kamer te "
                "werken, beginnend bij de keuken.",
            ),
            C(
                K.MEETING,
                "Afstemming met de woonstichting",
                "De woonstichting geeft zes weken de tijd zolang er zichtbaar vooruitgang is. De "
                "opruimactie is gepland; {voornaam} beslist wat weg mag.",
            ),
        ),
        outcomes=(O.SECOND_LINE, O.FIRST_LINE),
        scale_up_reason="Opschalen: dreigende ontruiming, ggz-diagnostiek nodig",
    ),
    Scenario(
        key="nieuwkomers",
        question=(
            "Wij zijn vorig jaar in Nederland gekomen. Er komen veel brieven en we weten niet "
            "welke rekeningen we moeten betalen. Ik wil graag werken en beter Nederlands leren."
        ),
        shapes=(FAMILY, COUPLE),
        sources=(
            (S.SELF, "Kwam met een buurman naar het spreekuur"),
            (S.SCHOOL, "Intern begeleider van de basisschool"),
        ),
        plan_summary=(
            "Het gezin vindt zelf de weg in Demodam. {voornaam}: 'Ik wil niet steeds om hulp "
            "hoeven vragen.'"
        ),
        goals=(
            G(
                D.COMMUNITY_PARTICIPATION,
                "Het gezin kent de weg naar school, huisarts en buurthuis",
                H.VOLUNTEER,
                "Maatje via Welzijn Demodam",
            ),
            G(
                D.INSTRUMENTAL_ADL,
                "Overzicht van de vaste lasten en automatische betalingen",
                H.VOLUNTEER,
                "Vrijwilliger thuisadministratie",
            ),
            G(
                D.WORK_EDUCATION,
                "Taalles en een werkervaringsplaats",
                H.GENERAL_PROVISION,
                "Taalhuis Bibliotheek Demodam",
            ),
            G(
                D.COMMUNITY_PARTICIPATION,
                "Lid van de ouderraad of een vereniging in de wijk",
                H.OWN_STRENGTH,
                "Inwoner zelf",
            ),
        ),
        tariffs=(
            "Taalcursus Taalhuis",
            "Maatjesproject (vrijwilliger)",
            "Thuisadministratie (vrijwilliger)",
        ),
        involvements=(
            I("welzijn", "begeleider statushouders"),
            I("inkomen", "klantmanager inburgering"),
            I("basisschool", "intern begeleider"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Kennismaking met het gezin",
                "Met een tolk via de telefoon gesproken. Het gezin is hartelijk en gemotiveerd. "
                "Een map gemaakt met vakjes voor belangrijke en minder belangrijke post.",
            ),
            C(
                K.CONVERSATION,
                "Uitleg over toeslagen en vaste lasten",
                "Met {voornaam} de vaste lasten op een rij gezet. Zorgtoeslag en kinderopvang"
                "toeslag samen aangevraagd.",
            ),
        ),
        outcomes=(O.GENERAL_PROVISION, O.INFORMAL),
    ),
    Scenario(
        key="chronisch_ziek",
        question=(
            "Door mijn longziekte kom ik de trap bijna niet meer op. Ik woon drie hoog zonder "
            "lift en kan mijn huis niet meer schoonhouden. Boodschappen doen lukt ook niet meer."
        ),
        shapes=(SINGLE_ELDERLY, ELDERLY_COUPLE, SINGLE_ADULT),
        sources=(
            (S.GP, "Huisarts, na een longaanval"),
            (S.SELF, "Belde zelf het wijkteam"),
        ),
        plan_summary=(
            "Zo lang mogelijk zelfstandig wonen, in een huis dat past bij wat het lichaam nog kan."
        ),
        goals=(
            G(
                D.PHYSICAL_HEALTH,
                "Medicatie en zuurstof zijn goed geregeld",
                H.GENERAL_PROVISION,
                "Wijkverpleging Demodam",
            ),
            G(
                D.HOUSING,
                "Verhuizen naar een gelijkvloerse woning met voorrang",
                H.GENERAL_PROVISION,
                "Woonstichting Demodam",
            ),
            G(
                D.BASIC_ADL,
                "Twee uur huishoudelijke hulp per week",
                H.CUSTOM_PROVISION,
                "Huishoudelijke hulp via de Wmo",
            ),
            G(
                D.INSTRUMENTAL_ADL,
                "De boodschappen worden gedaan door de buurvrouw",
                H.NETWORK,
                "Buurvrouw",
            ),
        ),
        tariffs=("Huishoudelijke hulp",),
        involvements=(
            I("huisarts", "huisarts"),
            I("wijkverpleging", "wijkverpleegkundige"),
            I("wonen", "woonconsulent"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Huisbezoek",
                "{voornaam} moest na de trap eerst vijf minuten bijkomen voor we konden praten. "
                "Het huis is stoffig; de was ligt al een week. Medische verklaring opgevraagd "
                "voor de voorrangsaanvraag.",
            ),
            C(
                K.PHONE,
                "Voorrang voor een gelijkvloerse woning",
                "De woonstichting heeft de medische voorrang toegekend. {voornaam} mag reageren "
                "op gelijkvloerse woningen in de wijk.",
            ),
        ),
        outcomes=(O.SECOND_LINE, O.FIRST_LINE),
    ),
    Scenario(
        key="burenruzie",
        question=(
            "Er is steeds ruzie met de buren over geluid. Ze hebben de politie gebeld en nu heb "
            "ik een waarschuwingsbrief van de woningcorporatie. Ik voel me niet meer thuis in "
            "mijn eigen huis."
        ),
        shapes=(SINGLE_ADULT, COUPLE, FAMILY),
        sources=(
            (S.HOUSING, "Woonconsulent, na een overlastmelding"),
            (S.POLICE, "Wijkagent, na een melding van burengerucht"),
        ),
        plan_summary="Weer prettig wonen, met afspraken met de buren waar iedereen mee kan leven.",
        goals=(
            G(
                D.HOUSING,
                "Geen nieuwe overlastmeldingen; de waarschuwing vervalt",
                H.OWN_STRENGTH,
                "Inwoner zelf",
            ),
            G(
                D.SOCIAL_NETWORK,
                "Afspraken met de buren via buurtbemiddeling",
                H.VOLUNTEER,
                "Buurtbemiddeling Demodam",
            ),
            G(
                D.MENTAL_HEALTH,
                "De inwoner voelt zich weer veilig in huis",
                H.GENERAL_PROVISION,
                "Praktijkondersteuner GGZ",
            ),
        ),
        tariffs=("Buurtbemiddeling",),
        involvements=(
            I("politie", "wijkagent"),
            I("wonen", "woonconsulent"),
        ),
        contacts=(
            C(
                K.CONVERSATION,
                "Gesprek over de overlast",
                "{voornaam} hoort de buren 's nachts en bonkt dan op de muur. Bereid om met de "
                "buren in gesprek te gaan, als er iemand bij is.",
            ),
            C(
                K.PHONE,
                "Buurtbemiddeling",
                "De buurtbemiddelaars hebben met beide partijen gesproken. Het gezamenlijke "
                "gesprek is over twee weken.",
            ),
        ),
        outcomes=(O.INFORMAL, O.GENERAL_PROVISION),
        start_level=ScalingLevel.GENERAL,
    ),
    Scenario(
        key="vroegsignalering",
        question=(
            "Er kwam iemand van het wijkteam aan de deur omdat ik achterloop met de "
            "energierekening en de zorgverzekering. Ik dacht dat ik het zelf wel kon oplossen, "
            "maar het wordt steeds meer."
        ),
        shapes=ALL_SHAPES,
        sources=(
            (S.DEBT_SIGNAL, "Vroegsignalering: achterstand energieleverancier en zorgverzekeraar"),
        ),
        plan_summary=(
            "De achterstanden zijn weg en blijven weg. {voornaam}: 'Ik wil aan het eind van de "
            "maand nog boodschappen kunnen doen.'"
        ),
        goals=(
            G(
                D.FINANCES,
                "De achterstanden zijn ingelopen met betalingsregelingen",
                H.OWN_STRENGTH,
                "Inwoner zelf",
            ),
            G(
                D.FINANCES,
                "Budgetbeheer voor de vaste lasten",
                H.GENERAL_PROVISION,
                "Schuldhulpverlening Demodam",
            ),
            G(
                D.WORK_EDUCATION,
                "Meer uren werken of een baan die beter betaalt",
                H.CUSTOM_PROVISION,
                "Jobcoach Werk en Inkomen",
            ),
            G(
                D.INSTRUMENTAL_ADL,
                "De inwoner houdt zelf een kasboek bij",
                H.VOLUNTEER,
                "Vrijwilliger thuisadministratie",
            ),
        ),
        tariffs=("Budgetbeheer", "Thuisadministratie (vrijwilliger)", "Jobcoaching"),
        involvements=(
            I("schuldhulp", "schuldhulpverlener"),
            I("inkomen", "klantmanager"),
        ),
        contacts=(
            C(
                K.HOME_VISIT,
                "Huisbezoek vroegsignalering",
                "Onaangekondigd langsgegaan na het signaal. {voornaam} was verrast maar liet ons "
                "binnen. Achterstanden samen gebeld; beide schuldeisers willen een regeling.",
            ),
            C(
                K.PHONE,
                "Betalingsregelingen rond",
                "Beide betalingsregelingen zijn schriftelijk bevestigd. {voornaam} betaalt de "
                "eerste termijnen zelf.",
            ),
        ),
        outcomes=(O.INFORMAL, O.GENERAL_PROVISION),
    ),
)

# --- Journal texts that fit any case --------------------------------------------------------

REPORT_CONTACT = C(
    K.PHONE,
    "Melding ontvangen",
    "Melding ontvangen ({bron}). Contact gelegd met {voornaam} om een eerste afspraak te maken.",
)
ASSIGN_CONTACT = C(
    K.MEETING,
    "Casus verdeeld in het teamoverleg",
    "De melding is besproken in het teamoverleg. {regisseur} wordt casusregisseur.",
)
INTAKE_CONTACT = C(
    K.HOME_VISIT,
    "Intakegesprek",
    "Kennismaking bij {voornaam} thuis. De hulpvraag en de situatie op alle leefdomeinen "
    "besproken. Toestemming gevraagd om contact op te nemen met de betrokken organisaties.",
)
PLAN_CONTACT = C(
    K.CONVERSATION,
    "Ondersteuningsplan opgesteld",
    "Samen met {voornaam} de doelen opgeschreven, in de eigen woorden van {voornaam}. Per doel "
    "afgesproken wie wat doet: eerst wat {voornaam} en het netwerk zelf kunnen.",
)
BACK_TO_INTAKE_CONTACT = C(
    K.NOTE,
    "Terug naar intake",
    "Bij het bespreken van het plan bleek er meer te spelen dan bij de intake naar voren kwam. "
    "Eerst opnieuw de situatie in kaart brengen voordat het plan wordt vastgesteld.",
)
EVALUATION_CONTACT = C(
    K.CONVERSATION,
    "Evaluatiegesprek",
    "Het plan geëvalueerd met {voornaam}. Doelen één voor één doorgelopen: wat is bereikt, wat "
    "niet, en waarom. {voornaam} is tevreden over de samenwerking.",
)
ANOTHER_ROUND_CONTACT = C(
    K.NOTE,
    "Nieuwe periode van uitvoering",
    "Na de evaluatie afgesproken nog een periode door te gaan met de doelen die nog niet zijn "
    "gehaald. Nieuwe evaluatiedatum gepland.",
)
GENERIC_CONTACTS: tuple[Contact, ...] = (
    C(
        K.CONVERSATION,
        "Voortgangsgesprek",
        "De doelen uit het plan doorgelopen met {voornaam}. Het gaat met kleine stappen vooruit; "
        "afgesproken wat er voor het volgende gesprek gebeurt.",
    ),
    C(
        K.PHONE,
        "Telefonisch contact",
        "{voornaam} belde dat de afspraak van donderdag niet door kan gaan. Nieuwe afspraak "
        "gemaakt voor volgende week.",
    ),
    C(
        K.HOME_VISIT,
        "Huisbezoek",
        "Het huis ziet er rustiger uit dan de vorige keer. {voornaam} vertelt dat het beter "
        "slaapt en weer zin heeft om dingen op te pakken.",
    ),
    C(
        K.MEETING,
        "Afstemming met de betrokken organisaties",
        "Korte afstemming met de betrokkenen: iedereen weet wie wat doet. Volgende afstemming "
        "over zes weken.",
    ),
    C(
        K.PHONE,
        "Niet bereikbaar",
        "Twee keer gebeld, geen gehoor. Een kaartje in de bus gedaan met het verzoek om terug "
        "te bellen.",
    ),
    C(
        K.CONVERSATION,
        "Samen naar een afspraak",
        "Met {voornaam} meegegaan naar een afspraak bij een instantie. {voornaam} voerde zelf "
        "het woord; ik vulde alleen aan.",
    ),
    C(
        K.NOTE,
        "Brief ontvangen",
        "Kopie van een brief ontvangen die {voornaam} niet begreep. Uitgelegd wat er staat en "
        "wat er moet gebeuren; {voornaam} regelt het zelf.",
    ),
    C(
        K.HOME_VISIT,
        "Tegenslag",
        "{voornaam} zat er vandaag doorheen na een vervelende week. Vooral geluisterd. Het plan "
        "blijft staan; we doen het rustiger aan.",
    ),
)
LEADER_CONTACT = C(
    K.MEETING,
    "Casus besproken in het teamoverleg",
    "De casus ingebracht in het teamoverleg. Tips van collega's: netwerk van {voornaam} "
    "verder in kaart brengen en de huisarts vaker betrekken.",
)
COLLEAGUE_CONTACT = C(
    K.CONVERSATION,
    "Gesprek als betrokken collega",
    "Op verzoek van de casusregisseur een gesprek gevoerd met {voornaam} vanuit mijn "
    "specialisme. Advies teruggekoppeld aan de regisseur.",
)
PRIVATE_NOTES: tuple[str, ...] = (
    "Voor mezelf: bij het volgende bezoek voorzichtig vragen naar de relatie met de ex. Niet "
    "in het dossier zolang {voornaam} er zelf niet over begint.",
    "Navragen bij de teamleider of deze casus naar de doorbraaktafel kan: de regels rond de "
    "terugvordering houden de oplossing tegen.",
    "Ik merk dat ik geïrriteerd raak door de gemiste afspraken. Deze casus inbrengen bij de "
    "intervisie.",
    "Voor mezelf: {voornaam} leek tijdens het gesprek onder invloed. Volgende keer letten op "
    "signalen voordat ik iets opschrijf.",
    "Onderbuikgevoel: er speelt thuis meer dan {voornaam} vertelt. Volgende keer een gesprek "
    "zonder de partner erbij proberen.",
)
CLOSING_CONTACTS: dict[str, Contact] = {
    O.INFORMAL: C(
        K.CONVERSATION,
        "Afsluitend gesprek",
        "Afsluitend gesprek met {voornaam}. De doelen zijn grotendeels gehaald; het netwerk pakt "
        "het verder op. {voornaam} weet dat het wijkteam bereikbaar blijft.",
    ),
    O.GENERAL_PROVISION: C(
        K.CONVERSATION,
        "Afsluitend gesprek",
        "Afsluitend gesprek met {voornaam}. De ondersteuning loopt verder via een algemene "
        "voorziening; het wijkteam sluit de casus af.",
    ),
    O.FIRST_LINE: C(
        K.CONVERSATION,
        "Afsluitend gesprek",
        "Afsluitend gesprek met {voornaam}. De huisarts en de praktijkondersteuner houden de "
        "vinger aan de pols; bij terugval meldt de huisarts opnieuw aan.",
    ),
    O.SECOND_LINE: C(
        K.MEETING,
        "Warme overdracht",
        "Warme overdracht aan de specialistische zorg, samen met {voornaam}. De regie ligt nu "
        "daar; het wijkteam sluit de casus af.",
    ),
    O.MOVED: C(
        K.NOTE,
        "Inwoner verhuisd",
        "{voornaam} is verhuisd naar een andere gemeente. Met toestemming een warme overdracht "
        "gedaan aan het wijkteam daar.",
    ),
    O.NO_COOPERATION: C(
        K.NOTE,
        "Geen contact meer",
        "Na herhaalde pogingen geen contact meer. Brief gestuurd dat de casus wordt afgesloten "
        "en dat {voornaam} zich altijd opnieuw kan melden.",
    ),
}
EARLY_OUTCOMES = (O.MOVED, O.NO_COOPERATION, O.INFORMAL)
SCALE_DOWN_REASONS: dict[int, str] = {
    ScalingLevel.OWN_STRENGTH: "Afschalen: de inwoner en het netwerk kunnen het weer zelf",
    ScalingLevel.GENERAL: "Afschalen: een algemene voorziening neemt de ondersteuning over",
    ScalingLevel.WIJKTEAM: "Afschalen: de situatie is stabiel, het wijkteam houdt de regie",
}
SCALE_TO_WIJKTEAM_REASON = "Opschalen naar het wijkteam: er speelt meer dan één enkele vraag"
SCALE_TO_SPECIALIST_REASON = "Opschalen: overdracht aan specialistische zorg"

# --- The districts --------------------------------------------------------------------------

# (street, the four digits of its postcode, its postcode letters)
STREETS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    NOORD: (
        ("Merelstraat", "1621", ("AB", "AC")),
        ("Lijsterlaan", "1621", ("BG", "BH")),
        ("Zwaluwstraat", "1622", ("CK", "CL")),
        ("Spreeuwenhof", "1622", ("DA",)),
        ("Kievitstraat", "1623", ("EN", "EP")),
        ("Reigerweg", "1623", ("GR", "GT")),
        ("Havikplein", "1624", ("HV",)),
        ("Meeuwenlaan", "1624", ("JB", "JC")),
        ("Vinkenstraat", "1625", ("KL",)),
        ("Koolmeesstraat", "1625", ("LM", "LN")),
        ("Roerdompflat", "1626", ("MZ",)),
    ),
    ZUIDOOST: (
        ("Rembrandtlaan", "1641", ("AX", "AZ")),
        ("Vermeerstraat", "1641", ("BE",)),
        ("Frans Halsstraat", "1642", ("CG", "CH")),
        ("Jan Steenhof", "1642", ("DT",)),
        ("Mondriaanflat", "1643", ("EW",)),
        ("Karel Appelstraat", "1643", ("GK", "GL")),
        ("Escherpad", "1644", ("HR",)),
        ("Leysterstraat", "1644", ("JP", "JR")),
    ),
}

# Which demo user coordinates how many cases in which status, per team. `None`: not yet
# assigned (only the teamleider sees those).
P1 = "demo-professional"
P2 = "demo-professional2"
Z1 = "demo-zuidoost-1"
Z2 = "demo-zuidoost-2"
TEAM_LEADERS = {NOORD: "demo-teamleider", ZUIDOOST: "demo-zuidoost-teamleider"}
REGISTERED = CaseStatus.REGISTERED
INTAKE = CaseStatus.INTAKE
PLAN = CaseStatus.PLAN
EXECUTION = CaseStatus.EXECUTION
EVALUATION = CaseStatus.EVALUATION
CLOSED = CaseStatus.CLOSED

CASE_MIX: dict[str, tuple[tuple[str, str | None, int], ...]] = {
    NOORD: (
        (REGISTERED, None, 2),
        (REGISTERED, P1, 2),
        (REGISTERED, P2, 3),
        (INTAKE, P1, 2),
        (INTAKE, P2, 5),
        (PLAN, P1, 2),
        (PLAN, P2, 4),
        (EXECUTION, P1, 4),
        (EXECUTION, P2, 7),
        (EVALUATION, P1, 2),
        (EVALUATION, P2, 4),
        (CLOSED, P1, 3),
        (CLOSED, P2, 8),
    ),
    ZUIDOOST: (
        (REGISTERED, None, 1),
        (REGISTERED, Z1, 1),
        (REGISTERED, Z2, 1),
        (INTAKE, Z1, 2),
        (INTAKE, Z2, 1),
        (PLAN, Z1, 1),
        (PLAN, Z2, 2),
        (EXECUTION, Z1, 3),
        (EXECUTION, Z2, 3),
        (EVALUATION, Z1, 1),
        (EVALUATION, Z2, 2),
        (CLOSED, Z1, 3),
        (CLOSED, Z2, 3),
    ),
}
# Households that come back: a later case after an earlier one was closed.
RETURNING_HOUSEHOLDS = {NOORD: 7, ZUIDOOST: 3}

# Colleagues of the same team involved in a case (with their account, so they see it):
# (coordinator, colleague, status of the case, role). In a closed case the involvement
# ended when the case closed, and with it the colleague's access.
COLLEAGUE_INVOLVEMENTS: tuple[tuple[str, str, str, str], ...] = (
    (P2, P1, EXECUTION, "collega wijkteam, maatschappelijk werk"),
    (P2, P1, EVALUATION, "collega wijkteam, maatschappelijk werk"),
    (P2, P1, CLOSED, "collega wijkteam, maatschappelijk werk"),
    (P1, P2, EXECUTION, "collega wijkteam, schulden en inkomen"),
    (P1, P2, PLAN, "collega wijkteam, schulden en inkomen"),
    (Z2, Z1, EXECUTION, "collega wijkteam, jeugd en gezin"),
    (Z1, Z2, EVALUATION, "collega wijkteam, ggz"),
)

# Days between two statuses, and days a case has been in its current status.
STEP_DAYS: dict[tuple[str, str], tuple[int, int]] = {
    (REGISTERED, INTAKE): (3, 21),
    (INTAKE, PLAN): (10, 35),
    (PLAN, EXECUTION): (7, 28),
    (EXECUTION, EVALUATION): (70, 150),
    (EVALUATION, EXECUTION): (3, 14),
    (PLAN, INTAKE): (5, 15),
    (EVALUATION, CLOSED): (7, 35),
    (REGISTERED, CLOSED): (5, 30),
    (INTAKE, CLOSED): (10, 40),
    (PLAN, CLOSED): (10, 40),
}
DWELL_DAYS: dict[str, tuple[int, int]] = {
    REGISTERED: (0, 20),
    INTAKE: (0, 25),
    PLAN: (0, 25),
    EXECUTION: (10, 160),
    EVALUATION: (0, 30),
    CLOSED: (10, 380),
}
MAIN_PATH = (REGISTERED, INTAKE, PLAN, EXECUTION, EVALUATION)

NAME_PREFIXES = sorted(
    (
        "van der",
        "van den",
        "van de",
        "van 't",
        "in 't",
        "op de",
        "van",
        "de",
        "den",
        "der",
        "ter",
        "ten",
        "te",
        "'t",
    ),
    key=len,
    reverse=True,
)


# --- Planning -------------------------------------------------------------------------------


@dataclass
class _Person:
    first_name: str
    name_prefix: str
    last_name: str
    date_of_birth: date
    role: str
    bsn: str = ""
    phone: str = ""
    email: str = ""
    resident: Resident | None = None


@dataclass
class _HouseholdPlan:
    team_key: str
    shape: str
    members: list[_Person] = field(default_factory=list)
    household: Household | None = None


@dataclass
class _CasePlan:
    team_key: str
    status: str
    coordinator: str | None
    events: list[tuple[str, date]]
    early_closure: bool
    previous: _CasePlan | None = None
    has_successor: bool = False
    scenario: Scenario | None = None
    household: _HouseholdPlan | None = None
    colleague: str | None = None
    colleague_role: str = ""

    @property
    def reported_on(self) -> date:
        return self.events[0][1]

    @property
    def closed_on(self) -> date | None:
        return self.events[-1][1] if self.status == CLOSED else None


def demo_bsn(rng: random.Random, used: set[str]) -> str:
    """A unique BSN in the range of the BRP test persons that passes the 11-proef."""
    while True:
        digits = f"9999{rng.randint(0, 9999):04d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        bsn = f"{digits}{check}"
        if check < 10 and bsn_is_valid(bsn) and bsn not in used:
            used.add(bsn)
            return bsn


def demo_address(
    rng: random.Random, streets, used: set[tuple[str, int, str]], *, highest: int
) -> tuple[str, int, str, str]:
    """An address not used before on one of `streets` ((street, postcode digits, letters)):
    street, house number, suffix and postcode."""
    while True:
        street, digits, letters = rng.choice(streets)
        number = rng.randint(1, highest)
        suffix = rng.choice(("", "", "", "", "A", "B", "-1", "-2", "hs"))
        if (street, number, suffix) not in used:
            used.add((street, number, suffix))
            return street, number, suffix, f"{digits} {rng.choice(letters)}"


def load(*, log: Callable[[str], None], accounts: DemoAccounts, **earlier: object) -> None:
    """Create the tariff catalogue and, unless demo cases exist already, the residents,
    households and cases of both demo teams. `accounts` is what accounts.demo.load made."""
    tariffs = _load_tariffs()
    if Case.objects.filter(created_by__is_demo=True).exists():
        log(_("Demo-casussen bestonden al; er is niets toegevoegd."))
        return
    builder = _Builder(accounts=accounts, tariffs=tariffs)
    builder.build()
    log(
        _(
            "Demo-casuswerk aangemaakt: %(households)d huishoudens, %(residents)d inwoners en "
            "%(cases)d casussen."
        )
        % {
            "households": builder.household_count,
            "residents": builder.resident_count,
            "cases": builder.case_count,
        }
    )


def _load_tariffs() -> dict[str, Tariff]:
    tariffs = {}
    for spec in TARIFFS:
        tariffs[spec.name], _created = Tariff.objects.get_or_create(
            name=spec.name,
            defaults={"help_kind": spec.help_kind, "unit": spec.unit, "price": spec.price},
        )
    return tariffs


class _Builder:
    def __init__(self, *, accounts: DemoAccounts, tariffs: dict[str, Tariff]) -> None:
        # Not for security: a fixed seed makes every demo installation the same.
        self.rng = random.Random(SEED)  # noqa: S311
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(SEED)
        self.accounts = accounts
        self.tariffs = tariffs
        self.today = timezone.localdate()
        # Nothing happens today, so no moment of the demo lies in the future.
        self.last_day = self.today - timedelta(days=1)
        self.tz = timezone.get_current_timezone()
        self.used_bsns = set(Resident.objects.exclude(bsn="").values_list("bsn", flat=True))
        self.used_addresses: set[tuple[str, int, str]] = set()
        self.household_count = 0
        self.resident_count = 0
        self.case_count = 0

    # -- the plan ----------------------------------------------------------------------------

    def build(self) -> None:
        plans: list[_CasePlan] = []
        for team_key, mix in CASE_MIX.items():
            team_plans = [
                self._case_plan(team_key, status, coordinator)
                for status, coordinator, count in mix
                for _i in range(count)
            ]
            self._pair_returning_households(team_plans, RETURNING_HOUSEHOLDS[team_key])
            self._assign_scenarios(team_plans)
            plans += team_plans
        self._assign_colleagues(plans)

        for plan in plans:
            if plan.previous is None:
                self._register_household(plan)
        # In the order they were reported, so case numbers rise with the date.
        for plan in sorted(plans, key=lambda p: p.reported_on):
            self._walk_case(plan)

    def _case_plan(self, team_key: str, status: str, coordinator: str | None) -> _CasePlan:
        rng = self.rng
        early = status == CLOSED and rng.random() < 0.3
        if status == CLOSED:
            path = [*(MAIN_PATH[: rng.randint(1, 3)] if early else MAIN_PATH), CLOSED]
        else:
            path = list(MAIN_PATH[: MAIN_PATH.index(status) + 1])
        if status in (EXECUTION, EVALUATION) and rng.random() < 0.35:
            path += [EVALUATION, EXECUTION] if status == EXECUTION else [EXECUTION, EVALUATION]
        if PLAN in path and not early and rng.random() < 0.12:
            at = path.index(PLAN) + 1
            path[at:at] = [INTAKE, PLAN]

        offsets = [0]
        for before, after in pairwise(path):
            offsets.append(offsets[-1] + rng.randint(*STEP_DAYS[(before, after)]))
        dwell = rng.randint(*DWELL_DAYS[status])
        dwell = max(0, min(dwell, MAX_AGE_DAYS - offsets[-1]))
        reported_on = self.last_day - timedelta(days=offsets[-1] + dwell)
        events = [(s, reported_on + timedelta(days=o)) for s, o in zip(path, offsets, strict=True)]
        return _CasePlan(
            team_key=team_key,
            status=status,
            coordinator=coordinator,
            events=events,
            early_closure=early,
        )

    def _pair_returning_households(self, plans: list[_CasePlan], wanted: int) -> None:
        """Some households come back: a new case, reported a while after the earlier one was
        closed (a closed case is final; a new report opens a new case)."""
        closed = sorted((p for p in plans if p.status == CLOSED), key=lambda p: p.closed_on)
        for earlier in closed:
            if wanted == 0:
                break
            if earlier.previous is not None:
                continue
            candidates = [
                p
                for p in plans
                if p.previous is None
                and not p.has_successor
                and p is not earlier
                and p.reported_on >= earlier.closed_on + timedelta(days=30)
            ]
            if candidates:
                later = self.rng.choice(candidates)
                later.previous = earlier
                earlier.has_successor = True
                wanted -= 1

    def _assign_scenarios(self, plans: list[_CasePlan]) -> None:
        """Every scenario comes by in both teams; a returning household gets a question that
        fits its composition."""
        deck: list[Scenario] = []
        for plan in sorted(plans, key=lambda p: p.reported_on):
            if plan.previous is not None:
                continue
            if not deck:
                deck = list(SCENARIOS)
                self.rng.shuffle(deck)
            plan.scenario = deck.pop()
            plan.household = _HouseholdPlan(
                team_key=plan.team_key, shape=self.rng.choice(plan.scenario.shapes)
            )
        for plan in sorted(plans, key=lambda p: p.reported_on):
            if plan.previous is None:
                continue
            household = plan.previous.household
            fitting = [s for s in SCENARIOS if household.shape in s.shapes]
            plan.household = household
            plan.scenario = self.rng.choice(fitting)

    def _assign_colleagues(self, plans: list[_CasePlan]) -> None:
        for coordinator, colleague, status, role in COLLEAGUE_INVOLVEMENTS:
            for plan in plans:
                if (
                    plan.coordinator == coordinator
                    and plan.status == status
                    and plan.colleague is None
                    and not plan.early_closure
                ):
                    plan.colleague = colleague
                    plan.colleague_role = role
                    break

    # -- residents and households ------------------------------------------------------------

    def _register_household(self, plan: _CasePlan) -> None:
        household_plan = plan.household
        household_plan.members = self._members(household_plan.shape)
        acting_user = self._user(plan.coordinator or TEAM_LEADERS[plan.team_key])
        members = []
        for person in household_plan.members:
            person.resident = resident_register(
                acting_user=acting_user,
                first_name=person.first_name,
                name_prefix=person.name_prefix,
                last_name=person.last_name,
                date_of_birth=person.date_of_birth,
                bsn=person.bsn,
                phone=person.phone,
                email=person.email,
            )
            members.append((person.resident, person.role))
        street, number, suffix, postcode = self._address(household_plan.team_key)
        household_plan.household = household_register(
            acting_user=acting_user,
            street=street,
            house_number=number,
            house_number_suffix=suffix,
            postcode=postcode,
            city=CITY,
            members=members,
        )
        self.resident_count += len(members)
        self.household_count += 1

    def _members(self, shape: str) -> list[_Person]:
        rng = self.rng
        head = self._person(HouseholdRole.HEAD, *self._head_ages(shape))
        members = [head]

        def add(role: str, min_age: int, max_age: int, *, family: bool = False) -> None:
            members.append(self._person(role, min_age, max_age, family_of=head if family else None))

        head_age = self._age(head)
        if shape in (COUPLE, FAMILY, ELDERLY_COUPLE) or (
            shape in (TEEN_FAMILY, CARER) and rng.random() < 0.6
        ):
            add(HouseholdRole.PARTNER, max(19, head_age - 6), head_age + 4)
        if shape in (FAMILY, SINGLE_PARENT):
            for _i in range(rng.randint(1, 3)):
                add(HouseholdRole.CHILD, 0, min(17, head_age - 19), family=True)
        if shape == TEEN_FAMILY:
            add(HouseholdRole.CHILD, 12, 17, family=True)
            if rng.random() < 0.5:
                add(HouseholdRole.CHILD, 4, 11, family=True)
        if shape == CARER:
            add(HouseholdRole.PARENT, max(75, head_age + 20), 93, family=True)
        if shape in (SINGLE_YOUNG, SINGLE_ADULT) and rng.random() < 0.2:
            add(HouseholdRole.HOUSEMATE, 19, 40)
        if shape == SINGLE_PARENT and len(members) < 5 and rng.random() < 0.2:
            add(HouseholdRole.PARENT, max(60, head_age + 20), 85, family=True)
        if shape == FAMILY and len(members) < 5 and rng.random() < 0.15:
            add(HouseholdRole.RELATIVE, 16, 30)
        return members[:5]

    @staticmethod
    def _head_ages(shape: str) -> tuple[int, int]:
        return {
            SINGLE_ADULT: (26, 64),
            SINGLE_YOUNG: (18, 23),
            SINGLE_ELDERLY: (70, 92),
            COUPLE: (28, 68),
            ELDERLY_COUPLE: (68, 88),
            FAMILY: (28, 50),
            SINGLE_PARENT: (24, 48),
            TEEN_FAMILY: (34, 54),
            CARER: (45, 64),
        }[shape]

    def _age(self, person: _Person) -> int:
        return (self.today - person.date_of_birth).days // 365

    def _person(
        self, role: str, min_age: int, max_age: int, *, family_of: _Person | None = None
    ) -> _Person:
        rng, fake = self.rng, self.fake
        first_name = fake.first_name_female() if rng.random() < 0.5 else fake.first_name_male()
        if family_of is not None and role in (HouseholdRole.CHILD, HouseholdRole.RELATIVE):
            name_prefix, last_name = family_of.name_prefix, family_of.last_name
        else:
            name_prefix, last_name = _split_prefix(fake.last_name())
        age = rng.randint(min_age, max(min_age, max_age))
        date_of_birth = self.today - timedelta(days=age * 365 + rng.randint(0, 364))
        adult = age >= 18
        person = _Person(
            first_name=first_name,
            name_prefix=name_prefix,
            last_name=last_name,
            date_of_birth=date_of_birth,
            role=role,
        )
        if rng.random() < (0.8 if adult else 0.5):
            person.bsn = self._bsn()
        if age >= 14 and rng.random() < 0.75:
            person.phone = f"06-{rng.randint(10_000_000, 99_999_999)}"
        if adult and rng.random() < 0.35:
            person.email = fake.safe_email()
        return person

    def _bsn(self) -> str:
        return demo_bsn(self.rng, self.used_bsns)

    def _address(self, team_key: str) -> tuple[str, int, str, str]:
        return demo_address(self.rng, STREETS[team_key], self.used_addresses, highest=160)

    # -- one case, from report to where it is today ------------------------------------------

    def _walk_case(self, plan: _CasePlan) -> None:
        rng = self.rng
        scenario = plan.scenario
        household = plan.household.household
        team = self.accounts.teams[plan.team_key]
        leader = self._user(TEAM_LEADERS[plan.team_key])
        coordinator = self._user(plan.coordinator) if plan.coordinator else None
        colleague = self._user(plan.colleague) if plan.colleague else None
        primary = self._primary_resident(plan)
        names = {"voornaam": primary.first_name}
        case_end = plan.closed_on or self.last_day
        source, source_detail = rng.choice(scenario.sources)

        self_reported = coordinator is not None and rng.random() < 0.5
        opener = coordinator if self_reported else leader
        case = case_open(
            acting_user=opener,
            household=household,
            primary_resident=primary,
            team=team,
            source=source,
            source_detail=source_detail,
            question=scenario.question,
            coordinator=coordinator if self_reported else None,
            reported_on=plan.reported_on,
            scaling_level=scenario.start_level,
        )
        self.case_count += 1
        # Stressors and assessments draw from their own stream, so the rest stays as it was.
        story_rng = random.Random(SEED * 1000 + self.case_count)  # noqa: S311
        course = stability_demo.plan_course(
            story_rng,
            events=plan.events,
            closed_on=plan.closed_on,
            last_day=self.last_day,
            early_closure=plan.early_closure,
        )
        stressors = stressors_demo.specs_for(scenario.key, (g.life_domain for g in scenario.goals))
        stressors_demo.register_at_report(
            case, opener, story_rng, course, specs=stressors, day=plan.reported_on
        )
        level = scenario.start_level
        self._journal(
            case, opener, REPORT_CONTACT, plan.reported_on, bron=source_detail.lower(), **names
        )
        if coordinator is not None and not self_reported:
            case = case_assign_coordinator(
                acting_user=leader, case=case, expected_version=None, coordinator=coordinator
            )
            assigned_on = min(plan.reported_on + timedelta(days=rng.randint(0, 3)), case_end)
            self._journal(
                case, leader, ASSIGN_CONTACT, assigned_on, regisseur=coordinator.get_full_name()
            )

        worker = coordinator or leader
        goals: list[Goal] = []
        executed = evaluated = False
        events = plan.events
        for index in range(1, len(events)):
            status, day = events[index]
            previous_status = events[index - 1][0]
            phase_end = events[index + 1][1] if index + 1 < len(events) else case_end

            if status == CLOSED:
                outcome = (
                    rng.choice(EARLY_OUTCOMES)
                    if plan.early_closure
                    else rng.choice(scenario.outcomes)
                )
                level = self._scale_on_closing(case, worker, level, outcome, day)
                for goal in goals:
                    if goal.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS):
                        final = self._final_goal_status(outcome)
                        goal_update(acting_user=worker, goal=goal, status=final)
                self._journal(case, worker, CLOSING_CONTACTS[outcome], day, **names)
                case = case_change_status(
                    acting_user=worker,
                    case=case,
                    expected_version=None,
                    to_status=CLOSED,
                    outcome=outcome,
                    changed_on=day,
                )
                continue

            case = case_change_status(
                acting_user=worker,
                case=case,
                expected_version=None,
                to_status=status,
                changed_on=day,
            )
            if status == INTAKE and previous_status == PLAN:
                self._journal(case, worker, BACK_TO_INTAKE_CONTACT, day, **names)
            elif status == INTAKE:
                self._journal(case, worker, INTAKE_CONTACT, day, **names)
                self._add_involvements(plan, case, worker, day, case_end)
                stressors_demo.register_at_intake(
                    case, worker, story_rng, course, specs=stressors, day=day
                )
                if level == ScalingLevel.GENERAL and rng.random() < 0.5:
                    level = self._scale(
                        case, worker, level, ScalingLevel.WIJKTEAM, day, SCALE_TO_WIJKTEAM_REASON
                    )
            elif status == PLAN and not goals:
                support_plan_update(
                    acting_user=worker,
                    plan=case.support_plan,
                    summary=scenario.plan_summary.format(**names),
                )
                goals = self._add_goals(case, worker, scenario, day)
                self._journal(case, worker, PLAN_CONTACT, day, **names)
                if colleague is not None and plan.status == PLAN:
                    self._add_colleague(plan, case, worker, colleague, day, case_end)
            elif status == EXECUTION and not executed:
                executed = True
                support_plan_update(
                    acting_user=worker,
                    plan=case.support_plan,
                    agreed_on=day,
                    evaluate_on=day + timedelta(days=rng.randint(90, 150)),
                )
                for i, goal in enumerate(goals):
                    if rng.random() < 0.8:
                        goals[i] = goal_update(
                            acting_user=worker, goal=goal, status=GoalStatus.IN_PROGRESS
                        )
                self._add_interventions(case, worker, scenario, day, plan.closed_on)
                if colleague is not None:
                    self._add_colleague(plan, case, worker, colleague, day, case_end)
                if scenario.scale_up_reason and rng.random() < 0.7:
                    up_on = day + timedelta(days=rng.randint(14, 45))
                    if up_on < phase_end:
                        level = self._scale(
                            case,
                            worker,
                            level,
                            ScalingLevel.SPECIALIST,
                            up_on,
                            scenario.scale_up_reason,
                        )
                self._contacts(case, worker, leader, colleague, scenario, day, phase_end, names)
                if plan.status == EXECUTION and index == len(events) - 1:
                    self._progress_long_running_goals(worker, goals, phase_end - day)
            elif status == EXECUTION:
                support_plan_update(
                    acting_user=worker,
                    plan=case.support_plan,
                    evaluate_on=day + timedelta(days=rng.randint(60, 120)),
                )
                self._journal(case, worker, ANOTHER_ROUND_CONTACT, day, **names)
                self._contacts(case, worker, leader, None, scenario, day, phase_end, names)
            elif status == EVALUATION:
                self._journal(case, worker, EVALUATION_CONTACT, day, **names)
                if level == ScalingLevel.SPECIALIST:
                    level = self._scale(
                        case,
                        worker,
                        level,
                        ScalingLevel.WIJKTEAM,
                        day,
                        SCALE_DOWN_REASONS[ScalingLevel.WIJKTEAM],
                    )
                self._evaluate_goals(worker, goals, second_round=evaluated)
                evaluated = True
            # Up to the next step (for a case closing then: before it closes).
            stressors_demo.progress(
                case, worker, story_rng, course, specs=stressors, start=day, end=phase_end
            )
            stability_demo.assess_phase(case, worker, story_rng, course, start=day, end=phase_end)
        if plan.status != CLOSED:
            stressors_demo.review_active(case, worker, story_rng)

    def _primary_resident(self, plan: _CasePlan) -> Resident:
        members = plan.household.members
        if plan.scenario.primary == "teen":
            teens = [
                m for m in members if m.role == HouseholdRole.CHILD and 12 <= self._age(m) <= 17
            ]
            if teens:
                return teens[0].resident
        return members[0].resident

    def _user(self, username: str) -> User:
        return self.accounts.users[username]

    def _at(self, day: date) -> datetime:
        moment = time(self.rng.randint(8, 17), self.rng.choice((0, 15, 30, 45)))
        return datetime.combine(day, moment, tzinfo=self.tz)

    def _journal(
        self,
        case: Case,
        author: User,
        contact: Contact,
        day: date,
        *,
        private: bool = False,
        **names: str,
    ) -> None:
        journal_entry_add(
            acting_user=author,
            case=case,
            kind=contact.kind,
            occurred_at=self._at(day),
            summary=contact.summary,
            text=contact.text.format(**names),
            is_private=private,
        )

    def _contacts(
        self,
        case: Case,
        worker: User,
        leader: User,
        colleague: User | None,
        scenario: Scenario,
        start: date,
        end: date,
        names: dict[str, str],
    ) -> None:
        """Contacts in the journal from `start` up to (not on) `end`: first the ones that
        belong to this kind of question, then everyday ones; now and then a private note, a
        team meeting or a contact by the involved colleague."""
        rng = self.rng
        specific = list(scenario.contacts)
        day = start + timedelta(days=rng.randint(5, 20))
        count = 0
        while day < end and count < 7:
            contact = specific.pop(0) if specific else rng.choice(GENERIC_CONTACTS)
            self._journal(case, worker, contact, day, **names)
            roll = rng.random()
            if roll < 0.12:
                note = C(K.NOTE, "Werkaantekening", rng.choice(PRIVATE_NOTES))
                self._journal(case, worker, note, day, private=True, **names)
            elif roll < 0.22:
                self._journal(case, leader, LEADER_CONTACT, day, **names)
            elif colleague is not None and roll < 0.5:
                self._journal(case, colleague, COLLEAGUE_CONTACT, day, **names)
                if rng.random() < 0.5:
                    note = C(K.NOTE, "Werkaantekening", rng.choice(PRIVATE_NOTES))
                    self._journal(case, colleague, note, day, private=True, **names)
            day += timedelta(days=rng.randint(10, 30))
            count += 1

    def _add_involvements(
        self, plan: _CasePlan, case: Case, worker: User, day: date, case_end: date
    ) -> None:
        rng = self.rng
        specs = list(plan.scenario.involvements)
        rng.shuffle(specs)
        for spec in specs[: rng.randint(1, min(3, len(specs)))]:
            organisation = None
            if spec.organisation:
                key = spec.organisation
                if key == "huisarts" and plan.team_key == ZUIDOOST:
                    key = "gezondheidscentrum"
                organisation = self.accounts.organisations[key]
            if rng.random() < 0.5:
                since = plan.reported_on - timedelta(days=rng.randint(30, 700))
            else:
                since = min(day + timedelta(days=rng.randint(0, 14)), case_end)
            until = None
            if plan.status == CLOSED and rng.random() < 0.6:
                until = case_end
            elif plan.status != CLOSED and since < self.last_day and rng.random() < 0.15:
                until = since + timedelta(days=rng.randint(1, (self.last_day - since).days))
            first_name, last_name = self.fake.first_name(), self.fake.last_name()
            domain = organisation.email.partition("@")[2] if organisation else ""
            involvement_add(
                acting_user=worker,
                case=case,
                role=spec.role,
                since=since,
                until=until,
                organisation=organisation,
                organisation_other=spec.other,
                person_name=f"{first_name} {last_name}",
                phone=f"06-{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.6 else "",
                email=(
                    f"{slugify(first_name)}.{slugify(last_name).replace('-', '')}@{domain}"
                    if domain and rng.random() < 0.6
                    else ""
                ),
            )

    def _add_colleague(
        self,
        plan: _CasePlan,
        case: Case,
        worker: User,
        colleague: User,
        day: date,
        case_end: date,
    ) -> None:
        involvement_add(
            acting_user=worker,
            case=case,
            role=plan.colleague_role,
            since=day,
            until=case_end if plan.status == CLOSED else None,
            organisation=self.accounts.organisations[MUNICIPALITY],
            user=colleague,
            note="Meekijken vanuit het eigen specialisme, op verzoek van de casusregisseur.",
        )

    def _add_goals(self, case: Case, worker: User, scenario: Scenario, day: date) -> list[Goal]:
        rng = self.rng
        specs = list(scenario.goals)
        chosen = rng.sample(specs, k=rng.randint(min(3, len(specs)), len(specs)))
        return [
            goal_add(
                acting_user=worker,
                plan=case.support_plan,
                life_domain=spec.life_domain,
                description=spec.description,
                help_kind=spec.help_kind,
                who=spec.who,
                due_date=day + timedelta(days=rng.randint(60, 210)),
                status=GoalStatus.OPEN,
            )
            for spec in chosen
        ]

    def _progress_long_running_goals(
        self, worker: User, goals: list[Goal], running: timedelta
    ) -> list[Goal]:
        if running.days < 120:
            return goals
        for index, goal in enumerate(goals):
            if goal.status == GoalStatus.IN_PROGRESS and self.rng.random() < 0.3:
                goals[index] = goal_update(
                    acting_user=worker, goal=goal, status=GoalStatus.ACHIEVED
                )
        return goals

    def _evaluate_goals(self, worker: User, goals: list[Goal], *, second_round: bool) -> None:
        rng = self.rng
        for index, goal in enumerate(goals):
            if goal.status == GoalStatus.IN_PROGRESS and rng.random() < (
                0.6 if second_round else 0.4
            ):
                goals[index] = goal_update(
                    acting_user=worker, goal=goal, status=GoalStatus.ACHIEVED
                )
            elif goal.status == GoalStatus.OPEN and rng.random() < 0.5:
                goals[index] = goal_update(
                    acting_user=worker, goal=goal, status=GoalStatus.IN_PROGRESS
                )

    def _final_goal_status(self, outcome: str) -> str:
        roll = self.rng.random()
        achieved = 0.5 if outcome == O.SECOND_LINE else 0.7
        if outcome in (O.MOVED, O.NO_COOPERATION):
            achieved = 0.2
        if roll < achieved:
            return GoalStatus.ACHIEVED
        return GoalStatus.NOT_ACHIEVED if roll < achieved + 0.2 else GoalStatus.CANCELLED

    def _add_interventions(
        self, case: Case, worker: User, scenario: Scenario, day: date, closed_on: date | None
    ) -> None:
        """Interventions from the catalogue. In a closed case they all ended by the closing
        date; in an open case some ended, the others run on with their planned quantity."""
        rng = self.rng
        case_end = closed_on or self.last_day
        specs = {spec.name: spec for spec in TARIFFS}
        names = list(scenario.tariffs)
        for name in rng.sample(names, k=rng.randint(1, min(3, len(names)))):
            spec = specs[name]
            start = min(day + timedelta(days=rng.randint(0, 21)), case_end)
            planned_end = start + timedelta(weeks=rng.randint(12, 40))
            end = None
            if closed_on is not None:
                end = min(planned_end, closed_on)
            elif planned_end <= self.last_day and rng.random() < 0.6:
                end = planned_end
            weeks = max(1, ((end or planned_end) - start).days // 7)
            intervention_add(
                acting_user=worker,
                case=case,
                tariff=self.tariffs[name],
                start_date=start,
                end_date=end,
                quantity=_quantity(spec, weeks),
                provider=rng.choice(spec.providers),
                note="" if end else "Indicatie voor de geplande duur; loopt nog.",
            )

    def _scale(
        self, case: Case, worker: User, level: int, to_level: int, day: date, reason: str
    ) -> int:
        if to_level == level:
            return level
        case_change_scaling(
            acting_user=worker,
            case=case,
            expected_version=None,
            to_level=to_level,
            reason=reason,
            changed_on=day,
        )
        return to_level

    def _scale_on_closing(
        self, case: Case, worker: User, level: int, outcome: str, day: date
    ) -> int:
        target = {
            O.INFORMAL: ScalingLevel.OWN_STRENGTH,
            O.GENERAL_PROVISION: ScalingLevel.GENERAL,
            O.FIRST_LINE: ScalingLevel.GENERAL,
        }.get(outcome)
        if outcome == O.SECOND_LINE:
            return self._scale(
                case, worker, level, ScalingLevel.SPECIALIST, day, SCALE_TO_SPECIALIST_REASON
            )
        if target is not None and target < level:
            return self._scale(case, worker, level, target, day, SCALE_DOWN_REASONS[target])
        return level


def _split_prefix(last_name: str) -> tuple[str, str]:
    """'van der Meer' → ('van der', 'Meer')."""
    for prefix in NAME_PREFIXES:
        if last_name.startswith(prefix + " "):
            return prefix, last_name[len(prefix) + 1 :]
    return "", last_name


def _quantity(spec: TariffSpec, weeks: int) -> Decimal:
    """Units for the duration: hours in half hours, other units whole; at least one."""
    if spec.per_week is None:
        return Decimal("1")
    step = Decimal("0.5") if spec.unit == TariffUnit.HOUR else Decimal("1")
    units = (spec.per_week * weeks / step).to_integral_value(rounding=ROUND_HALF_UP) * step
    return max(units, Decimal("1"))
