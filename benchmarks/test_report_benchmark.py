"""How long a management report takes for a large municipality: builds three years of
casework of five neighbourhood teams (BENCHMARK_CASES cases, 50,000 by default, with their
status changes, scaling changes, support plans and goals, interventions, stressors, stability
assessments and about a thousand doorbraaktafels with breakthroughs, actions and policy
signals, plus tombstones of removed cases), then times `build_report()` for one year of all
teams, one year of one team and five years of all teams, and the PDF and the ZIP of CSV
files of the first. The times are printed in a table, never asserted: the figures are for
people to read.

What it does assert is behaviour: every report takes the same number of queries on the large
data set as on a small one built the same way (reports/figures.py promises that the number of
queries does not depend on the amount of data).

The data is benchmark data, written straight into the tables with bulk_create instead of
through the services: no history rows, no object permissions, no access log; only what the
report reads, and the fields and constraints the tables require. Teams and users do come
from the services, as the report's scope starts from them.

Run with `make benchmark` (PostgreSQL through DATABASE_URL; SQLite otherwise, where a smaller
BENCHMARK_CASES is kinder). The data lives in the test transaction and is rolled back."""

from __future__ import annotations

import logging
import math
import os
import random
import time
from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.constants import Role
from accounts.services import team_create, user_create
from cases.constants import (
    CaseOutcome,
    CaseRegime,
    CaseSource,
    CaseStatus,
    GoalStatus,
    HelpKind,
    LifeDomain,
    ScalingLevel,
    TariffUnit,
)
from cases.models import (
    Case,
    CaseStatusChange,
    CaseTombstone,
    Goal,
    Household,
    Intervention,
    Resident,
    ScalingChange,
    SupportPlan,
    Tariff,
)
from doorbraak.constants import BarrierKind, ItemStatus, MeetingStatus, PolicyDomain
from doorbraak.models import Action, AgendaItem, Breakthrough, Meeting, PolicySignal
from privacy.constants import RemovalReason
from reports.exports import pdf_bytes, zip_bytes
from reports.figures import Scope, build_report
from reports.periods import Period
from stability.constants import RuleOfThumb
from stability.models import StabilityAssessment
from stability.rules import derive_legs, overall_stability
from stressors.constants import StressorStatus
from stressors.models import Stressor, StressorType

CASES = int(os.environ.get("BENCHMARK_CASES", "50000"))
# The small data set whose query counts the large one must match: big enough that every
# kind of row exists, including released policy signals in each reported period.
SMALL_CASES = 250
CHUNK = 5_000  # cases whose rows are built and inserted together
BATCH = 2_000
POSTGRESQL = connection.vendor == "postgresql"
SEED = 2026

TEAMS = ("Noord", "Oost", "Zuid", "West", "Centrum")
DATA_START, DATA_END = date(2023, 1, 1), date(2025, 12, 31)
DAYS = (DATA_END - DATA_START).days + 1
ONE_YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
FIVE_YEARS = Period(date(2021, 1, 1), date(2025, 12, 31))

SOURCES = (CaseSource.values, [25, 20, 10, 12, 8, 15, 10])
OUTCOMES = (CaseOutcome.values, [30, 25, 20, 12, 8, 5])
REGIMES = (CaseRegime.values, [50, 20, 15, 5, 10])
TARIFFS = [
    ("Ambulante begeleiding", HelpKind.CUSTOM_PROVISION, TariffUnit.HOUR, "68.50"),
    ("Dagbesteding", HelpKind.CUSTOM_PROVISION, TariffUnit.DAY_PART, "54.20"),
    ("Huishoudelijke hulp", HelpKind.CUSTOM_PROVISION, TariffUnit.HOUR, "31.40"),
    ("Schuldhulptraject", HelpKind.GENERAL_PROVISION, TariffUnit.TRAJECTORY, "1450.00"),
    ("Budgetcursus", HelpKind.GENERAL_PROVISION, TariffUnit.TRAJECTORY, "240.00"),
    ("Maatjesproject", HelpKind.VOLUNTEER, TariffUnit.MONTH, "35.00"),
    ("Beschermd wonen", HelpKind.CUSTOM_PROVISION, TariffUnit.WEEK, "812.00"),
    ("Vervoersvoorziening", HelpKind.CUSTOM_PROVISION, TariffUnit.ITEM, "12.75"),
]


@dataclass(frozen=True)
class CaseRow:
    """What the doorbraaktafel part of the data needs to know about a case."""

    pk: int
    team: int
    reported_on: date
    closed_on: date | None


class Builder:
    """Writes the benchmark data; `rng` makes it the same on every run."""

    def __init__(self, teams, users, tariffs, stressor_types):
        self.teams, self.users = teams, users
        self.tariffs, self.stressor_types = tariffs, stressor_types
        self.rng = random.Random(SEED)  # noqa: S311 -- benchmark data, not security
        self.numbers: dict[int, int] = {}
        self.rows: dict[str, int] = {}

    # --- helpers ---------------------------------------------------------------------------

    def pick(self, weighted):
        values, weights = weighted
        return self.rng.choices(values, weights)[0]

    def reference(self, on: date) -> str:
        number = self.numbers.get(on.year, 0) + 1
        self.numbers[on.year] = number
        return f"{on.year}-{number:06d}"

    def insert(self, model, objects: list) -> list:
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.rows[model.__name__] = self.rows.get(model.__name__, 0) + len(created)
        return created

    def user(self, team: int):
        return self.users[team]

    # --- casework --------------------------------------------------------------------------

    def build(self, cases: int) -> None:
        summaries: list[CaseRow] = []
        for first in range(0, cases, CHUNK):
            summaries.extend(self.case_chunk(first, min(CHUNK, cases - first)))
        self.doorbraak(summaries, meetings_per_team=max(6, round(cases / 250)))
        self.tombstones(max(10, cases // 50))

    def case_chunk(self, first: int, count: int) -> list[CaseRow]:
        rng = self.rng
        residents = self.insert(
            Resident,
            [
                Resident(first_name="Inwoner", last_name=str(first + i), created_by=self.users[0])
                for i in range(count)
            ],
        )
        households = self.insert(
            Household,
            [
                Household(
                    street="Dorpsstraat",
                    house_number=1 + (first + i) % 400,
                    postcode=f"{1000 + (first + i) % 9000} AB",
                    city="Voorbeeld",
                    created_by=self.users[0],
                )
                for i in range(count)
            ],
        )
        plans = []  # (case index, reached plan on)
        timelines = []
        cases = []
        for i in range(count):
            team = (first + i) % len(self.teams)
            reported_on = DATA_START + timedelta(days=rng.randrange(DAYS))
            # Throughput: median about five months, a long tail.
            duration = int(rng.lognormvariate(math.log(150), 0.7))
            closed_on = reported_on + timedelta(days=max(duration, 3))
            if closed_on > DATA_END or rng.random() < 0.05:
                closed_on = None
            end = closed_on or DATA_END
            steps = self.status_steps(reported_on, end, closed=closed_on is not None)
            timelines.append(steps)
            status = CaseStatus.CLOSED if closed_on else steps[-1][1]
            cases.append(
                Case(
                    reference=self.reference(reported_on),
                    household=households[i],
                    primary_resident=residents[i],
                    team=self.teams[team],
                    coordinator=self.user(team),
                    status=status,
                    source=self.pick(SOURCES),
                    question="Benchmark",
                    reported_on=reported_on,
                    closed_on=closed_on,
                    outcome=self.pick(OUTCOMES) if closed_on else "",
                    regime=self.pick(REGIMES),
                    created_by=self.user(team),
                )
            )
        cases = self.insert(Case, cases)

        changes, scalings, interventions, stressors, assessments = [], [], [], [], []
        for case, steps, resident in zip(cases, timelines, residents, strict=True):
            user = self.user(self.teams.index(case.team))
            end = case.closed_on or DATA_END
            previous = ""
            for on, to_status in steps:
                changes.append(
                    CaseStatusChange(
                        case=case,
                        from_status=previous,
                        to_status=to_status,
                        changed_on=on,
                        changed_by=user,
                    )
                )
                previous = to_status
            if case.closed_on:
                changes.append(
                    CaseStatusChange(
                        case=case,
                        from_status=previous,
                        to_status=CaseStatus.CLOSED,
                        changed_on=case.closed_on,
                        changed_by=user,
                    )
                )
            plan_on = next((on for on, s in steps if s == CaseStatus.PLAN), None)
            if plan_on:
                plans.append((case, plan_on))
            scalings.extend(self.scaling(case, end, user))
            interventions.extend(self.interventions(case, end))
            stressors.extend(self.stressors(case, resident, end, user))
            assessments.extend(self.assessments(case, resident, end, user))
        self.insert(CaseStatusChange, changes)
        self.insert(ScalingChange, scalings)
        self.insert(Intervention, interventions)
        self.insert(Stressor, stressors)
        self.insert(StabilityAssessment, assessments)
        support_plans = self.insert(
            SupportPlan, [SupportPlan(case=case, agreed_on=on) for case, on in plans]
        )
        goals = []
        for plan, (_case, on) in zip(support_plans, plans, strict=True):
            for _goal in range(rng.choice((2, 3, 3, 4))):
                goals.append(
                    Goal(
                        plan=plan,
                        life_domain=rng.choice(LifeDomain.values),
                        description="Benchmarkdoel",
                        help_kind=rng.choice(HelpKind.values),
                        who="Inwoner",
                        due_date=on + timedelta(days=rng.randrange(30, 200)),
                        status=rng.choice(GoalStatus.values),
                    )
                )
        self.insert(Goal, goals)
        return [
            CaseRow(case.pk, self.teams.index(case.team), case.reported_on, case.closed_on)
            for case in cases
        ]

    def status_steps(self, reported_on: date, end: date, *, closed: bool) -> list[tuple]:
        """Registered, intake, plan (sometimes back to intake and plan again), execution,
        evaluation: as far as the case got before `end`. A few closed cases never reach
        the plan."""
        rng = self.rng
        steps = [(reported_on, CaseStatus.REGISTERED)]
        on = reported_on
        flow = [
            (CaseStatus.INTAKE, 3, 21),
            (CaseStatus.PLAN, 10, 50),
            (CaseStatus.EXECUTION, 5, 20),
            (CaseStatus.EVALUATION, 50, 120),
        ]
        if rng.random() < 0.1:
            flow[2:2] = [(CaseStatus.INTAKE, 7, 21), (CaseStatus.PLAN, 10, 30)]
        if closed and rng.random() < 0.08:
            flow = flow[:1]
        for status, low, high in flow:
            on = on + timedelta(days=rng.randrange(low, high))
            if on >= end:
                break
            steps.append((on, status))
        return steps

    def scaling(self, case, end: date, user) -> list[ScalingChange]:
        rng = self.rng
        level = ScalingLevel.WIJKTEAM
        changes = [
            ScalingChange(case=case, to_level=level, changed_on=case.reported_on, changed_by=user)
        ]
        on = case.reported_on
        for _change in range(rng.choice((0, 1, 1, 2))):
            on = on + timedelta(days=rng.randrange(20, 120))
            if on >= end:
                break
            to_level = max(1, min(4, level + rng.choice((-1, 1))))
            changes.append(
                ScalingChange(
                    case=case, from_level=level, to_level=to_level, changed_on=on, changed_by=user
                )
            )
            level = to_level
        case.scaling_level = level  # not saved: the report reads the changes
        return changes

    def interventions(self, case, end: date) -> list[Intervention]:
        rng = self.rng
        span = max(1, (end - case.reported_on).days)
        result = []
        for _n in range(rng.choice((0, 1, 2, 2, 3, 4))):
            tariff = rng.choice(self.tariffs)
            start = case.reported_on + timedelta(days=rng.randrange(span))
            result.append(
                Intervention(
                    case=case,
                    tariff=tariff,
                    start_date=start,
                    end_date=start + timedelta(days=rng.randrange(14, 180)),
                    quantity=Decimal(rng.randrange(1, 40)),
                    unit_price=tariff.price,
                )
            )
        return result

    def stressors(self, case, resident, end: date, user) -> list[Stressor]:
        rng = self.rng
        span = max(1, min(45, (end - case.reported_on).days))
        result = []
        for _n in range(rng.choice((1, 2, 3, 3, 4, 5))):
            registered_on = case.reported_on + timedelta(days=rng.randrange(span))
            ended_on = registered_on + timedelta(days=rng.randrange(7, 240))
            removed = ended_on <= end and rng.random() < 0.75
            result.append(
                Stressor(
                    case=case,
                    resident=resident,
                    stressor_type_id=rng.choice(self.stressor_types),
                    severity=rng.choice((None, 1, 2, 3)),
                    status=StressorStatus.REMOVED
                    if removed
                    else rng.choice(
                        (
                            StressorStatus.SIGNALLED,
                            StressorStatus.IN_PROGRESS,
                            StressorStatus.STABILISED,
                        )
                    ),
                    registered_on=registered_on,
                    ended_on=ended_on if removed else None,
                    registered_by=user,
                )
            )
        return result

    def assessments(self, case, resident, end: date, user) -> list[StabilityAssessment]:
        """One to four assessments, at least five weeks apart (one per resident per day)."""
        rng = self.rng
        result = []
        on = case.reported_on + timedelta(days=rng.randrange(3, 20))
        level = rng.randrange(1, 4)
        for _n in range(rng.choice((1, 2, 3, 3, 4, 4))):
            if on > end:
                break
            scores = {
                rule: max(1, min(5, level + rng.choice((-1, 0, 0, 1))))
                if rng.random() < 0.95
                else None
                for rule in RuleOfThumb.values
            }
            legs = derive_legs(scores)
            result.append(
                StabilityAssessment(
                    case=case,
                    resident=resident,
                    assessed_on=on,
                    assessor=user,
                    **scores,
                    leg_living_environment=legs["leefomgeving"],
                    leg_participation=legs["meedoen"],
                    leg_continuity=legs["continuiteit"],
                    overall=overall_stability(legs),
                )
            )
            level = max(1, min(5, level + rng.choice((-1, 0, 1, 1))))
            on = on + timedelta(days=rng.randrange(35, 80))
        return result

    # --- doorbraaktafel --------------------------------------------------------------------

    def doorbraak(self, summaries: list[CaseRow], *, meetings_per_team: int) -> None:
        rng = self.rng
        by_team: dict[int, list[CaseRow]] = {t: [] for t in range(len(self.teams))}
        for row in summaries:
            by_team[row.team].append(row)
        for rows in by_team.values():
            rows.sort(key=lambda r: r.reported_on)
        reported = {t: [r.reported_on for r in rows] for t, rows in by_team.items()}

        meetings = []
        for team in range(len(self.teams)):
            for k in range(meetings_per_team):
                meetings.append(
                    Meeting(
                        team=self.teams[team],
                        date=DATA_START + timedelta(days=int(k * DAYS / meetings_per_team)),
                        start_time=clock(14, 0),
                        location="Buurthuis",
                        status=MeetingStatus.HELD
                        if rng.random() < 0.95
                        else MeetingStatus.CANCELLED,
                        chair=self.user(team),
                    )
                )
        meetings = self.insert(Meeting, meetings)

        items = []
        for meeting in meetings:
            if meeting.status != MeetingStatus.HELD:
                continue
            team = self.teams.index(meeting.team)
            rows = by_team[team]
            low = bisect_left(reported[team], meeting.date - timedelta(days=365))
            high = bisect_right(reported[team], meeting.date)
            candidates = [rows[rng.randrange(low, high)] for _n in range(12) if high > low]
            chosen = {}
            for row in candidates:
                if row.closed_on is None or row.closed_on >= meeting.date:
                    chosen[row.pk] = row
            for position, case_id in enumerate(list(chosen)[: rng.randrange(3, 8)]):
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        case_id=case_id,
                        nominated_by=self.user(team),
                        stuck="Benchmark",
                        ask="Benchmark",
                        status=self.pick(
                            (
                                [ItemStatus.DISCUSSED, ItemStatus.POSTPONED, ItemStatus.WITHDRAWN],
                                [85, 10, 5],
                            )
                        ),
                        position=position,
                    )
                )
        items = self.insert(AgendaItem, items)

        breakthroughs, actions = [], []
        for item in items:
            if item.status != ItemStatus.DISCUSSED:
                continue
            team = self.teams.index(item.meeting.team)
            held_on = item.meeting.date
            for _n in range(rng.choice((1, 2, 2, 3))):
                due = held_on + timedelta(days=rng.randrange(14, 42))
                done = due + timedelta(days=rng.randrange(-10, 30))
                actions.append(
                    Action(
                        item=item,
                        case_id=item.case_id,
                        description="Benchmarkactie",
                        owner=self.user(team),
                        due_date=due,
                        done_on=done if rng.random() < 0.8 and done <= DATA_END else None,
                    )
                )
            if rng.random() < 0.65:
                costed = rng.random() < 0.8
                path = Decimal(rng.randrange(5_000, 60_000))
                breakthroughs.append(
                    Breakthrough(
                        item=item,
                        barrier_kind=rng.choice(BarrierKind.values),
                        barrier="Benchmark",
                        decision="Benchmark",
                        mandate="Teamleider",
                        cost_current_path=path if costed else None,
                        cost_solution=Decimal(rng.randrange(300, int(path) // 2))
                        if costed
                        else None,
                        is_structural=rng.random() < 0.3,
                        recorded_by=self.user(team),
                    )
                )
        breakthroughs = self.insert(Breakthrough, breakthroughs)
        self.insert(Action, actions)
        self.insert(
            PolicySignal,
            [
                PolicySignal(
                    team=b.item.meeting.team,
                    breakthrough=b,
                    domain=rng.choice(PolicyDomain.values),
                    title=f"Weeffout {b.pk}",
                    description="Een regel die de oplossing in de weg stond.",
                    created_by=b.recorded_by,
                    created_on=b.item.meeting.date + timedelta(days=rng.randrange(0, 14)),
                    releasable=rng.random() < 0.5,
                )
                for b in breakthroughs
                if b.is_structural and rng.random() < 0.7
            ],
        )

    def tombstones(self, count: int) -> None:
        rng = self.rng
        rows = []
        for i in range(count):
            reported_on = DATA_START + timedelta(days=rng.randrange(DAYS - 60))
            closed_on = reported_on + timedelta(days=rng.randrange(3, 60))
            rows.append(
                CaseTombstone(
                    reference=self.reference(reported_on),
                    team=self.teams[i % len(self.teams)],
                    regime=self.pick(REGIMES),
                    source=self.pick(SOURCES),
                    reported_on=reported_on,
                    closed_on=closed_on,
                    outcome=self.pick(OUTCOMES),
                    removed_on=DATA_END,
                    removal_reason=RemovalReason.ERASURE,
                )
            )
        self.insert(CaseTombstone, rows)


def _people():
    teams, users = [], []
    for name in TEAMS:
        team = team_create(name=f"Wijkteam {name}", district=name)
        teams.append(team)
        users.append(
            user_create(
                username=f"bench-{name.lower()}",
                first_name="Professional",
                last_name=name,
                roles=[Role.PROFESSIONAL],
                team=team,
            )
        )
    tariffs = [
        Tariff.objects.create(name=name, help_kind=kind, unit=unit, price=Decimal(price))
        for name, kind, unit, price in TARIFFS
    ]
    stressor_types = list(StressorType.objects.values_list("pk", flat=True))
    assert stressor_types, "the stressor catalogue comes from a data migration"
    return teams, users, tariffs, stressor_types


def _reports(teams) -> dict[str, tuple[Scope, Period]]:
    everyone = Scope(tuple(t.pk for t in teams), "Alle teams")
    one = Scope((teams[0].pk,), teams[0].name)
    return {
        "1 jaar, alle teams": (everyone, ONE_YEAR),
        "1 jaar, één team": (one, ONE_YEAR),
        "5 jaar, alle teams": (everyone, FIVE_YEARS),
    }


@dataclass
class Run:
    seconds: float
    queries: int
    # Time spent in the driver's execute(): on PostgreSQL that includes fetching the rows,
    # on SQLite it does not (rows are stepped through as Python reads them).
    database_seconds: float
    slowest: list[tuple[float, str]]
    report: object


def _run(scope: Scope, period: Period) -> Run:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        report = build_report(scope=scope, period=period)
        seconds = time.perf_counter() - started
    timed = sorted(((float(q["time"]), q["sql"]) for q in captured.captured_queries), reverse=True)
    return Run(seconds, len(captured), sum(t for t, _sql in timed), timed[:3], report)


def _dotted(n: int) -> str:
    """50.000, as a Dutch reader writes it."""
    return f"{n:,}".replace(",", ".")


@contextmanager
def _quiet(logger_name: str):
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _analyze() -> None:
    """As autovacuum would have done after loading this much."""
    if not POSTGRESQL:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def test_report_on_a_large_municipality(db):
    assert not Case.objects.exists(), "the benchmark needs an empty database"
    teams, users, tariffs, stressor_types = _people()
    reports = _reports(teams)

    # The small data set first, in a savepoint that is rolled back: its query counts are
    # the yardstick, and running it (and its PDF) warms up imports, translations, templates
    # and fonts, so the timed runs below measure the work and not the first call.
    with transaction.atomic():
        Builder(teams, users, tariffs, stressor_types).build(SMALL_CASES)
        _analyze()
        small_runs = {name: _run(*args) for name, args in reports.items()}
        with _quiet("weasyprint"):
            pdf_bytes(small_runs["1 jaar, alle teams"].report)  # WeasyPrint loads its fonts
        transaction.set_rollback(True)
    small = {name: run.queries for name, run in small_runs.items()}

    started = time.perf_counter()
    builder = Builder(teams, users, tariffs, stressor_types)
    with transaction.atomic():
        builder.build(CASES)
    _analyze()
    build_seconds = time.perf_counter() - started
    rows = sum(builder.rows.values())
    print(
        f"\nOpgebouwd: {_dotted(CASES)} casussen, {_dotted(rows)} rijen in "
        f"{build_seconds:.1f} s ({connection.vendor})"
    )
    print("  " + ", ".join(f"{name} {_dotted(n)}" for name, n in builder.rows.items()))

    runs = {name: _run(*args) for name, args in reports.items()}
    report = runs["1 jaar, alle teams"].report
    with _quiet("weasyprint"):  # its progress log would bury the figures
        started = time.perf_counter()
        pdf = pdf_bytes(report)
        pdf_seconds = time.perf_counter() - started
    started = time.perf_counter()
    archive = zip_bytes(report)
    zip_seconds = time.perf_counter() - started

    line = "{:<34} {:>8} {:>9} {:>8} {:>9} {:>14}"
    print()
    print(
        line.format("Onderdeel", "Tijd (s)", "waarvan DB", "Queries", "(klein)", "Traagste query")
    )
    print("-" * 88)
    print(line.format("Gegevens opbouwen", f"{build_seconds:.2f}", "", "", "", ""))
    for name, run in runs.items():
        print(
            line.format(
                f"Rapport {name}",
                f"{run.seconds:.2f}",
                f"{run.database_seconds:.2f}",
                run.queries,
                f"({small[name]})",
                f"{run.slowest[0][0]:.3f} s",
            )
        )
    for name, seconds, content in (
        ("PDF, 1 jaar alle teams", pdf_seconds, pdf),
        ("ZIP met CSV's, 1 jaar alle teams", zip_seconds, archive),
    ):
        print(line.format(name, f"{seconds:.2f}", "", "", "", f"{len(content) // 1024} kB"))
    print(f"(klein: de queries van hetzelfde rapport over {SMALL_CASES} casussen)")
    print("\nTraagste queries van het rapport over 1 jaar, alle teams:")
    for seconds, sql in runs["1 jaar, alle teams"].slowest:
        print(f"  {seconds:.3f} s  {sql[:140]}…")
    # The machine's load explains a slow figure: the database shares the cores.
    print(f"Belasting: {os.getloadavg()[0]:.1f}")

    assert pdf.startswith(b"%PDF")
    assert archive.startswith(b"PK")
    assert {name: run.queries for name, run in runs.items()} == small, (
        "the number of queries of a report must not depend on the amount of data"
    )
