"""Demo organisations, teams and users for trying the product (`manage.py load_demo_data`).

Everything here is fictitious: the municipality Demodam, its two neighbourhood teams and
the partner organisations that work with them. Every demo account has the password "demo"
and `is_demo=True`, so it can only log in while the installation runs in demo mode.

Running the loader again adds nothing: organisations, teams and users that already exist
(by their unique name) are reused as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .constants import OrganisationKind, Role
from .models import Organisation, Team, User
from .services import team_create, user_create

# Public on purpose: demo accounts only log in while DEMO_MODE is on (see LoginForm).
DEMO_PASSWORD = "demo"  # noqa: S105

MUNICIPALITY = "gemeente"
HOUSING_CORPORATION = "wonen"


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    email: str = ""


# The municipality and the partners the neighbourhood teams work with. The keys are used by
# the other demo loaders to refer to an organisation.
ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        MUNICIPALITY, "Gemeente Demodam", OrganisationKind.MUNICIPALITY, "info@demodam.example"
    ),
    OrganisationSpec(
        HOUSING_CORPORATION,
        "Woonstichting Demodam",
        OrganisationKind.HOUSING,
        "klantenservice@woonstichting-demodam.example",
    ),
    OrganisationSpec(
        "ggz", "GGZ Lindehof", OrganisationKind.MENTAL_HEALTH, "aanmelden@ggz-lindehof.example"
    ),
    OrganisationSpec(
        "verslavingszorg",
        "Verslavingszorg Demodam",
        OrganisationKind.MENTAL_HEALTH,
        "info@verslavingszorg-demodam.example",
    ),
    OrganisationSpec(
        "schuldhulp",
        "Schuldhulpverlening Demodam",
        OrganisationKind.DEBT_COUNSELLING,
        "schuldhulp@demodam.example",
    ),
    OrganisationSpec(
        "bewind",
        "Bewindvoering De Vaste Grond",
        OrganisationKind.OTHER,
        "info@devastegrond.example",
    ),
    OrganisationSpec(
        "huisarts",
        "Huisartsenpraktijk De Vogelbuurt",
        OrganisationKind.GP,
        "assistente@hapdevogelbuurt.example",
    ),
    OrganisationSpec(
        "gezondheidscentrum",
        "Gezondheidscentrum Zuidoost",
        OrganisationKind.GP,
        "balie@gc-zuidoost.example",
    ),
    OrganisationSpec(
        "politie",
        "Politie basisteam Demodam",
        OrganisationKind.POLICE,
        "wijkagenten@politie.example",
    ),
    OrganisationSpec(
        "welzijn", "Welzijn Demodam", OrganisationKind.WELFARE, "info@welzijn-demodam.example"
    ),
    OrganisationSpec(
        "jeugd",
        "Jeugdhulp De Kompasroos",
        OrganisationKind.YOUTH_CARE,
        "aanmelden@kompasroos.example",
    ),
    OrganisationSpec(
        "wijkverpleging",
        "Wijkverpleging Demodam",
        OrganisationKind.CARE_PROVIDER,
        "planning@wijkverpleging-demodam.example",
    ),
    OrganisationSpec(
        "school", "Demodam College", OrganisationKind.EDUCATION, "zorgteam@demodamcollege.example"
    ),
    OrganisationSpec(
        "basisschool",
        "Basisschool De Wilgenhoek",
        OrganisationKind.EDUCATION,
        "directie@dewilgenhoek.example",
    ),
    OrganisationSpec(
        "inkomen",
        "Werk en Inkomen Demodam",
        OrganisationKind.INCOME,
        "werkeninkomen@demodam.example",
    ),
)


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    district: str


NOORD = "noord"
ZUIDOOST = "zuidoost"

TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(NOORD, "Wijkteam Noord", "Noord"),
    TeamSpec(ZUIDOOST, "Wijkteam Zuidoost", "Zuidoost"),
)


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    job_title: str
    organisation: str = MUNICIPALITY
    team: str | None = None


# In the order the login table shows them.
USERS: tuple[UserSpec, ...] = (
    UserSpec(
        "demo-professional",
        "Sanne",
        "de Wit",
        Role.PROFESSIONAL,
        "Wijkteamprofessional (maatschappelijk werk)",
        team=NOORD,
    ),
    UserSpec(
        "demo-professional2",
        "Youssef",
        "El Amrani",
        Role.PROFESSIONAL,
        "Wijkteamprofessional (schulden en inkomen)",
        team=NOORD,
    ),
    UserSpec(
        "demo-teamleider",
        "Marieke",
        "Jansen",
        Role.TEAMLEIDER,
        "Teamleider Wijkteam Noord",
        team=NOORD,
    ),
    UserSpec(
        "demo-zuidoost-1",
        "Priya",
        "Ramdin",
        Role.PROFESSIONAL,
        "Wijkteamprofessional (jeugd en gezin)",
        team=ZUIDOOST,
    ),
    UserSpec(
        "demo-zuidoost-2",
        "Kevin",
        "Martina",
        Role.PROFESSIONAL,
        "Wijkteamprofessional (ggz)",
        team=ZUIDOOST,
    ),
    UserSpec(
        "demo-zuidoost-teamleider",
        "Ellen",
        "Vos",
        Role.TEAMLEIDER,
        "Teamleider Wijkteam Zuidoost",
        team=ZUIDOOST,
    ),
    UserSpec("demo-privacy", "Tom", "Hendriks", Role.PRIVACY_OFFICER, "Privacy officer"),
    UserSpec(
        "demo-beleid", "Fatma", "Yilmaz", Role.BELEIDSMEDEWERKER, "Beleidsmedewerker sociaal domein"
    ),
    UserSpec(
        "demo-partner",
        "Ruud",
        "Mulder",
        Role.PARTNER,
        "Woonconsulent",
        organisation=HOUSING_CORPORATION,
    ),
    UserSpec("demo-beheer", "Linda", "Smit", Role.BEHEERDER, "Functioneel beheerder"),
)


@dataclass(frozen=True)
class DemoAccounts:
    """What the accounts loader made (or found), for the loaders of other apps."""

    organisations: dict[str, Organisation]
    teams: dict[str, Team]
    users: dict[str, User]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    team: str


def load(*, log: Callable[[str], None], **earlier: object) -> DemoAccounts:
    """Create the demo organisations, teams and users that do not exist yet. `earlier` holds
    the results of the loaders that ran before, by app label; this one needs none."""
    organisations = {}
    for spec in ORGANISATIONS:
        organisations[spec.key], _created = Organisation.objects.get_or_create(
            name=spec.name, defaults={"kind": spec.kind, "email": spec.email}
        )

    teams = {}
    for spec in TEAMS:
        teams[spec.key] = Team.objects.filter(name=spec.name).first() or team_create(
            name=spec.name, district=spec.district, organisation=organisations[MUNICIPALITY]
        )

    users = {}
    created = 0
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = user_create(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@demodam.example",
                roles=[spec.role],
                team=teams[spec.team] if spec.team else None,
                organisation=organisations[spec.organisation],
                job_title=spec.job_title,
                password=DEMO_PASSWORD,
                is_demo=True,
            )
            created += 1
        users[spec.username] = user

    if created:
        log(_("Demo-accounts aangemaakt: %(count)d.") % {"count": created})
    else:
        log(_("Demo-accounts bestonden al; er is niets toegevoegd."))
    return DemoAccounts(organisations=organisations, teams=teams, users=users)


def demo_logins() -> list[DemoLogin]:
    """Every demo account with its roles and team: first in the order of USERS, then any
    demo account added later, by username."""
    accounts = {
        user.username: user
        for user in User.objects.filter(is_demo=True, is_active=True)
        .select_related("team")
        .prefetch_related("groups")
    }
    order = [spec.username for spec in USERS if spec.username in accounts]
    order += sorted(set(accounts) - set(order))
    return [
        DemoLogin(
            username=username,
            role=accounts[username].role_labels or "–",
            team=accounts[username].team.name if accounts[username].team_id else "–",
        )
        for username in order
    ]
