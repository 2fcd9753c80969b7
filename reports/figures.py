"""The figures of a management report, computed from the casework as aggregates.

Every query counts, sums or lists numbers and dates per team; nothing here reads a name, a
BSN, an address, a date of birth or a free text of a resident. The one text that reaches a
report is a policy signal that a teamleider released for it. Files removed after their
retention period still count through their tombstone (reference, team, source, dates,
outcome), so figures of earlier years do not shrink when files are removed.

Definitions are in `DEFINITIONS`, shown with every report. Each section is a function that
returns its tables; `build_report` suppresses small numbers (reports/tables.py) before any
figure leaves this module. The number of queries does not depend on the amount of data.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.constants import CaseOutcome, CaseSource, CaseStatus, HelpKind, ScalingLevel
from cases.models import Case, CaseStatusChange, CaseTombstone, Goal, ScalingChange
from doorbraak.constants import BarrierKind, ItemStatus, MeetingStatus, PolicyDomain
from doorbraak.models import Action, AgendaItem, Breakthrough, Meeting, PolicySignal
from stability.constants import Leg
from stability.models import LEG_FIELDS, StabilityAssessment
from stressors.constants import StressorStatus
from stressors.models import Stressor

from .periods import Period
from .tables import Cell, Column, Kind, Row, Table


@dataclass(frozen=True)
class Scope:
    """Which teams the figures cover, and how to call them."""

    team_ids: tuple[int, ...]
    label: str


@dataclass
class SignalGroup:
    domain: str
    signals: list[PolicySignal]


@dataclass
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    signal_groups: list[SignalGroup] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    scope: Scope
    generated_at: datetime
    key_figures: Table
    sections: list[Section]
    trend: Table

    @property
    def previous(self) -> Period:
        return self.period.previous

    def tables(self) -> list[Table]:
        """Every table, in the order of the report: what the CSV export holds."""
        return [self.key_figures, *(t for s in self.sections for t in s.tables)]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables() if t.key == key), None)


def _in(period: Period, field_name: str) -> Q:
    return Q(**{f"{field_name}__range": period.range})


def median(values: list) -> float | None:
    return statistics.median(values) if values else None


def percentile_80(values: list) -> float | None:
    """Nearest rank: the smallest value that at least 80% of the values do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.8 * len(ordered)) - 1]


def _days(pairs: Iterable[tuple]) -> list[int]:
    return [(end - start).days for start, end in pairs]


def _per_period_counts(qs, key: str, date_field: str, period: Period) -> dict:
    """{key value: (count in period, count in previous period)} in one query."""
    rows = qs.values(key).annotate(
        current=Count("pk", filter=_in(period, date_field)),
        previous=Count("pk", filter=_in(period.previous, date_field)),
    )
    return {row[key]: (row["current"], row["previous"]) for row in rows}


def _merge(*counts: dict) -> dict:
    merged: dict = defaultdict(lambda: (0, 0))
    for part in counts:
        for key, (current, previous) in part.items():
            was = merged[key]
            merged[key] = (was[0] + current, was[1] + previous)
    return merged


def _category_table(
    *, key: str, title: str, row_header: str, choices, counts: dict, note: str = ""
) -> Table:
    """Counts per category with their share, this period and the previous one."""
    columns = [
        Column(_("Deze periode"), additive=True),
        Column(_("Aandeel"), Kind.PERCENT, unit="%"),
        Column(_("Vorige periode"), additive=True),
    ]
    current_total = Cell.count(sum(c for c, _p in counts.values()))
    previous_total = Cell.count(sum(p for _c, p in counts.values()))
    rows = []
    for value, label in choices:
        current, previous = counts.get(value, (0, 0))
        current_cell = Cell.count(current)
        rows.append(
            Row(
                str(label),
                [current_cell, Cell.share(current_cell, current_total), Cell.count(previous)],
            )
        )
    total = Row(
        _("Totaal"),
        [current_total, Cell.share(current_total, current_total), previous_total],
    )
    return Table(key, title, row_header, columns, rows, total, note)


# --- Instroom en uitstroom --------------------------------------------------------------------


def _cases(scope: Scope):
    return Case.objects.filter(team_id__in=scope.team_ids)


def _tombstones(scope: Scope):
    return CaseTombstone.objects.filter(team_id__in=scope.team_ids)


def _open_at_end(period: Period) -> Q:
    return Q(reported_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=period.end)
    )


def output_section(scope: Scope, period: Period) -> Section:
    previous = period.previous
    cases, tombstones = _cases(scope), _tombstones(scope)

    by_source = _merge(
        _per_period_counts(cases, "source", "reported_on", period),
        _per_period_counts(tombstones, "source", "reported_on", period),
    )
    by_outcome = _merge(
        _per_period_counts(cases.exclude(outcome=""), "outcome", "closed_on", period),
        _per_period_counts(tombstones.exclude(outcome=""), "outcome", "closed_on", period),
    )
    open_now = [
        qs.aggregate(
            current=Count("pk", filter=_open_at_end(period)),
            previous=Count("pk", filter=_open_at_end(previous)),
        )
        for qs in (cases, tombstones)
    ]
    sources = _category_table(
        key="meldingen-naar-bron",
        title=_("Nieuwe meldingen naar bron"),
        row_header=_("Bron van de melding"),
        choices=CaseSource.choices,
        counts=by_source,
    )
    outcomes = _category_table(
        key="uitkomsten",
        title=_("Afgesloten casussen naar uitkomst"),
        row_header=_("Uitkomst"),
        choices=CaseOutcome.choices,
        counts=by_outcome,
        note=_(
            "Informele oplossing en algemene voorziening zijn oplossingen in het voorveld; "
            "eerstelijns- en tweedelijnszorg zijn verwijzingen."
        ),
    )
    flow = Table(
        "instroom-uitstroom",
        _("Instroom en uitstroom"),
        _("Casussen"),
        [Column(_("Deze periode")), Column(_("Vorige periode"))],
        [
            Row(_("Nieuwe meldingen"), [sources.total.cells[0], sources.total.cells[2]]),
            Row(_("Afgesloten casussen"), [outcomes.total.cells[0], outcomes.total.cells[2]]),
            Row(
                _("Open aan het eind van de periode"),
                [
                    Cell.count(sum(o["current"] for o in open_now)),
                    Cell.count(sum(o["previous"] for o in open_now)),
                ],
            ),
        ],
    )
    return Section(
        "instroom",
        _("Instroom en uitstroom"),
        _(
            "Hoeveel inwoners zich meldden en via wie, hoeveel casussen werden afgesloten en "
            "met welke uitkomst, en hoe vaak de hulp werd op- of afgeschaald."
        ),
        [flow, sources, outcomes, _scaling_table(scope, period)],
    )


def _scaling_table(scope: Scope, period: Period) -> Table:
    changes = ScalingChange.objects.filter(
        case__team_id__in=scope.team_ids, from_level__isnull=False
    )
    up, down = Q(to_level__gt=F("from_level")), Q(to_level__lt=F("from_level"))
    rows = changes.values("to_level").annotate(
        up_current=Count("pk", filter=up & _in(period, "changed_on")),
        down_current=Count("pk", filter=down & _in(period, "changed_on")),
        up_previous=Count("pk", filter=up & _in(period.previous, "changed_on")),
        down_previous=Count("pk", filter=down & _in(period.previous, "changed_on")),
    )
    by_level = {row["to_level"]: row for row in rows}
    names = ("up_current", "down_current", "up_previous", "down_previous")
    table_rows = [
        Row(
            str(label),
            [Cell.count(by_level.get(level, {}).get(name, 0)) for name in names],
        )
        for level, label in ScalingLevel.choices
    ]
    totals = [Cell.count(sum(r.get(name, 0) for r in by_level.values())) for name in names]
    return Table(
        "op-en-afschalen",
        _("Op- en afschalen"),
        _("Naar niveau"),
        [
            Column(_("Opgeschaald"), additive=True),
            Column(_("Afgeschaald"), additive=True),
            Column(_("Opgeschaald vorige periode"), additive=True),
            Column(_("Afgeschaald vorige periode"), additive=True),
        ],
        table_rows,
        Row(_("Totaal"), totals),
        _("Per wijziging van het niveau van de hulp, naar het niveau waarheen werd geschaald."),
    )


# --- Trajecten --------------------------------------------------------------------------------


def _split(rows: Iterable[tuple], period: Period, date_index: int) -> tuple[list, list]:
    current, previous = [], []
    for row in rows:
        on = row[date_index]
        if period.start <= on <= period.end:
            current.append(row)
        elif period.previous.start <= on <= period.previous.end:
            previous.append(row)
    return current, previous


def _throughput_row(label: str, current_days: list[int], previous_days: list[int]) -> Row:
    n = Cell.count(len(current_days))
    return Row(
        label,
        [
            n,
            Cell(median(current_days), Kind.DAYS, basis=len(current_days), depends_on=(n,)),
            Cell(percentile_80(current_days), Kind.DAYS, basis=len(current_days), depends_on=(n,)),
            Cell(median(previous_days), Kind.DAYS, basis=len(previous_days)),
        ],
    )


def trajectory_section(scope: Scope, period: Period) -> Section:
    both = Q(closed_on__range=(period.previous.start, period.end))
    closed = [
        *_cases(scope).filter(both).values_list("reported_on", "closed_on"),
        *_tombstones(scope).filter(both).values_list("reported_on", "closed_on"),
    ]
    closed_now, closed_before = _split(closed, period, 1)
    # The first time a case reached the plan phase, per case.
    planned = (
        CaseStatusChange.objects.filter(case__team_id__in=scope.team_ids, to_status=CaseStatus.PLAN)
        .values("case_id", "case__reported_on")
        .annotate(first=Min("changed_on"))
        .filter(first__range=(period.previous.start, period.end))
        .values_list("case__reported_on", "first")
    )
    planned_now, planned_before = _split(planned, period, 1)
    throughput = Table(
        "doorlooptijden",
        _("Doorlooptijden"),
        _("Van melding tot"),
        [
            Column(_("Casussen")),
            Column(_("Mediaan"), Kind.DAYS, unit=_("dagen")),
            Column(_("80e percentiel"), Kind.DAYS, unit=_("dagen")),
            Column(_("Mediaan vorige periode"), Kind.DAYS, unit=_("dagen")),
        ],
        [
            _throughput_row(_("Plan"), _days(planned_now), _days(planned_before)),
            _throughput_row(_("Afsluiting"), _days(closed_now), _days(closed_before)),
        ],
        note=_(
            "In dagen. Melding tot plan: casussen die in de periode voor het eerst in de fase "
            "plan kwamen. Melding tot afsluiting: casussen die in de periode werden afgesloten."
        ),
    )
    return Section(
        "trajecten",
        _("Trajecten"),
        _(
            "Hoe lang een traject duurt, wat het kost aan ingezette voorzieningen en welke "
            "soorten hulp het ondersteuningsplan inzet."
        ),
        [throughput, *_cost_tables(scope, period), _help_kind_table(scope, period)],
    )


COST_NOTE = _(
    "Kosten van de ingezette voorzieningen (aantal eenheden × tarief bij inzet) van de "
    "casussen die in de periode werden afgesloten. Een traject zonder betaalde voorziening "
    "telt mee met € 0. Verwijderde dossiers tellen hier niet mee."
)


def _cost_tables(scope: Scope, period: Period) -> list[Table]:
    """The cost of the trajectories closed in the period: totals, and the average and median
    per outcome. The per-outcome table has no counts: the outcomes table counts those, with
    removed files included, and a second count here could give its hidden cells away."""
    money = DecimalField(max_digits=14, decimal_places=2)
    cost = Coalesce(
        Sum(F("interventions__quantity") * F("interventions__unit_price"), output_field=money),
        Value(Decimal(0)),
        output_field=money,
    )
    rows = (
        _cases(scope)
        .filter(closed_on__range=(period.previous.start, period.end))
        .annotate(cost=cost)
        .values_list("outcome", "closed_on", "cost")
    )
    now, before = _split(rows, period, 1)
    by_outcome: dict[str, list[Decimal]] = defaultdict(list)
    before_by_outcome: dict[str, list[Decimal]] = defaultdict(list)
    for outcome, _on, amount in now:
        by_outcome[outcome].append(amount)
    for outcome, _on, amount in before:
        before_by_outcome[outcome].append(amount)

    def amounts(values: list[Decimal]) -> tuple[Cell, ...]:
        n = Cell.count(len(values))
        return (
            n,
            Cell(sum(values, Decimal(0)), Kind.MONEY, basis=len(values), depends_on=(n,)),
            Cell(_mean(values), Kind.MONEY, basis=len(values), depends_on=(n,)),
            Cell(median(values), Kind.MONEY, basis=len(values), depends_on=(n,)),
        )

    current = amounts([a for _o, _d, a in now])
    previous = amounts([a for _o, _d, a in before])
    totals = Table(
        "kosten-per-traject",
        _("Kosten per traject"),
        _("Afgesloten trajecten"),
        [Column(_("Deze periode")), Column(_("Vorige periode"))],
        [
            Row(label, [current[i], previous[i]])
            for i, label in enumerate(
                (
                    _("Aantal afgesloten trajecten"),
                    _("Totale kosten"),
                    _("Gemiddeld per traject"),
                    _("Mediaan per traject"),
                )
            )
        ],
        note=COST_NOTE,
    )

    def outcome_row(label: str, values: list[Decimal], earlier: list[Decimal]) -> Row:
        return Row(
            label,
            [
                Cell(_mean(values), Kind.MONEY, basis=len(values)),
                Cell(median(values), Kind.MONEY, basis=len(values)),
                Cell(_mean(earlier), Kind.MONEY, basis=len(earlier)),
            ],
        )

    per_outcome = Table(
        "kosten-naar-uitkomst",
        _("Kosten per traject naar uitkomst"),
        _("Uitkomst"),
        [
            Column(_("Gemiddeld"), Kind.MONEY, unit="€"),
            Column(_("Mediaan"), Kind.MONEY, unit="€"),
            Column(_("Gemiddeld vorige periode"), Kind.MONEY, unit="€"),
        ],
        [
            outcome_row(str(label), by_outcome.get(value, []), before_by_outcome.get(value, []))
            for value, label in CaseOutcome.choices
        ],
        note=_("Een bedrag over minder dan 5 trajecten staat als x."),
    )
    return [totals, per_outcome]


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def _active_in(period: Period, prefix: str = "") -> Q:
    """Cases that were open on at least one day of the period."""
    return Q(**{f"{prefix}reported_on__lte": period.end}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": period.start})
    )


def _help_kind_table(scope: Scope, period: Period) -> Table:
    goals = Goal.objects.filter(plan__case__team_id__in=scope.team_ids)
    rows = goals.values("help_kind").annotate(
        current=Count("pk", filter=_active_in(period, "plan__case__")),
        previous=Count("pk", filter=_active_in(period.previous, "plan__case__")),
    )
    counts = {row["help_kind"]: (row["current"], row["previous"]) for row in rows}
    return _category_table(
        key="soort-hulp",
        title=_("Soort hulp in de ondersteuningsplannen"),
        row_header=_("Soort hulp"),
        choices=HelpKind.choices,
        counts=counts,
        note=_(
            "Doelen in de ondersteuningsplannen van casussen die in de periode liepen, naar "
            "de soort hulp die het doel inzet."
        ),
    )


# --- Stressoren -------------------------------------------------------------------------------


def _played_in(period: Period) -> Q:
    """Registered by the end of the period and not removed before it began."""
    return Q(registered_on__lte=period.end) & (
        ~Q(status=StressorStatus.REMOVED) | Q(ended_on__gte=period.start)
    )


def _removed_in(period: Period) -> Q:
    return Q(status=StressorStatus.REMOVED) & _in(period, "ended_on")


def stressor_section(scope: Scope, period: Period) -> Section:
    stressors = Stressor.objects.filter(case__team_id__in=scope.team_ids)
    per_type = (
        stressors.filter(_played_in(period) | _removed_in(period.previous))
        .values("stressor_type__name")
        .annotate(
            played=Count("pk", filter=_played_in(period)),
            new=Count("pk", filter=_in(period, "registered_on")),
            removed=Count("pk", filter=_removed_in(period)),
            removed_before=Count("pk", filter=_removed_in(period.previous)),
        )
    )
    removal_days: dict[str, list[int]] = defaultdict(list)
    for name, registered_on, ended_on in stressors.filter(_removed_in(period)).values_list(
        "stressor_type__name", "registered_on", "ended_on"
    ):
        removal_days[name].append((ended_on - registered_on).days)

    def row(label: str, played: int, new: int, removed: int, before: int, days: list) -> Row:
        played_cell, removed_cell = Cell.count(played), Cell.count(removed)
        return Row(
            label,
            [
                played_cell,
                Cell.count(new),
                removed_cell,
                Cell.share(removed_cell, played_cell),
                Cell(median(days), Kind.DAYS, basis=len(days), depends_on=(removed_cell,)),
                Cell.count(before),
            ],
        )

    counts = list(per_type)
    rows = [
        row(
            c["stressor_type__name"],
            c["played"],
            c["new"],
            c["removed"],
            c["removed_before"],
            removal_days.get(c["stressor_type__name"], []),
        )
        for c in counts
    ]
    total = row(
        _("Alle stressoren"),
        *(sum(c[k] for c in counts) for k in ("played", "new", "removed", "removed_before")),
        [d for days in removal_days.values() for d in days],
    )
    table = Table(
        "stressoren",
        _("Stressoren naar soort"),
        _("Stressor"),
        [
            Column(_("Speelden"), additive=True),
            Column(_("Nieuw"), additive=True),
            Column(_("Weggenomen"), additive=True),
            Column(_("Aandeel weggenomen"), Kind.PERCENT, unit="%"),
            Column(_("Mediaan dagen tot wegnemen"), Kind.DAYS, unit=_("dagen")),
            Column(_("Weggenomen vorige periode"), additive=True),
        ],
        rows,
        total,
        _(
            "Speelden: gesignaleerd vóór het eind van de periode en niet vóór het begin "
            "weggenomen. Nieuw: gesignaleerd in de periode. Aandeel weggenomen: weggenomen in "
            "de periode, van wat er speelde. Meest voorkomende soorten eerst."
        ),
    )
    return Section(
        "stressoren",
        _("Stressoren"),
        _(
            "Welke stressoren het vaakst spelen, welk deel is weggenomen en hoe lang het "
            "wegnemen duurt."
        ),
        [table],
    )


# --- Stabiliteit ------------------------------------------------------------------------------

LEG_ROWS = [
    (Leg.LIVING_ENVIRONMENT.label, LEG_FIELDS[Leg.LIVING_ENVIRONMENT.value]),
    (Leg.PARTICIPATION.label, LEG_FIELDS[Leg.PARTICIPATION.value]),
    (Leg.CONTINUITY.label, LEG_FIELDS[Leg.CONTINUITY.value]),
]


def _first_and_latest(scope: Scope, period: Period) -> list[tuple[tuple, tuple]]:
    """Per resident in a case that ran in the period and was assessed at least twice by its
    end: the first and the latest assessment (leg scores and overall)."""
    fields = [f for _label, f in LEG_ROWS] + ["overall"]
    rows = (
        StabilityAssessment.objects.filter(
            case__team_id__in=scope.team_ids, assessed_on__lte=period.end
        )
        .filter(_active_in(period, "case__"))
        .order_by("case_id", "resident_id", "assessed_on", "pk")
        .values_list("case_id", "resident_id", *fields)
    )
    series: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for case_id, resident_id, *scores in rows:
        series[(case_id, resident_id)].append(tuple(scores))
    return [(s[0], s[-1]) for s in series.values() if len(s) >= 2]


def _progress_counts(pairs: list[tuple[tuple, tuple]]) -> tuple[int, int, int]:
    improved = same = worse = 0
    for first, latest in pairs:
        if first[-1] is None or latest[-1] is None:
            continue
        if latest[-1] > first[-1]:
            improved += 1
        elif latest[-1] < first[-1]:
            worse += 1
        else:
            same += 1
    return improved, same, worse


def stability_section(scope: Scope, period: Period) -> Section:
    pairs = _first_and_latest(scope, period)
    leg_rows = []
    for index, (label, _field) in enumerate([*LEG_ROWS, (_("Stabiliteit (zwakste poot)"), "")]):
        scored = [
            (first[index], latest[index])
            for first, latest in pairs
            if first[index] is not None and latest[index] is not None
        ]
        n = Cell.count(len(scored))
        first_avg = Cell(
            _mean_of(f for f, _l in scored), Kind.SCORE, basis=len(scored), depends_on=(n,)
        )
        latest_avg = Cell(
            _mean_of(last for _f, last in scored), Kind.SCORE, basis=len(scored), depends_on=(n,)
        )
        leg_rows.append(
            Row(str(label), [n, first_avg, latest_avg, Cell.change(latest_avg, first_avg)])
        )
    legs = Table(
        "stabiliteit-poten",
        _("Gemiddelde score per poot: eerste en laatste meting"),
        _("Poot"),
        [
            Column(_("Inwoners")),
            Column(_("Eerste meting"), Kind.SCORE),
            Column(_("Laatste meting"), Kind.SCORE),
            Column(_("Verschil"), Kind.SCORE),
        ],
        leg_rows,
        note=_(
            "Score 1 (acuut instabiel) tot 5 (stabiel). Inwoners in casussen die in de periode "
            "liepen, met minstens twee metingen tot het eind van de periode; de eerste en de "
            "laatste daarvan. Inwoners met één meting tellen niet mee."
        ),
    )
    now = _progress_counts(pairs)
    before = _progress_counts(_first_and_latest(scope, period.previous))
    now_total, before_total = Cell.count(sum(now)), Cell.count(sum(before))
    progress_rows = []
    for label, current, previous in zip(
        (_("Verbeterd"), _("Gelijk gebleven"), _("Verslechterd")), now, before, strict=True
    ):
        current_cell, previous_cell = Cell.count(current), Cell.count(previous)
        progress_rows.append(
            Row(
                label,
                [
                    current_cell,
                    Cell.share(current_cell, now_total),
                    previous_cell,
                    Cell.share(previous_cell, before_total),
                ],
            )
        )
    progress = Table(
        "stabiliteit-zwakste-poot",
        _("Verloop van de zwakste poot"),
        _("Zwakste poot"),
        [
            Column(_("Inwoners"), additive=True),
            Column(_("Aandeel"), Kind.PERCENT, unit="%"),
            Column(_("Inwoners vorige periode"), additive=True),
            Column(_("Aandeel vorige periode"), Kind.PERCENT, unit="%"),
        ],
        progress_rows,
        Row(
            _("Inwoners met twee of meer metingen"),
            [
                now_total,
                Cell.share(now_total, now_total),
                before_total,
                Cell.share(before_total, before_total),
            ],
        ),
        _("De zwakste poot bepaalt de stabiliteit: de kruk is zo stabiel als zijn zwakste poot."),
    )
    return Section(
        "stabiliteit",
        _("Stabiliteit"),
        _(
            "Hoe stabiel het leven van inwoners is op de drie poten van het stabiliteitsmodel, "
            "bij de eerste en bij de laatste meting."
        ),
        [legs, progress],
    )


def _mean_of(values: Iterable[int]) -> Decimal | None:
    values = list(values)
    return Decimal(sum(values)) / len(values) if values else None


# --- Doorbraaktafel ---------------------------------------------------------------------------


def doorbraak_section(scope: Scope, period: Period) -> Section:
    previous = period.previous
    meetings = Meeting.objects.filter(team_id__in=scope.team_ids, status=MeetingStatus.HELD)
    held = meetings.aggregate(
        current=Count("pk", filter=_in(period, "date")),
        previous=Count("pk", filter=_in(previous, "date")),
    )
    discussed = AgendaItem.objects.filter(
        meeting__team_id__in=scope.team_ids, status=ItemStatus.DISCUSSED
    ).aggregate(
        current=Count("case", distinct=True, filter=_in(period, "meeting__date")),
        previous=Count("case", distinct=True, filter=_in(previous, "meeting__date")),
    )
    breakthroughs = Breakthrough.objects.filter(item__meeting__team_id__in=scope.team_ids)
    both_costs = Q(cost_current_path__isnull=False, cost_solution__isnull=False)
    sums = {}
    for name, p in (("current", period), ("previous", previous)):
        when = _in(p, "item__meeting__date")
        sums[name] = breakthroughs.aggregate(
            n=Count("pk", filter=when),
            structural=Count("pk", filter=when & Q(is_structural=True)),
            costed=Count("pk", filter=when & both_costs),
            path=Sum("cost_current_path", filter=when & both_costs),
            solution=Sum("cost_solution", filter=when & both_costs),
        )
    actions = Action.objects.filter(item__meeting__team_id__in=scope.team_ids)

    def open_at(p: Period) -> Q:
        return Q(item__meeting__date__lte=p.end) & (Q(done_on__isnull=True) | Q(done_on__gt=p.end))

    action_counts = actions.aggregate(
        open_current=Count("pk", filter=open_at(period)),
        overdue_current=Count("pk", filter=open_at(period) & Q(due_date__lt=period.end)),
        open_previous=Count("pk", filter=open_at(previous)),
        overdue_previous=Count("pk", filter=open_at(previous) & Q(due_date__lt=previous.end)),
    )
    table = Table(
        "doorbraaktafel",
        _("Doorbraaktafel"),
        _("Onderdeel"),
        [Column(_("Deze periode")), Column(_("Vorige periode"))],
        [
            Row(
                _("Doorbraaktafels gehouden"),
                [Cell.tally(held["current"]), Cell.tally(held["previous"])],
            ),
            Row(
                _("Casussen besproken"),
                [Cell.count(discussed["current"]), Cell.count(discussed["previous"])],
            ),
            Row(
                _("Doorbraken"),
                [Cell.count(sums["current"]["n"]), Cell.count(sums["previous"]["n"])],
            ),
            Row(
                _("waarvan structureel (weeffout)"),
                [
                    Cell.count(sums["current"]["structural"]),
                    Cell.count(sums["previous"]["structural"]),
                ],
            ),
            Row(
                _("Acties open aan het eind van de periode"),
                [
                    Cell.count(action_counts["open_current"]),
                    Cell.count(action_counts["open_previous"]),
                ],
            ),
            Row(
                _("waarvan over tijd"),
                [
                    Cell.count(action_counts["overdue_current"]),
                    Cell.count(action_counts["overdue_previous"]),
                ],
            ),
        ],
    )

    def money(name: str, key: str) -> Cell:
        value = sums[name][key]
        return Cell(value or Decimal(0), Kind.MONEY, basis=sums[name]["costed"])

    path_now, path_before = money("current", "path"), money("previous", "path")
    solution_now, solution_before = money("current", "solution"), money("previous", "solution")

    def saving(path: Cell, solution: Cell) -> Cell:
        return Cell(
            path.value - solution.value, Kind.MONEY, basis=path.basis, depends_on=(path, solution)
        )

    costs = Table(
        "doorbraak-kosten",
        _("Kosten en besparing van de doorbraken"),
        _("Per jaar"),
        [
            Column(_("Deze periode"), Kind.MONEY, unit="€"),
            Column(_("Vorige periode"), Kind.MONEY, unit="€"),
        ],
        [
            Row(
                _("Doorbraken met beide bedragen"),
                [Cell.count(sums["current"]["costed"]), Cell.count(sums["previous"]["costed"])],
            ),
            Row(_("Kosten van de oude route per jaar"), [path_now, path_before]),
            Row(_("Kosten van de oplossingen per jaar"), [solution_now, solution_before]),
            Row(
                _("Besparing per jaar"),
                [saving(path_now, solution_now), saving(path_before, solution_before)],
            ),
        ],
        note=_(
            "Opgeteld over de doorbraken waarbij de tafel beide bedragen vastlegde: wat de "
            "huidige route per jaar kost tegenover wat de oplossing per jaar kost."
        ),
    )
    barriers = _category_table(
        key="barrieres",
        title=_("Doorbraken naar soort barrière"),
        row_header=_("Barrière"),
        choices=BarrierKind.choices,
        counts=_per_period_counts(breakthroughs, "barrier_kind", "item__meeting__date", period),
    )
    return Section(
        "doorbraaktafel",
        _("Doorbraaktafel"),
        _(
            "Wat de doorbraaktafels deden: besproken casussen, doorbraken, wat de oude route "
            "kostte tegenover de oplossing, en de acties die nog openstaan."
        ),
        [table, costs, barriers],
    )


# --- Beleidssignalen --------------------------------------------------------------------------


def signal_section(scope: Scope, period: Period) -> Section:
    released = PolicySignal.objects.filter(team_id__in=scope.team_ids, releasable=True)
    counts = _per_period_counts(released, "domain", "created_on", period)
    signals = list(
        released.filter(_in(period, "created_on"))
        .select_related("team")
        .order_by("domain", "-created_on", "pk")
    )
    groups = [
        SignalGroup(str(label), [s for s in signals if s.domain == value])
        for value, label in PolicyDomain.choices
        if any(s.domain == value for s in signals)
    ]
    per_domain = Table(
        "beleidssignalen-per-domein",
        _("Beleidssignalen per wet of domein"),
        _("Wet of domein"),
        [Column(_("Deze periode"), Kind.TALLY), Column(_("Vorige periode"), Kind.TALLY)],
        [
            Row(
                str(label),
                [
                    Cell.tally(counts.get(value, (0, 0))[0]),
                    Cell.tally(counts.get(value, (0, 0))[1]),
                ],
            )
            for value, label in PolicyDomain.choices
        ],
        Row(
            _("Totaal"),
            [
                Cell.tally(sum(c for c, _p in counts.values())),
                Cell.tally(sum(p for _c, p in counts.values())),
            ],
        ),
        _("Alleen signalen die een teamleider heeft vrijgegeven voor rapportage."),
    )
    texts = Table(
        "beleidssignalen",
        _("Beleidssignalen (weeffouten)"),
        _("Titel"),
        [
            Column(_("Wet of domein"), Kind.TEXT),
            Column(_("Beschrijving"), Kind.TEXT),
            Column(_("Team"), Kind.TEXT),
            Column(_("Gesignaleerd"), Kind.TEXT),
        ],
        [
            Row(
                s.title,
                [
                    Cell.text_cell(str(s.get_domain_display())),
                    Cell.text_cell(s.description),
                    Cell.text_cell(s.team.name),
                    Cell.text_cell(date_format(s.created_on, "F Y")),
                ],
            )
            for s in signals
        ],
    )
    return Section(
        "beleidssignalen",
        _("Beleidssignalen"),
        _(
            "Weeffouten: wetten, regels en afspraken die de oplossing voor inwoners in de weg "
            "stonden, zoals de doorbraaktafels ze vonden. Geschreven voor beleid en door een "
            "teamleider vrijgegeven."
        ),
        [per_domain, texts],
        groups,
    )


# --- Trend ------------------------------------------------------------------------------------


def _monthly(qs, date_field: str, period: Period) -> dict:
    rows = (
        qs.filter(_in(period, date_field))
        .annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {(row["month"].year, row["month"].month): row["n"] for row in rows}


TREND_SERIES = ("new", "closed", "removed", "breakthroughs")


def trend_table(scope: Scope, period: Period) -> Table:
    cases, tombstones = _cases(scope), _tombstones(scope)
    series = {
        "new": _merge_monthly(
            _monthly(cases, "reported_on", period), _monthly(tombstones, "reported_on", period)
        ),
        "closed": _merge_monthly(
            _monthly(cases.exclude(closed_on=None), "closed_on", period),
            _monthly(tombstones.exclude(closed_on=None), "closed_on", period),
        ),
        "removed": _monthly(
            Stressor.objects.filter(
                case__team_id__in=scope.team_ids, status=StressorStatus.REMOVED
            ),
            "ended_on",
            period,
        ),
        "breakthroughs": _monthly(
            Breakthrough.objects.filter(item__meeting__team_id__in=scope.team_ids),
            "item__meeting__date",
            period,
        ),
    }
    rows = [
        Row(
            date_format(month.start, "b Y"),
            [
                Cell.count(series[name].get((month.start.year, month.start.month), 0))
                for name in TREND_SERIES
            ],
        )
        for month in period.months()
    ]
    return Table(
        "trend-per-maand",
        _("Per maand"),
        _("Maand"),
        [
            Column(_("Nieuwe meldingen"), additive=True),
            Column(_("Afgesloten casussen"), additive=True),
            Column(_("Weggenomen stressoren"), additive=True),
            Column(_("Doorbraken"), additive=True),
        ],
        rows,
        Row(
            _("Totaal"),
            [Cell.count(sum(series[name].values())) for name in TREND_SERIES],
        ),
        _("Een maand die maar deels in de periode valt, telt alleen met de dagen in de periode."),
    )


def _merge_monthly(*parts: dict) -> dict:
    merged: dict = defaultdict(int)
    for part in parts:
        for key, n in part.items():
            merged[key] += n
    return merged


# --- The report -------------------------------------------------------------------------------


def key_figures(sections: dict[str, Section]) -> Table:
    """The main figures with the previous period: the same cells as in the sections, so a
    figure suppressed there is suppressed here too."""
    tables = {table.key: table for section in sections.values() for table in section.tables}

    def cells(key: str, row: int | None, current: int, previous: int) -> tuple[Cell, Cell]:
        """Two cells of a row (None: the total row) of the table with this key."""
        table = tables[key]
        source = table.total if row is None else table.rows[row]
        return source.cells[current], source.cells[previous]

    picks = [
        (_("Nieuwe meldingen"), cells("instroom-uitstroom", 0, 0, 1)),
        (_("Afgesloten casussen"), cells("instroom-uitstroom", 1, 0, 1)),
        (_("Open casussen aan het eind van de periode"), cells("instroom-uitstroom", 2, 0, 1)),
        (
            _("Mediane doorlooptijd melding tot afsluiting (dagen)"),
            cells("doorlooptijden", 1, 1, 3),
        ),
        (_("Gemiddelde kosten per afgesloten traject"), cells("kosten-per-traject", 2, 0, 1)),
        (_("Weggenomen stressoren"), cells("stressoren", None, 2, 5)),
        (
            _("Inwoners van wie de zwakste poot verbeterde"),
            cells("stabiliteit-zwakste-poot", 0, 1, 3),
        ),
        (_("Doorbraken aan de doorbraaktafel"), cells("doorbraaktafel", 2, 0, 1)),
        (_("Besparing per jaar door doorbraken"), cells("doorbraak-kosten", 3, 0, 1)),
    ]
    return Table(
        "kerncijfers",
        _("Kerncijfers"),
        _("Kerncijfer"),
        [Column(_("Deze periode")), Column(_("Vorige periode")), Column(_("Verschil"))],
        [Row(label, [now, before, Cell.change(now, before)]) for label, (now, before) in picks],
    )


SECTION_BUILDERS = (
    output_section,
    trajectory_section,
    stressor_section,
    stability_section,
    doorbraak_section,
    signal_section,
)


def build_report(*, scope: Scope, period: Period, on_progress=None) -> Report:
    """All figures of one report, small numbers suppressed. `on_progress(share)` is told
    how far it is (0–1), for a background task that shows progress."""
    sections = {}
    steps = len(SECTION_BUILDERS) + 1
    for done, builder in enumerate(SECTION_BUILDERS, start=1):
        section = builder(scope, period)
        for table in section.tables:
            table.suppress()
        sections[section.key] = section
        if on_progress:
            on_progress(done / steps)
    sections["stressoren"].tables[0].sort_rows(0)
    trend = trend_table(scope, period).suppress()
    summary = key_figures(sections).suppress()
    trend_section = Section(
        "trend",
        _("Trend per maand"),
        _("De belangrijkste cijfers per maand van de periode."),
        [trend],
    )
    if on_progress:
        on_progress(1)
    return Report(
        period=period,
        scope=scope,
        generated_at=timezone.now(),
        key_figures=summary,
        sections=[trend_section, *sections.values()],
        trend=trend,
    )


DEFINITIONS = [
    (
        _("Periode en vergelijking"),
        _(
            "De periode loopt van de begindatum tot en met de einddatum. De vorige periode is "
            "even lang en eindigt de dag vóór de begindatum."
        ),
    ),
    (
        _("Melding, afsluiting en open casussen"),
        _(
            "Een melding telt in de periode van de datum melding, een afsluiting in die van de "
            "datum afsluiting. Open aan het eind: gemeld op of vóór de einddatum en toen nog "
            "niet afgesloten. Dossiers die na hun bewaartermijn zijn verwijderd, tellen mee "
            "via hun geanonimiseerde restant."
        ),
    ),
    (
        _("Doorlooptijd"),
        _(
            "In kalenderdagen. De mediaan is de middelste waarde (bij een even aantal het "
            "gemiddelde van de twee middelste); het 80e percentiel is de kleinste waarde "
            "waar minstens 80% van de casussen niet boven zit."
        ),
    ),
    (
        _("Kosten per traject"),
        _(
            "De som van aantal eenheden × tarief van de voorzieningen die in een casus zijn "
            "ingezet, voor casussen die in de periode zijn afgesloten. Bedragen zijn afgerond "
            "op hele euro's."
        ),
    ),
    (
        _("Stabiliteit"),
        _(
            "De vijf vuistregels worden gescoord van 1 tot 5; elke poot is zo sterk als de "
            "zwakste vuistregel eronder, de stabiliteit zo sterk als de zwakste poot. "
            "Gemiddelden hebben één decimaal."
        ),
    ),
    (
        _("Doorbraaktafel"),
        _(
            "Een doorbraak telt in de periode van de datum van de doorbraaktafel. Een actie is "
            "open aan het eind van de periode als ze toen nog niet gedaan was, en over tijd als "
            "haar uiterste datum toen al voorbij was."
        ),
    ),
    (
        _("Kleine aantallen"),
        _(
            "Om inwoners onherkenbaar te houden staat elk aantal personen of casussen onder de "
            "5 als <5, ook nul. Een cijfer dat berekend is uit minder dan 5 personen of "
            "casussen (mediaan, gemiddelde, aandeel, bedrag) staat als x. Zou een verborgen "
            "aantal terug te rekenen zijn uit een totaal of een ander cijfer, dan is ook een "
            "tweede cijfer verborgen, met een x: dat kan ook 5 of meer zijn. Aantallen "
            "doorbraaktafels en beleidssignalen gaan niet over personen en staan er altijd."
        ),
    ),
    (
        _("Geen persoonsgegevens"),
        _(
            "Dit rapport bevat geen namen, BSN's, adressen, geboortedata of vrije tekst uit "
            "dossiers. De enige tekst zijn beleidssignalen, die voor beleid zijn geschreven en "
            "door een teamleider zijn vrijgegeven."
        ),
    ),
]
