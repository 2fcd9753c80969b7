"""Demo history for the management reports (`manage.py load_demo_data`).

The other demo loaders make a few dozen cases that show every screen of the casework. For a
report over a year that is too few: nearly every figure falls below the suppression
threshold and shows "<5". This loader adds two years of ordinary history behind them, for
both teams (most in Noord, the larger one): cases from every source, most of them closed
with an outcome, the rest open in every status; status changes and scaling up and down on
the dates they took effect; a support plan with goals and interventions from the tariff
catalogue; stressors that are tackled and mostly removed; two or three stability
assessments of the resident each case is about, mostly improving, some declining; and the
doorbraaktafels of those two years, with breakthroughs, their costs, actions and policy
signals.

The order of the work follows the rules of the services. A closed case is final, and only
an open case can be brought to the doorbraaktafel, so:
1. every case is walked from its report to where it is today, or to just before its
   closing date, with everything that happens in it on the date it happened;
2. the doorbraaktafel history: each team's rhythm gets its true first date (the same
   weekday and interval, two years back), the scheduler makes the meetings, and each is
   held with cases that were running then;
3. the cases that are closed today are closed, on their closing date.

The journal, involvements and data shares are left out: no report counts them, they would
double the time this loader takes, and shares would fill the privacy officer's review queue
with two years of old work. For the same reason the old doorbraaktafels invite only the
team's professionals: nothing of them was shared with a partner.

Writes go through cases.services, stressors.services, stability.services and
doorbraak.services, partly by way of the helpers of stressors/demo.py and stability/demo.py
(which score an assessment from the stressors of that day). The only direct writes move two
stamps the doorbraak services set to "now" (the agenda fixed, an item nominated) into the
past of their meeting, as doorbraak/demo.py does. The data is deterministic (fixed seeds)
relative to the day it is loaded, entirely made up, and nothing lies in the future. The
history's households live on streets of their own, which is how a second run sees that it
is there already.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from faker import Faker

from accounts.demo import NOORD, ZUIDOOST, DemoAccounts
from cases.constants import (
    CaseOutcome,
    CaseRegime,
    CaseSource,
    CaseStatus,
    GoalStatus,
    HouseholdRole,
    ScalingLevel,
    TariffUnit,
)
from cases.demo import (
    CARER,
    CITY,
    COUPLE,
    ELDERLY_COUPLE,
    FAMILY,
    NAME_PREFIXES,
    SCALE_DOWN_REASONS,
    SCALE_TO_SPECIALIST_REASON,
    SCALE_TO_WIJKTEAM_REASON,
    SCENARIOS,
    SINGLE_ADULT,
    SINGLE_ELDERLY,
    SINGLE_PARENT,
    SINGLE_YOUNG,
    TARIFFS,
    TEEN_FAMILY,
    Scenario,
    TariffSpec,
    demo_address,
    demo_bsn,
)
from cases.models import Household, Resident, Tariff
from cases.services import (
    case_change_scaling,
    case_change_status,
    case_open,
    goal_add,
    household_register,
    intervention_add,
    resident_register,
    support_plan_update,
)
from doorbraak.constants import BarrierKind, MeetingStatus, PolicyDomain
from doorbraak.demo import BEHEERDER, TEAM_LEADERS, TEAM_MEMBERS
from doorbraak.models import AgendaItem, Meeting, MeetingSchedule, PolicySignal
from doorbraak.services import (
    action_add,
    action_complete,
    agenda_fix,
    breakthrough_record,
    item_nominate,
    item_place,
    item_postpone,
    meeting_close,
    meetings_schedule_upcoming,
    participant_invite,
    policy_signal_release,
    schedule_set,
)
from stability.demo import record_assessment
from stressors import demo as stressors_demo
from stressors.constants import StressorStatus
from stressors.models import Stressor, StressorType
from stressors.services import stressor_register

if TYPE_CHECKING:
    from accounts.models import Organisation, User
    from cases.models import Case

# Texts written into records are marked for translation here and translated when written.
N_ = gettext_noop

SEED = 2027
HISTORY_DAYS = 730  # two years
# Cases per team; Noord is the larger team. Together with the cases of cases/demo.py this
# keeps most yearly figures at 5 or more. Each case costs some 375 queries through the
# services (an assessment alone about 50), so more would make load_demo_data slow,
# on PostgreSQL most of all.
CASE_COUNTS = {NOORD: 75, ZUIDOOST: 45}
# Which professional coordinates how many of a team's cases (weights).
COORDINATORS = {
    NOORD: (("demo-professional", 45), ("demo-professional2", 55)),
    ZUIDOOST: (("demo-zuidoost-1", 50), ("demo-zuidoost-2", 50)),
}

REGISTERED = CaseStatus.REGISTERED
INTAKE = CaseStatus.INTAKE
PLAN = CaseStatus.PLAN
EXECUTION = CaseStatus.EXECUTION
EVALUATION = CaseStatus.EVALUATION
CLOSED = CaseStatus.CLOSED
O = CaseOutcome  # noqa: E741

# How often each question of cases/demo.py comes in; early signals of payment arrears and
# rent arrears are the most common, a return from detention the rarest.
SCENARIO_WEIGHTS = {
    "vroegsignalering": 14,
    "huurachterstand": 12,
    "eenzaamheid": 9,
    "opvoedingsstress": 8,
    "psychische_problemen": 7,
    "burenruzie": 6,
    "laaggeletterdheid": 6,
    "scheiding": 6,
    "jongere_schulden": 6,
    "mantelzorg": 5,
    "chronisch_ziek": 5,
    "alcohol": 5,
    "schoolverzuim": 4,
    "nieuwkomers": 4,
    "vervuilde_woning": 3,
    "na_detentie": 3,
}
# Sources besides the ones a scenario names: a resident walks in, family or the
# municipality's front desk. A share of the reports comes in this way.
OTHER_SOURCES = (
    (CaseSource.SELF, N_("Kwam zelf naar het inloopspreekuur in het wijkcentrum")),
    (CaseSource.OTHER, N_("Een familielid maakte zich zorgen en belde het wijkteam")),
    (CaseSource.OTHER, N_("Doorverwezen door het sociaal loket van de gemeente")),
)
OTHER_SOURCE_SHARE = 0.2
# The kind of file, where the question clearly belongs to one law (decides retention).
REGIMES = {
    "schoolverzuim": CaseRegime.YOUTH,
    "opvoedingsstress": CaseRegime.YOUTH,
    "jongere_schulden": CaseRegime.DEBT,
    "huurachterstand": CaseRegime.DEBT,
    "vroegsignalering": CaseRegime.DEBT,
    "mantelzorg": CaseRegime.WMO,
    "chronisch_ziek": CaseRegime.WMO,
    "eenzaamheid": CaseRegime.WMO,
    "nieuwkomers": CaseRegime.PARTICIPATION,
}

# Outcomes of cases that ran their course: an informal solution and a general provision are
# the most common; the scenario's own outcomes weigh double.
OUTCOME_WEIGHTS = {
    O.INFORMAL: 36,
    O.GENERAL_PROVISION: 30,
    O.FIRST_LINE: 13,
    O.SECOND_LINE: 10,
    O.MOVED: 3,
    O.NO_COOPERATION: 2,
}
EARLY_SHARE = 0.07  # closed before a plan ran: the resident moved or stopped
EARLY_OUTCOMES = ((O.MOVED, 4), (O.NO_COOPERATION, 2), (O.INFORMAL, 3))
# A case that declines at the end mostly goes on with specialist care.
DECLINE_OUTCOMES = ((O.SECOND_LINE, 5), (O.FIRST_LINE, 3), (O.NO_COOPERATION, 1))
DECLINING_SHARE = 0.18  # a severe new stressor before the last assessment
RECENTLY_TACKLED = 0.75  # of the active stressors in a running case
SCALE_UP_SHARE = 0.5  # of the scenarios that name a reason to scale up
OTHER_SCALE_UP_SHARE = 0.07
OTHER_SCALE_UP_REASON = N_("Opschalen: tijdelijk specialistische begeleiding nodig")

# Household shapes: the age range of the head.
HEAD_AGES = {
    SINGLE_ADULT: (26, 64),
    SINGLE_YOUNG: (18, 23),
    SINGLE_ELDERLY: (70, 92),
    COUPLE: (28, 68),
    ELDERLY_COUPLE: (68, 88),
    FAMILY: (28, 50),
    SINGLE_PARENT: (24, 48),
    TEEN_FAMILY: (36, 54),
    CARER: (45, 64),
}

# Streets of their own, next to those of cases/demo.py: (street, postcode digits, letters).
STREETS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    NOORD: (
        ("Nachtegaalstraat", "1621", ("CD", "CE")),
        ("Roodborstlaan", "1622", ("AG", "AH")),
        ("Winterkoninghof", "1623", ("BK",)),
        ("Boomkleverstraat", "1624", ("EB", "EC")),
        ("Putterstraat", "1625", ("GD", "GE")),
        ("IJsvogelpad", "1626", ("AK",)),
        ("Gruttostraat", "1622", ("GS", "GT")),
        ("Wielewaalplein", "1623", ("KW",)),
    ),
    ZUIDOOST: (
        ("Van Goghstraat", "1641", ("CV", "CW")),
        ("Jan Toorophof", "1642", ("EK",)),
        ("Breitnerlaan", "1643", ("AB", "AC")),
        ("Mesdagstraat", "1644", ("BM", "BN")),
        ("Israëlsplein", "1642", ("GJ",)),
        ("Jongkindstraat", "1643", ("JS", "JT")),
    ),
}
ALL_STREETS = [street for streets in STREETS.values() for street, _d, _l in streets]

# --- The doorbraaktafel -------------------------------------------------------------------

# The first two months of the history have too few running cases for a table.
TABLE_LEAD_DAYS = 70
# A case is brought in when it has run at least this long, and not in its last weeks.
NOMINATE_AFTER_DAYS = 21
NOMINATE_BEFORE_CLOSING_DAYS = 30
# Cases that run long come to the table: the stuck ones. When a team has none on the day,
# the teamleider brings in any running case that needs a push.
NOMINATE_MIN_RUN_DAYS = 80
# New cases per meeting (weights): Noord has the fuller table.
NEW_ITEMS = {NOORD: ((1, 60), (2, 32), (3, 8)), ZUIDOOST: ((1, 90), (2, 10))}
POSTPONE_SHARE = 0.12
POSTPONE_REASONS = (
    N_("Niet aan toegekomen; staat de volgende keer bovenaan."),
    N_("De woonstichting kon er niet bij zijn; volgende tafel."),
    N_("Eerst de toestemming van de inwoner vragen om de situatie te bespreken."),
)
STRUCTURAL_SHARE = 0.4
# A team signals the same flaw again only when it is still there a year later.
SIGNAL_AGAIN_AFTER_DAYS = 365
MEETING_NOTES = (
    "",
    "",
    N_("Goede opkomst; alle vaste partners waren aanwezig."),
    N_("De politie was afwezig; de afspraken worden nagestuurd."),
    N_("Aan het eind kort de doorbraken van de vorige tafels nagelopen."),
)
# Owners of actions besides the organisation keys of accounts.demo.ORGANISATIONS.
COORDINATOR = "coordinator"
LEADER = "leader"


@dataclass(frozen=True)
class Signal:
    domain: str
    title: str
    description: str  # for policy: the rule that blocks, never a person


@dataclass(frozen=True)
class ActionTemplate:
    description: str
    owner: str  # COORDINATOR, LEADER or an organisation key of accounts.demo
    due_days: int  # after the meeting


@dataclass(frozen=True)
class ItemTemplate:
    """What a case with this question brings to the table, and what the table decides.
    Costs are ranges in euros a year: the current path against the solution (None: not
    estimated)."""

    stuck: str
    ask: str
    blocked_by: str
    barrier_kind: str
    barrier: str
    decision: str
    mandate: str
    cost_current_path: tuple[int, int] | None
    cost_solution: tuple[int, int] | None
    actions: tuple[ActionTemplate, ...]
    signals: tuple[Signal, ...] = ()


A = ActionTemplate
K = BarrierKind
P = PolicyDomain

# Per scenario of cases/demo.py. No text names or points to a resident.
ITEMS: dict[str, ItemTemplate] = {
    "huurachterstand": ItemTemplate(
        stuck=N_(
            "Vier maanden huurachterstand; de verhuurder heeft een ontruimingsvonnis "
            "aangevraagd. Door beslag van deurwaarders op het inkomen lukt het niet de lopende "
            "huur te betalen, en schuldhulpverlening start pas als de vaste lasten weer worden "
            "betaald."
        ),
        ask=N_(
            "Kan de ontruiming worden opgeschort en de achterstand worden overgenomen, zodat "
            "het schuldhulptraject kan beginnen?"
        ),
        blocked_by=N_("Beslag op het inkomen en de toelatingseisen van schuldhulpverlening"),
        barrier_kind=K.BOUNDARY,
        barrier=N_(
            "Deurwaarders houden beslag op het inkomen, waardoor de huur niet meer betaald kan "
            "worden. Schuldhulpverlening neemt een aanvraag pas in behandeling als de lopende "
            "lasten weer worden voldaan. Elke organisatie volgt haar eigen regel."
        ),
        decision=N_(
            "De gemeente neemt de huurachterstand over uit het doorbraakbudget en "
            "schuldhulpverlening vraagt een moratorium aan. De woonstichting trekt de "
            "ontruimingsaanvraag in zolang de lopende huur wordt betaald. Het schuldhulptraject "
            "start binnen twee weken."
        ),
        mandate=N_("Teamleider wijkteam (doorbraakbudget) en manager Wonen van de woonstichting"),
        cost_current_path=(26_000, 45_000),
        cost_solution=(2_500, 6_500),
        actions=(
            A(N_("Huurachterstand overmaken aan de woonstichting"), LEADER, 7),
            A(N_("Moratorium aanvragen voor de beslagleggers"), "schuldhulp", 14),
            A(N_("Ontruimingsaanvraag intrekken en dit schriftelijk bevestigen"), "wonen", 10),
            A(N_("Huur laten inhouden op het inkomen"), COORDINATOR, 21),
        ),
        signals=(
            Signal(
                P.DEBT,
                N_("Beslag op het inkomen laat geen ruimte voor de lopende huur"),
                N_(
                    "Bij beslag op het inkomen wordt de beslagvrije voet in de praktijk vaak te "
                    "laag vastgesteld of niet gecontroleerd. Huishoudens kunnen dan de lopende "
                    "huur niet meer betalen en er volgt een ontruiming, terwijl "
                    "schuldhulpverlening juist een stabiele woonsituatie vraagt. Een ontruiming "
                    "met opvang kost al snel € 30.000 per jaar. Voorstel: bij elke aanmelding "
                    "voor schuldhulp standaard een moratorium aanvragen en de beslagvrije voet "
                    "laten controleren."
                ),
            ),
        ),
    ),
    "vroegsignalering": ItemTemplate(
        stuck=N_(
            "Een werkende inwoner verdient net boven de grens voor de minimaregelingen. Door de "
            "gestegen energierekening is er elke maand een tekort; de achterstanden lopen op "
            "en de energieleverancier dreigt met afsluiting."
        ),
        ask=N_("Kan de energietoeslag toch worden toegekend, of de afsluiting worden voorkomen?"),
        blocked_by=N_("Inkomensgrens van 120% van het sociaal minimum"),
        barrier_kind=K.RULE,
        barrier=N_(
            "De energietoeslag en de bijzondere bijstand hebben een harde inkomensgrens. Wie een "
            "paar euro boven de grens verdient, krijgt niets, ook als de vaste lasten hoger "
            "zijn dan het inkomen."
        ),
        decision=N_(
            "Werk en Inkomen kent de energietoeslag toe via de hardheidsclausule. De "
            "energieleverancier zet de incasso drie maanden stil en schuldhulpverlening maakt "
            "samen met de inwoner een budgetplan."
        ),
        mandate=N_("Afdelingshoofd Werk en Inkomen (hardheidsclausule)"),
        cost_current_path=(7_000, 16_000),
        cost_solution=(900, 2_200),
        actions=(
            A(N_("Energietoeslag toekennen via de hardheidsclausule"), "inkomen", 14),
            A(N_("Afspraak met de energieleverancier over uitstel van afsluiting"), LEADER, 7),
            A(N_("Budgetplan opstellen met de inwoner"), "schuldhulp", 28),
        ),
        signals=(
            Signal(
                P.PARTICIPATION,
                N_("Harde inkomensgrens bij minimaregelingen treft werkende armen"),
                N_(
                    "Minimaregelingen zoals de energietoeslag gelden tot 120% van het sociaal "
                    "minimum, zonder rekening te houden met de werkelijke vaste lasten. "
                    "Werkende huishoudens net boven de grens houden daardoor minder over dan "
                    "huishoudens eronder en lopen achterstanden op. Voorstel: een "
                    "afbouwregeling boven de grens en ruimte voor maatwerk op basis van de "
                    "vaste lasten."
                ),
            ),
        ),
    ),
    "eenzaamheid": ItemTemplate(
        stuck=N_(
            "Een oudere inwoner wil naar de dagbesteding in de buurgemeente, waar ook de enige "
            "vriendin komt. Het Wmo-vervoer rijdt alleen binnen de eigen gemeente; zonder "
            "vervoer blijft de inwoner thuis en wordt steeds somberder."
        ),
        ask=N_("Kan het vervoer naar deze dagbesteding toch worden vergoed?"),
        blocked_by=N_("Vervoersgebied van het Wmo-vervoer"),
        barrier_kind=K.CONTRACT,
        barrier=N_(
            "Het contract voor het Wmo-vervoer dekt alleen ritten binnen de gemeentegrens. Een "
            "dagbesteding die beter past maar net over de grens ligt, valt erbuiten."
        ),
        decision=N_(
            "De gemeente vergoedt voor een jaar twee ritten per week naar de dagbesteding in de "
            "buurgemeente als maatwerk. Welzijn Demodam zoekt een vrijwillige chauffeur voor "
            "de langere termijn."
        ),
        mandate=N_("Beleidsadviseur Wmo (maatwerk)"),
        cost_current_path=(9_000, 20_000),
        cost_solution=(1_200, 3_000),
        actions=(
            A(N_("Maatwerkbeschikking vervoer afgeven"), "gemeente", 14),
            A(N_("Vrijwillige chauffeur zoeken"), "welzijn", 42),
            A(N_("Eerste rit samen met de inwoner voorbereiden"), COORDINATOR, 21),
        ),
        signals=(
            Signal(
                P.WMO,
                N_("Wmo-vervoer stopt bij de gemeentegrens"),
                N_(
                    "Het Wmo-vervoer rijdt alleen binnen de gemeente. Voor inwoners aan de "
                    "rand van de gemeente ligt de best passende dagbesteding of het eigen "
                    "netwerk vaak net over de grens. Zij blijven dan thuis, wat eenzaamheid en "
                    "zwaardere zorg later in de hand werkt. Voorstel: een zone van tien "
                    "kilometer rond de woning in plaats van de gemeentegrens."
                ),
            ),
        ),
    ),
    "opvoedingsstress": ItemTemplate(
        stuck=N_(
            "Een alleenstaande ouder is uitgeput en de spanningen thuis lopen op. "
            "Opvoedondersteuning heeft drie maanden wachttijd, en kinderopvang wordt niet "
            "vergoed omdat de ouder niet werkt."
        ),
        ask=N_(
            "Kan er tijdelijk kinderopvang komen zodat de ouder op adem komt, terwijl de "
            "jeugdhulp opstart?"
        ),
        blocked_by=N_("Kinderopvangtoeslag alleen voor werkende ouders"),
        barrier_kind=K.LAW,
        barrier=N_(
            "Kinderopvangtoeslag is er alleen voor ouders die werken of een traject volgen. "
            "Een ouder die vastloopt in de opvoeding en zelf niet werkt, krijgt geen "
            "vergoeding, terwijl opvang de situatie thuis juist zou ontlasten."
        ),
        decision=N_(
            "De gemeente vergoedt zes maanden drie dagdelen kinderopvang op grond van een "
            "sociaal-medische indicatie. Jeugdhulp De Kompasroos zet een overbruggingsbegeleider "
            "in tot de opvoedondersteuning begint."
        ),
        mandate=N_("Beleidsadviseur jeugd (sociaal-medische indicatie)"),
        cost_current_path=(45_000, 90_000),
        cost_solution=(3_500, 8_500),
        actions=(
            A(N_("Sociaal-medische indicatie kinderopvang afgeven"), "gemeente", 14),
            A(N_("Overbruggingsbegeleiding starten"), "jeugd", 10),
            A(N_("Kennismaking bij de kinderopvang regelen met de ouder"), COORDINATOR, 21),
        ),
        signals=(
            Signal(
                P.YOUTH,
                N_("Sociaal-medische indicatie voor kinderopvang is traag en onbekend"),
                N_(
                    "Ouders die thuis vastlopen, kunnen via een sociaal-medische indicatie "
                    "kinderopvang vergoed krijgen. De regeling is bij professionals nauwelijks "
                    "bekend en de aanvraag duurt maanden; intussen escaleert de situatie thuis, "
                    "soms tot een uithuisplaatsing. Voorstel: het wijkteam geeft de indicatie "
                    "zelf af, met een beslistermijn van twee weken."
                ),
            ),
        ),
    ),
    "schoolverzuim": ItemTemplate(
        stuck=N_(
            "Een leerling zit al maanden thuis. De eigen school heeft geen passend aanbod; een "
            "andere plek kan pas met een toelaatbaarheidsverklaring, en het onderzoek daarvoor "
            "heeft een lange wachttijd."
        ),
        ask=N_(
            "Kan de leerling alvast beginnen op een plek met maatwerk, vooruitlopend op de "
            "toelaatbaarheidsverklaring?"
        ),
        blocked_by=N_("Procedure toelaatbaarheidsverklaring van het samenwerkingsverband"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Een plek in het speciaal onderwijs of een reboundvoorziening vraagt een "
            "toelaatbaarheidsverklaring. Die komt pas na onderzoek, waarop maanden wordt "
            "gewacht; zolang zit de leerling thuis."
        ),
        decision=N_(
            "Het samenwerkingsverband geeft een tijdelijke toelaatbaarheidsverklaring van drie "
            "maanden. De leerling begint met een opbouwrooster op de reboundvoorziening; "
            "jeugdhulp begeleidt de overstap."
        ),
        mandate=N_("Directeur samenwerkingsverband passend onderwijs"),
        cost_current_path=(22_000, 45_000),
        cost_solution=(4_000, 9_500),
        actions=(
            A(N_("Tijdelijke toelaatbaarheidsverklaring afgeven"), "school", 14),
            A(N_("Opbouwrooster bespreken met leerling en ouder"), COORDINATOR, 10),
            A(N_("Begeleiding bij de overstap starten"), "jeugd", 21),
        ),
        signals=(
            Signal(
                P.YOUTH,
                N_("Thuiszitters wachten op een toelaatbaarheidsverklaring"),
                N_(
                    "Leerlingen die vastlopen op school, kunnen pas naar een passende plek als "
                    "er een toelaatbaarheidsverklaring is. Het onderzoek daarvoor kent "
                    "wachttijden van maanden, waarin de leerling thuiszit en de problemen "
                    "groeien. Voorstel: een tijdelijke verklaring zodra school, ouders en "
                    "wijkteam het eens zijn over de plek, en het onderzoek daarna afronden."
                ),
            ),
        ),
    ),
    "psychische_problemen": ItemTemplate(
        stuck=N_(
            "Een inwoner met psychotische klachten mijdt de huisarts; de overlastmeldingen "
            "lopen op en een gedwongen opname dreigt. De ggz neemt alleen aan met een "
            "verwijzing, en die komt er zonder bezoek aan de huisarts niet."
        ),
        ask=N_("Kan de ggz zonder verwijzing vooraf een eerste huisbezoek doen met het wijkteam?"),
        blocked_by=N_("Verwijsroute huisarts–ggz"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Specialistische ggz begint alleen met een verwijzing van de huisarts. Wie zorg "
            "mijdt, komt niet bij de huisarts en krijgt dus geen verwijzing; de hulp komt pas "
            "bij een crisis."
        ),
        decision=N_(
            "Het FACT-team doet binnen een week een outreachend huisbezoek samen met de "
            "casusregisseur; de huisarts verwijst achteraf. De woonstichting zet de "
            "overlastprocedure drie maanden stil."
        ),
        mandate=N_("Manager FACT-team GGZ Lindehof"),
        cost_current_path=(30_000, 55_000),
        cost_solution=(2_000, 6_000),
        actions=(
            A(N_("Outreachend huisbezoek plannen"), "ggz", 7),
            A(N_("Verwijzing achteraf opstellen"), "huisarts", 21),
            A(N_("Overlastprocedure drie maanden opschorten"), "wonen", 7),
        ),
        signals=(
            Signal(
                P.HEALTH_INSURANCE,
                N_("Ggz begint pas na een verwijzing, ook bij wie zorg mijdt"),
                N_(
                    "Specialistische ggz wordt vergoed op verwijzing van de huisarts. Mensen "
                    "met psychische klachten die zorg mijden, krijgen die verwijzing niet, "
                    "waardoor hulp pas komt met een crisismaatregel en inzet van de politie, "
                    "die veel duurder zijn. Voorstel: afspraken met zorgverzekeraar en ggz over "
                    "outreachende inzet op verzoek van het wijkteam, met verwijzing achteraf."
                ),
            ),
        ),
    ),
    "alcohol": ItemTemplate(
        stuck=N_(
            "Een inwoner wil stoppen met drinken en is aangemeld voor een klinische detox. "
            "Door een premieachterstand bij de zorgverzekeraar en schulden kan het eigen "
            "risico niet worden betaald; de opname wordt steeds uitgesteld."
        ),
        ask=N_("Kan het eigen risico worden betaald, zodat de opname kan doorgaan?"),
        blocked_by=N_("Eigen risico en de wanbetalersregeling van de zorgverzekering"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Wie een premieachterstand heeft, valt in de wanbetalersregeling. Het eigen risico "
            "blijft een drempel: de opname wordt uitgesteld terwijl de verslaving en de "
            "schulden groeien."
        ),
        decision=N_(
            "De gemeente betaalt het eigen risico uit het doorbraakbudget en meldt de inwoner "
            "aan voor de collectieve zorgverzekering. De verslavingszorg plant de opname binnen "
            "drie weken."
        ),
        mandate=N_("Teamleider wijkteam (doorbraakbudget)"),
        cost_current_path=(25_000, 50_000),
        cost_solution=(1_500, 4_500),
        actions=(
            A(N_("Eigen risico betalen uit het doorbraakbudget"), LEADER, 7),
            A(N_("Opname plannen"), "verslavingszorg", 21),
            A(N_("Aanmelden voor de collectieve zorgverzekering"), "inkomen", 30),
        ),
        signals=(
            Signal(
                P.HEALTH_INSURANCE,
                N_("Eigen risico houdt wanbetalers weg uit de verslavingszorg"),
                N_(
                    "Inwoners met een premieachterstand komen in de wanbetalersregeling en "
                    "kunnen het eigen risico niet opbrengen. Zij stellen een opname voor "
                    "verslavingszorg uit, terwijl de kosten van ziekenhuis, politie en "
                    "schulden oplopen. Voorstel: bij aanmelding via het wijkteam het eigen "
                    "risico uit de bijzondere bijstand betalen en automatisch aanmelden voor "
                    "de collectieve zorgverzekering."
                ),
            ),
        ),
    ),
    "scheiding": ItemTemplate(
        stuck=N_(
            "Na een scheiding kan een ouder met twee kinderen tijdelijk bij familie wonen. De "
            "familie heeft bijstand en gaat er door de kostendelersnorm fors op achteruit als "
            "de ouder zich op hun adres inschrijft. Zonder inschrijving stoppen de toeslagen "
            "van de ouder."
        ),
        ask=N_(
            "Kan de kostendelersnorm tijdelijk buiten toepassing blijven, zodat de ouder zich "
            "kan inschrijven?"
        ),
        blocked_by=N_("Kostendelersnorm Participatiewet"),
        barrier_kind=K.LAW,
        barrier=N_(
            "De kostendelersnorm verlaagt de bijstand van wie een woning deelt met andere "
            "volwassenen. Familie die tijdelijk opvang biedt, wordt daardoor gekort; de ouder "
            "schrijft zich dan niet in en verliest de toeslagen."
        ),
        decision=N_(
            "Werk en Inkomen past de kostendelersnorm zes maanden niet toe, op grond van "
            "bijzondere omstandigheden. De ouder schrijft zich in en vraagt de toeslagen "
            "opnieuw aan; de woonstichting beoordeelt de urgentieaanvraag met voorrang."
        ),
        mandate=N_("Afdelingshoofd Werk en Inkomen"),
        cost_current_path=(30_000, 60_000),
        cost_solution=(2_000, 5_500),
        actions=(
            A(N_("Besluit: kostendelersnorm zes maanden niet toepassen"), "inkomen", 14),
            A(N_("Inschrijving en nieuwe aanvraag toeslagen"), COORDINATOR, 14),
            A(N_("Urgentieaanvraag met voorrang beoordelen"), "wonen", 28),
        ),
        signals=(
            Signal(
                P.PARTICIPATION,
                N_("Kostendelersnorm ontmoedigt tijdelijke opvang door familie"),
                N_(
                    "De kostendelersnorm verlaagt de bijstand van familie die iemand tijdelijk "
                    "in huis neemt. Mensen die na een scheiding of huisuitzetting bij familie "
                    "terechtkunnen, schrijven zich daarom niet in en verliezen hun toeslagen, "
                    "of belanden in de opvang. Voorstel: de kostendelersnorm de eerste zes "
                    "maanden van een tijdelijke opvang standaard niet toepassen."
                ),
            ),
        ),
    ),
    "laaggeletterdheid": ItemTemplate(
        stuck=N_(
            "Een inwoner die nauwelijks kan lezen krijgt alle post van de Belastingdienst en "
            "Dienst Toeslagen digitaal. Door een gemiste wijziging moet een groot bedrag "
            "worden terugbetaald, en dat wordt verrekend met de lopende toeslagen."
        ),
        ask=N_("Kan de verrekening worden gepauzeerd en de post weer op papier komen?"),
        blocked_by=N_("Verrekening van terugvorderingen door Dienst Toeslagen"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Dienst Toeslagen verrekent een terugvordering automatisch met de lopende toeslagen. "
            "Het huishouden houdt dan te weinig over voor de vaste lasten, en de brieven die "
            "het uitleggen zijn digitaal en onleesbaar voor de inwoner."
        ),
        decision=N_(
            "Via de contactpersoon van Dienst Toeslagen wordt de verrekening zes maanden "
            "opgeschort en een persoonlijke betalingsregeling afgesproken. De post komt weer op "
            "papier; een vrijwilliger helpt elke maand met de administratie."
        ),
        mandate=N_("Contactpersoon Dienst Toeslagen, via de gemeente"),
        cost_current_path=(8_000, 18_000),
        cost_solution=(500, 2_000),
        actions=(
            A(
                N_("Contact met Dienst Toeslagen over het opschorten van de verrekening"),
                LEADER,
                10,
            ),
            A(N_("Post weer op papier aanvragen"), COORDINATOR, 14),
            A(N_("Vrijwilliger thuisadministratie koppelen"), "welzijn", 21),
        ),
        signals=(
            Signal(
                P.OTHER,
                N_("Terugvordering van toeslagen wordt verrekend zonder persoonlijk contact"),
                N_(
                    "Terugvorderingen van toeslagen worden automatisch verrekend met lopende "
                    "toeslagen, aangekondigd in digitale brieven. Wie niet of slecht kan lezen, "
                    "merkt het pas als het geld op is, en raakt in de schulden. Voorstel: bij "
                    "inwoners die bij het wijkteam bekend zijn eerst persoonlijk contact en een "
                    "betalingsregeling die past bij de draagkracht."
                ),
            ),
        ),
    ),
    "na_detentie": ItemTemplate(
        stuck=N_(
            "Komt over drie weken vrij na een detentie van acht maanden. Er is geen woning, geen "
            "uitkering en geen geldig identiteitsbewijs; zonder adres kan de uitkering niet "
            "worden aangevraagd."
        ),
        ask=N_("Kan er vóór de vrijlating een woonplek en een uitkering klaarstaan?"),
        blocked_by=N_("Inschrijving in de BRP en een geldig ID-bewijs als voorwaarde"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Een uitkering kan pas worden aangevraagd met een adres en een geldig "
            "identiteitsbewijs. Tijdens de detentie lukt het aanvragen van een ID-bewijs niet "
            "en de opvang heeft geen plek: na de vrijlating staat iemand op straat zonder "
            "inkomen."
        ),
        decision=N_(
            "De gemeente geeft een briefadres bij het wijkteam en neemt de aanvraag voor de "
            "uitkering al voor de vrijlating in. De woonstichting biedt een kamer in een "
            "project voor begeleid wonen; de reclassering regelt het ID-bewijs in de laatste "
            "week van de detentie."
        ),
        mandate=N_("Coördinator nazorg ex-gedetineerden (gemeente) en teamleider wijkteam"),
        cost_current_path=(40_000, 62_000),
        cost_solution=(5_000, 10_000),
        actions=(
            A(N_("Briefadres verstrekken"), "gemeente", 7),
            A(N_("Aanvraag uitkering innemen voor de vrijlating"), "inkomen", 14),
            A(N_("Kamer in begeleid wonen toewijzen"), "wonen", 21),
        ),
        signals=(
            Signal(
                P.JUSTICE,
                N_("Geen ID-bewijs aan te vragen tijdens detentie"),
                N_(
                    "Wie uit detentie komt, heeft vaak geen geldig identiteitsbewijs, en zonder "
                    "ID-bewijs en adres is er geen uitkering en geen huurcontract. Tijdens de "
                    "detentie is een ID-bewijs in de praktijk niet aan te vragen. De eerste "
                    "weken na vrijlating zijn daardoor zonder inkomen en onderdak, met een "
                    "groot risico op terugval. Voorstel: het ID-bewijs standaard aanvragen in "
                    "de laatste maand van de detentie."
                ),
            ),
            Signal(
                P.HOUSING,
                N_("Geen tijdelijke huurtoeslag bij dakloosheid"),
                N_(
                    "Wie na dakloosheid tijdelijk een kamer huurt in een pension of via "
                    "onderhuur, krijgt geen huurtoeslag: de woonruimte is niet zelfstandig of "
                    "er is geen huurcontract op eigen naam. Met een uitkering is de huur dan "
                    "niet op te brengen en mensen vallen terug in de opvang, die veel duurder "
                    "is. Voorstel: een tijdelijke woonkostentoeslag van de gemeente voor de "
                    "periode tot een zelfstandige woning."
                ),
            ),
        ),
    ),
    "mantelzorg": ItemTemplate(
        stuck=N_(
            "Een mantelzorger zorgt voor een ouder met dementie en dreigt uit te vallen. De "
            "ouder heeft een indicatie voor de Wet langdurige zorg, maar er is geen plek; vanuit "
            "de Wmo mag geen dagbesteding worden ingezet omdat de Wlz voorgaat."
        ),
        ask=N_("Kan er tijdelijk toch dagbesteding komen tot er een plek is?"),
        blocked_by=N_("Voorrang van de Wet langdurige zorg boven de Wmo"),
        barrier_kind=K.LAW,
        barrier=N_(
            "Wie een Wlz-indicatie heeft, valt buiten de Wmo. Zolang het zorgkantoor geen plek "
            "of zorg thuis regelt, kan de gemeente formeel niets doen en draagt de "
            "mantelzorger alles."
        ),
        decision=N_(
            "De gemeente zet drie maanden drie dagdelen dagbesteding in als overbrugging en "
            "spreekt met het zorgkantoor af dat het de kosten achteraf vergoedt. Het "
            "zorgkantoor zet de aanvraag op de urgentielijst."
        ),
        mandate=N_("Beleidsadviseur Wmo en het zorgkantoor"),
        cost_current_path=(60_000, 90_000),
        cost_solution=(4_000, 8_500),
        actions=(
            A(N_("Dagbesteding als overbrugging inzetten"), "gemeente", 10),
            A(N_("Urgentie aanvragen bij het zorgkantoor"), COORDINATOR, 14),
            A(N_("Ondersteuning voor de mantelzorger aanbieden"), "welzijn", 21),
        ),
        signals=(
            Signal(
                P.WMO,
                N_("Wachten op een Wlz-plek: mantelzorger staat er alleen voor"),
                N_(
                    "Inwoners met een indicatie voor de Wet langdurige zorg vallen buiten de "
                    "Wmo, ook als er maandenlang geen plek of zorg thuis is. De gemeente mag "
                    "dan geen dagbesteding of respijtzorg inzetten, en de mantelzorger valt "
                    "uit. Voorstel: afspraken met het zorgkantoor over overbruggingszorg vanuit "
                    "de Wmo, met verrekening achteraf."
                ),
            ),
        ),
    ),
    "jongere_schulden": ItemTemplate(
        stuck=N_(
            "Een jongere met schulden wil een mbo-opleiding volgen. Met studiefinanciering in "
            "plaats van bijstand is de afspraak in de schuldregeling niet meer te betalen, "
            "dus blijft de jongere thuis zitten."
        ),
        ask=N_("Kan de jongere gaan studeren zonder dat de schuldregeling klapt?"),
        blocked_by=N_("Aflossingsafspraken in de schuldregeling"),
        barrier_kind=K.RULE,
        barrier=N_(
            "In een schuldregeling moet alles boven het vrij te laten bedrag worden afgelost. "
            "Studiefinanciering laat geen ruimte voor aflossing; wie gaat studeren, valt uit de "
            "regeling en houdt de schulden."
        ),
        decision=N_(
            "Schuldhulpverlening lost de schulden af met een saneringskrediet, met een "
            "aflossing van nul tijdens de opleiding. Werk en Inkomen helpt met de aanvraag van "
            "studiefinanciering en een aanvullende beurs."
        ),
        mandate=N_("Teamleider schuldhulpverlening Demodam"),
        cost_current_path=(14_000, 28_000),
        cost_solution=(2_000, 6_000),
        actions=(
            A(N_("Saneringskrediet aanvragen"), "schuldhulp", 21),
            A(N_("Aanvraag studiefinanciering en aanvullende beurs"), "inkomen", 28),
            A(N_("Inschrijving bij de opleiding regelen met de jongere"), COORDINATOR, 21),
        ),
        signals=(
            Signal(
                P.DEBT,
                N_("Studeren en een schuldregeling gaan niet samen"),
                N_(
                    "Jongeren in een schuldregeling moeten alles boven het vrij te laten bedrag "
                    "aflossen. Met studiefinanciering lukt dat niet, waardoor zij moeten kiezen "
                    "tussen een opleiding en het oplossen van hun schulden. Zonder diploma "
                    "blijven zij vaker afhankelijk van een uitkering. Voorstel: tijdens een "
                    "opleiding een aflossing van nul en een saneringskrediet als standaard."
                ),
            ),
        ),
    ),
    "vervuilde_woning": ItemTemplate(
        stuck=N_(
            "De woning is ernstig vervuild en de woonstichting is een procedure tot ontbinding "
            "van het huurcontract begonnen. De inwoner wil meewerken, maar de ggz heeft een "
            "wachtlijst en een eenmalige opruimactie wordt niet vergoed."
        ),
        ask=N_("Wie betaalt een opruimactie, en kan de procedure zolang stilgezet worden?"),
        blocked_by=N_("Wmo-huishoudelijke hulp dekt geen eenmalige opruimactie"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Huishoudelijke hulp uit de Wmo is bedoeld om een woning schoon te houden, niet "
            "voor een grote opruimactie. De bijzondere bijstand wijst af omdat de kosten "
            "verwijtbaar zouden zijn."
        ),
        decision=N_(
            "Een opruimactie in stappen, betaald uit het doorbraakbudget, met daarna "
            "huishoudelijke hulp via de Wmo. De woonstichting zet de procedure stil zolang er "
            "vooruitgang is; de ggz plant een eerste gesprek via de wijk-ggd'er."
        ),
        mandate=N_("Teamleider wijkteam (doorbraakbudget)"),
        cost_current_path=(25_000, 45_000),
        cost_solution=(3_000, 7_500),
        actions=(
            A(N_("Doorbraakbudget voor de opruimactie vrijgeven"), LEADER, 7),
            A(N_("Procedure tot ontbinding stilzetten"), "wonen", 10),
            A(N_("Opruimplan in stappen maken met de inwoner"), COORDINATOR, 14),
        ),
        signals=(
            Signal(
                P.WMO,
                N_("Geen regeling voor een eenmalige opruimactie bij een vervuilde woning"),
                N_(
                    "Een eenmalige opruimactie valt buiten de huishoudelijke hulp van de Wmo, "
                    "en de bijzondere bijstand wijst af omdat de kosten verwijtbaar zouden "
                    "zijn. Zonder opruimactie volgt een ontbinding van het huurcontract en vaak "
                    "dakloosheid. Voorstel: een vast budget voor opruimacties via het wijkteam, "
                    "gekoppeld aan begeleiding."
                ),
            ),
        ),
    ),
    "nieuwkomers": ItemTemplate(
        stuck=N_(
            "Een statushouder kan aan de slag bij een bouwbedrijf, maar het inburgeringsplan "
            "vraagt taallessen overdag. Werken betekent een boete van de inburgering; niet "
            "werken betekent dat het gezin in de bijstand blijft."
        ),
        ask=N_(
            "Kan de taalles in de avond en op de werkplek, zodat het werk kan worden aangenomen?"
        ),
        blocked_by=N_("Leerroute in het persoonlijk plan inburgering"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Het persoonlijk plan inburgering legt taalles overdag vast. Een baan die past, maar "
            "overdag is, staat dan tegenover de inburgeringsplicht."
        ),
        decision=N_(
            "De gemeente past het plan aan naar een duale route: taal op de werkvloer en "
            "avondlessen. De werkgever geeft twee uur per week taalles onder werktijd."
        ),
        mandate=N_("Regisseur inburgering gemeente Demodam"),
        cost_current_path=(18_000, 30_000),
        cost_solution=(1_500, 4_000),
        actions=(
            A(N_("Persoonlijk plan inburgering aanpassen"), "gemeente", 14),
            A(N_("Afspraken met de werkgever over taal op de werkvloer"), COORDINATOR, 21),
            A(N_("Avondles regelen bij het Taalhuis"), "welzijn", 21),
        ),
        signals=(
            Signal(
                P.PARTICIPATION,
                N_("Inburgeringsroute staat werk in de weg"),
                N_(
                    "Persoonlijke plannen inburgering leggen vaak taalles overdag vast. "
                    "Statushouders die werk kunnen krijgen, moeten dan kiezen tussen de baan en "
                    "de inburgeringsplicht. Voorstel: bij een baanaanbod standaard een duale "
                    "route, met taal op de werkvloer en in de avond."
                ),
            ),
        ),
    ),
    "chronisch_ziek": ItemTemplate(
        stuck=N_(
            "Een inwoner met een ernstige longziekte woont drie hoog zonder lift. Met medische "
            "urgentie mag alleen worden gereageerd op woningen in de eigen wijk, en daar komen "
            "bijna geen gelijkvloerse woningen vrij."
        ),
        ask=N_("Kan de urgentie voor de hele gemeente gelden, of een woningruil worden bemiddeld?"),
        blocked_by=N_("Zoekgebied van de medische urgentie"),
        barrier_kind=K.RULE,
        barrier=N_(
            "De urgentieregeling beperkt het zoekgebied tot de eigen wijk. Daar komen "
            "nauwelijks gelijkvloerse woningen vrij, dus blijft de urgentie op papier staan."
        ),
        decision=N_(
            "De woonstichting verruimt het zoekgebied naar de hele gemeente en biedt binnen zes "
            "weken een benedenwoning aan. Tot de verhuizing komt er extra huishoudelijke hulp."
        ),
        mandate=N_("Manager Verhuur Woonstichting Demodam"),
        cost_current_path=(20_000, 40_000),
        cost_solution=(2_000, 5_000),
        actions=(
            A(N_("Zoekgebied van de urgentie verruimen"), "wonen", 14),
            A(N_("Extra huishoudelijke hulp tot de verhuizing"), "gemeente", 10),
            A(N_("Verhuizing voorbereiden met de inwoner"), COORDINATOR, 42),
        ),
        signals=(
            Signal(
                P.HOUSING,
                N_("Medische urgentie geldt alleen in de eigen wijk"),
                N_(
                    "De urgentieregeling beperkt het zoekgebied tot de eigen wijk. In wijken "
                    "met vooral portiekflats komen nauwelijks gelijkvloerse woningen vrij, "
                    "waardoor inwoners met een medische urgentie jaren blijven wachten en "
                    "steeds meer zorg nodig hebben. Voorstel: de medische urgentie laten "
                    "gelden voor de hele gemeente."
                ),
            ),
        ),
    ),
    "burenruzie": ItemTemplate(
        stuck=N_(
            "Een langlopend conflict tussen buren escaleert; de politie is meerdere keren "
            "geweest. Buurtbemiddeling kan niet beginnen omdat bij een van de partijen "
            "psychische problemen spelen."
        ),
        ask=N_("Wie leidt dan het gesprek, en kan een van de huishoudens tijdelijk elders wonen?"),
        blocked_by=N_("Toelatingscriteria van buurtbemiddeling"),
        barrier_kind=K.RULE,
        barrier=N_(
            "Buurtbemiddeling werkt met vrijwilligers en sluit zaken uit waarin psychische "
            "problemen spelen. Juist die conflicten lopen het vaakst uit de hand."
        ),
        decision=N_(
            "Een ervaren mediator van Welzijn Demodam leidt het gesprek samen met de ggz. De "
            "woonstichting biedt een van de huishoudens een ruil binnen het complex aan."
        ),
        mandate=N_("Coördinator buurtbemiddeling en woonconsulent"),
        cost_current_path=(12_000, 25_000),
        cost_solution=(800, 3_000),
        actions=(
            A(N_("Mediator inzetten voor het gesprek"), "welzijn", 14),
            A(N_("Woningruil binnen het complex aanbieden"), "wonen", 28),
            A(N_("Gesprek voorbereiden met beide huishoudens"), COORDINATOR, 10),
        ),
        signals=(
            Signal(
                P.OTHER,
                N_("Buurtbemiddeling sluit conflicten met psychische problemen uit"),
                N_(
                    "Buurtbemiddeling werkt met vrijwilligers en neemt geen zaken aan waarin "
                    "psychische problemen spelen. Deze conflicten escaleren het vaakst, tot "
                    "politie-inzet en ontruiming toe. Voorstel: een professionele mediator naast "
                    "de vrijwilligers, samen met de wijk-ggz."
                ),
            ),
        ),
    ),
}


# When no new case comes in, the table returns to a case it discussed before.
FOLLOW_UP_AFTER_DAYS = 56
FOLLOW_UP_SHARE = 0.5  # of the meetings
FOLLOW_UP = ItemTemplate(
    stuck=N_(
        "Terugkoppeling van een eerdere doorbraak: de afspraken zijn maar deels uitgevoerd. "
        "De toegezegde hulp is nog niet begonnen en de situatie thuis gaat achteruit."
    ),
    ask=N_("Wie zorgt ervoor dat de afspraken van de vorige bespreking alsnog worden uitgevoerd?"),
    blocked_by=N_("Uitvoering van eerdere afspraken"),
    barrier_kind=K.BOUNDARY,
    barrier=N_(
        "De afspraken van de vorige bespreking liepen vast tussen twee organisaties: elk "
        "wachtte op de ander voordat de eigen stap werd gezet."
    ),
    decision=N_(
        "De tafel legt per afspraak één eigenaar met een datum vast. De teamleider belt de "
        "leidinggevenden van de betrokken organisaties en bewaakt de uitvoering tot de "
        "volgende tafel."
    ),
    mandate=N_("Teamleider wijkteam"),
    # The costs were weighed at the first discussion; counting them again would double them.
    cost_current_path=None,
    cost_solution=None,
    actions=(
        A(N_("Leidinggevenden van de betrokken organisaties bellen"), LEADER, 7),
        A(N_("Uitvoering van de afspraken bewaken"), COORDINATOR, 14),
        A(N_("Terugkoppeling aan de tafel over de uitvoering"), LEADER, 28),
    ),
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


@dataclass(eq=False)  # a plan is itself: compared by identity
class _Plan:
    """One case of the history: what happens to it and when, decided before anything is
    written, and the records once they are."""

    team_key: str
    scenario: Scenario
    shape: str
    coordinator: str | None
    reported_on: date
    events: list[tuple[str, date]]  # status changes after the report, up to today
    closes: date  # planned closing date; in the past for the cases that are closed
    closed_on: date | None
    outcome: str
    early: bool
    assessments: list[date]
    declining: bool
    source: tuple[str, str]
    regime: str
    case: Case | None = None
    level: int = ScalingLevel.WIJKTEAM
    discussed_on: date | None = None  # at the doorbraaktafel
    residents: dict[str, Resident] = field(default_factory=dict)

    def first(self, status: str) -> date | None:
        return next((day for s, day in self.events if s == status), None)


def load(*, log: Callable[[str], None], accounts: DemoAccounts, **earlier: object) -> None:
    """Add the two years of history, unless it is there already. `accounts` is what
    accounts.demo.load made."""
    if Household.objects.filter(city=CITY, street__in=ALL_STREETS).exists():
        log(_("Rapportagehistorie bestond al; er is niets toegevoegd."))
        return
    builder = _Builder(accounts)
    builder.build()
    log(
        _(
            "Rapportagehistorie aangemaakt: %(cases)d casussen (%(closed)d afgesloten), "
            "%(meetings)d doorbraaktafels met %(breakthroughs)d doorbraken en %(signals)d "
            "beleidssignalen."
        )
        % {
            "cases": builder.case_count,
            "closed": builder.closed_count,
            "meetings": builder.meeting_count,
            "breakthroughs": builder.breakthrough_count,
            "signals": builder.signal_count,
        }
    )


class _Builder:
    def __init__(self, accounts: DemoAccounts) -> None:
        # Not for security: a fixed seed makes every demo installation the same.
        self.rng = random.Random(SEED)  # noqa: S311
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(SEED)
        self.accounts = accounts
        self.today = timezone.localdate()
        # Nothing happens today, so no moment of the demo lies in the future.
        self.last_day = self.today - timedelta(days=1)
        self.start = self.today - timedelta(days=HISTORY_DAYS)
        self.tz = timezone.get_current_timezone()
        self.used_bsns = set(Resident.objects.exclude(bsn="").values_list("bsn", flat=True))
        self.used_addresses = set(
            Household.objects.filter(city=CITY).values_list(
                "street", "house_number", "house_number_suffix"
            )
        )
        self.tariffs = {t.name: t for t in Tariff.objects.filter(is_active=True)}
        self.tariff_specs = {spec.name: spec for spec in TARIFFS}
        self.stressor_types = {t.name: t for t in StressorType.objects.filter(is_active=True)}
        self.signalled_on: dict[tuple[str, str], date] = {}  # (team, title) → last time
        self.case_count = self.closed_count = 0
        self.meeting_count = self.breakthrough_count = self.signal_count = 0

    def build(self) -> None:
        plans = [
            self._plan(team_key) for team_key, count in CASE_COUNTS.items() for _i in range(count)
        ]
        # In the order they were reported, so their case numbers rise with the date.
        plans.sort(key=lambda p: p.reported_on)
        for index, plan in enumerate(plans):
            self._walk(plan, index)
        self._doorbraak_history(plans)
        for plan in plans:
            if plan.closed_on is not None:
                self._close(plan)

    # -- what happens to a case --------------------------------------------------------------

    def _plan(self, team_key: str) -> _Plan:
        rng = self.rng
        keys = [s.key for s in SCENARIOS]
        weights = [SCENARIO_WEIGHTS.get(key, 3) for key in keys]
        scenario = SCENARIOS[rng.choices(range(len(keys)), weights=weights)[0]]
        reported_on = self._report_day()
        events, closes, early = self._events(reported_on)
        events = [(status, day) for status, day in events if day <= self.last_day]
        closed_on = closes if closes <= self.last_day else None
        assessments = self._assessment_days(events, closed_on)
        declining = len(assessments) >= 2 and rng.random() < DECLINING_SHARE
        outcome = ""
        if closed_on is not None:
            outcome = self._outcome(scenario, early=early, declining=declining)
        status = events[-1][0] if events else REGISTERED
        recent = (self.last_day - reported_on).days < 10
        coordinator = None
        if not (status == REGISTERED and recent and rng.random() < 0.5):
            names, shares = zip(*COORDINATORS[team_key], strict=True)
            coordinator = rng.choices(names, weights=shares)[0]
        source = scenario.sources[rng.randrange(len(scenario.sources))]
        if rng.random() < OTHER_SOURCE_SHARE:
            source = OTHER_SOURCES[rng.randrange(len(OTHER_SOURCES))]
        regime = REGIMES.get(scenario.key, CaseRegime.WIJKTEAM)
        if rng.random() < 0.4:
            regime = CaseRegime.WIJKTEAM
        return _Plan(
            team_key=team_key,
            scenario=scenario,
            shape=rng.choice(scenario.shapes),
            coordinator=coordinator,
            reported_on=reported_on,
            events=events,
            closes=closes,
            closed_on=closed_on,
            outcome=outcome,
            early=early,
            assessments=assessments,
            declining=declining,
            source=source,
            regime=regime,
            level=scenario.start_level,
        )

    def _report_day(self) -> date:
        """A weekday in the last two years: a little busier lately, quieter in the summer
        holidays and around Christmas. (The cases of cases/demo.py add to the last eighteen
        months, so the trend here is slight.)"""
        rng = self.rng
        while True:
            age = rng.randint(0, HISTORY_DAYS - 1)
            day = self.last_day - timedelta(days=age)
            chance = 1.0 - 0.1 * age / HISTORY_DAYS
            if day.month in (7, 8) or (day.month == 12 and day.day > 20):
                chance *= 0.7
            if day.weekday() >= 5:
                chance *= 0.1
            if rng.random() < chance:
                return day

    def _events(self, reported_on: date) -> tuple[list[tuple[str, date]], date, bool]:
        """The workflow of a case: intake within two weeks, a plan two to eight weeks after
        the report, and closing two to twelve months after it (most after three to five);
        a long case is evaluated halfway and gets another round. Returns the steps up to
        closing, the closing date and whether the case closed early."""
        rng = self.rng
        days = timedelta
        intake = reported_on + days(rng.randint(3, 14))
        plan = max(reported_on + days(rng.randint(14, 56)), intake + days(7))
        execution = plan + days(rng.randint(5, 21))
        closes = reported_on + days(60 + int(305 * rng.betavariate(1.2, 4.5)))
        events = [(INTAKE, intake), (PLAN, plan)]
        if rng.random() < EARLY_SHARE:
            events = events[: rng.randint(1, 2)]
            closes = max(
                events[-1][1] + days(rng.randint(14, 45)),
                reported_on + days(rng.randint(60, 100)),
            )
            return events, closes, True
        closes = max(closes, execution + days(rng.randint(21, 45)))
        events.append((EXECUTION, execution))
        evaluation = closes - days(rng.randint(7, 28))
        if (evaluation - execution).days >= 28:
            if (evaluation - execution).days >= 200 and rng.random() < 0.35:
                halfway = execution + days(rng.randint(90, 130))
                events += [(EVALUATION, halfway), (EXECUTION, halfway + days(rng.randint(3, 14)))]
            events.append((EVALUATION, evaluation))
        return events, closes, False

    def _assessment_days(
        self, events: list[tuple[str, date]], closed_on: date | None
    ) -> list[date]:
        """Two or three assessments of the resident the case is about: at intake, near the
        end (or recently, in a running case) and, in a long case, one halfway."""
        rng = self.rng
        intake = next((day for status, day in events if status == INTAKE), None)
        if intake is None:
            return []
        first = min(intake + timedelta(days=rng.randint(0, 7)), closed_on or self.last_day)
        if closed_on is not None:
            last = closed_on - timedelta(days=rng.randint(0, 6))
        elif any(status == EXECUTION for status, _day in events):
            last = self.last_day - timedelta(days=rng.randint(2, 40))
        else:
            return [first]
        span = (last - first).days
        if span < 28:
            return [first]
        days = [first]
        if span >= 100 and rng.random() < 0.4:
            days.append(first + timedelta(days=span // 2 + rng.randint(-10, 10)))
        days.append(last)
        return days

    def _outcome(self, scenario: Scenario, *, early: bool, declining: bool) -> str:
        rng = self.rng
        if early:
            outcomes, weights = zip(*EARLY_OUTCOMES, strict=True)
            return rng.choices(outcomes, weights=weights)[0]
        if declining:
            outcomes, weights = zip(*DECLINE_OUTCOMES, strict=True)
            return rng.choices(outcomes, weights=weights)[0]
        outcomes = list(OUTCOME_WEIGHTS)
        weights = [w * (2 if o in scenario.outcomes else 1) for o, w in OUTCOME_WEIGHTS.items()]
        return rng.choices(outcomes, weights=weights)[0]

    # -- households --------------------------------------------------------------------------

    def _household(
        self, plan: _Plan, acting_user: User
    ) -> tuple[Household, Resident, Resident | None]:
        """Register the household; return it, the resident the case is about and the other
        adult the case may also concern (the head, or else the partner)."""
        people = self._members(plan.shape)
        residents = []
        for person in people:
            resident = resident_register(
                acting_user=acting_user,
                first_name=person.first_name,
                name_prefix=person.name_prefix,
                last_name=person.last_name,
                date_of_birth=person.date_of_birth,
                bsn=person.bsn,
                phone=person.phone,
                email=person.email,
            )
            residents.append((resident, person.role))
        street, number, suffix, postcode = self._address(plan.team_key)
        household = household_register(
            acting_user=acting_user,
            street=street,
            house_number=number,
            house_number_suffix=suffix,
            postcode=postcode,
            city=CITY,
            members=residents,
        )
        primary = residents[0][0]
        if plan.scenario.primary == "teen":
            teens = [r for r, role in residents if role == HouseholdRole.CHILD]
            primary = teens[0] if teens else primary
        other = next(
            (
                r
                for r, role in residents
                if r.pk != primary.pk and role in (HouseholdRole.HEAD, HouseholdRole.PARTNER)
            ),
            None,
        )
        return household, primary, other

    def _members(self, shape: str) -> list[_Person]:
        rng = self.rng
        head = self._person(HouseholdRole.HEAD, *HEAD_AGES[shape])
        members = [head]
        head_age = (self.today - head.date_of_birth).days // 365
        if shape in (COUPLE, ELDERLY_COUPLE, FAMILY) or (
            shape in (TEEN_FAMILY, CARER) and rng.random() < 0.5
        ):
            members.append(self._person(HouseholdRole.PARTNER, max(19, head_age - 6), head_age + 4))
        if shape in (FAMILY, SINGLE_PARENT):
            for _i in range(rng.randint(1, 2)):
                members.append(
                    self._person(HouseholdRole.CHILD, 0, min(17, head_age - 19), family=head)
                )
        if shape == TEEN_FAMILY:
            members.append(self._person(HouseholdRole.CHILD, 14, 17, family=head))
        if shape == CARER:
            members.append(self._person(HouseholdRole.PARENT, max(75, head_age + 20), 93))
        return members

    def _person(
        self, role: str, min_age: int, max_age: int, *, family: _Person | None = None
    ) -> _Person:
        rng, fake = self.rng, self.fake
        first_name = fake.first_name_female() if rng.random() < 0.5 else fake.first_name_male()
        if family is not None:
            name_prefix, last_name = family.name_prefix, family.last_name
        else:
            name_prefix, last_name = _split_prefix(fake.last_name())
        age = rng.randint(min_age, max(min_age, max_age))
        person = _Person(
            first_name=first_name,
            name_prefix=name_prefix,
            last_name=last_name,
            date_of_birth=self.today - timedelta(days=age * 365 + rng.randint(0, 364)),
            role=role,
        )
        adult = age >= 18
        if rng.random() < (0.75 if adult else 0.45):
            person.bsn = self._bsn()
        if age >= 14 and rng.random() < 0.7:
            person.phone = f"06-{rng.randint(10_000_000, 99_999_999)}"
        if adult and rng.random() < 0.3:
            person.email = fake.safe_email()
        return person

    def _bsn(self) -> str:
        return demo_bsn(self.rng, self.used_bsns)

    def _address(self, team_key: str) -> tuple[str, int, str, str]:
        return demo_address(self.rng, STREETS[team_key], self.used_addresses, highest=180)

    # -- one case, up to just before its closing ---------------------------------------------

    def _walk(self, plan: _Plan, index: int) -> None:
        rng = self.rng
        team = self.accounts.teams[plan.team_key]
        leader = self._user(TEAM_LEADERS[plan.team_key])
        coordinator = self._user(plan.coordinator) if plan.coordinator else None
        worker = coordinator or leader
        opener = coordinator if coordinator and rng.random() < 0.4 else leader
        household, primary, other = self._household(plan, opener)
        source, source_detail = plan.source
        case = case_open(
            acting_user=opener,
            household=household,
            primary_resident=primary,
            team=team,
            source=source,
            source_detail=_(source_detail) if source_detail else "",
            question=plan.scenario.question,
            coordinator=coordinator,
            reported_on=plan.reported_on,
            scaling_level=plan.scenario.start_level,
            regime=plan.regime,
        )
        plan.case = case
        plan.residents = {stressors_demo.PRIMARY: primary}
        if other is not None:
            plan.residents[stressors_demo.OTHER_ADULT] = other
        self.case_count += 1

        case_end = plan.closed_on or self.last_day
        for position, (status, day) in enumerate(plan.events):
            following = plan.events[position + 1][1] if position + 1 < len(plan.events) else None
            case = case_change_status(
                acting_user=worker,
                case=case,
                expected_version=None,
                to_status=status,
                changed_on=day,
            )
            if status == INTAKE and plan.level == ScalingLevel.GENERAL and rng.random() < 0.5:
                self._scale(plan, worker, ScalingLevel.WIJKTEAM, day, SCALE_TO_WIJKTEAM_REASON)
            elif status == PLAN:
                self._support_plan(plan, worker, day)
            elif status == EXECUTION and day == plan.first(EXECUTION):
                self._interventions(plan, worker, day, case_end)
                self._maybe_scale_up(plan, worker, day, following or case_end)
            elif status == EVALUATION and plan.level == ScalingLevel.SPECIALIST:
                reason = SCALE_DOWN_REASONS[ScalingLevel.WIJKTEAM]
                self._scale(plan, worker, ScalingLevel.WIJKTEAM, day, reason)

        # Stressors and assessments draw from their own stream per case.
        story_rng = random.Random(SEED * 1000 + index)  # noqa: S311
        self._stressors(plan, worker, story_rng)
        for day in plan.assessments:
            record_assessment(case, worker, story_rng, primary, day, with_zrm=False)

    def _support_plan(self, plan: _Plan, worker: User, day: date) -> None:
        """The plan with its goals, made on the day the case reached the plan step; agreed
        with the resident when execution started."""
        rng = self.rng
        case = plan.case
        execution = plan.first(EXECUTION)
        evaluation = plan.first(EVALUATION)
        fields: dict[str, object] = {
            "summary": plan.scenario.plan_summary.format(
                voornaam=plan.residents[stressors_demo.PRIMARY].first_name
            )
        }
        if execution is not None:
            fields["agreed_on"] = execution
            fields["evaluate_on"] = evaluation or execution + timedelta(days=rng.randint(90, 150))
        support_plan_update(acting_user=worker, plan=case.support_plan, **fields)
        specs = list(plan.scenario.goals)
        for spec in rng.sample(specs, k=rng.randint(2, min(4, len(specs)))):
            goal_add(
                acting_user=worker,
                plan=case.support_plan,
                life_domain=spec.life_domain,
                description=spec.description,
                help_kind=spec.help_kind,
                who=spec.who,
                due_date=day + timedelta(days=rng.randint(60, 210)),
                status=self._goal_status(plan),
            )

    def _goal_status(self, plan: _Plan) -> str:
        """Where a goal stands today: settled in a closed case, moving in a running one."""
        roll = self.rng.random()
        if plan.closed_on is not None:
            if plan.early:
                return GoalStatus.CANCELLED if roll < 0.7 else GoalStatus.NOT_ACHIEVED
            achieved = 0.45 if plan.declining or plan.outcome == O.SECOND_LINE else 0.7
            if roll < achieved:
                return GoalStatus.ACHIEVED
            return GoalStatus.NOT_ACHIEVED if roll < achieved + 0.2 else GoalStatus.CANCELLED
        execution = plan.first(EXECUTION)
        if execution is None:
            return GoalStatus.OPEN
        if (self.last_day - execution).days > 90 and roll < 0.3:
            return GoalStatus.ACHIEVED
        return GoalStatus.IN_PROGRESS if roll < 0.85 else GoalStatus.OPEN

    def _interventions(self, plan: _Plan, worker: User, day: date, case_end: date) -> None:
        """Provisions from the catalogue: in a closed case all ended by the closing date; in a
        running case some ended, the others run on with their planned quantity."""
        rng = self.rng
        names = [name for name in plan.scenario.tariffs if name in self.tariffs]
        if not names:
            return
        for name in rng.sample(names, k=rng.randint(1, min(3, len(names)))):
            spec = self.tariff_specs.get(name)
            start = min(day + timedelta(days=rng.randint(0, 21)), case_end)
            planned_end = start + timedelta(weeks=rng.randint(12, 40))
            end = None
            if plan.closed_on is not None:
                end = min(planned_end, plan.closed_on)
            elif planned_end <= self.last_day and rng.random() < 0.6:
                end = planned_end
            weeks = max(1, ((end or planned_end) - start).days // 7)
            intervention_add(
                acting_user=worker,
                case=plan.case,
                tariff=self.tariffs[name],
                start_date=start,
                end_date=end,
                quantity=_quantity(spec, weeks),
                provider=rng.choice(spec.providers) if spec else "",
            )

    def _maybe_scale_up(self, plan: _Plan, worker: User, day: date, before: date) -> None:
        """Some cases need specialist care for a while after execution starts."""
        rng = self.rng
        reason = plan.scenario.scale_up_reason
        if not (reason and rng.random() < SCALE_UP_SHARE):
            if rng.random() >= OTHER_SCALE_UP_SHARE:
                return
            reason = _(OTHER_SCALE_UP_REASON)
        up_on = day + timedelta(days=rng.randint(14, 45))
        if up_on < before and up_on <= self.last_day:
            self._scale(plan, worker, ScalingLevel.SPECIALIST, up_on, reason)

    def _scale(self, plan: _Plan, worker: User, to_level: int, day: date, reason: str) -> None:
        if to_level == plan.level:
            return
        case_change_scaling(
            acting_user=worker,
            case=plan.case,
            expected_version=None,
            to_level=to_level,
            reason=reason,
            changed_on=day,
        )
        plan.level = to_level

    # -- stressors ---------------------------------------------------------------------------

    def _stressors(self, plan: _Plan, worker: User, rng: random.Random) -> None:
        """The stressors of the case: sometimes the report names the main one, the intake
        brings two or three more to light; they are tackled and most end (removed, or
        stabilised when that is not possible) before the case closes. In a declining case a
        severe new one arrives just before the last assessment."""
        specs = stressors_demo.SCENARIO_STRESSORS.get(plan.scenario.key, ())
        intake = plan.first(INTAKE)
        if not specs or (intake is None and plan.closed_on is not None):
            return
        registered: list[tuple[Stressor, stressors_demo.StressorSpec]] = []
        if rng.random() < stressors_demo.REPORT_SHARE:
            registered += self._register(plan, worker, rng, [specs[0]], plan.reported_on)
        if intake is not None:
            others = [s for s in specs[1:] if rng.random() < 0.55] or list(specs[1:2])
            chosen = [s for s in (specs[0], *others) if s not in [r[1] for r in registered]]
            registered += self._register(plan, worker, rng, chosen[:3], intake)
        for stressor, spec in registered:
            self._settle(plan, worker, rng, stressor, spec)
        if plan.declining:
            self._setback(plan, worker, rng, specs, [s for s, _spec in registered])

    def _register(
        self,
        plan: _Plan,
        worker: User,
        rng: random.Random,
        specs: list[stressors_demo.StressorSpec],
        day: date,
        *,
        severity: int | None = None,
    ) -> list[tuple[Stressor, stressors_demo.StressorSpec]]:
        registered = []
        for spec in specs:
            kind = self.stressor_types.get(spec.type_name)
            resident = plan.residents.get(spec.who)
            if kind is None or resident is None:
                continue
            stressor = stressor_register(
                acting_user=worker,
                case=plan.case,
                resident=resident,
                stressor_type=kind,
                severity=severity or rng.randint(*spec.severity),
                since=day - timedelta(days=rng.randint(14, 400)) if rng.random() < 0.7 else None,
                description=spec.description,
                tackled_by=spec.tackled_by,
                next_step=spec.next_step,
                registered_on=day,
            )
            registered.append((stressor, spec))
        return registered

    def _settle(
        self,
        plan: _Plan,
        worker: User,
        rng: random.Random,
        stressor: Stressor,
        spec: stressors_demo.StressorSpec,
    ) -> None:
        """Where a stressor goes: most end before the case closes (removed, or stabilised
        when it cannot be removed); the ones still active are being tackled. Of the ones that
        end, only some are recorded as tackled first, which keeps the loader fast. In a running
        case most active stressors were taken up in the last weeks; the others show as
        overdue (no change in four weeks)."""
        registered = stressor.registered_on
        end = None
        if plan.closed_on is not None:
            settles = 0.5 if plan.early or plan.declining else 0.88
            if rng.random() < settles:
                earliest = min(registered + timedelta(days=14), plan.closed_on)
                end = earliest + timedelta(days=rng.randint(0, (plan.closed_on - earliest).days))
        else:
            candidate = registered + timedelta(days=rng.randint(30, 180))
            if candidate <= self.last_day and rng.random() < 0.7:
                end = candidate
        tackled_share = 0.3 if end else (0.9 if (stressor.severity or 1) >= 2 else 0.6)
        if rng.random() < tackled_share:
            tackled = registered + timedelta(days=rng.randint(3, 30))
            if end is None and plan.closed_on is None and rng.random() < RECENTLY_TACKLED:
                recently = self.last_day - timedelta(days=rng.randint(0, 24))
                tackled = max(registered + timedelta(days=3), recently)
            if tackled <= min(end or self.last_day, plan.closed_on or self.last_day):
                stressor = stressors_demo.change_stressor_status(
                    worker, stressor, StressorStatus.IN_PROGRESS, tackled
                )
        if end is None:
            return
        if rng.random() < spec.removable:
            stressors_demo.change_stressor_status(
                worker, stressor, StressorStatus.REMOVED, end, next_step=""
            )
        else:
            next_step = stressors_demo.STABILISED_NEXT_STEP
            stressors_demo.change_stressor_status(
                worker, stressor, StressorStatus.STABILISED, end, next_step=next_step
            )

    def _setback(
        self,
        plan: _Plan,
        worker: User,
        rng: random.Random,
        specs: tuple[stressors_demo.StressorSpec, ...],
        registered: list[Stressor],
    ) -> None:
        """A severe stressor arrives between the last two assessments: the last one shows a
        decline."""
        before, last = plan.assessments[-2], plan.assessments[-1]
        gap = (last - before).days
        if gap < 4:
            return
        day = last - timedelta(days=rng.randint(1, min(15, gap - 2)))
        taken = {
            s.stressor_type.name
            for s in registered
            if s.resident_id == plan.case.primary_resident_id
        }
        candidates = [
            s for s in specs if s.who == stressors_demo.PRIMARY and s.type_name not in taken
        ]
        spec = rng.choice(candidates) if candidates else stressors_demo.CARE_GAP
        if spec.type_name in taken:
            return
        self._register(plan, worker, rng, [spec], day, severity=3)

    # -- closing -----------------------------------------------------------------------------

    def _close(self, plan: _Plan) -> None:
        """Scale to where the help goes on, then close on the closing date."""
        worker = self._user(plan.coordinator or TEAM_LEADERS[plan.team_key])
        outcome = plan.outcome
        if outcome == O.SECOND_LINE:
            self._scale(
                plan, worker, ScalingLevel.SPECIALIST, plan.closed_on, SCALE_TO_SPECIALIST_REASON
            )
        else:
            target = {
                O.INFORMAL: ScalingLevel.OWN_STRENGTH,
                O.GENERAL_PROVISION: ScalingLevel.GENERAL,
                O.FIRST_LINE: ScalingLevel.GENERAL,
            }.get(outcome)
            if target is not None and target < plan.level:
                self._scale(plan, worker, target, plan.closed_on, SCALE_DOWN_REASONS[target])
        plan.case = case_change_status(
            acting_user=worker,
            case=plan.case,
            expected_version=None,
            to_status=CLOSED,
            outcome=outcome,
            changed_on=plan.closed_on,
        )
        self.closed_count += 1

    # -- the doorbraaktafels -----------------------------------------------------------------

    def _doorbraak_history(self, plans: list[_Plan]) -> None:
        """Give each team's rhythm its true start, let the scheduler make the meetings of the
        past, and hold them."""
        first_held: dict[str, date] = {}
        for team_key in CASE_COUNTS:
            team = self.accounts.teams[team_key]
            schedule = MeetingSchedule.objects.filter(team=team).first()
            if schedule is None:
                continue
            earliest = self.start + timedelta(days=TABLE_LEAD_DAYS)
            steps = (schedule.first_date - earliest).days // schedule.interval_days
            team_plans = [p for p in plans if p.team_key == team_key and p.coordinator]
            interval = timedelta(days=schedule.interval_days)
            # The table started once the team had a case for it.
            while steps > 0 and not self._candidates(
                team_plans, schedule.first_date - steps * interval, stuck_only=False
            ):
                steps -= 1
            if steps <= 0:
                continue
            first_held[team_key] = schedule.first_date
            # Same weekday and interval: only the first date moves back, by whole intervals.
            schedule_set(
                acting_user=self._user(BEHEERDER),
                team=team,
                weekday=schedule.weekday,
                start_time=schedule.start_time,
                location=schedule.location,
                first_date=schedule.first_date - steps * interval,
                interval_days=schedule.interval_days,
                duration_minutes=schedule.duration_minutes,
            )
        if not first_held:
            return
        day = min(MeetingSchedule.objects.values_list("first_date", flat=True))
        while day < max(first_held.values()):
            meetings_schedule_upcoming(today=day)
            day += timedelta(days=14)  # the scheduler keeps the next two meetings

        signals: list[PolicySignal] = []
        for team_key, before in first_held.items():
            team_plans = [p for p in plans if p.team_key == team_key and p.coordinator]
            waiting: list[tuple[_Plan, ItemTemplate]] = []  # postponed: first on the next
            previous: date | None = None
            for meeting in Meeting.objects.filter(
                team=self.accounts.teams[team_key],
                date__lt=min(before, self.today),
                status=MeetingStatus.PLANNED,
            ).order_by("date"):
                waiting = self._hold(team_key, meeting, team_plans, waiting, previous, signals)
                previous = meeting.date
        self._release(signals)

    def _candidates(self, plans: list[_Plan], day: date, *, stuck_only: bool) -> list[_Plan]:
        """Cases running on `day` long enough to know where they are stuck, not about to
        close, and not at the table before. With `stuck_only`, the long-running ones that
        have a plan; otherwise any case past its intake."""
        min_run = NOMINATE_MIN_RUN_DAYS if stuck_only else 0
        before_closing = NOMINATE_BEFORE_CLOSING_DAYS if stuck_only else 14
        result = []
        for plan in plans:
            known_on = plan.first(PLAN if stuck_only else INTAKE)
            if (
                plan.discussed_on is None
                and plan.scenario.key in ITEMS
                and (plan.closes - plan.reported_on).days >= min_run
                and known_on is not None
                and known_on <= day
                and (day - plan.reported_on).days >= NOMINATE_AFTER_DAYS
                and (plan.closed_on is None or (plan.closed_on - day).days >= before_closing)
            ):
                result.append(plan)
        return result

    def _follow_ups(self, plans: list[_Plan], day: date, *, after_days: int) -> list[_Plan]:
        """Cases discussed at least `after_days` ago that are still running: the table looks
        at how its earlier breakthroughs are carried out."""
        return [
            plan
            for plan in plans
            if plan.discussed_on is not None
            and (day - plan.discussed_on).days >= after_days
            and (plan.closed_on or plan.closes) >= day + timedelta(days=14)
        ]

    def _hold(
        self,
        team_key: str,
        meeting: Meeting,
        plans: list[_Plan],
        waiting: list[tuple[_Plan, ItemTemplate]],
        previous: date | None,
        signals: list[PolicySignal],
    ) -> list[tuple[_Plan, ItemTemplate]]:
        """Hold one meeting: the items postponed last time come first, then new cases (and
        now and then a look back at an earlier breakthrough); most are discussed, a few
        postponed. Returns the postponed ones with their texts."""
        rng = self.rng
        leader = self._user(TEAM_LEADERS[team_key])
        sizes, weights = zip(*NEW_ITEMS[team_key], strict=True)
        wanted = rng.choices(sizes, weights=weights)[0]
        returning = [plan for plan, _template in waiting]
        candidates = [
            p for p in self._candidates(plans, meeting.date, stuck_only=True) if p not in returning
        ]
        if not candidates and not waiting:
            candidates = self._candidates(plans, meeting.date, stuck_only=False)
        chosen = [
            (plan, ITEMS[plan.scenario.key])
            for plan in rng.sample(candidates, k=min(wanted, len(candidates)))
        ]
        follow_ups = self._follow_ups(plans, meeting.date, after_days=FOLLOW_UP_AFTER_DAYS)
        if not follow_ups and not chosen:  # a quiet spell: the latest breakthroughs, then
            follow_ups = self._follow_ups(plans, meeting.date, after_days=0)
        follow_ups = [p for p in follow_ups if p not in returning]
        if follow_ups and (not chosen or rng.random() < FOLLOW_UP_SHARE):
            chosen = [*chosen[: max(0, wanted - 1)], (rng.choice(follow_ups), FOLLOW_UP)]
        if not waiting and not chosen:
            return []
        # The team's professionals; nothing of these old meetings was shared with a partner.
        for username in TEAM_MEMBERS[team_key]:
            participant_invite(acting_user=leader, meeting=meeting, user=self._user(username))
        items: list[tuple[AgendaItem, _Plan, ItemTemplate]] = []
        for plan, template in [*waiting, *chosen]:
            # The teamleider puts returning items and most cases on the agenda directly
            # (from the team meeting); other cases are nominated by their coordinator.
            by_leader = plan in returning or template is FOLLOW_UP or rng.random() < 0.6
            item = item_nominate(
                acting_user=leader if by_leader else self._user(plan.coordinator),
                meeting=meeting,
                case=plan.case,
                stuck=_(template.stuck),
                ask=_(template.ask),
                blocked_by=_(template.blocked_by),
            )
            if not by_leader:
                item = item_place(acting_user=leader, item=item)
            items.append((item, plan, template))
        meeting = agenda_fix(acting_user=leader, meeting=meeting)
        postponed = []
        for item, plan, template in items:
            if plan not in returning and rng.random() < POSTPONE_SHARE:
                reason = _(rng.choice(POSTPONE_REASONS))
                item_postpone(acting_user=leader, item=item, reason=reason)
                postponed.append((plan, template))
                continue
            plan.discussed_on = meeting.date
            signal = self._breakthrough(team_key, leader, item, plan, template)
            if signal is not None:
                signals.append(signal)
        note = rng.choice(MEETING_NOTES)
        meeting_close(acting_user=leader, meeting=meeting, notes=_(note) if note else "")
        self._backdate(meeting, previous)
        self.meeting_count += 1
        return postponed

    def _breakthrough(
        self,
        team_key: str,
        leader: User,
        item: AgendaItem,
        plan: _Plan,
        template: ItemTemplate,
    ) -> PolicySignal | None:
        """What the table decided, at what cost, and who does what. A barrier that is a flaw
        in the system becomes a policy signal; a team signals the same flaw at most once a
        year."""
        rng = self.rng
        meeting_date = item.meeting.date
        signal = None
        if rng.random() < STRUCTURAL_SHARE:
            signal = next(
                (
                    s
                    for s in template.signals
                    if (team_key, s.title) not in self.signalled_on
                    or (meeting_date - self.signalled_on[team_key, s.title]).days
                    >= SIGNAL_AGAIN_AFTER_DAYS
                ),
                None,
            )
        if signal is not None:
            self.signalled_on[team_key, signal.title] = meeting_date
        breakthrough = breakthrough_record(
            acting_user=leader,
            item=item,
            barrier_kind=template.barrier_kind,
            barrier=_(template.barrier),
            decision=_(template.decision),
            mandate=_(template.mandate),
            cost_current_path=_money(rng, template.cost_current_path, step=500),
            cost_solution=_money(rng, template.cost_solution, step=50),
            is_structural=signal is not None,
            signal_domain=signal.domain if signal else "",
            signal_title=_(signal.title) if signal else "",
            signal_description=_(signal.description) if signal else "",
        )
        self.breakthrough_count += 1
        count = 3 if rng.random() < 0.3 else 2
        chosen = rng.sample(template.actions, k=min(len(template.actions), count))
        for spec in chosen:
            owner, organisation = self._owner(team_key, plan, spec.owner)
            due = meeting_date + timedelta(days=spec.due_days)
            action = action_add(
                acting_user=leader,
                item=item,
                description=_(spec.description),
                due_date=due,
                owner=owner,
                owner_organisation=organisation,
            )
            done_on = self._done_on(meeting_date, due)
            if done_on is not None:
                action_complete(acting_user=owner or leader, action=action, done_on=done_on)
        if signal is None:
            return None
        self.signal_count += 1
        return PolicySignal.objects.get(breakthrough=breakthrough)

    def _done_on(self, meeting_date: date, due: date) -> date | None:
        """Most actions are done around their due date; of the older ones a few were
        forgotten (overdue), of the recent ones more are still open."""
        rng = self.rng
        forgotten = 0.02 if (self.last_day - meeting_date).days > 120 else 0.15
        if rng.random() < forgotten:
            return None
        done = max(due + timedelta(days=rng.randint(-10, 7)), meeting_date + timedelta(days=1))
        return done if done <= self.last_day else None

    def _owner(
        self, team_key: str, plan: _Plan, key: str
    ) -> tuple[User | None, Organisation | None]:
        if key == COORDINATOR:
            return self._user(plan.coordinator), None
        if key == LEADER:
            return self._user(TEAM_LEADERS[team_key]), None
        if key == "huisarts" and team_key == ZUIDOOST:
            key = "gezondheidscentrum"
        return None, self.accounts.organisations[key]

    def _release(self, signals: list[PolicySignal]) -> None:
        """The teamleiders released most signals for the reports once they had checked the
        text; of the last two months fewer so far."""
        rng = self.rng
        for signal in signals:
            age = (self.today - signal.created_on).days
            if rng.random() < (0.85 if age > 60 else 0.3):
                leader = signal.team.leaders_group.user_set.order_by("pk").first()
                if leader is not None:
                    policy_signal_release(acting_user=leader, signal=signal)

    def _backdate(self, meeting: Meeting, previous: date | None) -> None:
        """Demo scaffolding: the services stamp fixing the agenda and nominating an item with
        the moment they run. For a meeting in the past those moments lie before its date;
        only these stamps move."""
        rng = self.rng
        fixed_on = meeting.date - timedelta(days=2)
        Meeting.objects.filter(pk=meeting.pk).update(agenda_fixed_at=self._at(fixed_on))
        latest = fixed_on - timedelta(days=1)
        for item in meeting.items.select_related("case").order_by("pk"):
            earliest = max(item.case.reported_on, latest - timedelta(days=10))
            if previous is not None:
                earliest = max(earliest, previous + timedelta(days=1))
            if earliest > latest:
                continue
            day = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            AgendaItem.objects.filter(pk=item.pk).update(created_at=self._at(day))

    # -- helpers -----------------------------------------------------------------------------

    def _user(self, username: str) -> User:
        return self.accounts.users[username]

    def _at(self, day: date) -> datetime:
        moment = time(self.rng.randint(8, 16), self.rng.choice((0, 15, 30, 45)))
        return datetime.combine(day, moment, tzinfo=self.tz)


def _split_prefix(last_name: str) -> tuple[str, str]:
    """'van der Meer' → ('van der', 'Meer')."""
    for prefix in NAME_PREFIXES:
        if last_name.startswith(prefix + " "):
            return prefix, last_name[len(prefix) + 1 :]
    return "", last_name


def _quantity(spec: TariffSpec | None, weeks: int) -> Decimal:
    """Units for the duration: hours in half hours, other units whole; at least one."""
    if spec is None or spec.per_week is None:
        return Decimal("1")
    step = Decimal("0.5") if spec.unit == TariffUnit.HOUR else Decimal("1")
    units = (spec.per_week * weeks / step).to_integral_value(rounding=ROUND_HALF_UP) * step
    return max(units, Decimal("1"))


def _money(rng: random.Random, bounds: tuple[int, int] | None, *, step: int) -> Decimal | None:
    if bounds is None:
        return None
    low, high = bounds
    return Decimal(rng.randrange(low, high + 1, step)).quantize(Decimal("0.01"))
