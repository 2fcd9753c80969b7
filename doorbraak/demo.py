"""Demo doorbraaktafels for the demo teams (`manage.py load_demo_data`).

Each demo team gets a rhythm (Noord on Thursday afternoon, Zuidoost on Tuesday morning,
every fourteen days) that started four meetings ago. Those four meetings were held: cases
were nominated by their coordinators, placed by the teamleider, some shared with the
housing corporation on a recorded legal basis, and discussed, postponed or withdrawn. The
table recorded breakthroughs with the barrier, the decision, the mandate and the costs
(the train-pass case of the brief among them), structural barriers became policy signals,
and actions went to people and organisations; some are done, some open, a few overdue.
The next meeting of each team has a draft agenda: nominations still waiting for the
teamleider, a few items placed, one shared with the partner; the agenda is not fixed yet.

Cases are picked by the question of their scenario (cases/demo.py), among the cases that
are open today and were reported well before the meeting, so every text fits its case. No
text on an agenda names the resident.

Writes go through doorbraak.services and privacy.services as a teamleider, a professional
or a partner would make them. The services stamp some moments as now (a nomination, a
share, fixing the agenda, a signal); `_backdate` moves those into the past of the meeting
they belong to. That is demo scaffolding, and the only direct write in this module.
The data is deterministic (fixed seed) relative to the day it is loaded.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.demo import NOORD, ZUIDOOST, DemoAccounts
from cases.constants import OPEN_STATUSES
from cases.demo import SCENARIOS
from cases.models import Case
from privacy.constants import LegalBasis
from privacy.models import Consent, DataShare
from privacy.services import consent_record

from .constants import BarrierKind, ItemStatus, PolicyDomain, Weekday
from .models import (
    Action,
    AgendaItem,
    AgendaItemShare,
    Breakthrough,
    Meeting,
    MeetingSchedule,
    PolicySignal,
)
from .services import (
    action_add,
    action_complete,
    agenda_fix,
    breakthrough_record,
    item_nominate,
    item_place,
    item_postpone,
    item_share_with_partners,
    item_withdraw,
    meeting_close,
    meetings_schedule_upcoming,
    next_meeting,
    participant_invite,
    policy_signal_release,
    schedule_set,
)

if TYPE_CHECKING:
    from accounts.models import Organisation, Team, User

SEED = 2026
PAST_MEETINGS = 4
# A case is nominated only if it was reported at least this long before the meeting.
LEAD_DAYS = 14

P1 = "demo-professional"
P2 = "demo-professional2"
Z1 = "demo-zuidoost-1"
Z2 = "demo-zuidoost-2"
PARTNER = "demo-partner"
BEHEERDER = "demo-beheer"
TEAM_LEADERS = {NOORD: "demo-teamleider", ZUIDOOST: "demo-zuidoost-teamleider"}
TEAM_MEMBERS = {NOORD: (P1, P2), ZUIDOOST: (Z1, Z2)}

# Owners of actions besides the organisation keys of accounts.demo.ORGANISATIONS.
COORDINATOR = "coordinator"
LEADER = "leader"

SCENARIO_QUESTIONS = {scenario.key: scenario.question for scenario in SCENARIOS}


@dataclass(frozen=True)
class ScheduleSpec:
    weekday: int
    start_time: time
    location: str
    interval_days: int = 14


SCHEDULES: dict[str, ScheduleSpec] = {
    NOORD: ScheduleSpec(Weekday.THURSDAY, time(13, 30), "Wijkcentrum De Schakel, zaal 2"),
    ZUIDOOST: ScheduleSpec(
        Weekday.TUESDAY, time(10, 0), "Buurtcentrum Het Palet, Vermeerstraat 2, vergaderzaal"
    ),
}


@dataclass(frozen=True)
class ActionSpec:
    description: str
    owner: str  # COORDINATOR, LEADER or an organisation key of accounts.demo
    due_days: int  # after the meeting
    done_days: int | None = None  # done this many days after the meeting; None: still open


@dataclass(frozen=True)
class SignalSpec:
    domain: str
    title: str
    description: str  # for policy: no names, nothing that points to a person


@dataclass(frozen=True)
class BreakthroughSpec:
    barrier_kind: str
    barrier: str
    decision: str
    mandate: str
    cost_current_path: Decimal | None = None
    cost_solution: Decimal | None = None
    signal: SignalSpec | None = None


@dataclass(frozen=True)
class ShareSpec:
    legal_basis: str
    legal_article: str = ""


@dataclass(frozen=True)
class ItemSpec:
    scenarios: tuple[str, ...]  # scenario keys of cases/demo.py, in order of preference
    stuck: str
    ask: str
    blocked_by: str = ""
    breakthrough: BreakthroughSpec | None = None
    actions: tuple[ActionSpec, ...] = ()
    share: ShareSpec | None = None


CONSENT = ShareSpec(LegalBasis.CONSENT)
A = ActionSpec
B = BreakthroughSpec
K = BarrierKind
P = PolicyDomain

# The agenda items, by a key the meeting plans below refer to. An item that comes back
# (postponed, then discussed) is the same case both times.
ITEMS: dict[str, ItemSpec] = {
    # --- Wijkteam Noord ---------------------------------------------------------------------
    "huur_ontruiming": ItemSpec(
        scenarios=("huurachterstand",),
        stuck=(
            "Drie maanden huurachterstand; de woonstichting is met de ontruimingsprocedure "
            "begonnen. Schuldhulpverlening start pas een traject als de woonsituatie zeker is, "
            "en de woonstichting stopt pas als er een schuldhulptraject loopt."
        ),
        blocked_by="Incassobeleid woonstichting en toelatingseisen schuldhulpverlening",
        ask=(
            "Wie doorbreekt deze kip-en-eisituatie: kan de ontruiming worden opgeschort terwijl "
            "schuldhulpverlening start?"
        ),
        breakthrough=B(
            K.BOUNDARY,
            "De woonstichting zet een ontruiming door bij drie maanden achterstand, ook als er "
            "hulp op gang komt. Schuldhulpverlening neemt een aanvraag pas in behandeling als "
            "de woonsituatie stabiel is. Beide volgen hun eigen regel; de inwoner valt ertussen.",
            "De woonstichting schort de ontruimingsprocedure zes maanden op, zolang de lopende "
            "huur wordt betaald. De gemeente lost de achterstand (€ 1.950) af uit het "
            "doorbraakbudget en neemt die mee in het schuldhulptraject. Schuldhulpverlening "
            "start direct met de intake.",
            "Manager Wonen Woonstichting Demodam en teamleider wijkteam (doorbraakbudget)",
            Decimal("32000.00"),
            Decimal("4400.00"),
            SignalSpec(
                P.HOUSING,
                "Ontruimingsbeleid houdt geen rekening met een lopend hulptraject",
                "Het incassobeleid van de woningcorporatie start een ontruimingsprocedure bij "
                "drie maanden huurachterstand, ook als het wijkteam en schuldhulpverlening al "
                "betrokken zijn. Schuldhulpverlening stelt een stabiele woonsituatie juist als "
                "voorwaarde. Huishoudens komen daardoor klem te zitten tussen twee regels. "
                "Een ontruiming met opvang kost ruim € 30.000, het aflossen van de achterstand "
                "met een schuldhulptraject ongeveer € 4.400. Voorstel: in de prestatieafspraken "
                "vastleggen dat de corporatie de procedure opschort zodra er een aanmelding bij "
                "schuldhulpverlening ligt.",
            ),
        ),
        actions=(
            A(
                "Ontruimingsprocedure schriftelijk opschorten en de inwoner informeren",
                "wonen",
                7,
                3,
            ),
            A("Achterstand uit het doorbraakbudget betalen", LEADER, 7, 2),
            A(
                "Huur per automatische incasso regelen, op de dag na de betaling van het inkomen",
                COORDINATOR,
                14,
                9,
            ),
            A("Intake schuldhulpverlening binnen twee weken", "schuldhulp", 14, 19),
        ),
        share=CONSENT,
    ),
    "woning_vervuild": ItemSpec(
        scenarios=("vervuilde_woning",),
        stuck=(
            "De woning is ernstig vervuild en in de gang staan veel brandbare spullen. De "
            "woonstichting dreigt met ontbinding van het huurcontract. De inwoner wil hulp bij "
            "het opruimen, maar alleen in kleine stappen."
        ),
        blocked_by="Wmo-huishoudelijke hulp dekt geen opruimactie; bijzondere bijstand wijst af",
        ask=(
            "Wie betaalt een eenmalige opruimactie, zodat daarna gewone huishoudelijke hulp "
            "kan beginnen?"
        ),
        breakthrough=B(
            K.RULE,
            "De huishoudelijke hulp uit de Wmo is bedoeld om een woning schoon te houden, niet "
            "voor een eenmalige grote opruimactie. De bijzondere bijstand wees de aanvraag af "
            "omdat de kosten verwijtbaar zouden zijn. Zonder opruimactie kan de huishoudelijke "
            "hulp niet beginnen.",
            "Eenmalige opruim- en schoonmaakactie in drie stappen, betaald uit het "
            "doorbraakbudget. Daarna huishoudelijke hulp via de Wmo, 2,5 uur per week. De "
            "woonstichting zet de ontbinding in de wacht en doet na de opruimactie samen met de "
            "inwoner een brandveiligheidscheck.",
            "Teamleider wijkteam (doorbraakbudget tot € 5.000)",
            Decimal("27500.00"),
            Decimal("5700.00"),
        ),
        actions=(
            A("Doorbraakbudget voor de opruimactie vrijgeven", LEADER, 7, 1),
            A("Opruimactie in drie stappen plannen met de inwoner", COORDINATOR, 10, 6),
            A("Brandveiligheidscheck in de woning na de opruimactie", "wonen", 35),
        ),
        share=ShareSpec(LegalBasis.LEGAL_TASK, "Wmo 2015 art. 5.2.1"),
    ),
    "mantelzorg_respijt": ItemSpec(
        scenarios=("mantelzorg",),
        stuck=(
            "Een werkende mantelzorger zorgt voor een inwonende ouder met dementie en is "
            "overbelast. Eén logeerweekend per maand zou helpen, maar de gecontracteerde "
            "aanbieder heeft een wachtlijst van vier maanden."
        ),
        blocked_by="Inkoopcontract respijtzorg: alleen gecontracteerde aanbieders",
        ask=(
            "Mag een zorgboerderij in de buurt die wel plek heeft, maar geen contract met de "
            "gemeente, de logeeropvang doen?"
        ),
        breakthrough=B(
            K.CONTRACT,
            "De gemeente koopt respijtzorg alleen in bij gecontracteerde aanbieders. Die hebben "
            "een wachtlijst van vier maanden; een zorgboerderij in de wijk met plek mag zonder "
            "contract niet worden ingezet.",
            "De gemeente geeft een maatwerkbeschikking met een persoonsgebonden budget voor één "
            "logeerweekend per maand bij de zorgboerderij, voor zes maanden. Daarna overstappen "
            "naar de gecontracteerde aanbieder als daar plek is.",
            "Beleidsadviseur Wmo met mandaat voor maatwerk (gemeente Demodam)",
            Decimal("78000.00"),
            Decimal("4620.00"),
            SignalSpec(
                P.WMO,
                "Respijtzorg alleen bij gecontracteerde aanbieders met een wachtlijst",
                "Respijtzorg is alleen beschikbaar bij gecontracteerde aanbieders, die "
                "wachtlijsten van maanden hebben. Mantelzorgers die nu overbelast zijn, kunnen "
                "niet terecht bij een aanbieder met plek maar zonder contract. Het risico is dat "
                "de mantelzorger uitvalt en een veel duurdere opname volgt. Voorstel: een snelle "
                "route via een persoonsgebonden budget, of een raamcontract voor kleinschalige "
                "logeeropvang in de wijk.",
            ),
        ),
        actions=(
            A("Maatwerkbeschikking respijtzorg afgeven", "gemeente", 14, 12),
            A("Eerste logeerweekend plannen met mantelzorger en zorgboerderij", COORDINATOR, 21),
            A("Lotgenotengroep mantelzorgers aanbieden", "welzijn", 28, 20),
        ),
    ),
    "school_thuiszitter": ItemSpec(
        scenarios=("schoolverzuim",),
        stuck=(
            "Een jongere zit al vier maanden grotendeels thuis door angst en buikpijn. De "
            "jeugd-ggz heeft een wachtlijst van zeven maanden. School wil een aangepast "
            "rooster, maar leerplicht vindt dat zonder behandeling te lang."
        ),
        blocked_by="Wachtlijst jeugd-ggz en de Leerplichtwet",
        ask=(
            "Kan er overbruggingshulp komen, en mag de jongere met een opbouwrooster naar school "
            "zolang de behandeling nog niet is begonnen?"
        ),
        breakthrough=B(
            K.LAW,
            "De Leerplichtwet staat een aangepast rooster alleen tijdelijk toe, met een plan "
            "voor behandeling. De jeugd-ggz begint pas na zeven maanden wachttijd, en de "
            "jeugdhulpaanbieder wacht op een verwijzing die bij de ggz ligt.",
            "Leerplicht stemt in met een opbouwrooster van acht weken. Jeugdhulp De Kompasroos "
            "begint direct met overbruggingsbegeleiding, op verwijzing van het wijkteam. GGZ "
            "Lindehof beoordeelt of de jongere in aanmerking komt voor een spoedplek.",
            "Leerplichtambtenaar gemeente Demodam en teamleider wijkteam (verwijzing jeugdhulp)",
            Decimal("24000.00"),
            Decimal("3400.00"),
            SignalSpec(
                P.YOUTH,
                "Wachttijd jeugd-ggz laat thuiszitters zonder hulp",
                "Jongeren met angstklachten die niet naar school gaan, wachten maanden op "
                "jeugd-ggz. In die tijd is er geen behandeling, en zonder behandelplan kan "
                "school met leerplicht geen passend rooster afspreken. Het thuiszitten duurt "
                "daardoor langer en de hulp wordt zwaarder. Voorstel: bij een wachttijd van meer "
                "dan zes weken standaard overbruggingshulp via het wijkteam, en afspraken met "
                "leerplicht over een opbouwrooster in die periode.",
            ),
        ),
        actions=(
            A("Opbouwrooster van acht weken vastleggen met de zorgcoördinator", "school", 7, 5),
            A("Overbruggingsbegeleiding starten", "jeugd", 14, 8),
            A("Beoordelen of een spoedplek jeugd-ggz mogelijk is", "ggz", 21),
            A("Evaluatie met jongere, ouder en school", COORDINATOR, 42),
        ),
    ),
    "jongere_zoektermijn": ItemSpec(
        scenarios=("jongere_schulden",),
        stuck=(
            "Een jongere van begin twintig heeft schulden bij de zorgverzekeraar en een "
            "telefoonaanbieder, en nog geen inkomen. Door de zoektermijn van vier weken komt "
            "de bijstand pas later op gang; intussen lopen de schulden en incassokosten op."
        ),
        blocked_by=(
            "Zoektermijn Participatiewet voor jongeren onder de 27; schuldhulp vraagt een "
            "stabiel inkomen"
        ),
        ask=(
            "Kan de uitkering direct starten met een voorschot, en kan schuldhulp al beginnen "
            "zonder stabiel inkomen?"
        ),
        breakthrough=B(
            K.RULE,
            "Jongeren onder de 27 moeten eerst vier weken zelf werk of een opleiding zoeken "
            "voordat zij bijstand kunnen aanvragen. Schuldhulpverlening neemt pas aan bij een "
            "stabiel inkomen. Zo blijft de jongere weken zonder inkomen en zonder hulp.",
            "Werk en Inkomen past de uitzondering op de zoektermijn toe (kwetsbare jongere) en "
            "betaalt een voorschot. Schuldhulpverlening start direct met de jongerenaanpak en "
            "biedt de schuldeisers een saneringskrediet aan. Jobcoaching helpt bij de terugkeer "
            "naar het mbo.",
            "Teamleider Werk en Inkomen Demodam",
            Decimal("16500.00"),
            Decimal("6200.00"),
            SignalSpec(
                P.DEBT,
                "Schuldhulp vraagt een stabiel inkomen dat jongeren door de zoektermijn missen",
                "Schuldhulpverlening vraagt een stabiel inkomen als voorwaarde voor een traject. "
                "Jongeren onder de 27 krijgen door de zoektermijn van vier weken pas later "
                "bijstand. In die periode groeien de schulden en de incassokosten. Voorstel: bij "
                "jongeren met schulden de uitzondering op de zoektermijn standaard toepassen en "
                "schuldhulp laten starten zodra de aanvraag binnen is.",
            ),
        ),
        actions=(
            A("Voorschot bijstand betalen", "inkomen", 3, 2),
            A("Budgetplan maken met de jongere", COORDINATOR, 14, 11),
            A("Saneringskrediet aanbieden aan alle schuldeisers", "schuldhulp", 28),
        ),
    ),
    "nieuwkomers_toeslagen": ItemSpec(
        scenarios=("nieuwkomers",),
        stuck=(
            "Een gezin dat vorig jaar naar Nederland kwam, moet € 4.800 toeslag terugbetalen "
            "na een fout in het doorgegeven inkomen. De terugvordering wordt verrekend met de "
            "lopende toeslagen; het gezin kan de huur niet meer betalen."
        ),
        blocked_by="Dienst Toeslagen verrekent automatisch; de gemeente kan dat niet stoppen",
        ask="Hoe voorkomen we een huurachterstand terwijl de terugvordering wordt uitgezocht?",
        breakthrough=B(
            K.BOUNDARY,
            "De terugvordering loopt bij de Dienst Toeslagen, het inkomen bij de gemeente en de "
            "huur bij de verhuurder. Geen van hen kan de verrekening stoppen, en het gezin kan "
            "de brieven niet goed lezen.",
            "Werk en Inkomen verleent bijzondere bijstand voor twee maanden huur. De "
            "casusregisseur meldt het gezin aan bij de maatwerkroute van de Dienst Toeslagen "
            "voor een persoonlijke betalingsregeling. Een taalmaatje van Welzijn Demodam helpt "
            "met de post.",
            "Teamleider Werk en Inkomen Demodam",
            Decimal("9200.00"),
            Decimal("1650.00"),
        ),
        actions=(
            A("Bijzondere bijstand voor twee maanden huur toekennen", "inkomen", 10, 8),
            A("Aanmelden bij de maatwerkroute van de Dienst Toeslagen", COORDINATOR, 14, 24),
            A("Taalmaatje koppelen voor hulp bij de post", "welzijn", 28, 20),
        ),
    ),
    # The train-pass case of the brief.
    "treinabonnement": ItemSpec(
        scenarios=("psychische_problemen", "na_detentie"),
        stuck=(
            "De inwoner heeft schizofrenie en reist bijna elke dag met de trein, zonder "
            "kaartje: het reizen geeft rust in het hoofd. Dat levert steeds nieuwe boetes op. "
            "Die worden niet betaald, dus volgen gijzeling en detentie. Na elke detentie zijn de "
            "behandeling en de dagstructuur weg en begint alles opnieuw."
        ),
        blocked_by=(
            "Beleidsregels bijzondere bijstand: een ov-abonnement alleen bij medische noodzaak "
            "of voor werk"
        ),
        ask=(
            "Kunnen we een jaarabonnement voor de trein betalen in plaats van de boetes en de "
            "detenties? En wie regelt de boetes die nog openstaan?"
        ),
        breakthrough=B(
            K.RULE,
            "De beleidsregels bijzondere bijstand vergoeden een ov-abonnement alleen bij "
            "medische noodzaak of voor werk. Reizen als rustpunt bij een psychiatrische "
            "aandoening past daar niet in, dus de aanvraag werd afgewezen. Ondertussen lopen de "
            "boetes, gijzeling en detentie door.",
            "Werk en Inkomen verstrekt als maatwerk een trein-jaarabonnement voor één jaar, met "
            "toepassing van de hardheidsclausule. De casusregisseur vraagt het CJIB de "
            "openstaande boetes om te zetten in een betalingsregeling. Het FACT-team neemt het "
            "reizen op in het behandelplan. Evaluatie over zes maanden aan deze tafel. Kosten "
            "van de huidige route: boetes, gijzeling en detentie (ongeveer € 50.000 per jaar) "
            "en acht casusoverleggen met zes professionals (€ 500 per overleg).",
            "Manager Werk en Inkomen Demodam (hardheidsclausule bijzondere bijstand)",
            Decimal("54000.00"),
            Decimal("3000.00"),
            SignalSpec(
                P.PARTICIPATION,
                "Bijzondere bijstand vergoedt geen reizen dat psychische stabiliteit geeft",
                "De beleidsregels bijzondere bijstand vergoeden een ov-abonnement alleen bij "
                "medische noodzaak of voor werk. Voor inwoners met een ernstige psychiatrische "
                "aandoening voor wie reizen juist stabiliteit geeft, leidt een afwijzing tot "
                "boetes, gijzeling en detentie die vele malen duurder zijn dan een "
                "jaarabonnement (ongeveer € 54.000 tegen € 3.000 per jaar). Voorstel: een "
                "maatwerkbepaling in de beleidsregels, zodat het wijkteam dit kan regelen "
                "zonder doorbraaktafel.",
            ),
        ),
        actions=(
            A(
                "Maatwerkbesluit bijzondere bijstand voor het trein-jaarabonnement nemen",
                "inkomen",
                7,
                5,
            ),
            A("Samen met de inwoner het jaarabonnement aanvragen en ophalen", COORDINATOR, 14, 12),
            A(
                "CJIB vragen de openstaande boetes om te zetten in een betalingsregeling",
                COORDINATOR,
                14,
            ),
            A("Het reizen opnemen in het behandelplan van het FACT-team", "ggz", 28),
            A("Weeffout agenderen in het overleg met de wethouder sociaal domein", LEADER, 42),
        ),
    ),
    "alcohol_tweedekans": ItemSpec(
        scenarios=("alcohol",),
        stuck=(
            "Na overlast en een huurachterstand is het huurcontract opgezegd. De "
            "verslavingszorg wil behandelen zodra er een stabiele woonplek is; de woonstichting "
            "biedt pas een nieuw contract als de behandeling loopt."
        ),
        blocked_by="Toewijzingsbeleid woonstichting en intakecriteria verslavingszorg",
        ask="Wie zet de eerste stap, zodat wonen en behandeling tegelijk kunnen beginnen?",
        breakthrough=B(
            K.BOUNDARY,
            "De woonstichting wil zekerheid over behandeling voordat zij een nieuw contract "
            "geeft; de verslavingszorg begint pas als de woonsituatie stabiel is. Ieder wacht "
            "op de ander.",
            "De woonstichting biedt een tweedekanscontract voor een jaar, met "
            "begeleidingsafspraken. Verslavingszorg Demodam begint in dezelfde week met "
            "ambulante behandeling. Het wijkteam houdt de regie en bespreekt de voortgang elke "
            "maand met beide.",
            "Manager Wonen Woonstichting Demodam en zorgmanager Verslavingszorg Demodam",
            Decimal("41000.00"),
            Decimal("9800.00"),
        ),
        actions=(
            A("Tweedekanscontract opstellen met begeleidingsafspraken", "wonen", 21, 17),
            A("Intake ambulante behandeling", "verslavingszorg", 14),
            A("Begeleidingsafspraken opnemen in het ondersteuningsplan", COORDINATOR, 21, 12),
        ),
        share=ShareSpec(LegalBasis.COVENANT, "Convenant Wonen, Zorg en Veiligheid Demodam 2025"),
    ),
    "eenzaamheid_vervoer": ItemSpec(
        scenarios=("eenzaamheid",),
        stuck=(
            "Een oudere inwoner die alleen woont, komt sinds het overlijden van de partner "
            "nauwelijks buiten en is een paar keer gevallen. Naar de koffieochtend en de "
            "dagbesteding kan de inwoner niet zelfstandig reizen."
        ),
        blocked_by="Wmo-vervoer (regiotaxi) alleen met een medische indicatie",
        ask=(
            "Kan de inwoner een regiotaxipas krijgen voor de dagbesteding en het buurthuis, "
            "zonder medische keuring?"
        ),
        breakthrough=B(
            K.RULE,
            "De regiotaxipas wordt alleen verstrekt na een medische beoordeling die aantoont "
            "dat de inwoner niet met het openbaar vervoer kan. Eenzaamheid en angst om te "
            "vallen tellen niet mee.",
            "De gemeente verstrekt als maatwerk een regiotaxipas voor één jaar, zonder medische "
            "keuring. Welzijn Demodam koppelt een maatje dat de eerste ritten meegaat.",
            "Beleidsadviseur Wmo met mandaat voor maatwerk (gemeente Demodam)",
            Decimal("7400.00"),
            Decimal("650.00"),
        ),
        actions=(
            A("Regiotaxipas als maatwerk verstrekken", "gemeente", 7, 3),
            A("Maatje koppelen dat de eerste ritten meegaat", "welzijn", 21),
        ),
    ),
    "detentie_nazorg": ItemSpec(
        scenarios=("na_detentie",),
        stuck=(
            "Een jongvolwassene is net vrij uit detentie, zonder woning, zonder geldig "
            "ID-bewijs en zonder inkomen. Een uitkering kan pas worden aangevraagd met een "
            "ID-bewijs, en een kamer pas met een inkomen."
        ),
        blocked_by=(
            "Aanvraag uitkering vraagt een geldig ID-bewijs; inschrijving als woningzoekende "
            "vraagt een inkomen"
        ),
        ask=(
            "Kunnen ID-bewijs, inkomen en onderdak tegelijk worden geregeld, zodat de inwoner "
            "niet terugvalt in het oude circuit?"
        ),
        breakthrough=B(
            K.RULE,
            "Burgerzaken, Werk en Inkomen en de woonstichting werken elk met hun eigen "
            "volgorde: eerst een ID-bewijs, dan een uitkering, dan woonruimte. Elke stap duurt "
            "weken, en tijdens de detentie is niets voorbereid.",
            "Burgerzaken maakt binnen een week een spoedafspraak voor een ID-kaart. Werk en "
            "Inkomen betaalt een voorschot op basis van de aanvraag. De woonstichting biedt een "
            "kamer aan via de Housing First-afspraak; het wijkteam begeleidt.",
            "Teamleider Werk en Inkomen Demodam en manager Wonen Woonstichting Demodam",
            Decimal("45000.00"),
            Decimal("7800.00"),
            SignalSpec(
                P.JUSTICE,
                "Nazorg na detentie sluit niet aan: geen ID-bewijs, geen inkomen, geen onderdak",
                "Mensen die uit detentie komen, hebben vaak geen geldig ID-bewijs, geen inkomen "
                "en geen woonruimte. Elke voorziening vraagt de vorige als voorwaarde, en "
                "tijdens de detentie wordt niets voorbereid. Het risico op terugval en een "
                "nieuwe detentie is groot. Voorstel: afspraken met de penitentiaire inrichting, "
                "zodat ID-bewijs, uitkering en onderdak klaarstaan op de dag van vrijlating.",
            ),
        ),
        actions=(
            A("Voorschot uitkering betalen", "inkomen", 3, 2),
            A("Spoedafspraak voor een ID-kaart, samen met de inwoner", COORDINATOR, 7, 3),
            A("Kamer aanbieden via de Housing First-afspraak", "wonen", 28),
        ),
        share=CONSENT,
    ),
    "burenruzie_overlast": ItemSpec(
        scenarios=("burenruzie",),
        stuck=(
            "Aanhoudende ruzie met de buren over geluid. De woonstichting heeft een "
            "waarschuwingsbrief gestuurd en de politie is twee keer langs geweest."
        ),
        blocked_by="Overlastprocedure woonstichting",
        ask="Kan de woonstichting de procedure stilleggen zolang buurtbemiddeling loopt?",
    ),
    "scheiding_woning": ItemSpec(
        scenarios=("scheiding",),
        stuck=(
            "Na een scheiding woont een ouder met de kinderen in een veel te kleine woning. De "
            "toeslagen kloppen niet meer en er is een conflict met de ex-partner over de omgang "
            "en het geld."
        ),
        blocked_by="Urgentieregeling woonruimte en herberekening van de toeslagen",
        ask=(
            "Is een tijdelijke grotere woning mogelijk, en wie helpt om de toeslagen snel te "
            "herstellen?"
        ),
    ),
    "huur_deurwaarder": ItemSpec(
        scenarios=("huurachterstand",),
        stuck=(
            "Een huishouden heeft een huurachterstand en krijgt binnenkort een aankondiging "
            "van ontruiming. Er ligt een voorstel voor een betalingsregeling, maar de "
            "deurwaarder die de woonstichting inschakelde reageert niet."
        ),
        blocked_by="Incassotraject via de deurwaarder van de woonstichting",
        ask=(
            "Kan de woonstichting de zaak terughalen bij de deurwaarder en de "
            "betalingsregeling accepteren?"
        ),
        share=CONSENT,
    ),
    "jongere_studie": ItemSpec(
        scenarios=("jongere_schulden",),
        stuck=(
            "Een jongere wil terug naar het mbo, maar verliest dan de bijstand. De "
            "studiefinanciering dekt de vaste lasten en de aflossing van de schulden niet."
        ),
        blocked_by="Participatiewet: geen bijstand naast een opleiding met studiefinanciering",
        ask=(
            "Kan de jongere de opleiding beginnen met behoud van de schuldregeling, "
            "bijvoorbeeld met een aanvullende toeslag?"
        ),
    ),
    "laaggeletterd_digitaal": ItemSpec(
        scenarios=("laaggeletterdheid",),
        stuck=(
            "Een inwoner die niet goed kan lezen, moet toeslag terugbetalen en krijgt de brieven "
            "alleen digitaal. Een vrijwilliger wil helpen, maar kan zonder DigiD-machtiging "
            "niet meekijken."
        ),
        blocked_by="DigiD-machtiging en digitale post van de Dienst Toeslagen",
        ask="Wie zorgt dat de brieven op papier komen en dat de vrijwilliger mag meekijken?",
    ),
    "chronisch_verhuizen": ItemSpec(
        scenarios=("chronisch_ziek",),
        stuck=(
            "Een inwoner met een ernstige longziekte woont drie hoog zonder lift en komt bijna "
            "niet meer buiten. Een traplift past niet in het portiek; verhuizen naar een "
            "gelijkvloerse woning lukt niet zonder urgentie."
        ),
        blocked_by="Medische urgentie pas na extern advies, met vijf maanden wachttijd",
        ask=(
            "Kan de woonstichting een passende benedenwoning aanbieden, vooruitlopend op het "
            "medisch advies?"
        ),
    ),
    # --- Wijkteam Zuidoost ------------------------------------------------------------------
    "zo_kwijtschelding": ItemSpec(
        scenarios=("vroegsignalering",),
        stuck=(
            "Een huishouden loopt achter met energie en zorgverzekering. Kwijtschelding van de "
            "gemeentelijke belastingen is afgewezen, omdat de auto die nodig is voor werk in "
            "ploegendienst als vermogen telt. Er dreigt loonbeslag."
        ),
        blocked_by="Kwijtscheldingsnormen gemeentelijke belastingen",
        ask="Kan de kwijtschelding toch worden verleend, zodat werk en inkomen blijven?",
        breakthrough=B(
            K.RULE,
            "De kwijtscheldingsregels tellen de waarde van een auto als vermogen, ook als die "
            "nodig is om het werk te bereiken. De aanvraag is daarom afgewezen en de "
            "deurwaarder heeft loonbeslag aangekondigd.",
            "De gemeente verleent kwijtschelding met toepassing van de hardheidsclausule. Het "
            "wijkteam regelt met de energieleverancier en de zorgverzekeraar een "
            "betalingsregeling.",
            "Teamleider Belastingen gemeente Demodam (hardheidsclausule)",
            Decimal("21000.00"),
            Decimal("890.00"),
            SignalSpec(
                P.OTHER,
                "Kwijtschelding telt een auto die nodig is voor werk als vermogen",
                "Bij kwijtschelding van gemeentelijke belastingen telt een auto als vermogen, "
                "ook als iemand die nodig heeft om het werk te bereiken, bijvoorbeeld bij "
                "ploegendiensten. Een afwijzing leidt tot beslag en soms tot baanverlies, wat "
                "de gemeente meer kost dan de kwijtschelding. Voorstel: een auto die nodig is "
                "voor het werk buiten het vermogen laten.",
            ),
        ),
        actions=(
            A("Kwijtschelding verlenen met de hardheidsclausule", "gemeente", 14, 9),
            A("Betalingsregelingen met energieleverancier en zorgverzekeraar", COORDINATOR, 14, 13),
        ),
    ),
    "zo_fact": ItemSpec(
        scenarios=("psychische_problemen",),
        stuck=(
            "Een inwoner met psychotische klachten wil niet naar de huisarts. Het FACT-team kan "
            "pas beginnen na een verwijzing; de wijkagent is al een paar keer geweest na "
            "meldingen van de buren."
        ),
        blocked_by="Verwijsroute ggz: eerst de huisarts, dan een diagnose, dan het FACT-team",
        ask="Kan de ggz zonder verwijzing eerst thuis komen kijken, samen met het wijkteam?",
        breakthrough=B(
            K.BOUNDARY,
            "Het FACT-team werkt alleen op verwijzing van de huisarts, en de huisarts ziet de "
            "inwoner niet omdat die niet naar de praktijk komt. De politie kan alleen optreden "
            "bij acuut gevaar.",
            "GGZ Lindehof doet een eerste beoordeling bij de inwoner thuis, samen met de "
            "casusregisseur. De huisarts verwijst daarna op basis van die beoordeling.",
            "Zorgmanager GGZ Lindehof",
        ),
        actions=(
            A("De inwoner voorbereiden op het bezoek", COORDINATOR, 7, 4),
            A("Huisbezoek voor een eerste beoordeling", "ggz", 14, 10),
            A("Verwijzing naar het FACT-team na de beoordeling", "gezondheidscentrum", 28, 30),
        ),
    ),
    "zo_zorg_thuis": ItemSpec(
        scenarios=("vervuilde_woning",),
        stuck=(
            "Een inwoner die alleen woont, verwaarloost zichzelf en de woning. De wijkverpleging "
            "zegt dat hulp in het huishouden onder de Wmo valt; de Wmo zegt dat de verzorging "
            "bij de wijkverpleging hoort. Er komt niemand."
        ),
        blocked_by="Grens tussen Zorgverzekeringswet (wijkverpleging) en Wmo",
        ask="Wie gaat er nu heen? Kunnen wijkverpleging en Wmo samen één plan maken?",
        breakthrough=B(
            K.BOUNDARY,
            "Persoonlijke verzorging valt onder de Zorgverzekeringswet, huishoudelijke hulp "
            "onder de Wmo. Bij een gemengde vraag wijzen beide naar de ander, en de indicaties "
            "worden los van elkaar gesteld.",
            "Wijkverpleging Demodam begint met persoonlijke verzorging en maakt één plan met de "
            "Wmo-consulent. De gemeente geeft direct een beschikking voor huishoudelijke hulp, "
            "zonder apart keukentafelgesprek.",
            "Wijkverpleegkundige (indicatie Zvw) en Wmo-consulent gemeente Demodam",
            Decimal("31000.00"),
            Decimal("6900.00"),
            SignalSpec(
                P.HEALTH_INSURANCE,
                "Zorg thuis valt tussen Zorgverzekeringswet en Wmo",
                "Bij inwoners met een gemengde vraag (persoonlijke verzorging en huishouden) "
                "verwijzen wijkverpleging en Wmo naar elkaar. De indicaties worden los van "
                "elkaar gesteld en de hulp begint laat of niet. Voorstel: één gezamenlijke "
                "indicatie door wijkverpleegkundige en Wmo-consulent, met een afspraak over wie "
                "als eerste begint.",
            ),
        ),
        actions=(
            A("Persoonlijke verzorging starten en één zorgplan maken", "wijkverpleging", 7, 6),
            A("Beschikking huishoudelijke hulp zonder apart gesprek", "gemeente", 14),
        ),
    ),
    "zo_brieven": ItemSpec(
        scenarios=("laaggeletterdheid",),
        stuck=(
            "Een inwoner die niet kan lezen, krijgt de brieven over de uitkering alleen in de "
            "berichtenbox. Afspraken worden gemist, waarna de uitkering is verlaagd."
        ),
        blocked_by="Digitale post Werk en Inkomen; maatregel bij een gemiste afspraak",
        ask=(
            "Kan Werk en Inkomen de brieven op papier sturen, bellen bij belangrijke afspraken "
            "en de maatregel terugdraaien?"
        ),
        breakthrough=B(
            K.RULE,
            "Werk en Inkomen stuurt brieven standaard digitaal. Een maatregel volgt automatisch "
            "bij een gemiste afspraak, zonder te kijken of de inwoner de uitnodiging kon lezen.",
            "Werk en Inkomen zet het dossier op post op papier met een telefonische herinnering "
            "en trekt de maatregel in. Een vrijwilliger van het Taalhuis helpt elke week met de "
            "post; de inwoner begint met een taalcursus.",
            "Teamleider Werk en Inkomen Demodam",
            Decimal("3600.00"),
            Decimal("350.00"),
            SignalSpec(
                P.PARTICIPATION,
                "Digitale post en automatische maatregelen treffen wie niet kan lezen",
                "Brieven over de uitkering gaan standaard digitaal. Inwoners die niet of "
                "slecht kunnen lezen, missen daardoor afspraken en krijgen een maatregel op hun "
                "uitkering. Voorstel: laaggeletterdheid vastleggen als reden voor post op "
                "papier met een telefonische herinnering, en geen maatregel zonder na te gaan "
                "of de uitnodiging begrepen kon worden.",
            ),
        ),
        actions=(
            A("Dossier op post op papier zetten en de maatregel intrekken", "inkomen", 7, 6),
            A("Aanmelden voor een taalcursus bij het Taalhuis", COORDINATOR, 21, 15),
        ),
    ),
    "zo_scheiding": ItemSpec(
        scenarios=("scheiding",),
        stuck=(
            "Na een scheiding slaapt een ouder met de kinderen afwisselend bij familie. Er is "
            "geen urgentie, omdat scheiding in de urgentieregeling geen grond is. De kinderen "
            "moeten steeds ver reizen naar school."
        ),
        blocked_by="Urgentieverordening woonruimte",
        ask=(
            "Kan de woonstichting een tijdelijke woning aanbieden terwijl de ouder op de "
            "wachtlijst staat?"
        ),
        breakthrough=B(
            K.RULE,
            "De urgentieverordening kent scheiding niet als grond voor urgentie, ook niet als "
            "er minderjarige kinderen zijn en er geen eigen woonruimte is.",
            "De woonstichting biedt een tussenwoning met een tijdelijk huurcontract van één "
            "jaar. Het wijkteam helpt met de herberekening van de toeslagen en verwijst voor de "
            "omgangsregeling naar het Juridisch Loket.",
            "Manager Wonen Woonstichting Demodam",
            Decimal("38000.00"),
            Decimal("4500.00"),
            SignalSpec(
                P.HOUSING,
                "Urgentieregeling kent scheiding met kinderen niet als grond",
                "Ouders die na een scheiding met minderjarige kinderen zonder woonruimte komen "
                "te zitten, krijgen geen urgentie. Gezinnen trekken rond tussen familie en "
                "opvang, en kinderen moeten ver reizen of van school wisselen. Opvang is veel "
                "duurder dan een tijdelijke woning. Voorstel: een tijdelijke tussenwoning als "
                "vaste voorziening in de prestatieafspraken met de corporatie.",
            ),
        ),
        actions=(
            A("Tussenwoning aanbieden met een tijdelijk huurcontract", "wonen", 21, 18),
            A("Toeslagen laten herberekenen", COORDINATOR, 14),
        ),
        share=CONSENT,
    ),
    "zo_dubbele_diagnose": ItemSpec(
        scenarios=("alcohol",),
        stuck=(
            "Een inwoner met een alcoholprobleem en depressieve klachten wordt door de ggz naar "
            "de verslavingszorg verwezen, en andersom. Intussen dreigt de relatie te stoppen en "
            "het inkomen weg te vallen."
        ),
        blocked_by="Intakecriteria ggz en verslavingszorg bij een dubbele diagnose",
        ask=(
            "Kunnen ggz en verslavingszorg afspreken wie de behandeling begint en de ander "
            "erbij haalt?"
        ),
        breakthrough=B(
            K.BOUNDARY,
            "De ggz behandelt pas als de inwoner gestopt is met drinken; de verslavingszorg "
            "verwijst door vanwege de depressie. Er is geen afspraak over wie bij een dubbele "
            "diagnose de hoofdbehandelaar is.",
            "Verslavingszorg Demodam wordt hoofdbehandelaar en begint deze maand; GGZ Lindehof "
            "levert een consulent die meebehandelt. Het wijkteam houdt de regie en plant een "
            "gesprek samen met de partner.",
            "Zorgmanagers Verslavingszorg Demodam en GGZ Lindehof",
            Decimal("26000.00"),
            Decimal("8400.00"),
        ),
        actions=(
            A("Gesprek met de inwoner en de partner plannen", COORDINATOR, 10, 4),
            A("Intake als hoofdbehandelaar", "verslavingszorg", 14),
        ),
    ),
    "zo_mantelzorg": ItemSpec(
        scenarios=("mantelzorg",),
        stuck=(
            "Een werkende mantelzorger zorgt voor een ouder met dementie. De dagbesteding is "
            "toegekend, het vervoer ernaartoe niet, omdat dat een aparte aanvraag is. Zonder "
            "vervoer gaat de ouder niet."
        ),
        blocked_by="Vervoer naar de dagbesteding is een aparte Wmo-aanvraag",
        ask="Kan het vervoer direct in de beschikking voor de dagbesteding worden opgenomen?",
        breakthrough=B(
            K.RULE,
            "Dagbesteding en vervoer zijn twee aparte maatwerkvoorzieningen, elk met een eigen "
            "aanvraag en een beslistermijn van acht weken.",
            "De gemeente neemt het vervoer op in de lopende beschikking voor de dagbesteding, "
            "met terugwerkende kracht. De mantelzorger krijgt op zaterdag respijt via een maatje "
            "van Welzijn Demodam.",
            "Wmo-consulent gemeente Demodam",
            Decimal("9000.00"),
            Decimal("2600.00"),
        ),
        actions=(
            A("Vervoer opnemen in de beschikking dagbesteding", "gemeente", 7, 5),
            A("Maatje zoeken voor de zaterdag", "welzijn", 28),
        ),
    ),
    "zo_longziekte": ItemSpec(
        scenarios=("chronisch_ziek",),
        stuck=(
            "Een inwoner met een longziekte kan de trap niet meer op en doet geen boodschappen "
            "meer. De huishoudelijke hulp is toegekend, maar begint pas over tien weken."
        ),
        blocked_by="Wachtlijst huishoudelijke hulp bij de gecontracteerde aanbieders",
        ask=(
            "Kan er hulp komen tot de huishoudelijke hulp begint, en is een verhuizing naar een "
            "benedenwoning bespreekbaar?"
        ),
    ),
    "zo_jongere_baan": ItemSpec(
        scenarios=("jongere_schulden",),
        stuck=(
            "Een jongere met schulden kan via een uitzendbureau aan het werk, maar dan stopt de "
            "bijstand en komt het eerste loon pas na vier weken."
        ),
        blocked_by="Overgang van bijstand naar loon: een maand zonder inkomen",
        ask=(
            "Kan Werk en Inkomen die maand overbruggen met een renteloos voorschot, zodat de "
            "baan niet afketst?"
        ),
    ),
    "zo_alcohol_start": ItemSpec(
        scenarios=("alcohol",),
        stuck=(
            "Een inwoner wil stoppen met drinken en is gemotiveerd, maar de intake bij de "
            "verslavingszorg is pas over zes weken. In die tijd is de kans op terugval groot."
        ),
        blocked_by="Wachttijd intake verslavingszorg",
        ask=("Kan de intake eerder, of kan het wijkteam overbruggen met een ervaringsdeskundige?"),
    ),
}

# What happens to an item.
DISCUSS = "discuss"  # a breakthrough with actions
POSTPONE = "postpone"  # postponed at the table, with a reason
WITHDRAW = "withdraw"  # nominated, then withdrawn by the teamleider before the agenda is fixed
LEFT_OVER = "left_over"  # placed but not reached; closing the meeting postpones it
NOMINATED = "nominated"  # upcoming: waits for the teamleider
PLACED = "placed"  # upcoming: on the draft agenda


@dataclass(frozen=True)
class Step:
    item: str
    outcome: str
    reason: str = ""
    by_leader: bool = False  # the teamleider puts it on the agenda (e.g. a postponed item)
    coordinator: str | None = None  # only a case this professional coordinates


@dataclass(frozen=True)
class MeetingPlan:
    steps: tuple[Step, ...]
    notes: str = ""


NOT_REACHED = "Niet aan toegekomen; staat de volgende keer bovenaan."

# The held meetings of each team, oldest first.
PAST_PLANS: dict[str, tuple[MeetingPlan, ...]] = {
    NOORD: (
        MeetingPlan(
            (
                Step("huur_ontruiming", DISCUSS),
                Step("woning_vervuild", DISCUSS),
                Step("mantelzorg_respijt", DISCUSS),
                Step(
                    "school_thuiszitter",
                    POSTPONE,
                    reason="Leerplicht en jeugd-ggz konden er niet bij zijn; volgende tafel.",
                ),
            ),
            "Aanwezig: het wijkteam en de woonconsulent van Woonstichting Demodam. Afgesproken "
            "dat de open acties van eerdere tafels voortaan aan het begin worden doorgelopen.",
        ),
        MeetingPlan(
            (
                Step("school_thuiszitter", DISCUSS, by_leader=True),
                Step("jongere_zoektermijn", DISCUSS),
                Step("nieuwkomers_toeslagen", DISCUSS),
            ),
            "De leerplichtambtenaar schoof aan voor het punt over de thuiszitter.",
        ),
        MeetingPlan(
            (
                Step("treinabonnement", DISCUSS),
                Step("alcohol_tweedekans", DISCUSS),
                Step("eenzaamheid_vervoer", POSTPONE, reason=NOT_REACHED),
            ),
            "Het treinabonnement gaat als weeffout mee naar het overleg met de wethouder.",
        ),
        MeetingPlan(
            (
                Step("eenzaamheid_vervoer", DISCUSS, by_leader=True),
                Step("detentie_nazorg", DISCUSS),
                Step("burenruzie_overlast", WITHDRAW),
                Step("scheiding_woning", LEFT_OVER),
            ),
            "Het punt over de burenruzie is teruggetrokken: buurtbemiddeling heeft het "
            "opgelost. Het laatste punt is niet meer besproken en komt terug.",
        ),
    ),
    ZUIDOOST: (
        MeetingPlan(
            (Step("zo_kwijtschelding", DISCUSS), Step("zo_fact", DISCUSS)),
            "Aanwezig: het wijkteam en de woonconsulent van Woonstichting Demodam.",
        ),
        MeetingPlan(
            (
                Step("zo_zorg_thuis", DISCUSS),
                Step(
                    "zo_brieven",
                    POSTPONE,
                    reason="De consulent van Werk en Inkomen was verhinderd; volgende tafel.",
                ),
            ),
            "De wijkverpleegkundige schoof aan voor het eerste punt.",
        ),
        MeetingPlan(
            (Step("zo_brieven", DISCUSS, by_leader=True), Step("zo_scheiding", DISCUSS)),
            "Twee weeffouten voor het kwartaaloverleg met beleid.",
        ),
        MeetingPlan(
            (
                Step("zo_dubbele_diagnose", DISCUSS),
                Step("zo_mantelzorg", DISCUSS),
                Step("zo_longziekte", LEFT_OVER),
            ),
            "Het laatste punt is niet meer besproken en komt terug.",
        ),
    ),
}

# The next meeting of each team: a draft agenda, not fixed yet.
NEXT_PLANS: dict[str, MeetingPlan] = {
    NOORD: MeetingPlan(
        (
            Step("scheiding_woning", PLACED, by_leader=True),
            Step("huur_deurwaarder", PLACED, coordinator=P1),
            Step("chronisch_verhuizen", PLACED, coordinator=P2),
            Step("jongere_studie", NOMINATED, coordinator=P1),
            Step("laaggeletterd_digitaal", NOMINATED, coordinator=P2),
        )
    ),
    ZUIDOOST: MeetingPlan(
        (
            Step("zo_longziekte", PLACED, by_leader=True),
            Step("zo_alcohol_start", PLACED, coordinator=Z2),
            Step("zo_jongere_baan", NOMINATED, coordinator=Z1),
        )
    ),
}

CONSENT_SCOPE = "Deelnemers aan de doorbraaktafel, waaronder Woonstichting Demodam"
CONSENT_PURPOSE = (
    "De vastgelopen situatie bespreken aan de doorbraaktafel en de afspraken die daar worden "
    "gemaakt uitvoeren"
)


def load(*, log: Callable[[str], None], accounts: DemoAccounts, **earlier: object) -> None:
    """Create the rhythms, the held meetings and the next meetings with their agendas,
    unless any meeting exists already. `accounts` is what accounts.demo.load made."""
    if Meeting.objects.exists():
        log(_("Demo-doorbraaktafels bestonden al; er is niets toegevoegd."))
        return
    builder = _Builder(accounts)
    builder.build()
    log(
        _(
            "Demo-doorbraaktafels aangemaakt: %(meetings)d doorbraaktafels, %(items)d "
            "agendapunten, %(breakthroughs)d doorbraken, %(signals)d beleidssignalen en "
            "%(actions)d acties."
        )
        % {
            "meetings": Meeting.objects.count(),
            "items": AgendaItem.objects.count(),
            "breakthroughs": Breakthrough.objects.count(),
            "signals": PolicySignal.objects.count(),
            "actions": Action.objects.count(),
        }
    )


class _Builder:
    def __init__(self, accounts: DemoAccounts) -> None:
        # Not for security: a fixed seed makes every demo installation the same.
        self.rng = random.Random(SEED)  # noqa: S311
        self.accounts = accounts
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.case_of: dict[str, Case] = {}  # item key → its case, so a returning item matches

    def build(self) -> None:
        for team_key, spec in SCHEDULES.items():
            self._schedule(self.accounts.teams[team_key], spec)
        self._create_meetings()
        for team_key, plans in PAST_PLANS.items():
            team = self.accounts.teams[team_key]
            past = list(Meeting.objects.filter(team=team, date__lt=self.today).order_by("date"))
            count = min(len(past), len(plans))
            if count:
                for meeting, plan in zip(past[-count:], plans[-count:], strict=True):
                    self._hold(team_key, meeting, plan)
            upcoming = next_meeting(team, after=self.today)
            if upcoming is not None:
                self._prepare(team_key, upcoming, NEXT_PLANS[team_key])
        self._release_signals()

    def _release_signals(self) -> None:
        """The teamleiders have reviewed most signals' texts and released them for reports;
        the newest of each team still waits for review."""
        for signal in PolicySignal.objects.select_related("team").order_by("team", "created_on"):
            newest = PolicySignal.objects.filter(team=signal.team).order_by("-created_on", "-pk")
            if signal.pk != newest.values_list("pk", flat=True).first():
                leader = signal.team.leaders_group.user_set.first()
                policy_signal_release(acting_user=leader, signal=signal)

    # -- rhythm and meetings -----------------------------------------------------------------

    def _schedule(self, team: Team, spec: ScheduleSpec) -> MeetingSchedule:
        """The team's rhythm, started PAST_MEETINGS meetings ago (the latest one before
        today), unless a beheerder set one already."""
        existing = MeetingSchedule.objects.filter(team=team).first()
        if existing is not None:
            return existing
        last = self.today - timedelta(days=1)
        last -= timedelta(days=(last.weekday() - spec.weekday) % 7)
        return schedule_set(
            acting_user=self._user(BEHEERDER),
            team=team,
            weekday=spec.weekday,
            start_time=spec.start_time,
            location=spec.location,
            interval_days=spec.interval_days,
            first_date=last - timedelta(days=spec.interval_days * (PAST_MEETINGS - 1)),
        )

    def _create_meetings(self) -> None:
        """Let the scheduler do what it would have done each week since the first rhythm
        started, and then today: the past meetings and the next two of each team."""
        first = MeetingSchedule.objects.order_by("first_date").values_list("first_date", flat=True)
        day = first.first()
        while day is not None and day < self.today:
            meetings_schedule_upcoming(today=day)
            day += timedelta(days=7)
        meetings_schedule_upcoming(today=self.today)

    # -- a held meeting ----------------------------------------------------------------------

    def _hold(self, team_key: str, meeting: Meeting, plan: MeetingPlan) -> None:
        leader = self._user(TEAM_LEADERS[team_key])
        self._invite(team_key, meeting)
        placed: list[tuple[AgendaItem, Step]] = []
        for step in plan.steps:
            item = self._nominate(team_key, meeting, step)
            if item is None:
                continue
            if step.outcome == WITHDRAW:
                item_withdraw(acting_user=leader, item=item)
                continue
            if item.status != ItemStatus.PLACED:
                item = item_place(acting_user=leader, item=item)
            placed.append((item, step))
        if not placed:
            return
        for item, _step in placed:
            self._share(leader, item, on=meeting.date - timedelta(days=2))
        meeting = agenda_fix(acting_user=leader, meeting=meeting)
        for item, step in placed:
            if step.outcome == DISCUSS:
                self._discuss(team_key, leader, item)
            elif step.outcome == POSTPONE:
                item_postpone(acting_user=leader, item=item, reason=step.reason)
        meeting_close(acting_user=leader, meeting=meeting, notes=plan.notes)
        self._backdate(meeting, held=True)

    def _discuss(self, team_key: str, leader: User, item: AgendaItem) -> None:
        spec = ITEMS[self._key_of(item)]
        outcome = spec.breakthrough
        if outcome is None:
            return
        signal = outcome.signal
        breakthrough_record(
            acting_user=leader,
            item=item,
            barrier_kind=outcome.barrier_kind,
            barrier=outcome.barrier,
            decision=outcome.decision,
            mandate=outcome.mandate,
            cost_current_path=outcome.cost_current_path,
            cost_solution=outcome.cost_solution,
            is_structural=signal is not None,
            signal_domain=signal.domain if signal else "",
            signal_title=signal.title if signal else "",
            signal_description=signal.description if signal else "",
        )
        meeting_date = item.meeting.date
        for action_spec in spec.actions:
            owner, organisation = self._owner(team_key, item.case, action_spec.owner)
            action = action_add(
                acting_user=leader,
                item=item,
                description=action_spec.description,
                due_date=meeting_date + timedelta(days=action_spec.due_days),
                owner=owner,
                owner_organisation=organisation,
            )
            if action_spec.done_days is None:
                continue
            done_on = meeting_date + timedelta(days=action_spec.done_days)
            if done_on <= self.today:  # otherwise it is simply not done yet
                action_complete(
                    acting_user=owner or item.case.coordinator or leader,
                    action=action,
                    done_on=done_on,
                )

    # -- the next meeting --------------------------------------------------------------------

    def _prepare(self, team_key: str, meeting: Meeting, plan: MeetingPlan) -> None:
        leader = self._user(TEAM_LEADERS[team_key])
        self._invite(team_key, meeting)
        for step in plan.steps:
            item = self._nominate(team_key, meeting, step)
            if item is None or step.outcome != PLACED:
                continue
            if item.status != ItemStatus.PLACED:
                item = item_place(acting_user=leader, item=item)
            self._share(leader, item, on=self.today)
        self._backdate(meeting, held=False)

    # -- shared steps ------------------------------------------------------------------------

    def _invite(self, team_key: str, meeting: Meeting) -> None:
        leader = self._user(TEAM_LEADERS[team_key])
        for username in (*TEAM_MEMBERS[team_key], PARTNER):
            participant_invite(acting_user=leader, meeting=meeting, user=self._user(username))

    def _nominate(self, team_key: str, meeting: Meeting, step: Step) -> AgendaItem | None:
        spec = ITEMS[step.item]
        case = self._case_for(team_key, meeting, step)
        if case is None:  # no open case with this question in this installation
            return None
        by_leader = step.by_leader or case.coordinator is None
        nominator = self._user(TEAM_LEADERS[team_key]) if by_leader else case.coordinator
        return item_nominate(
            acting_user=nominator,
            meeting=meeting,
            case=case,
            stuck=spec.stuck,
            ask=spec.ask,
            blocked_by=spec.blocked_by,
        )

    def _case_for(self, team_key: str, meeting: Meeting, step: Step) -> Case | None:
        """The case of an item: the one it had before, or the longest-running open case of
        the team with a fitting question that no other item uses."""
        if step.item in self.case_of:
            return self.case_of[step.item]
        candidates = (
            Case.objects.filter(
                team=self.accounts.teams[team_key],
                status__in=OPEN_STATUSES,
                coordinator__isnull=False,
                reported_on__lte=meeting.date - timedelta(days=LEAD_DAYS),
            )
            .exclude(pk__in=[c.pk for c in self.case_of.values()])
            .select_related("coordinator", "primary_resident")
            .order_by("reported_on", "pk")
        )
        if step.coordinator:
            candidates = candidates.filter(coordinator__username=step.coordinator)
        for scenario in ITEMS[step.item].scenarios:
            case = candidates.filter(question=SCENARIO_QUESTIONS.get(scenario, "")).first()
            if case is not None:
                self.case_of[step.item] = case
                return case
        return None

    def _key_of(self, item: AgendaItem) -> str:
        return next(key for key, case in self.case_of.items() if case.pk == item.case_id)

    def _share(self, leader: User, item: AgendaItem, *, on: date) -> None:
        """Share the item with the partners on the basis its spec names, if any. Consent is
        recorded first, by the coordinator, a few days before."""
        share = ITEMS[self._key_of(item)].share
        if share is None:
            return
        consent = None
        if share.legal_basis == LegalBasis.CONSENT:
            consent = self._consent(item.case, on=on)
        item_share_with_partners(
            acting_user=leader,
            item=item,
            legal_basis=share.legal_basis,
            consent=consent,
            legal_article=share.legal_article,
        )

    def _consent(self, case: Case, *, on: date) -> Consent:
        resident = case.primary_resident
        active = [c for c in resident.consents.all() if c.is_active_on(self.today)]
        if active:
            return active[0]
        given_on = max(on - timedelta(days=self.rng.randint(3, 10)), case.reported_on)
        return consent_record(
            acting_user=case.coordinator,
            resident=resident,
            scope_organisations=CONSENT_SCOPE,
            scope_purposes=CONSENT_PURPOSE,
            given_on=min(given_on, self.today),
        )

    def _owner(
        self, team_key: str, case: Case, key: str
    ) -> tuple[User | None, Organisation | None]:
        if key == COORDINATOR:
            return case.coordinator, None
        if key == LEADER:
            return self._user(TEAM_LEADERS[team_key]), None
        return None, self.accounts.organisations[key]

    def _user(self, username: str) -> User:
        return self.accounts.users[username]

    # -- demo scaffolding --------------------------------------------------------------------

    def _backdate(self, meeting: Meeting, *, held: bool) -> None:
        """Demo scaffolding: the services stamp a nomination, a share, the fixing of the
        agenda and a policy signal with the moment they run. For a meeting in the past
        those moments belong before (or, for a signal, on) its date. Only these stamps
        move; every other field is what the services wrote."""
        if held:
            fixed_on = meeting.date - timedelta(days=2)
            Meeting.objects.filter(pk=meeting.pk).update(agenda_fixed_at=self._at(fixed_on))
            shared_on = meeting.date - timedelta(days=1)
            AgendaItemShare.objects.filter(item__meeting=meeting).update(
                shared_at=self._at(shared_on)
            )
            DataShare.objects.filter(agenda_item__meeting=meeting).update(
                shared_on=shared_on, created_at=self._at(shared_on)
            )
            PolicySignal.objects.filter(breakthrough__item__meeting=meeting).update(
                created_on=meeting.date
            )
            latest = fixed_on - timedelta(days=1)
        else:
            latest = self.today - timedelta(days=1)
        # A nomination comes after the team's previous meeting (a postponed item returns).
        previous = (
            Meeting.objects.filter(team=meeting.team, date__lt=meeting.date)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        for item in meeting.items.select_related("case").order_by("pk"):
            earliest = max(item.case.reported_on, latest - timedelta(days=10))
            if previous is not None:
                earliest = max(earliest, previous + timedelta(days=1))
            if earliest > latest:  # nothing fits in the past: keep the moment of the service
                continue
            day = earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))
            AgendaItem.objects.filter(pk=item.pk).update(created_at=self._at(day))

    def _at(self, day: date) -> datetime:
        moment = time(self.rng.randint(8, 16), self.rng.choice((0, 15, 30, 45)))
        return datetime.combine(day, moment, tzinfo=self.tz)
