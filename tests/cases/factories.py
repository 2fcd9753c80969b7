"""Builders for casework test data.

Residents, households and cases are built through the services, exactly as the product
builds them, so every case gets its reference, its support plan, its history rows and the
object permissions that the permission layer reads. Only catalogue data that has no service
(tariffs, organisations) comes from factory-boy.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Organisation, Team, User
from cases import services
from cases.constants import CaseSource, HelpKind, HouseholdRole, TariffUnit
from cases.models import Case, Household, Resident, Tariff

_numbers = itertools.count(1)


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def resident(*, acting_user: User, **fields) -> Resident:
    n = next(_numbers)
    fields.setdefault("first_name", f"Voornaam{n}x")
    fields.setdefault("last_name", f"Achternaam{n}x")
    return services.resident_register(acting_user=acting_user, **fields)


def household(
    *,
    acting_user: User,
    members: list[tuple[Resident, str]],
    postcode: str = "1234 AB",
    **fields,
) -> Household:
    fields.setdefault("street", "Dorpsstraat")
    fields.setdefault("house_number", next(_numbers))
    fields.setdefault("city", "Den Bosch")
    return services.household_register(
        acting_user=acting_user, postcode=postcode, members=members, **fields
    )


def case(
    *,
    acting_user: User,
    team: Team,
    coordinator: User | None = None,
    residents: list[Resident] | None = None,
    postcode: str = "1234 AB",
    reported_on: date | None = None,
    **fields,
) -> Case:
    """A case for a new household: resident_register → household_register → case_open.

    The first resident is the one reported (hoofdbewoner); any others join as children.
    Reported a week ago by default, so contacts "an hour ago" are never before the report.
    """
    if residents is None:
        residents = [resident(acting_user=acting_user)]
    members = [(residents[0], HouseholdRole.HEAD)] + [
        (r, HouseholdRole.CHILD) for r in residents[1:]
    ]
    home = household(acting_user=acting_user, members=members, postcode=postcode)
    fields.setdefault("source", CaseSource.GP)
    fields.setdefault("question", "Huurachterstand en brieven die niet worden geopend.")
    return services.case_open(
        acting_user=acting_user,
        household=home,
        primary_resident=residents[0],
        team=team,
        coordinator=coordinator,
        reported_on=reported_on or days_ago(7),
        **fields,
    )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff

    name = factory.Sequence(lambda n: f"Voorziening {n}")
    help_kind = HelpKind.CUSTOM_PROVISION
    unit = TariffUnit.HOUR
    price = Decimal("75.00")
